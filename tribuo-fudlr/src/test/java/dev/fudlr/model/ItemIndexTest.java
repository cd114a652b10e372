/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.model;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Collections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ItemIndexTest {

    @Test
    void integerIdsSortNumerically() {
        ItemIndex idx = ItemIndex.of(Arrays.asList("10", "9", "100", "1", "9"));
        assertEquals(Arrays.asList("1", "9", "10", "100"), idx.ids());
        assertEquals(2, idx.index("10"));
        assertEquals("100", idx.id(3));
        assertEquals(-1, idx.index("11"));
        assertTrue(idx.contains("9"));
        assertFalse(idx.contains("09"));
    }

    @Test
    void otherIdsSortLexicographically() {
        assertEquals(Arrays.asList("10", "9", "a"), ItemIndex.of(Arrays.asList("a", "9", "10")).ids());
        // Non-canonical integers would collide numerically, so they force the lexicographic order.
        assertEquals(Arrays.asList("007", "10", "8"), ItemIndex.of(Arrays.asList("8", "10", "007")).ids());
    }

    @Test
    void orderedFactoryKeepsOrderAndRejectsDuplicates() {
        assertEquals(Arrays.asList("3", "1"), ItemIndex.ofOrdered(Arrays.asList("3", "1")).ids());
        assertThrows(IllegalArgumentException.class, () -> ItemIndex.ofOrdered(Arrays.asList("3", "3")));
        assertEquals(ItemIndex.of(Arrays.asList("1", "2")), ItemIndex.ofOrdered(Arrays.asList("1", "2")));
    }

    @Test
    void fromDatasetUsesLabelsAndHistoryFeatures() {
        ItemIndex idx = ItemIndex.fromDataset(SyntheticData.dataset(Arrays.asList(
            SyntheticData.sample(new int[]{40, 3}, 7, "u", 1),
            SyntheticData.sample(new int[]{3}, 12, "u", 2)), "items"));
        assertEquals(Arrays.asList("3", "7", "12", "40"), idx.ids());
        assertThrows(IllegalArgumentException.class,
            () -> ItemIndex.fromDataset(SyntheticData.dataset(Collections.emptyList(), "none")));
    }
}
