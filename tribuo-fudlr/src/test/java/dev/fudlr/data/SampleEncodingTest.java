/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.data;

import org.junit.jupiter.api.Test;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.classification.Label;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SampleEncodingTest {

    @Test
    void encodesHistoryAsRecencyRanksAndDecodesIt() {
        // Item ids whose names sort differently from the history order ("item:100" < "item:7" < "item:42" is not
        // the order), so only the values can carry the sequence.
        int[] history = {42, 7, 100, 3};
        Example<Label> e = SampleEncoding.encode(history, 9, Map.of(SampleEncoding.USER, "5", SampleEncoding.SAMPLE, "5:4"));
        assertEquals("9", e.getOutput().getLabel());
        assertEquals(9, SampleEncoding.itemId(e.getOutput()));
        List<String> names = new ArrayList<>();
        for (Feature f : e) {
            names.add(f.getName());
            int pos = java.util.Arrays.stream(history).boxed().toList().indexOf(Integer.parseInt(f.getName().substring(5)));
            assertEquals(history.length - pos, f.getValue(), 0.0, f.getName());
        }
        assertEquals(List.of("item:100", "item:3", "item:42", "item:7"), names, "Tribuo keeps features sorted by name");
        assertArrayEquals(history, SampleEncoding.decodeHistory(e));
        assertEquals("5:4", SampleEncoding.metadata(e, SampleEncoding.SAMPLE));
        assertNull(SampleEncoding.metadata(e, SampleEncoding.GENDER));
    }

    @Test
    void emptyHistoryAndRepeatedItems() {
        Example<Label> e = SampleEncoding.encode(new int[0], 1, Map.of());
        assertEquals(0, e.size());
        assertArrayEquals(new int[0], SampleEncoding.decodeHistory(e));
        assertThrows(IllegalArgumentException.class, () -> SampleEncoding.encode(new int[]{1, 2, 1}, 3, Map.of()));
    }
}
