/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.surrogate;

import dev.fudlr.fairness.data.AuditData;
import dev.fudlr.fairness.data.ScoreMatrix;
import dev.fudlr.fairness.metric.FairnessMetric;
import dev.fudlr.fairness.metric.popularity.MeanGroupUnfairness;
import dev.fudlr.fairness.testing.TestData;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SoftTopKTest {

    private static final double EPS = 1e-12;

    @Test
    void handComputedThresholdMembership() {
        // Scores 4, 3, 2, 1 at K = 2: threshold 2.5; m = sigmoid((s - 2.5) / 0.5) = sigmoid(3), sigmoid(1), sigmoid(-1), sigmoid(-3).
        AuditData audit = AuditData.builder(1, 4).build();
        SoftTopK soft = SoftTopK.compute(ScoreMatrix.of(new double[][]{{4, 3, 2, 1}}), audit, 2, SurrogateSettings.threshold(0.5));
        double[] x = {3, 1, -1, -3};
        double mass = 0;
        for (int i = 0; i < 4; i++) {
            assertEquals(1 / (1 + Math.exp(-x[i])), soft.membership(0, i), EPS);
            mass += soft.membership(0, i);
        }
        assertEquals(2.0, mass, EPS);
        assertEquals(mass, soft.mass(0), EPS);
    }

    @Test
    void handComputedSoftmaxMembership() {
        AuditData audit = AuditData.builder(1, 3).build();
        SoftTopK soft = SoftTopK.compute(ScoreMatrix.of(new double[][]{{0, Math.log(2), Math.log(5)}}), audit, 2, SurrogateSettings.softmax(1.0));
        // p = (1, 2, 5) / 8; m = 1 - (1 - p)^2.
        double[] p = {1 / 8.0, 2 / 8.0, 5 / 8.0};
        for (int i = 0; i < 3; i++) {
            assertEquals(1 - (1 - p[i]) * (1 - p[i]), soft.membership(0, i), 1e-12);
        }
    }

    @Test
    void tiesAtTheBoundaryUseTheExactTieBreak() {
        AuditData audit = AuditData.builder(1, 5).build();
        SoftTopK soft = SoftTopK.compute(ScoreMatrix.of(new double[][]{{1, 2, 1, 1, 0}}), audit, 2, SurrogateSettings.threshold(0.5));
        // Exact top-2: item 1, then item 0 (lowest index among the tied 1s).
        assertEquals(1.0, soft.membership(0, 0), EPS);
        assertEquals(0.0, soft.membership(0, 2), EPS);
        assertEquals(0.0, soft.membership(0, 3), EPS);
        assertTrue(soft.membership(0, 1) > 0.8);
        double[] row = {1, 2, 1, 1, 0};
        // Smooth rank of item 2: item 1 above (~1), item 0 tied with a lower index (1), item 3 tied higher index (0), item 4 below (~0).
        assertEquals(3.0, soft.smoothRank(0, 2, row), 0.14);
        assertEquals(3.0, SoftTopK.compute(ScoreMatrix.of(new double[][]{row}), audit, 2, SurrogateSettings.threshold(1e-6)).smoothRank(0, 2, row), 1e-9);
    }

    @Test
    void excludedItemsAreNeverMembersAndGetNoGradient() {
        AuditData audit = AuditData.builder(1, 4).history(new int[][]{{0}}).excludeHistory().build();
        ScoreMatrix s = ScoreMatrix.of(new double[][]{{9, 1, 2, 3}});
        SoftTopK soft = SoftTopK.compute(s, audit, 2, SurrogateSettings.DEFAULT);
        assertEquals(0.0, soft.membership(0, 0), EPS);
        double[] grad = new double[4];
        soft.backwardRow(0, new double[]{5, 1, -1, 2}, grad);
        assertEquals(0.0, grad[0], EPS);
    }

    @Test
    void thresholdGradientMakesSurrogatesShiftInvariant() {
        Random rng = new Random(5);
        AuditData audit = TestData.randomAudit(rng, 6, 10, false);
        ScoreMatrix scores = TestData.randomScores(rng, 6, 10);
        FairnessMetric mgu = new MeanGroupUnfairness(3, "pop");
        SurrogateResult with = mgu.surrogate(SurrogateSettings.DEFAULT).evaluate(scores, audit);
        SurrogateResult without = mgu.surrogate(new SurrogateSettings(SmoothingMode.THRESHOLD, 0.5, false)).evaluate(scores, audit);
        assertEquals(with.value(), without.value(), EPS);
        for (int u = 0; u < 6; u++) {
            double sumWith = 0;
            double sumWithout = 0;
            int differing = 0;
            for (int i = 0; i < 10; i++) {
                sumWith += with.gradient(u, i);
                sumWithout += without.gradient(u, i);
                if (Math.abs(with.gradient(u, i) - without.gradient(u, i)) > 1e-15) {
                    differing++;
                }
            }
            // Raising all of a user's scores together changes nothing, and the gradient says so.
            assertEquals(0.0, sumWith, 1e-12);
            // Without the threshold's derivative only the K-th and (K+1)-th items differ.
            assertTrue(differing <= 2, "user " + u + " differs at " + differing + " items");
        }
        // And the softmax surrogate is shift invariant by construction.
        SurrogateResult soft = mgu.surrogate(SurrogateSettings.softmax(0.5)).evaluate(scores, audit);
        for (int u = 0; u < 6; u++) {
            double sum = 0;
            for (int i = 0; i < 10; i++) {
                sum += soft.gradient(u, i);
            }
            assertEquals(0.0, sum, 1e-12);
        }
    }

    @Test
    void gradientResultAccessors() {
        Random rng = new Random(6);
        AuditData audit = TestData.randomAudit(rng, 4, 10, false);
        ScoreMatrix scores = TestData.randomScores(rng, 4, 10);
        SurrogateResult r = new MeanGroupUnfairness(3, "pop").surrogate(SurrogateSettings.DEFAULT).evaluate(scores, audit);
        double[] d = new double[40];
        d[7] = 1.0;
        assertEquals(r.gradient(0, 7), r.directionalDerivative(d), EPS);
        assertEquals((float) r.gradient(0, 7), r.gradientAsFloats()[7], 0f);
        double numeric = GradientCheck.numericDirectional(new MeanGroupUnfairness(3, "pop").surrogate(SurrogateSettings.DEFAULT), scores, audit, d, 1e-6);
        assertEquals(r.gradient(0, 7), numeric, 1e-7);
    }
}
