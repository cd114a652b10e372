/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.metric.user;

import dev.fudlr.fairness.data.AuditData;
import dev.fudlr.fairness.data.Recommendations;
import dev.fudlr.fairness.data.TopKLists;
import dev.fudlr.fairness.data.UserAttribute;
import dev.fudlr.fairness.metric.Direction;
import dev.fudlr.fairness.metric.MetricResult;
import dev.fudlr.fairness.metric.UnknownPolicy;
import dev.fudlr.fairness.ranking.RankingMetric;
import dev.fudlr.fairness.testing.TestData;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Per-user NDCG@2 of the small case: (D2, 0, 1, 0); gender F, M, F, unknown; age <25, <25, 45+, 45+.
 */
class UtilityGapTest {

    private static final double EPS = 1e-12;
    private static final double F = (TestData.D2 + 1.0) / 2;

    @Test
    void twoGroupsAbsoluteDifferenceUnknownCountedNotCompared() {
        MetricResult r = new UtilityGap(RankingMetric.Type.NDCG, 2, "gender").compute(TestData.small());
        assertEquals(F, r.value(), EPS);
        assertEquals(Direction.UNFAIRNESS, r.direction());
        assertEquals(F, r.breakdown("ndcg[F]"), EPS);
        assertEquals(0.0, r.breakdown("ndcg[M]"), EPS);
        assertEquals(0.0, r.breakdown("ndcg[unknown]"), EPS);
        assertEquals(1.0, r.breakdown("count[unknown]"), EPS);
        assertEquals(2.0, r.breakdown("compared-groups"), EPS);
        assertTrue(r.flags().stream().anyMatch(f -> f.contains("1 user(s) with unknown 'gender'")), r.flags().toString());
        // HR gap: F (1 + 1)/2, M 0.
        assertEquals(1.0, new UtilityGap(RankingMetric.Type.HR, 2, "gender").value(TestData.small()), EPS);
    }

    @Test
    void moreGroupsRangeAndMad() {
        // unknown=group: means F, 0, 0 -> range F; MAD around F/3: (2F/3 + F/3 + F/3) / 3 = 4F/9.
        Recommendations recs = TestData.small();
        assertEquals(F, new UtilityGap(RankingMetric.Type.NDCG, 2, "gender", GapAggregation.RANGE, UnknownPolicy.GROUP).value(recs), EPS);
        assertEquals(4 * F / 9, new UtilityGap(RankingMetric.Type.NDCG, 2, "gender", GapAggregation.MAD, UnknownPolicy.GROUP).value(recs), EPS);
        // Two compared groups: MAD = |a - b| / 2.
        assertEquals(F / 2, new UtilityGap(RankingMetric.Type.NDCG, 2, "gender", GapAggregation.MAD, UnknownPolicy.EXCLUDE).value(recs), EPS);
        // Pairwise (Elliot's UserMADranking): pairs (F,0), (F,0), (0,0) -> 2F/3; two groups: |a - b|.
        assertEquals(2 * F / 3, new UtilityGap(RankingMetric.Type.NDCG, 2, "gender", GapAggregation.PAIRWISE, UnknownPolicy.GROUP).value(recs), EPS);
        assertEquals(F, new UtilityGap(RankingMetric.Type.NDCG, 2, "gender", GapAggregation.PAIRWISE, UnknownPolicy.EXCLUDE).value(recs), EPS);
    }

    @Test
    void usersWithoutARelevantItemCanBeLeftOut() {
        // Users 0 (M, has target 2), 1 (F, target 3), 2 (M, no target), 3 (unknown): only user 2 lacks a target.
        int[][] targets = {{2}, {3}, {}, {1}};
        int[][] lists = {{2, 0}, {1, 3}, {4, 5}, {0, 1}};
        AuditData a = AuditData.builder(4, 6).targets(dev.fudlr.fairness.data.Targets.sets(targets, 6))
            .attribute("gender", new String[]{"M", "F", "M", UserAttribute.UNKNOWN}).build();
        Recommendations recs = Recommendations.of(TopKLists.of(lists, 2, 6), a);
        // HR: user 0 hit, user 1 hit, user 2 miss. All users: M mean 0.5, F 1 -> 0.5; relevant only: M 1, F 1 -> 0.
        assertEquals(0.5, new UtilityGap(RankingMetric.Type.HR, 2, "gender").value(recs), EPS);
        UtilityGap relevant = new UtilityGap(RankingMetric.Type.HR, 2, "gender", GapAggregation.RANGE, UnknownPolicy.EXCLUDE,
                                             UtilityGap.Users.RELEVANT);
        MetricResult r = relevant.compute(recs);
        assertEquals(0.0, r.value(), EPS);
        assertEquals(1.0, r.breakdown("users-left-out"), EPS);
        assertEquals("hr-gap@2:gender;users=relevant", relevant.name());
    }

    @Test
    void signedGapAndSwappingLabels() {
        Recommendations recs = TestData.small();
        UtilityGap signed = new UtilityGap(RankingMetric.Type.NDCG, 2, "gender", GapAggregation.SIGNED, UnknownPolicy.EXCLUDE);
        assertEquals(Direction.SIGNED, signed.direction());
        assertEquals(F, signed.value(recs), EPS);
        // Swap F and M labels: range and MAD unchanged, the signed gap flips.
        String[] swapped = {"M", "F", "M", UserAttribute.UNKNOWN};
        AuditData a2 = AuditData.builder(4, 6).targets(TestData.TARGETS).attribute("gender", swapped).build();
        Recommendations r2 = Recommendations.of(TopKLists.of(TestData.LISTS, 2, 6), a2);
        assertEquals(new UtilityGap(RankingMetric.Type.NDCG, 2, "gender").value(recs),
                new UtilityGap(RankingMetric.Type.NDCG, 2, "gender").value(r2), EPS);
        assertEquals(new UtilityGap(RankingMetric.Type.NDCG, 2, "gender", GapAggregation.MAD, UnknownPolicy.GROUP).value(recs),
                new UtilityGap(RankingMetric.Type.NDCG, 2, "gender", GapAggregation.MAD, UnknownPolicy.GROUP).value(r2), EPS);
        assertEquals(-signed.value(recs), signed.value(r2), EPS);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new UtilityGap(RankingMetric.Type.NDCG, 2, "gender", GapAggregation.SIGNED, UnknownPolicy.GROUP).value(recs));
        assertTrue(e.getMessage().contains("exactly two compared groups"), e.getMessage());
    }

    @Test
    void intersectionCellsAndEmptyCells() {
        // gender*age cells (string order): F|45+ = u2 (1), F|<25 = u0 (D2), M|45+ empty, M|<25 = u1 (0),
        // unknown|45+ = u3 (excluded), unknown|<25 empty.
        MetricResult r = new UtilityGap(RankingMetric.Type.NDCG, 2, "gender*age").compute(TestData.small());
        assertEquals(1.0, r.value(), EPS);
        assertEquals(0.0, r.breakdown("count[M|45+]"), EPS);
        assertTrue(Double.isNaN(r.breakdown("ndcg[M|45+]")));
        assertEquals(3.0, r.breakdown("compared-groups"), EPS);
    }

    @Test
    void worstHasTheRangeValueButRaisesOnlyTheWorstGroup() {
        double[] means = {0.3, 0.1, 0.2};
        int[] compared = {0, 1, 2};
        double[] dRange = new double[3];
        double[] dWorst = new double[3];
        assertEquals(0.2, GapAggregation.RANGE.apply(means, compared, dRange, "m"), EPS);
        assertEquals(0.2, GapAggregation.WORST.apply(means, compared, dWorst, "m"), EPS);
        assertArrayEquals(new double[]{1, -1, 0}, dRange, EPS);
        // The best group is held fixed: the only way down is to raise the worst group.
        assertArrayEquals(new double[]{0, -1, 0}, dWorst, EPS);
        // On recommendations, through the registry spelling: the value is the range, the direction an unfairness.
        UtilityGap worst = new UtilityGap(RankingMetric.Type.NDCG, 2, "gender", GapAggregation.WORST, UnknownPolicy.EXCLUDE);
        assertEquals(F, worst.value(TestData.small()), EPS);
        assertEquals(Direction.UNFAIRNESS, worst.direction());
        assertEquals("ndcg-gap@2:gender;agg=worst", worst.name());
    }

    @Test
    void groupWithOneUserAndNothingToCompare() {
        // Only F users are compared after excluding unknown -> fewer than two groups: 0 and a flag.
        AuditData a = AuditData.builder(4, 6).targets(TestData.TARGETS)
                .attribute(UserAttribute.of("gender", new String[]{"F", "F", "F", UserAttribute.UNKNOWN}, List.of("F", "M"))).build();
        MetricResult r = new UtilityGap(RankingMetric.Type.NDCG, 2, "gender").compute(Recommendations.of(TopKLists.of(TestData.LISTS, 2, 6), a));
        assertEquals(0.0, r.value(), EPS);
        assertEquals(0.0, r.breakdown("count[M]"), EPS);
        assertTrue(r.flags().stream().anyMatch(f -> f.contains("fewer than two")));
        // A group with one user is a group like any other.
        AuditData b = AuditData.builder(4, 6).targets(TestData.TARGETS).attribute("g", "A", "A", "A", "B").build();
        double aMean = (TestData.D2 + 0 + 1) / 3;
        assertEquals(aMean, new UtilityGap(RankingMetric.Type.NDCG, 2, "g").value(Recommendations.of(TopKLists.of(TestData.LISTS, 2, 6), b)), EPS);
    }
}
