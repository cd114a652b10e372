/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.data;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TargetsTest {

    @Test
    void rowSelectionsKeepMissesAndSets() {
        Targets t = Targets.sets(new int[][]{{4, 1}, {}, {2}}, 5);
        Targets sel = t.rows(new int[]{1, 0, 0});
        assertEquals(3, sel.numUsers());
        assertEquals(5, sel.numItems());
        assertEquals(0, sel.count(0));
        assertArrayEquals(new int[]{1, 4}, sel.relevant(1));
        assertArrayEquals(new int[]{1, 4}, sel.relevant(2));
        assertEquals(3, Targets.single(new int[]{-1, 3}, 5).rows(new int[]{1}).relevant(0, 0));
        assertThrows(IllegalArgumentException.class, () -> t.rows(new int[0]));
        assertThrows(IllegalArgumentException.class, () -> t.rows(new int[]{3}));
    }
}
