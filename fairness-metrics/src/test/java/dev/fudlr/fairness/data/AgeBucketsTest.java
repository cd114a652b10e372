/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.data;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AgeBucketsTest {

    @Test
    void ml100kAgesAndMl1mCodesShareBuckets() {
        AgeBuckets b = AgeBuckets.DEFAULT;
        assertEquals(List.of("<25", "25-34", "35-44", "45+"), b.labels());
        assertEquals("<25", b.apply("7"));
        assertEquals("<25", b.apply("24"));
        assertEquals("25-34", b.apply("25"));
        assertEquals("35-44", b.apply(" 44 "));
        assertEquals("45+", b.apply("73"));
        // MovieLens-1M codes are lower bounds of their ranges.
        String[] codes = {"1", "18", "25", "35", "45", "50", "56"};
        String[] expected = {"<25", "<25", "25-34", "35-44", "45+", "45+", "45+"};
        for (int i = 0; i < codes.length; i++) {
            assertEquals(expected[i], b.apply(codes[i]), codes[i]);
        }
        assertNull(b.apply(null));
    }

    @Test
    void customEdgesAndErrors() {
        assertEquals(List.of("<18", "18-64", "65+"), AgeBuckets.parse("18, 65").labels());
        assertThrows(IllegalArgumentException.class, () -> AgeBuckets.DEFAULT.apply("old"));
        assertThrows(IllegalArgumentException.class, () -> AgeBuckets.of(30, 20));
        assertThrows(IllegalArgumentException.class, () -> AgeBuckets.of());
        assertThrows(IllegalArgumentException.class, () -> AgeBuckets.parse("a,b"));
    }
}
