/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.metric.popularity;

import dev.fudlr.fairness.testing.TestData;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * ARP and APLT on the small case (counts 6, 3, 2, 1, 0, 0; lists [0,1], [0,2], [1,3], [0,4]).
 */
class ListAverageMetricTest {

    private static final double EPS = 1e-12;

    @Test
    void averageRecommendationPopularity() {
        // Per user: (6+3)/2, (6+2)/2, (3+1)/2, (6+0)/2 = 4.5, 4, 2, 3.
        assertEquals((4.5 + 4 + 2 + 3) / 4, new AverageRecommendationPopularity(2).value(TestData.small()), EPS);
        assertEquals((6 + 6 + 3 + 6) / 4.0, new AverageRecommendationPopularity(1).value(TestData.small()), EPS);
    }

    @Test
    void longTailShare() {
        // Head = ceil(0.2 * 6) = 2 most popular items {0, 1}; tail items per list: 0, 1, 1, 1.
        assertEquals(3.0 / 8, new LongTailShare(2).value(TestData.small()), EPS);
        // With pop3, tail = last group {2..5}: same lists, same answer; with tail=pop2 ({1}): 1/2, 0, 1/2, 0.
        assertEquals(3.0 / 8, new LongTailShare(2, "popmass3", "last").value(TestData.small()), EPS);
        assertEquals(1.0 / 4, new LongTailShare(2, "popmass3", "pop2").value(TestData.small()), EPS);
    }
}
