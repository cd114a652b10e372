/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.mask;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SelectionTest {

    @Test
    void thresholdOrdersByMaskThenIndex() {
        double[] m = {0.6, 0.5, 0.9, 0.7, 0.9, 0.1, 0.51};
        Selection s = Selection.byThreshold(m, 0.5, 1.0);
        // 0.5 itself is not above the threshold; ties (0.9) by index.
        assertArrayEquals(new int[]{2, 4, 3, 0, 6}, s.indices());
        assertArrayEquals(new int[]{0, 2, 3, 4, 6}, s.sortedIndices());
        assertArrayEquals(new double[]{0.9, 0.9, 0.7, 0.6, 0.51}, s.scores());
        assertFalse(s.capped());
    }

    @Test
    void capKeepsTheHighestMasks() {
        double[] m = {0.6, 0.5, 0.9, 0.7, 0.9, 0.1, 0.51};
        Selection s = Selection.byThreshold(m, 0.5, 0.3); // floor(0.3 * 7) = 2
        assertArrayEquals(new int[]{2, 4}, s.indices());
        assertTrue(s.capped());
        assertEquals(5, s.candidates());
        assertEquals(0, Selection.byThreshold(m, 0.5, 0.0).size());
        // 0.2 * 10 is exactly 2 despite floating point.
        assertEquals(2, Selection.byThreshold(new double[]{1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, 0.5, 0.2).size());
    }

    @Test
    void prefixAndTopK() {
        Selection s = Selection.topK(new double[]{3, 1, 2, 3}, 3);
        assertArrayEquals(new int[]{0, 3, 2}, s.indices());
        assertArrayEquals(new int[]{0, 3}, s.prefix(2).indices());
        assertEquals(0, s.prefix(0).size());
        assertThrows(IllegalArgumentException.class, () -> s.prefix(4));
        assertThrows(IllegalArgumentException.class, () -> Selection.byThreshold(new double[]{0.1}, 0.5, 1.5));
        assertThrows(IllegalArgumentException.class, () -> Selection.byThreshold(new double[]{Double.NaN}, 0.5, 1));
        assertThrows(IllegalArgumentException.class, () -> Selection.ofOrdered(new int[]{1, 1}));
    }
}
