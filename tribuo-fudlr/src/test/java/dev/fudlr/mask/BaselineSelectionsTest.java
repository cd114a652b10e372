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
import static org.junit.jupiter.api.Assertions.assertTrue;

class BaselineSelectionsTest {

    @Test
    void fairnessTopKIgnoresAccuracy() {
        double[] a = {-0.2, -0.1, -0.3, 0.1, -0.05};
        double[] b = {0, 0, 5.0, 0, 0};
        MaskProblem p = MaskProblem.builder(5).objective("u", a, 1.0, Distance.IDENTITY, 1.0).accuracy(b, 100).build();
        assertArrayEquals(new int[]{2, 0}, BaselineSelections.fairnessTopK(p, 2).indices());
        // The mask, with a binding accuracy term, avoids sample 2 where top-k takes it.
        Selection mask = new MaskOptimizer(300, 0.05, 0.0).optimize(
            MaskProblem.builder(5).objective("u", a, 1.0, Distance.IDENTITY, 1.0).accuracy(b, 100).sizePenalty(0.01).binaryPenalty(0.1).build())
            .select(0.5, 1.0);
        assertFalse(Arrays.stream(mask.indices()).anyMatch(i -> i == 2));
        assertArrayEquals(new int[]{0, 1, 4}, mask.sortedIndices());
        assertEquals(1, BaselineSelections.overlap(BaselineSelections.fairnessTopK(p, 2), mask));
    }

    @Test
    void fairnessTopKCombinesNormalisedObjectives() {
        // Objective y is 10x larger in scale; normalisation makes sample 1 (y) and sample 0 (x) equally good.
        double[] x = {-0.01, 0, -0.004};
        double[] y = {0, -0.1, 0};
        MaskProblem p = MaskProblem.builder(3).objective("x", x, 0.1, Distance.IDENTITY, 1.0)
                                   .objective("y", y, 1.0, Distance.ABSOLUTE, 1.0).build();
        double[] s = p.fairnessScores();
        assertEquals(s[0], s[1], 1e-15);
        assertArrayEquals(new int[]{0, 1, 2}, BaselineSelections.fairnessTopK(p, 3).indices());
    }

    @Test
    void randomIsSeededAndDistinct() {
        Selection r1 = BaselineSelections.random(100, 30, 5);
        Selection r2 = BaselineSelections.random(100, 30, 5);
        assertArrayEquals(r1.indices(), r2.indices());
        assertEquals(30, Arrays.stream(r1.indices()).distinct().count());
        assertTrue(Arrays.stream(r1.indices()).allMatch(i -> i >= 0 && i < 100));
        assertFalse(Arrays.equals(r1.indices(), BaselineSelections.random(100, 30, 6).indices()));
        assertEquals(100, BaselineSelections.random(100, 100, 1).size());
    }
}
