/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.metric;

import dev.fudlr.fairness.data.AuditData;
import dev.fudlr.fairness.data.Recommendations;
import dev.fudlr.fairness.data.ScoreMatrix;
import dev.fudlr.fairness.metric.popularity.MeanGroupUnfairness;
import dev.fudlr.fairness.registry.MetricRegistry;
import dev.fudlr.fairness.testing.TestData;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MetricSuiteTest {

    @Test
    void ranksOnceAtTheLargestCutoffAndMatchesSeparateRuns() {
        Random rng = new Random(41);
        AuditData audit = TestData.randomAudit(rng, 20, 25, true);
        ScoreMatrix scores = TestData.randomScores(rng, 20, 25);
        List<FairnessMetric> ms = MetricRegistry.standard().parseAll(List.of("ndcg@3", "mgu@10", "hr-gap@5:gender"));
        MetricSuite suite = MetricSuite.of(ms);
        assertEquals(10, suite.maxK());
        Map<String, MetricResult> all = suite.evaluate(scores, audit);
        assertEquals(List.of("ndcg@3", "mgu@10", "hr-gap@5:gender"), List.copyOf(all.keySet()));
        for (FairnessMetric m : ms) {
            assertEquals(m.value(Recommendations.fromScores(scores, audit, m.cutoff())), all.get(m.name()).value(), 1e-12, m.name());
        }
    }

    @Test
    void rejectsDuplicatesAndEmptySuites() {
        assertThrows(IllegalArgumentException.class, () -> MetricSuite.of(List.of(new MeanGroupUnfairness(10, "pop"), new MeanGroupUnfairness(10, "pop"))));
        assertThrows(IllegalArgumentException.class, () -> MetricSuite.of(List.of()));
    }

    @Test
    void badScoresGiveClearErrors() {
        AuditData audit = TestData.smallAudit();
        MetricSuite suite = MetricSuite.of(List.of(new MeanGroupUnfairness(2, "pop")));
        // Mismatched lengths: 3 users of scores for 4 audit users.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> suite.evaluate(ScoreMatrix.ofFlat(new double[18], 3, 6), audit));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("3 users x 6 items but the audit data describes 4 users x 6 items"), e.getMessage());
        // K larger than the catalogue.
        MetricSuite big = MetricSuite.of(List.of(new MeanGroupUnfairness(7, "pop")));
        e = assertThrows(IllegalArgumentException.class, () -> big.evaluate(ScoreMatrix.ofFlat(new double[24], 4, 6), audit));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("K=7 is larger than the catalogue of 6 items"), e.getMessage());
    }
}
