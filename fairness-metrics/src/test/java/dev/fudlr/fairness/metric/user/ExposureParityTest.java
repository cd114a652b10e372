/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.metric.user;

import dev.fudlr.fairness.metric.MetricResult;
import dev.fudlr.fairness.metric.UnknownPolicy;
import dev.fudlr.fairness.testing.TestData;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * pop2 = {0} | {1..5}. F users (u0, u2) have slots 0, 1, 1, 3 -> P_F = (1/4, 3/4); M (u1) has 0, 2 ->
 * P_M = (1/2, 1/2); unknown (u3) has 0, 4 -> (1/2, 1/2).
 */
class ExposureParityTest {

    private static final double EPS = 1e-12;

    @Test
    void totalVariationBetweenTwoGroups() {
        MetricResult r = new ExposureParity(2, "gender", "popmass2", ExposureParity.Distance.TV, UnknownPolicy.EXCLUDE).compute(TestData.small());
        assertEquals(0.25, r.value(), EPS);
        assertEquals(0.25, r.breakdown("share[F,pop1]"), EPS);
        assertEquals(0.5, r.breakdown("share[M,pop2]"), EPS);
        assertEquals(0.25, r.breakdown("distance[F,M]"), EPS);
        assertEquals(0.5, new ExposureParity(2, "gender", "popmass2", ExposureParity.Distance.L1, UnknownPolicy.EXCLUDE).value(TestData.small()), EPS);
    }

    @Test
    void maxOverPairsWithUnknownAsGroup() {
        // Pairs: F-M 1/4, F-unknown 1/4, M-unknown 0.
        assertEquals(0.25, new ExposureParity(2, "gender", "popmass2", ExposureParity.Distance.TV, UnknownPolicy.GROUP).value(TestData.small()), EPS);
        // By age: <25 (u0, u1) slots 0,1,0,2 -> (1/2, 1/2); 45+ (u2, u3) slots 1,3,0,4 -> (1/4, 3/4).
        assertEquals(0.25, new ExposureParity(2, "age", "popmass2", ExposureParity.Distance.TV, UnknownPolicy.EXCLUDE).value(TestData.small()), EPS);
        // Same user groups see the same mix at K=1? <25: 0, 0 -> (1, 0); 45+: 1, 0 -> (1/2, 1/2): TV 1/2.
        assertEquals(0.5, new ExposureParity(1, "age", "popmass2", ExposureParity.Distance.TV, UnknownPolicy.EXCLUDE).value(TestData.small()), EPS);
    }
}
