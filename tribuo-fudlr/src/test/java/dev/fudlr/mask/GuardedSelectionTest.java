/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.mask;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GuardedSelectionTest {

    static Selection twenty() {
        double[] m = new double[30];
        for (int i = 0; i < 20; i++) {
            m[i] = 0.99 - 0.01 * i;
        }
        return Selection.byThreshold(m, 0.5, 1.0);
    }

    @Test
    void shrinksInMaskOrderUntilWithinTolerance() {
        List<int[]> seen = new ArrayList<>();
        // Each removed sample costs 1% accuracy.
        GuardedSelection.Outcome o = new GuardedSelection(0.05, 0.5, 10).apply(twenty(), c -> {
            seen.add(c.indices());
            return 0.01 * c.size();
        });
        assertTrue(o.satisfied());
        assertEquals(5, o.selection().size());
        assertArrayEquals(new int[]{0, 1, 2, 3, 4}, o.selection().indices());
        assertEquals(3, o.attempts().size());
        assertEquals(20, o.attempts().get(0).size());
        assertEquals(10, o.attempts().get(1).size());
        assertFalse(o.attempts().get(1).accepted());
        assertEquals(0.05, o.attempts().get(2).drop(), 1e-12);
        assertTrue(o.attempts().get(2).accepted());
        // Every candidate is a prefix of the original order (the lowest-mask tail is dropped).
        for (int[] c : seen) {
            for (int r = 0; r < c.length; r++) {
                assertEquals(r, c[r]);
            }
        }
    }

    @Test
    void acceptsAtOnceWhenSafe() {
        GuardedSelection.Outcome o = new GuardedSelection(0.05, 0.5, 10).apply(twenty(), c -> -0.01);
        assertEquals(20, o.selection().size());
        assertEquals(1, o.attempts().size());
    }

    @Test
    void givesUpWithAnEmptySelection() {
        GuardedSelection.Outcome o = new GuardedSelection(0.0, 0.5, 100).apply(twenty(), c -> 0.5);
        assertFalse(o.satisfied());
        assertEquals(0, o.selection().size());
        // 20, 10, 5, 2, 1.
        assertEquals(5, o.attempts().size());
        GuardedSelection.Outcome limited = new GuardedSelection(0.0, 0.9, 2).apply(twenty(), c -> 0.5);
        assertEquals(2, limited.attempts().size());
        assertEquals(18, limited.attempts().get(1).size());
        assertThrows(IllegalStateException.class, () -> new GuardedSelection(0.1, 0.5, 3).apply(twenty(), c -> Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new GuardedSelection(0.1, 1.0, 3));
        assertThrows(IllegalArgumentException.class, () -> new GuardedSelection(-0.1, 0.5, 3));
    }
}
