/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.evaluation;

import dev.fudlr.fairness.data.AuditData;
import dev.fudlr.fairness.data.Recommendations;
import dev.fudlr.fairness.data.TopKLists;
import dev.fudlr.fairness.metric.FairnessMetric;
import dev.fudlr.fairness.registry.MetricRegistry;
import dev.fudlr.fairness.testing.TestData;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BootstrapTest {

    private static final double EPS = 1e-12;
    private static final MetricRegistry REGISTRY = MetricRegistry.standard();

    private static FairnessMetric metric(String name) {
        return REGISTRY.parse(name);
    }

    /** Seeded synthetic recommendations: top-10 of random scores over 60 items. */
    private static Recommendations synthetic(long seed, int users) {
        Random rng = new Random(seed);
        AuditData audit = TestData.randomAudit(rng, users, 60, true);
        return Recommendations.fromScores(TestData.randomScores(rng, users, 60), audit, 10);
    }

    @Test
    void followsTheDocumentedResamplingExactly() {
        // Independent replay of the documented algorithm: n draws of nextInt(n) per resample from one
        // SplittableRandom, the metric on the selected rows, type-7 quantiles of the sorted values.
        Recommendations recs = synthetic(1, 50);
        FairnessMetric ndcg = metric("ndcg@10");
        int b = 40;
        SplittableRandom rng = new SplittableRandom(99);
        double[] values = new double[b];
        for (int i = 0; i < b; i++) {
            int[] rows = new int[50];
            for (int r = 0; r < rows.length; r++) {
                rows[r] = rng.nextInt(50);
            }
            values[i] = ndcg.value(recs.rows(rows));
        }
        Arrays.sort(values);
        Bootstrap.Interval ci = Bootstrap.interval(ndcg, recs, b, 0.9, 99);
        assertArrayEquals(values, ci.samples(), 0.0);
        // 0.05 * 39 = 1.95 and 0.95 * 39 = 37.05.
        assertEquals(values[1] + 0.95 * (values[2] - values[1]), ci.lower(), EPS);
        assertEquals(values[37] + 0.05 * (values[38] - values[37]), ci.upper(), EPS);
        assertEquals(ndcg.value(recs), ci.value(), 0.0);
        double mean = Arrays.stream(values).average().orElseThrow();
        double var = Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum() / (b - 1);
        assertEquals(Math.sqrt(var), ci.standardError(), EPS);
        assertEquals(mean - ci.value(), ci.bias(), EPS);
        assertEquals(b, ci.resamples());
        assertEquals(0.9, ci.level(), 0.0);
    }

    @Test
    void quantilesInterpolateBetweenOrderStatistics() {
        double[] sorted = {1, 2, 3, 4, 5};
        assertEquals(1.0, Bootstrap.Interval.quantile(sorted, 0.0), EPS);
        assertEquals(2.0, Bootstrap.Interval.quantile(sorted, 0.25), EPS);
        assertEquals(1.4, Bootstrap.Interval.quantile(sorted, 0.1), EPS);
        assertEquals(5.0, Bootstrap.Interval.quantile(sorted, 1.0), EPS);
        assertEquals(7.0, Bootstrap.Interval.quantile(new double[]{7}, 0.975), EPS);
    }

    @Test
    void constantPerUserValuesGiveAPointInterval() {
        // Every user of the small case hit at rank 1: every resample has HR = NDCG = 1.
        AuditData audit = AuditData.builder(4, 6).targets(new int[]{0, 0, 1, 0}).attribute("gender", TestData.GENDER).build();
        Recommendations recs = Recommendations.of(TopKLists.of(TestData.LISTS, 2, 6), audit);
        for (String name : List.of("hr@2", "ndcg@2", "ndcg-gap@2:gender")) {
            Bootstrap.Interval ci = Bootstrap.interval(metric(name), recs, 200, 0.95, 3);
            double v = name.startsWith("ndcg-gap") ? 0.0 : 1.0;
            assertEquals(v, ci.value(), 0.0, name);
            assertEquals(v, ci.lower(), 0.0, name);
            assertEquals(v, ci.upper(), 0.0, name);
            assertEquals(0.0, ci.standardError(), 0.0, name);
            assertEquals(0.0, ci.width(), 0.0, name);
        }
    }

    @Test
    void containsTheValueAndNarrowsWithMoreUsers() {
        FairnessMetric hr = metric("hr@10");
        // The signed gap: a range gap near 0 is folded at 0 and does not narrow like 1/sqrt(n) (see docs/metrics.md).
        FairnessMetric gap = metric("ndcg-gap@10:age;agg=signed");
        Recommendations few = synthetic(5, 150);
        Recommendations many = synthetic(6, 1500);
        Map<String, Bootstrap.Interval> small = Bootstrap.intervals(List.of(hr, gap), few, null, 400, 0.95, 11);
        Map<String, Bootstrap.Interval> large = Bootstrap.intervals(List.of(hr, gap), many, null, 400, 0.95, 11);
        for (String name : List.of(hr.name(), gap.name())) {
            assertTrue(small.get(name).contains(small.get(name).value()), small.get(name).toString());
            assertTrue(large.get(name).contains(large.get(name).value()), large.get(name).toString());
            // Ten times the users: about sqrt(10) = 3.2 times narrower.
            double ratio = small.get(name).width() / large.get(name).width();
            assertTrue(ratio > 2.2 && ratio < 4.5, name + ": width ratio " + ratio);
        }
        // HR@10 is a mean of Bernoulli hits: the bootstrap standard error matches sqrt(p (1 - p) / n).
        Bootstrap.Interval h = large.get(hr.name());
        double analytic = Math.sqrt(h.value() * (1 - h.value()) / 1500);
        assertEquals(analytic, h.standardError(), 0.15 * analytic, h.toString());
        // And the 95% interval is about +- 1.96 standard errors.
        assertEquals(2 * 1.96 * analytic, h.width(), 0.2 * 2 * 1.96 * analytic, h.toString());
    }

    @Test
    void identicalPairsGiveExactlyZero() {
        Recommendations recs = synthetic(7, 120);
        for (String name : List.of("ndcg@10", "ndcg-gap@10:gender", "mgu@10", "exposure-parity@10:age", "coverage@10")) {
            Bootstrap.Interval d = Bootstrap.pairedDifference(metric(name), recs, recs, 100, 0.95, 5);
            assertEquals(0.0, d.value(), 0.0, name);
            assertEquals(0.0, d.lower(), 0.0, name);
            assertEquals(0.0, d.upper(), 0.0, name);
            assertEquals(0.0, d.standardError(), 0.0, name);
            assertTrue(d.name().endsWith("(after - before)"), d.name());
        }
        // Equal but separately built recommendations too.
        Recommendations copy = Recommendations.of(recs.lists().rows(identity(120)), recs.audit().rows(identity(120)));
        Bootstrap.Interval d = Bootstrap.pairedDifference(metric("ndcg@10"), recs, copy, 50, 0.95, 5);
        assertEquals(0.0, d.lower(), 0.0);
        assertEquals(0.0, d.upper(), 0.0);
    }

    private static int[] identity(int n) {
        int[] rows = new int[n];
        for (int r = 0; r < n; r++) {
            rows[r] = r;
        }
        return rows;
    }

    @Test
    void pairingSeparatesASmallChangeFromNoise() {
        // After: 3% of the users who missed get their target at rank 1 (the rest of the list shifts down).
        Recommendations before = synthetic(8, 600);
        int[][] lists = new int[600][];
        Random rng = new Random(12);
        int improved = 0;
        for (int u = 0; u < 600; u++) {
            int[] list = before.lists().list(u);
            int target = before.audit().targets("t").relevant(u, 0);
            boolean hit = Arrays.stream(list).anyMatch(i -> i == target);
            if (!hit && rng.nextDouble() < 0.03) {
                int[] moved = new int[list.length];
                moved[0] = target;
                System.arraycopy(list, 0, moved, 1, list.length - 1);
                list = moved;
                improved++;
            }
            lists[u] = list;
        }
        assertTrue(improved > 10, "improved " + improved);
        Recommendations after = Recommendations.of(TopKLists.of(lists, 10, 60), before.audit());
        FairnessMetric hr = metric("hr@10");
        Bootstrap.Interval d = Bootstrap.pairedDifference(hr, before, after, 500, 0.95, 21);
        assertEquals(improved / 600.0, d.value(), EPS);
        assertEquals(hr.value(after) - hr.value(before), d.value(), EPS);
        // Paired: every resampled difference is positive, so the interval excludes 0 ...
        assertTrue(d.lower() > 0, d.toString());
        // ... while the unpaired intervals overlap: the change is within each one's noise.
        Bootstrap.Interval b = Bootstrap.interval(hr, before, 500, 0.95, 21);
        Bootstrap.Interval a = Bootstrap.interval(hr, after, 500, 0.95, 21);
        assertTrue(a.lower() < b.upper(), b + " / " + a);
        assertTrue(d.width() < a.width() / 2, d + " vs " + a);
    }

    @Test
    void sameSeedSameIntervalsOtherSeedOtherSamples() {
        Recommendations recs = synthetic(9, 80);
        FairnessMetric gap = metric("ndcg-gap@10:gender");
        Bootstrap.Interval x = Bootstrap.interval(gap, recs, 100, 0.9, 123);
        Bootstrap.Interval y = Bootstrap.interval(gap, recs, 100, 0.9, 123);
        assertArrayEquals(x.samples(), y.samples(), 0.0);
        assertEquals(x.lower(), y.lower(), 0.0);
        assertEquals(x.upper(), y.upper(), 0.0);
        assertEquals(x.toString(), y.toString());
        Bootstrap.Interval z = Bootstrap.interval(gap, recs, 100, 0.9, 124);
        assertFalse(Arrays.equals(x.samples(), z.samples()));
        // A metric evaluated alone or with others sees the same resamples.
        Map<String, Bootstrap.Interval> both = Bootstrap.intervals(List.of(metric("mgu@10"), gap), recs, null, 100, 0.9, 123);
        assertArrayEquals(x.samples(), both.get(gap.name()).samples(), 0.0);
        assertEquals(List.of("mgu@10", gap.name()), List.copyOf(both.keySet()));
    }

    @Test
    void unitsResampleWholeClusters() {
        Recommendations recs = synthetic(10, 40);
        FairnessMetric ndcg = metric("ndcg@10");
        // One unit per row, numbered in row order: the same draws as plain row resampling.
        assertArrayEquals(Bootstrap.interval(ndcg, recs, 60, 0.95, 4).samples(),
                Bootstrap.intervals(List.of(ndcg), recs, identity(40), 60, 0.95, 4).get(ndcg.name()).samples(), 0.0);
        // A single unit: every resample is all rows, so there is no spread.
        Bootstrap.Interval one = Bootstrap.intervals(List.of(ndcg), recs, new int[40], 60, 0.95, 4).get(ndcg.name());
        assertEquals(one.value(), one.lower(), EPS);
        assertEquals(one.value(), one.upper(), EPS);
        // Rows duplicated per user and resampled by user: the same NDCG resamples as the users alone.
        int[] twice = new int[80];
        int[] unit = new int[80];
        for (int r = 0; r < 80; r++) {
            twice[r] = r / 2;
            unit[r] = r / 2;
        }
        Bootstrap.Interval plain = Bootstrap.interval(ndcg, recs, 60, 0.95, 4);
        Bootstrap.Interval clustered = Bootstrap.intervals(List.of(ndcg), recs.rows(twice), unit, 60, 0.95, 4).get(ndcg.name());
        assertArrayEquals(plain.samples(), clustered.samples(), 1e-12);
    }

    @Test
    void badInputIsExplained() {
        Recommendations recs = TestData.small();
        FairnessMetric hr = metric("hr@2");
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> Bootstrap.interval(hr, recs, 0, 0.95, 1));
        assertTrue(zero.getMessage().contains("resamples must be >= 1, got 0"), zero.getMessage());
        for (double level : new double[]{0.0, 1.0, -0.5, 1.5, Double.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Bootstrap.interval(hr, recs, 10, level, 1));
            assertTrue(e.getMessage().contains("level must be in (0, 1)"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> Bootstrap.pairedDifference(hr, recs, recs, -1, 0.95, 1));
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> recs.rows(new int[0]));
        assertTrue(empty.getMessage().contains("at least one row"), empty.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Bootstrap.intervals(List.of(), recs, null, 10, 0.95, 1));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Bootstrap.intervals(List.of(hr, metric("hr@2")), recs, null, 10, 0.95, 1))
                .getMessage().contains("listed twice"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Bootstrap.intervals(List.of(hr), recs, new int[3], 10, 0.95, 1))
                .getMessage().contains("units cover 3 rows, the recommendations have 4"));
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> Bootstrap.pairedDifference(hr, recs, recs.rows(new int[]{0, 1}), 10, 0.95, 1));
        assertTrue(shape.getMessage().contains("same users and items"), shape.getMessage());
        // A metric that cannot run on the data fails before any resampling, with the metric's own message.
        Recommendations bare = Recommendations.of(TopKLists.of(TestData.LISTS, 2, 6), AuditData.builder(4, 6).build());
        IllegalStateException noTargets = assertThrows(IllegalStateException.class, () -> Bootstrap.interval(hr, bare, 10, 0.95, 1));
        assertTrue(noTargets.getMessage().contains("needs per-user targets"), noTargets.getMessage());
    }

    @Test
    void fastEnoughForMovieLens100kSizedAudits() {
        // 943 users x 1,682 items, 1,000 resamples of two cheap metrics sharing each resample.
        Random rng = new Random(13);
        AuditData audit = TestData.randomAudit(rng, 943, 1682, true);
        Recommendations recs = Recommendations.fromScores(TestData.randomScores(rng, 943, 1682), audit, 10);
        List<FairnessMetric> ms = List.of(metric("ndcg@10"), metric("ndcg-gap@10:gender"));
        long start = System.nanoTime();
        Map<String, Bootstrap.Interval> ci = Bootstrap.intervals(ms, recs, null, 1000, 0.95, 1);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(1000, ci.get("ndcg@10").resamples());
        // Generous bound for a shared 2-core machine; a per-resample top-K recomputation would take minutes.
        assertTrue(seconds < 30, "took " + seconds + " s");
        System.out.printf("BootstrapTest: 943 users x 1000 resamples x 2 metrics in %.2f s%n", seconds);
    }
}
