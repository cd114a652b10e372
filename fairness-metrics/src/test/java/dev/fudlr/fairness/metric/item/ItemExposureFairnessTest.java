/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.metric.item;

import dev.fudlr.fairness.metric.MetricResult;
import dev.fudlr.fairness.testing.TestData;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * pop2 = {0} | {1..5}. Item 0 sits at rank 1 in three lists: exposure 3 of the total 4 (1 + D2).
 */
class ItemExposureFairnessTest {

    private static final double EPS = 1e-12;

    @Test
    void againstItemShare() {
        double e1 = 3.0 / (4 * (1 + TestData.D2));
        MetricResult r = new ItemExposureFairness(2, "popmass2", ItemExposureFairness.Reference.ITEMS).compute(TestData.small());
        assertEquals(e1, r.breakdown("exposure[pop1]"), EPS);
        assertEquals(1.0 / 6, r.breakdown("reference[pop1]"), EPS);
        assertEquals(0.5 * (Math.abs(e1 - 1.0 / 6) + Math.abs(1 - e1 - 5.0 / 6)), r.value(), EPS);
    }

    @Test
    void againstRelevanceShare() {
        // Rankable targets 1, 5, 1 are all in pop2: T = (0, 1), so TV = E(pop1).
        double e1 = 3.0 / (4 * (1 + TestData.D2));
        assertEquals(e1, new ItemExposureFairness(2, "popmass2", ItemExposureFairness.Reference.RELEVANCE).value(TestData.small()), EPS);
    }
}
