/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.data;

import dev.fudlr.fairness.metric.FairnessMetric;
import dev.fudlr.fairness.registry.MetricRegistry;
import dev.fudlr.fairness.testing.TestData;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecommendationsTest {

    private static final double EPS = 1e-12;

    @Test
    void rowSelectionsPairListsWithTheirUsers() {
        Recommendations recs = TestData.small();
        Recommendations sel = recs.rows(new int[]{2, 0});
        assertEquals(2, sel.numUsers());
        assertArrayEquals(TestData.LISTS[2], sel.lists().list(0));
        assertArrayEquals(new int[]{TestData.TARGETS[2]}, sel.audit().targets("t").relevant(0));
        assertArrayEquals(TestData.HISTORY[0], sel.audit().history(1));
    }

    @Test
    void metricsOnDuplicatedRowsMatchHandValues() {
        Recommendations recs = TestData.small();
        // u0 hits at rank 2 (ndcg D2), u1 misses, u2 hits at rank 1; u0 drawn twice.
        Recommendations sel = recs.rows(new int[]{0, 0, 1, 2});
        FairnessMetric ndcg = MetricRegistry.standard().parse("ndcg@2");
        FairnessMetric hr = MetricRegistry.standard().parse("hr@2");
        assertEquals((2 * TestData.D2 + 1) / 4, ndcg.value(sel), EPS);
        assertEquals(3.0 / 4, hr.value(sel), EPS);
        // Gender F = {u0, u0, u2}, M = {u1}: the range gap is mean_F - mean_M = (2 D2 + 1) / 3 - 0.
        FairnessMetric gap = MetricRegistry.standard().parse("ndcg-gap@2:gender");
        assertEquals((2 * TestData.D2 + 1) / 3, gap.value(sel), EPS);
        assertEquals(3.0, gap.compute(sel).breakdown("count[F]"), EPS);
        assertEquals(0.0, gap.compute(sel).breakdown("count[unknown]"), EPS);
        // Coverage counts distinct items: lists {0,1},{0,1},{0,2},{1,3} cover 4 of 6.
        assertEquals(4.0 / 6, MetricRegistry.standard().parse("coverage@2").value(sel), EPS);
        // ARP: mean over users of the mean training count of their list items (counts 6,3,2,1,0,0).
        double arp = ((6 + 3) / 2.0 * 2 + (6 + 2) / 2.0 + (3 + 1) / 2.0) / 4;
        assertEquals(arp, MetricRegistry.standard().parse("arp@2").value(sel), EPS);
    }

    @Test
    void badSelectionsAreExplained() {
        Recommendations recs = TestData.small();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> recs.rows(new int[]{0, 7}));
        assertTrue(e.getMessage().contains("entry 1 is 7, outside the 4 users of the recommendations"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> recs.rows(new int[0]));
    }
}
