/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.metric.popularity;

import dev.fudlr.fairness.testing.TestData;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ExposureGiniTest {

    private static final double EPS = 1e-12;

    @Test
    void handComputed() {
        // Exposure counts: item0 3, item1 2, items 2-4 1, item5 0 -> sorted 0,1,1,1,2,3 (sum 8);
        // sum_j (2j - 7) x_(j) = -3 - 1 + 1 + 6 + 15 = 18 -> G = 18 / (6 * 8).
        assertEquals(18.0 / 48, new ExposureGini(2, false).value(TestData.small()), EPS);
        assertEquals(6.0, new ExposureGini(2, false).compute(TestData.small()).breakdown("items"), EPS);
    }

    @Test
    void extremes() {
        assertEquals(0.0, ExposureGini.gini(new double[]{2, 2, 2}), EPS);
        assertEquals(0.75, ExposureGini.gini(new double[]{0, 0, 0, 5}), EPS);
        assertEquals(0.0, ExposureGini.gini(new double[]{0, 0}), EPS);
        // Permutation invariant.
        assertEquals(ExposureGini.gini(new double[]{1, 5, 2}), ExposureGini.gini(new double[]{5, 2, 1}), EPS);
    }

    @Test
    void discounted() {
        // Exposure: item0 3 (rank 1 x3), item1 D2 + 1, item2 D2, item3 D2, item4 D2, item5 0.
        double d = TestData.D2;
        double[] x = {3, 1 + d, d, d, d, 0};
        assertEquals(ExposureGini.gini(x), new ExposureGini(2, true).value(TestData.small()), EPS);
    }
}
