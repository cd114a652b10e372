/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.metric.user;

import dev.fudlr.fairness.data.AuditData;
import dev.fudlr.fairness.data.Recommendations;
import dev.fudlr.fairness.data.TopKLists;
import dev.fudlr.fairness.metric.MetricResult;
import dev.fudlr.fairness.metric.UnknownPolicy;
import dev.fudlr.fairness.testing.TestData;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImpactRatioTest {

    private static final double EPS = 1e-12;

    @Test
    void flagsGroupsUnderFourFifths() {
        // HR@2 per user: 1, 0, 1, 0. F = 1, M = 0 -> ratios 1 and 0.
        MetricResult r = new ImpactRatio(2, "gender").compute(TestData.small());
        assertEquals(0.0, r.value(), EPS);
        assertEquals(1.0, r.breakdown("ratio[F]"), EPS);
        assertEquals(1.0, r.breakdown("flagged[M]"), EPS);
        assertEquals(0.0, r.breakdown("flagged[F]"), EPS);
        assertTrue(r.flags().stream().anyMatch(f -> f.contains("group M has impact ratio 0.000 < 0.80")), r.flags().toString());
        // By age: <25 = (1 + 0)/2, 45+ = (1 + 0)/2 -> parity.
        assertEquals(1.0, new ImpactRatio(2, "age").value(TestData.small()), EPS);
    }

    @Test
    void thresholdAndNoHits() {
        // HR@1: only u2 hits. age <25 = 0, 45+ = 1/2 -> ratio 0; gender F = 1/2, M = 0.
        assertEquals(0.0, new ImpactRatio(1, "age").value(TestData.small()), EPS);
        // A user attribute whose compared groups never hit: ratios are 1 by definition.
        AuditData a = AuditData.builder(4, 6).targets(new int[]{5, 5, 5, 5}).attribute("gender", TestData.GENDER).build();
        assertEquals(1.0, new ImpactRatio(2, "gender").value(Recommendations.of(TopKLists.of(TestData.LISTS, 2, 6), a)), EPS);
        assertThrows(IllegalArgumentException.class, () -> new ImpactRatio(2, "gender", 1.5, UnknownPolicy.EXCLUDE));
        // Threshold 0.4 with HR F = 1, M = 1/2 would not flag; here we check the parameter reaches the name.
        assertEquals("impact-ratio@2:gender;threshold=0.4", new ImpactRatio(2, "gender", 0.4, UnknownPolicy.EXCLUDE).name());
    }
}
