/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.mask;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MaskProblemTest {

    static double[] gaussian(int n, double scale, long seed) {
        Random rng = new Random(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = scale * rng.nextGaussian();
        }
        return v;
    }

    static MaskProblem randomProblem(int n) {
        return MaskProblem.builder(n)
            .objective("mgu", gaussian(n, 0.01, 1), 0.08, Distance.IDENTITY, 1.0)
            .objective("gap", gaussian(n, 0.005, 2), 0.02, Distance.ABSOLUTE, 0.7)
            .objective("impact", gaussian(n, 0.01, 5), 0.8, Distance.COMPLEMENT, 0.3)
            .accuracy(shift(gaussian(n, 0.01, 3), 0.004), 2.0).accuracyReference(3.5).accuracySlack(0.001)
            .sizePenalty(0.3).binaryPenalty(0.9).build();
    }

    @Test
    void gradientMatchesCentralDifferences() {
        int n = 25;
        MaskProblem p = randomProblem(n);
        for (long seed = 10; seed < 15; seed++) {
            double[] w = gaussian(n, 1.5, seed);
            double[] g = new double[n];
            double j = p.valueAndGradient(w, g);
            assertEquals(j, p.objective(sigmoid(w)), 1e-14);
            double h = 1e-6;
            for (int i = 0; i < n; i++) {
                double[] wp = w.clone();
                double[] wm = w.clone();
                wp[i] += h;
                wm[i] -= h;
                double fd = (p.valueAndGradient(wp, null) - p.valueAndGradient(wm, null)) / (2 * h);
                assertEquals(fd, g[i], 1e-7 * Math.max(1, Math.abs(fd)), "seed " + seed + " sample " + i);
            }
        }
        // The random points must actually exercise the hinge and both signs of the gap, or the check is weaker.
        assertTrue(p.predictedAccuracyChange(sigmoid(gaussian(n, 1.5, 10))) > p.accuracySlack());
    }

    static double[] shift(double[] v, double c) {
        for (int i = 0; i < v.length; i++) {
            v[i] += c;
        }
        return v;
    }

    static double[] sigmoid(double[] w) {
        double[] m = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            m[i] = 1 / (1 + Math.exp(-w[i]));
        }
        return m;
    }

    @Test
    void termsMatchTheirDefinition() {
        double[] a = {-0.02, 0.01, -0.05, 0.0};
        double[] b = {0.1, -0.3, 0.2, 0.05};
        MaskProblem p = MaskProblem.builder(4).objective("gap", a, -0.04, Distance.ABSOLUTE, 2.0)
            .accuracy(b, 3.0).sizePenalty(0.5).binaryPenalty(0.25).build();
        double[] m = {0.9, 0.2, 0.5, 0.1};
        double x = -0.04 + 0.9 * -0.02 + 0.2 * 0.01 + 0.5 * -0.05;
        double s = 0.9 * 0.1 + 0.2 * -0.3 + 0.5 * 0.2 + 0.1 * 0.05;
        double expected = 2.0 * Math.abs(x) / 0.04 + 3.0 * Math.max(0, s) + 0.5 * 1.7 / 4
                          + 0.25 * (0.9 * 0.1 + 0.2 * 0.8 + 0.25 + 0.1 * 0.9) / 4;
        assertEquals(expected, p.objective(m), 1e-12);
        assertEquals(x, p.predictedMetrics(m)[0], 1e-15);
        // Hard selections: indicator arithmetic.
        assertEquals(-0.04 - 0.02 - 0.05, p.predictedMetrics(new int[]{2, 0})[0], 1e-15);
    }

    @Test
    void signedGapOvershootIsPenalised() {
        // Gap 0.1; removing sample 0 brings it to 0, removing 0 and 1 overshoots to -0.2 (worse than before).
        MaskProblem p = MaskProblem.builder(3).objective("gap", new double[]{-0.1, -0.2, 0.05}, 0.1, Distance.ABSOLUTE, 1.0).build();
        assertEquals(1.0, p.objective(new int[0]), 1e-12);
        assertEquals(0.0, p.objective(new int[]{0}), 1e-12);
        assertEquals(2.0, p.objective(new int[]{0, 1}), 1e-12);
        assertTrue(p.objective(new int[]{0, 1}) > p.objective(new int[0]));
        // The same effects scored as non-negative unfairness would reward the overshoot.
        MaskProblem q = MaskProblem.builder(3).objective("u", new double[]{-0.1, -0.2, 0.05}, 0.1, Distance.IDENTITY, 1.0).build();
        assertTrue(q.objective(new int[]{0, 1}) < q.objective(new int[]{0}));
    }

    @Test
    void normalisationMakesScalesComparable() {
        double[] a = {-0.01, 0.02, -0.03};
        double[] a10 = {-0.1, 0.2, -0.3};
        MaskProblem small = MaskProblem.builder(3).objective("x", a, 0.05, Distance.IDENTITY, 1.0).build();
        MaskProblem large = MaskProblem.builder(3).objective("x", a10, 0.5, Distance.IDENTITY, 1.0).build();
        double[] m = {0.3, 0.6, 0.9};
        assertEquals(small.objective(m), large.objective(m), 1e-12);
        assertEquals(1.0, small.objective(new double[3]), 1e-12);
    }

    @Test
    void accuracyHingeOnlyBindsAboveSlack() {
        double[] a = {-0.1, -0.1};
        double[] b = {0.01, 0.03};
        MaskProblem p = MaskProblem.builder(2).objective("u", a, 1.0, Distance.IDENTITY, 1.0).accuracy(b, 100).accuracySlack(0.02).build();
        assertEquals(0.9, p.objective(new int[]{0}), 1e-12);
        assertEquals(0.8 + 100 * 0.02, p.objective(new int[]{0, 1}), 1e-12);
        double[] g = new double[2];
        p.valueAndGradient(new double[]{-20, -20}, g);
        // Far below the slack the hinge contributes nothing: gradient is the fairness term times m(1-m).
        double mm = 1 / (1 + Math.exp(20));
        assertEquals(-0.1 * mm * (1 - mm), g[0], 1e-15);
    }

    @Test
    void fairnessScoresFollowTheSideOfTheGap() {
        double[] a = {0.05, -0.05};
        MaskProblem neg = MaskProblem.builder(2).objective("gap", a, -0.1, Distance.ABSOLUTE, 1.0).build();
        // A gap of -0.1 shrinks when the metric rises: sample 0 helps.
        assertTrue(neg.fairnessScores()[0] < 0 && neg.fairnessScores()[1] > 0);
        MaskProblem pos = MaskProblem.builder(2).objective("gap", a, 0.1, Distance.ABSOLUTE, 1.0).build();
        assertTrue(pos.fairnessScores()[0] > 0 && pos.fairnessScores()[1] < 0);
    }

    @Test
    void rejectsBadInput() {
        double[] a = {0.1, 0.2};
        assertThrows(IllegalArgumentException.class, () -> MaskProblem.builder(0));
        assertThrows(IllegalArgumentException.class, () -> MaskProblem.builder(3).objective("u", a, 1, Distance.IDENTITY, 1));
        IllegalArgumentException fair = assertThrows(IllegalArgumentException.class,
            () -> MaskProblem.builder(2).objective("gap", a, 0.0, Distance.ABSOLUTE, 1));
        assertTrue(fair.getMessage().contains("gap"), fair.getMessage());
        assertTrue(MaskProblem.builder(2).objective("gap", a, 0.0, Distance.ABSOLUTE, 1, 0.05).build().objective(new double[2]) == 0);
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
            () -> MaskProblem.builder(2).objective("u", new double[]{0, Double.NaN}, 1, Distance.IDENTITY, 1));
        assertTrue(nan.getMessage().contains("sample 1"), nan.getMessage());
        assertThrows(IllegalArgumentException.class,
            () -> MaskProblem.builder(2).objective("u", a, 1, Distance.IDENTITY, 1).objective("u", a, 1, Distance.IDENTITY, 1));
        assertThrows(IllegalArgumentException.class, () -> MaskProblem.builder(2).objective("u", a, 1, Distance.IDENTITY, -1));
        assertThrows(IllegalArgumentException.class, () -> MaskProblem.builder(2).sizePenalty(-1));
        assertThrows(IllegalStateException.class, () -> MaskProblem.builder(2).build());
        MaskProblem p = MaskProblem.builder(2).objective("u", a, 1, Distance.IDENTITY, 1).build();
        assertThrows(IllegalArgumentException.class, () -> p.objective(new double[3]));
        assertThrows(IllegalArgumentException.class, () -> p.objective(new int[]{2}));
        assertThrows(IllegalArgumentException.class, () -> p.objective(new int[]{1, 1}));
    }
}
