/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.mask;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MaskOptimizerTest {

    static final MaskOptimizer ADAM = new MaskOptimizer(400, 0.05, 0.0);

    /** Samples 0,1 reduce unfairness for free; 2,3 reduce it but cost accuracy; 4,5 increase it. */
    static MaskProblem known(double beta) {
        double[] a = {-0.2, -0.2, -0.2, -0.2, 0.1, 0.1};
        double[] b = {0.0, 0.0, 1.0, 1.0, 0.0, 0.0};
        return MaskProblem.builder(6).objective("u", a, 1.0, Distance.IDENTITY, 1.0).accuracy(b, beta)
                          .sizePenalty(0.01).binaryPenalty(0.1).build();
    }

    @Test
    void selectsFairnessImprovingSamplesAndSparesAccuracy() {
        MaskResult strict = ADAM.optimize(known(10.0));
        assertArrayEquals(new int[]{0, 1}, strict.select(0.5, 1.0).sortedIndices());
        MaskResult free = ADAM.optimize(known(0.0));
        assertArrayEquals(new int[]{0, 1, 2, 3}, free.select(0.5, 1.0).sortedIndices());
        // Harmful samples end near 0, chosen ones near 1 (the binary term and the plateau of the sigmoid).
        double[] m = strict.mask();
        assertTrue(m[0] > 0.9 && m[1] > 0.9 && m[4] < 0.1 && m[5] < 0.1, Arrays.toString(m));
        assertTrue(strict.finalObjective() < strict.trace()[0]);
        assertEquals(ADAM.steps() + 1, strict.trace().length);
    }

    @Test
    void signedGapIsNotOvershot() {
        // Gap 0.3; each sample closes 0.1 (slightly different so the optimum is unique): removing three is ideal,
        // removing all ten would flip the bias to -0.75.
        int n = 10;
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = -0.1 - 0.001 * i;
        }
        MaskProblem p = MaskProblem.builder(n).objective("gap", a, 0.3, Distance.ABSOLUTE, 1.0).sizePenalty(0.01).binaryPenalty(2.0).build();
        MaskResult r = new MaskOptimizer(600, 0.05, -1.0, 0.3, 7L, 0.9, 0.999, 1e-8).optimize(p);
        Selection s = r.select(0.5, 1.0);
        double predicted = p.predictedMetrics(s.indices())[0];
        assertEquals(3, s.size(), Arrays.toString(r.mask()));
        assertTrue(Math.abs(predicted) < 0.02, "predicted gap " + predicted);
        // The identity distance would instead select everything.
        MaskProblem wrong = MaskProblem.builder(n).objective("gap", a, 0.3, Distance.IDENTITY, 1.0).sizePenalty(0.01).binaryPenalty(2.0).build();
        assertEquals(n, new MaskOptimizer(600, 0.05, -1.0, 0.3, 7L, 0.9, 0.999, 1e-8).optimize(wrong).select(0.5, 1.0).size());
    }

    @Test
    void deterministic() {
        MaskProblem p = MaskProblemTest.randomProblem(40);
        MaskOptimizer o = new MaskOptimizer(100, 0.1, 0.0, 0.5, 3L, 0.9, 0.999, 1e-8);
        MaskResult r1 = o.optimize(p);
        MaskResult r2 = o.optimize(p);
        assertArrayEquals(r1.trace(), r2.trace());
        assertArrayEquals(r1.mask(), r2.mask());
        MaskResult r3 = new MaskOptimizer(100, 0.1, 0.0, 0.5, 4L, 0.9, 0.999, 1e-8).optimize(p);
        assertFalse(Arrays.equals(r1.mask(), r3.mask()));
    }

    @Test
    void severalObjectivesUseTheSamePath() {
        // Samples 0-2 reduce popularity unfairness, 3-5 close a signed gender gap, 6-7 worsen both.
        double[] pop = {-0.02, -0.02, -0.02, 0, 0, 0, 0.03, 0.03};
        double[] gap = {0, 0, 0, -0.004, -0.004, -0.004, 0.005, 0.005};
        MaskProblem onlyPop = MaskProblem.builder(8).objective("mgu", pop, 0.1, Distance.IDENTITY, 1.0)
                                         .sizePenalty(0.01).binaryPenalty(0.1).build();
        MaskProblem both = MaskProblem.builder(8).objective("mgu", pop, 0.1, Distance.IDENTITY, 1.0)
                                      .objective("gender", gap, 0.02, Distance.ABSOLUTE, 1.0)
                                      .sizePenalty(0.01).binaryPenalty(0.1).build();
        assertArrayEquals(new int[]{0, 1, 2}, ADAM.optimize(onlyPop).select(0.5, 1).sortedIndices());
        assertArrayEquals(new int[]{0, 1, 2, 3, 4, 5}, ADAM.optimize(both).select(0.5, 1).sortedIndices());
        // A zero-weight objective changes nothing.
        MaskProblem zero = MaskProblem.builder(8).objective("mgu", pop, 0.1, Distance.IDENTITY, 1.0)
                                      .objective("gender", gap, 0.02, Distance.ABSOLUTE, 0.0)
                                      .sizePenalty(0.01).binaryPenalty(0.1).build();
        assertArrayEquals(ADAM.optimize(onlyPop).mask(), ADAM.optimize(zero).mask(), 1e-12);
    }

    @Test
    void histogramCountsEveryMask() {
        MaskResult r = ADAM.optimize(known(10.0));
        int[] h = r.histogram(10);
        assertEquals(6, Arrays.stream(h).sum());
        assertEquals(2, h[9] + h[8]);
    }

    @Test
    void rejectsBadSettings() {
        assertThrows(IllegalArgumentException.class, () -> new MaskOptimizer(-1, 0.1, 0));
        assertThrows(IllegalArgumentException.class, () -> new MaskOptimizer(1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new MaskOptimizer(1, 0.1, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new MaskOptimizer(1, 0.1, 0, -1, 0, 0.9, 0.999, 1e-8));
        assertThrows(IllegalArgumentException.class, () -> new MaskOptimizer(1, 0.1, 0, 0, 0, 1.0, 0.999, 1e-8));
    }
}
