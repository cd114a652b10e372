/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.model;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Collections;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HistoryEncoderTest {

    private final ItemIndex items = ItemIndex.of(Arrays.asList("5", "6", "7", "8", "9"));
    private final HistoryEncoder encoder = new HistoryEncoder(items, 3);

    @Test
    void leftPadsShortHistories() {
        long[] out = new long[3];
        assertEquals(1, encoder.encodeHistory(SyntheticData.sample(new int[]{7}, 5, "u", 1), out, 0));
        assertArrayEquals(new long[]{5, 5, 2}, out);
        assertEquals(0, encoder.encodeHistory(SyntheticData.sample(new int[]{}, 5, "u", 1), out, 0));
        assertArrayEquals(new long[]{5, 5, 5}, out);
    }

    @Test
    void keepsTheMostRecentItemsOldestFirst() {
        long[] tokens = encoder.histories(Collections.singletonList(SyntheticData.sample(new int[]{5, 6, 7, 8, 9}, 5, "u", 1)));
        assertArrayEquals(new long[]{2, 3, 4}, tokens);
    }

    @Test
    void skipsUnknownHistoryItems() {
        long[] tokens = encoder.histories(Collections.singletonList(SyntheticData.sample(new int[]{6, 42, 9}, 5, "u", 1)));
        assertArrayEquals(new long[]{5, 1, 4}, tokens);
    }

    @Test
    void targetsAndUnknownTargets() {
        assertArrayEquals(new long[]{3, 0}, encoder.targets(Arrays.asList(
            SyntheticData.sample(new int[]{5}, 8, "u", 1), SyntheticData.sample(new int[]{6}, 5, "u", 2))));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> encoder.targets(Collections.singletonList(SyntheticData.sample(new int[]{5}, 99, "v", 4))));
        assertTrue(e.getMessage().contains("'99'") && e.getMessage().contains("v:4"), e.getMessage());
    }
}
