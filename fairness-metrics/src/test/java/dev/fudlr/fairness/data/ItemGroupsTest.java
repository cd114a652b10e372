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
        ItemGroups g2 = ItemGroups.byPopularityMass(counts, 2);
        assertEquals(List.of("pop1", "pop2"), g2.groups());
        assertEquals("popmass2", g2.name());
        org.junit.jupiter.api.Assertions.assertArrayEquals(new int[]{0, 1, 1, 1, 1, 1}, groupsOf(g2));
        // G=3: floor(3 * before / 12) = 0, 1, 2, 2, 3->2, 3->2.
        org.junit.jupiter.api.Assertions.assertArrayEquals(new int[]{0, 1, 2, 2, 2, 2}, groupsOf(ItemGroups.byPopularityMass(counts, 3)));
        // G=4: 0, 2, 3, 3, 3, 3: one dominant item leaves pop2 empty.
        ItemGroups g4 = ItemGroups.byPopularityMass(counts, 4);
        org.junit.jupiter.api.Assertions.assertArrayEquals(new int[]{0, 2, 3, 3, 3, 3}, groupsOf(g4));
        assertEquals(0, g4.size(1));
    }

    @Test
    void popularityTiesGoByLowerIndexAndMassIsBalanced() {
        long[] counts = new long[100];
        java.util.Arrays.fill(counts, 5);
        ItemGroups g = ItemGroups.byPopularityMass(counts, 5);
        for (int k = 0; k < 5; k++) {
            assertEquals(20, g.size(k));
        }
        assertEquals(0, g.groupOf(0));
        assertEquals(4, g.groupOf(99));
    }

    @Test
    void equalSizeQuintilesRankItemsByPopularityWithUnseenItemsLast() {
        // 7 items: counts 5,0,9,5,1,0,3 -> order by count desc, ties by lower index: 2(9), 0(5), 3(5), 6(3), 4(1), 1(0), 5(0).
        long[] counts = {5, 0, 9, 5, 1, 0, 3};
        ItemGroups g = ItemGroups.bySizeQuantiles(counts, 3);
        assertEquals("pop3", g.name());
        assertEquals(List.of("pop1", "pop2", "pop3"), g.groups());
        // floor(3 r / 7) for ranks 0..6: 0,0,0,1,1,2,2.
        org.junit.jupiter.api.Assertions.assertArrayEquals(new int[]{0, 2, 0, 0, 1, 2, 1}, groupsOf(g));
        // IFairLRS's ML-1M catalogue size: 3,883 items in five groups of 776 or 777, whatever the counts.
        long[] ml1m = new long[3883];
        for (int i = 0; i < ml1m.length; i++) {
            ml1m[i] = (i * 7919L) % 50;
        }
        ItemGroups q = ItemGroups.bySizeQuantiles(ml1m, 5);
        for (int k = 0; k < 5; k++) {
            assertTrue(q.size(k) == 776 || q.size(k) == 777, "size " + q.size(k));
        }
    }

    @Test
    void headTailRoundsInIntegers() {
        // 7% of 100 items is 7 (7 / 100.0 * 100 is 7.000000000000001 in floating point, which ceil made 8).
        long[] counts = new long[100];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = 100 - i;
        }
        assertEquals(7, ItemGroups.headTail(counts, 7).size(0));
        // A fractional head rounds up: 20% of 11 items is 2.2, so 3.
        assertEquals(3, ItemGroups.headTail(java.util.Arrays.copyOf(counts, 11), 20).size(0));
    }

    @Test
    void headTailSplitsByItemShare() {
        ItemGroups g = ItemGroups.headTail(new long[]{1, 9, 3, 3, 0, 2, 7, 1, 1, 1}, 20);
        assertEquals(List.of("head", "tail"), g.groups());
        // Top 2 of 10 items: item 1 (9) and item 6 (7).
        assertEquals(0, g.groupOf(1));
        assertEquals(0, g.groupOf(6));
        assertEquals(2, g.size(0));
        assertEquals(8, g.size(1));
    }

    @Test
    void badInputsAreNamed() {
        assertThrows(IllegalArgumentException.class, () -> ItemGroups.byPopularityMass(new long[]{0, 0}, 2));
        assertThrows(IllegalArgumentException.class, () -> ItemGroups.byPopularityMass(new long[]{1, -1}, 2));
        assertThrows(IllegalArgumentException.class, () -> ItemGroups.byPopularityMass(new long[]{1}, 0));
        assertThrows(IllegalArgumentException.class, () -> ItemGroups.headTail(new long[]{1}, 100));
        assertThrows(IllegalArgumentException.class, () -> ItemGroups.bySizeQuantiles(new long[]{1, 2}, 0));
        // Fewer items than groups: floor(3 r / 2) = 0, 1, so the last group is empty.
        assertEquals(0, ItemGroups.bySizeQuantiles(new long[]{1, 2}, 3).size(2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ItemGroups.of("genre", new String[]{"a", null}));
        assertTrue(e.getMessage().contains("Item 1 has no group in item grouping 'genre'"), e.getMessage());
        ItemGroups genre = ItemGroups.of("genre", new String[]{"b", "a", "b"});
        assertEquals(List.of("a", "b"), genre.groups());
        assertThrows(IllegalArgumentException.class, () -> genre.indexOf("c"));
    }
}
