/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.metric.popularity;

import dev.fudlr.fairness.data.AuditData;
import dev.fudlr.fairness.data.Recommendations;
import dev.fudlr.fairness.data.TopKLists;
import dev.fudlr.fairness.metric.Direction;
import dev.fudlr.fairness.metric.MetricResult;
import dev.fudlr.fairness.testing.TestData;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * GP, GU, MGU and DGU on the small case. With pop2 = {0} | {1..5}: 3 of the 8 slots go to item 0 and 2 of
 * the 8 history interactions are item 0, so GP^rec = (3/8, 5/8), GP^hist = (2/8, 6/8), GU = (1/8, -1/8).
 * With pop3 = {0} | {1} | {2..5}: GP^rec = (3/8, 2/8, 3/8), GP^hist = (2/8, 2/8, 4/8), GU = (1/8, 0, -1/8).
 */
class ShareMetricTest {

    private static final double EPS = 1e-12;

    @Test
    void twoGroups() {
        Recommendations recs = TestData.small();
        assertEquals(3.0 / 8, new GroupProportion(2, "pop1", "popmass2").value(recs), EPS);
        assertEquals(1.0 / 8, new GroupUnfairness(2, "pop1", "popmass2").value(recs), EPS);
        assertEquals(-1.0 / 8, new GroupUnfairness(2, "pop2", "popmass2").value(recs), EPS);
        assertEquals(1.0 / 8, new MeanGroupUnfairness(2, "popmass2").value(recs), EPS);
        assertEquals(2.0 / 8, new GroupUnfairnessDisparity(2, "popmass2").value(recs), EPS);
    }

    @Test
    void threeGroupsWithBreakdown() {
        Recommendations recs = TestData.small();
        MetricResult mgu = new MeanGroupUnfairness(2, "popmass3").compute(recs);
        assertEquals((1.0 / 8 + 0 + 1.0 / 8) / 3, mgu.value(), EPS);
        assertEquals(Direction.UNFAIRNESS, mgu.direction());
        assertEquals(2.0 / 8, mgu.breakdown("gp_rec[pop2]"), EPS);
        assertEquals(4.0 / 8, mgu.breakdown("gp_hist[pop3]"), EPS);
        assertEquals(-1.0 / 8, mgu.breakdown("gu[pop3]"), EPS);
        assertEquals(4.0, mgu.breakdown("items[pop3]"), EPS);
        assertEquals(2.0 / 8, new GroupUnfairnessDisparity(2, "popmass3").value(recs), EPS);
        // Cut at K=1: slots 0, 0, 1, 0 -> GP^rec = (3/4, 1/4, 0).
        assertEquals((Math.abs(0.75 - 0.25) + 0 + 0.5) / 3, new MeanGroupUnfairness(1, "popmass3").value(recs), EPS);
    }

    @Test
    void genreGrouping() {
        // genre: drama = {0, 2, 4}, comedy = {1, 3, 5}. Slots: drama 0,0,2,0,4 = 5; comedy 1,1,3 = 3.
        // History: drama 0,2,0,4 = 4; comedy 1,3,5,1 = 4. GU(comedy) = 3/8 - 4/8.
        assertEquals(-1.0 / 8, new GroupUnfairness(2, "comedy", "genre").value(TestData.small()), EPS);
        assertEquals(1.0 / 8, new MeanGroupUnfairness(2, "genre").value(TestData.small()), EPS);
    }

    @Test
    void calibratedRecommenderHasZeroMgu() {
        // Each user's history is exactly their recommendations: the group distributions coincide.
        AuditData audit = AuditData.builder(4, 6).history(TestData.LISTS).itemCounts(TestData.COUNTS).build();
        Recommendations recs = Recommendations.of(TopKLists.of(TestData.LISTS, 2, 6), audit);
        assertEquals(0.0, new MeanGroupUnfairness(2, "pop").value(recs), EPS);
        assertEquals(0.0, new GroupUnfairnessDisparity(2, "popmass3").value(recs), EPS);
    }

    @Test
    void badInputs() {
        Recommendations recs = TestData.small();
        assertThrows(IllegalArgumentException.class, () -> new GroupProportion(2, "pop9", "popmass3").value(recs));
        AuditData noHistory = AuditData.builder(4, 6).itemCounts(TestData.COUNTS).build();
        Recommendations r2 = Recommendations.of(TopKLists.of(TestData.LISTS, 2, 6), noHistory);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new MeanGroupUnfairness(2, "pop").value(r2));
        assertTrue(e.getMessage().contains("history"), e.getMessage());
        AuditData emptyHistory = AuditData.builder(4, 6).itemCounts(TestData.COUNTS).history(new int[4][0]).build();
        Recommendations r3 = Recommendations.of(TopKLists.of(TestData.LISTS, 2, 6), emptyHistory);
        assertThrows(IllegalStateException.class, () -> new MeanGroupUnfairness(2, "pop").value(r3));
    }
}
