/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.metric;

import dev.fudlr.fairness.data.AuditData;
import dev.fudlr.fairness.data.Recommendations;
import dev.fudlr.fairness.data.ScoreMatrix;
import dev.fudlr.fairness.metric.popularity.MeanGroupUnfairness;
import dev.fudlr.fairness.metric.user.UtilityGap;
import dev.fudlr.fairness.ranking.RankingMetric;
import dev.fudlr.fairness.surrogate.SurrogateResult;
import dev.fudlr.fairness.surrogate.SurrogateSettings;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SurrogateCalibrationTest {

    /**
     * A planted popularity bias: histories are uniform over items, scores strongly favour low item indices
     * (the popular ones), so MGU is large and lowering it means showing less popular items.
     */
    private static Object[] planted(long seed) {
        Random rng = new Random(seed);
        int users = 60;
        int items = 40;
        long[] counts = new long[items];
        for (int i = 0; i < items; i++) {
            counts[i] = 400 / (i + 1);
        }
        int[][] history = new int[users][];
        int[] targets = new int[users];
        String[] gender = new String[users];
        double[] s = new double[users * items];
        for (int u = 0; u < users; u++) {
            history[u] = new int[]{rng.nextInt(items), rng.nextInt(items), rng.nextInt(items)};
            targets[u] = rng.nextInt(items);
            gender[u] = u % 2 == 0 ? "F" : "M";
            for (int i = 0; i < items; i++) {
                s[u * items + i] = 3.0 * (1.0 - i / (double) items) + rng.nextGaussian();
            }
        }
        AuditData audit = AuditData.builder(users, items).targets(targets).history(history).itemCounts(counts).attribute("gender", gender).build();
        return new Object[]{ScoreMatrix.ofFlat(s, users, items), audit};
    }

    @Test
    void coolSurrogatesPointTheRightWay() {
        Object[] p = planted(51);
        ScoreMatrix scores = (ScoreMatrix) p[0];
        AuditData audit = (AuditData) p[1];
        FairnessMetric mgu = new MeanGroupUnfairness(10, "pop");
        List<SurrogateCalibration.Row> rows = SurrogateCalibration.run(mgu, SurrogateSettings.DEFAULT, scores, audit, new double[]{0.05, 0.2, 0.5}, 0.3);
        assertEquals(3, rows.size());
        double exact = rows.get(0).exact();
        assertTrue(exact > 0.05, "planted bias should give a large MGU, got " + exact);
        for (SurrogateCalibration.Row r : rows) {
            assertTrue(r.improves(), r.toString());
            assertEquals(exact, r.exact(), 0.0);
        }
        // Colder is closer to the exact value.
        assertTrue(Math.abs(rows.get(0).surrogate() - exact) < Math.abs(rows.get(2).surrogate() - exact), rows.toString());
        assertEquals(0.5, SurrogateCalibration.largestImproving(rows), 0.0);
        // choose(): a loose tolerance takes the warmest improving temperature, a strict one the closest in value.
        assertEquals(0.5, SurrogateCalibration.choose(rows, 1e9), 0.0);
        assertEquals(0.05, SurrogateCalibration.choose(rows, 0.0), 0.0);
        double tol = rows.get(1).relativeValueError();
        assertTrue(rows.get(2).relativeValueError() > tol, rows.toString());
        assertEquals(0.2, SurrogateCalibration.choose(rows, tol), 0.0);
    }

    @Test
    void chooseRefusesWhenNoTemperatureImproves() {
        List<SurrogateCalibration.Row> rows = List.of(
            new SurrogateCalibration.Row(0.1, 0.10, 0.10, 0.10, 0.12),
            new SurrogateCalibration.Row(0.5, 0.05, 0.10, 0.10, 0.10));
        assertTrue(Double.isNaN(SurrogateCalibration.choose(rows, 1.0)));
        // An improving row far from the exact value is still chosen over nothing.
        List<SurrogateCalibration.Row> far = List.of(
            new SurrogateCalibration.Row(0.1, 0.10, 0.10, 0.10, 0.12),
            new SurrogateCalibration.Row(0.5, 0.01, 0.10, 0.10, 0.09));
        assertEquals(0.5, SurrogateCalibration.choose(far, 0.05), 0.0);
        assertThrows(IllegalArgumentException.class, () -> SurrogateCalibration.choose(far, -1));
    }

    @Test
    void higherIsBetterMetricsAreDescendedOnTheirDistance() {
        // NDCG is higher-is-better: its distance 1 - NDCG must go down along the step.
        Object[] p = planted(52);
        FairnessMetric ndcg = new dev.fudlr.fairness.metric.accuracy.AccuracyMetric(RankingMetric.Type.NDCG, 10);
        List<SurrogateCalibration.Row> rows = SurrogateCalibration.run(ndcg, SurrogateSettings.DEFAULT, (ScoreMatrix) p[0], (AuditData) p[1],
                new double[]{0.2}, 0.5);
        assertTrue(rows.get(0).improves(), rows.toString());
        FairnessMetric gap = new UtilityGap(RankingMetric.Type.NDCG, 10, "gender");
        // A gap can be overshot: a large step swaps which group is ahead and widens it; a small one narrows it.
        List<SurrogateCalibration.Row> small = SurrogateCalibration.run(gap, SurrogateSettings.DEFAULT, (ScoreMatrix) p[0], (AuditData) p[1],
                new double[]{0.2}, 0.05);
        assertTrue(small.get(0).improves(), small.toString());
    }

    @Test
    void largeStepsAreCappedSoAGapIsNotOvershot() {
        Object[] p = planted(53);
        ScoreMatrix scores = (ScoreMatrix) p[0];
        AuditData audit = (AuditData) p[1];
        FairnessMetric gap = new UtilityGap(RankingMetric.Type.NDCG, 10, "gender");
        double before = gap.compute(Recommendations.fromScores(scores, audit, 10)).value();
        assertTrue(before > 0, "the planted data should have a gender gap");
        // An uncapped step of root-mean-square 2 per score moves the target scores far past the point where the groups
        // are equal; the cap (predicted change = half the surrogate's distance) keeps the step on the near side.
        double[] taus = {0.05, 0.2};
        for (SurrogateCalibration.Row r : SurrogateCalibration.run(gap, SurrogateSettings.DEFAULT, scores, audit, taus, 2.0)) {
            assertTrue(r.improves(), r.toString());
            assertTrue(r.distanceAfterStep() >= 0 && r.distanceAfterStep() < before, r.toString());
        }
        // Uncapped, the same step overshoots: reproduce it by hand to show the cap is what makes the difference.
        SurrogateResult sr = gap.surrogate(SurrogateSettings.DEFAULT.withTemperature(0.05)).evaluate(scores, audit);
        double[] g = sr.gradientArray();
        double norm = 0;
        for (double v : g) {
            norm += v * v;
        }
        norm = Math.sqrt(norm);
        double[] s = scores.toFlatArray();
        double scale = 2.0 * Math.sqrt(g.length) / norm;
        for (int i = 0; i < s.length; i++) {
            s[i] -= scale * g[i];
        }
        double uncapped = gap.compute(Recommendations.fromScores(ScoreMatrix.ofFlat(s, scores.rows(), scores.cols()), audit, 10)).value();
        assertTrue(uncapped > before, "uncapped step should overshoot: " + before + " -> " + uncapped);
    }
}
