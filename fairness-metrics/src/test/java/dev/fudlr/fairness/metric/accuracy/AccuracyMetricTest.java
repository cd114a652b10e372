/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.metric.accuracy;

import dev.fudlr.fairness.data.AuditData;
import dev.fudlr.fairness.data.Recommendations;
import dev.fudlr.fairness.data.Targets;
import dev.fudlr.fairness.data.TopKLists;
import dev.fudlr.fairness.metric.Direction;
import dev.fudlr.fairness.ranking.RankingMetric;
import dev.fudlr.fairness.testing.TestData;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AccuracyMetricTest {

    private static final double EPS = 1e-12;

    @Test
    void handComputedOnTheSmallCase() {
        // Targets: u0 rank 2, u1 miss, u2 rank 1, u3 cannot be ranked (counts as 0, stays in the mean).
        Recommendations recs = TestData.small();
        assertEquals(0.5, new AccuracyMetric(RankingMetric.Type.HR, 2).value(recs), EPS);
        assertEquals(0.5, new AccuracyMetric(RankingMetric.Type.RECALL, 2).value(recs), EPS);
        assertEquals((TestData.D2 + 1.0) / 4, new AccuracyMetric(RankingMetric.Type.NDCG, 2).value(recs), EPS);
        assertEquals((0.5 + 1.0) / 4, new AccuracyMetric(RankingMetric.Type.MRR, 2).value(recs), EPS);
        assertEquals(0.25, new AccuracyMetric(RankingMetric.Type.HR, 1).value(recs), EPS);
        assertArrayEquals(new double[]{TestData.D2, 0, 1, 0}, AccuracyMetric.perUser(recs, RankingMetric.Type.NDCG, 2, "ndcg@2"), EPS);
        assertEquals(Direction.HIGHER_IS_BETTER, new AccuracyMetric(RankingMetric.Type.HR, 2).direction());
        assertEquals("ndcg@2", new AccuracyMetric(RankingMetric.Type.NDCG, 2).name());
    }

    @Test
    void multipleTargets() {
        // One user, list [3, 1, 0], relevant {0, 1}: hits at ranks 2 and 3.
        AuditData audit = AuditData.builder(1, 4).targets(Targets.sets(new int[][]{{1, 0}}, 4)).build();
        Recommendations recs = Recommendations.of(TopKLists.of(new int[][]{{3, 1, 0}}, 3, 4), audit);
        assertEquals(1.0, new AccuracyMetric(RankingMetric.Type.RECALL, 3).value(recs), EPS);
        assertEquals(0.5, new AccuracyMetric(RankingMetric.Type.RECALL, 2).value(recs), EPS);
        double idcg = 1.0 + TestData.D2;
        assertEquals((TestData.D2 + 0.5) / idcg, new AccuracyMetric(RankingMetric.Type.NDCG, 3).value(recs), EPS);
        assertEquals(0.5, new AccuracyMetric(RankingMetric.Type.MRR, 3).value(recs), EPS);
    }

    @Test
    void needsTargetsAndLongEnoughLists() {
        Recommendations noTargets = Recommendations.of(TopKLists.of(new int[][]{{0}}, 1, 2), AuditData.builder(1, 2).build());
        assertThrows(IllegalStateException.class, () -> new AccuracyMetric(RankingMetric.Type.HR, 1).value(noTargets));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new AccuracyMetric(RankingMetric.Type.HR, 3).value(TestData.small()));
        assertTrue(e.getMessage().contains("hr@3 needs top-3 lists"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new AccuracyMetric(RankingMetric.Type.HR, 0));
    }
}
