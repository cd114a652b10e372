/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.data;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ItemGroupsTest {

    private static int[] groupsOf(ItemGroups g) {
        int[] out = new int[g.numItems()];
        for (int i = 0; i < out.length; i++) {
            out[i] = g.groupOf(i);
        }
        return out;
    }

    @Test
    void popularityGroupsHoldEqualMass() {
        // Counts 6,3,2,1,0,0 (total 12). Cumulative mass before each item in popularity order: 0,6,9,11,12,12.
        long[] counts = {6, 3, 2, 1, 0, 0};
        ItemGroups g2 = ItemGroups.byPopularity(counts, 2);
        assertEquals(List.of("pop1", "pop2"), g2.groups());
        assertEquals("pop2", g2.name());
        org.junit.jupiter.api.Assertions.assertArrayEquals(new int[]{0, 1, 1, 1, 1, 1}, groupsOf(g2));
        // G=3: floor(3 * before / 12) = 0, 1, 2, 2, 3->2, 3->2.
        org.junit.jupiter.api.Assertions.assertArrayEquals(new int[]{0, 1, 2, 2, 2, 2}, groupsOf(ItemGroups.byPopularity(counts, 3)));
        // G=4: 0, 2, 3, 3, 3, 3: one dominant item leaves pop2 empty.
        ItemGroups g4 = ItemGroups.byPopularity(counts, 4);
        org.junit.jupiter.api.Assertions.assertArrayEquals(new int[]{0, 2, 3, 3, 3, 3}, groupsOf(g4));
        assertEquals(0, g4.size(1));
    }

    @Test
    void popularityTiesGoByLowerIndexAndMassIsBalanced() {
        long[] counts = new long[100];
        java.util.Arrays.fill(counts, 5);
        ItemGroups g = ItemGroups.byPopularity(counts, 5);
        for (int k = 0; k < 5; k++) {
            assertEquals(20, g.size(k));
        }
        assertEquals(0, g.groupOf(0));
        assertEquals(4, g.groupOf(99));
    }

    @Test
    void headTailSplitsByItemShare() {
        ItemGroups g = ItemGroups.headTail(new long[]{1, 9, 3, 3, 0, 2, 7, 1, 1, 1}, 0.2);
        assertEquals(List.of("head", "tail"), g.groups());
        // Top 2 of 10 items: item 1 (9) and item 6 (7).
        assertEquals(0, g.groupOf(1));
        assertEquals(0, g.groupOf(6));
        assertEquals(2, g.size(0));
        assertEquals(8, g.size(1));
    }

    @Test
    void badInputsAreNamed() {
        assertThrows(IllegalArgumentException.class, () -> ItemGroups.byPopularity(new long[]{0, 0}, 2));
        assertThrows(IllegalArgumentException.class, () -> ItemGroups.byPopularity(new long[]{1, -1}, 2));
        assertThrows(IllegalArgumentException.class, () -> ItemGroups.byPopularity(new long[]{1}, 0));
        assertThrows(IllegalArgumentException.class, () -> ItemGroups.headTail(new long[]{1}, 1.0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ItemGroups.of("genre", new String[]{"a", null}));
        assertTrue(e.getMessage().contains("Item 1 has no group in item grouping 'genre'"), e.getMessage());
        ItemGroups genre = ItemGroups.of("genre", new String[]{"b", "a", "b"});
        assertEquals(List.of("a", "b"), genre.groups());
        assertThrows(IllegalArgumentException.class, () -> genre.indexOf("c"));
    }
}
