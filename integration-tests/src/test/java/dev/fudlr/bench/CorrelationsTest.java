/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CorrelationsTest {

    @Test
    void monotoneButNonLinearHasSpearmanOneAndPearsonBelowOne() {
        double[] x = {1, 2, 3, 4, 5, 6};
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = Math.exp(x[i]);
        }
        Correlations.Result r = Correlations.of(x, y);
        assertEquals(1.0, r.spearman(), 1e-12);
        assertTrue(r.pearson() < 0.95 && r.pearson() > 0.5, "Pearson " + r.pearson());
        assertEquals(6, r.pairs());
    }

    @Test
    void reversedOrderGivesMinusOne() {
        Correlations.Result r = Correlations.of(new double[]{1, 2, 3, 4}, new double[]{8, 6, 4, 2});
        assertEquals(-1.0, r.spearman(), 1e-12);
        assertEquals(-1.0, r.pearson(), 1e-12);
    }

    @Test
    void nonFinitePairsAreDroppedAndDegenerateInputGivesNaN() {
        Correlations.Result r = Correlations.of(new double[]{1, Double.NaN, 3, 4, 5}, new double[]{2, 7, 6, Double.POSITIVE_INFINITY, 10});
        assertEquals(3, r.pairs());
        assertEquals(1.0, r.spearman(), 1e-12);
        assertTrue(Double.isNaN(Correlations.of(new double[]{1, 2}, new double[]{3, 4}).spearman()));
        assertTrue(Double.isNaN(Correlations.of(new double[]{1, 2, 3}, new double[]{5, 5, 5}).pearson()));
        assertThrows(IllegalArgumentException.class, () -> Correlations.of(new double[]{1, 2, 3}, new double[]{1, 2}));
    }
}
