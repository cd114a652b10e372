/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.data;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UserAttributeTest {

    @Test
    void groupsAreSortedWithUnknownLast() {
        UserAttribute a = UserAttribute.of("gender", new String[]{"M", UserAttribute.UNKNOWN, "F", "M"});
        assertEquals(List.of("F", "M", "unknown"), a.groups());
        assertEquals(Map.of("F", 1, "M", 2, "unknown", 1), a.counts());
        assertTrue(a.isUnknown(2));
        assertEquals(1, a.unknownCount());
        assertArrayEquals(new int[]{1, -1, 0, 1}, a.comparedGroups(false));
        assertArrayEquals(new int[]{1, 2, 0, 1}, a.comparedGroups(true));
    }

    @Test
    void declaredGroupsMayBeEmpty() {
        UserAttribute a = UserAttribute.of("age", new String[]{"45+", "<25"}, List.of("<25", "25-34", "35-44", "45+"));
        assertEquals(List.of("<25", "25-34", "35-44", "45+"), a.groups());
        assertEquals(0, a.count(1));
        assertEquals(1, a.count(3));
    }

    @Test
    void missingValueIsAnErrorNotAGroup() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> UserAttribute.of("gender", new String[]{"F", null}));
        assertTrue(e.getMessage().contains("User 1 has no group for attribute 'gender'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> UserAttribute.of("a*b", new String[]{"x"}));
        assertThrows(IllegalArgumentException.class, () -> UserAttribute.of("g", new String[0]));
    }

    @Test
    void intersectionHasEveryCellWithCounts() {
        UserAttribute g = UserAttribute.of("gender", new String[]{"F", "M", "F", UserAttribute.UNKNOWN});
        UserAttribute a = UserAttribute.of("age", new String[]{"<25", "<25", "45+", "45+"});
        UserAttribute x = UserAttribute.intersect(List.of(g, a));
        assertEquals("gender*age", x.name());
        // Plain string order within each attribute: '4' sorts before '<'.
        assertEquals(List.of("F|45+", "F|<25", "M|45+", "M|<25", "unknown|45+", "unknown|<25"), x.groups());
        assertEquals(List.of(1, 1, 0, 1, 1, 0), List.copyOf(x.counts().values()));
        assertFalse(x.isUnknown(0));
        assertTrue(x.isUnknown(5));
        assertEquals(1, x.unknownCount());
        assertEquals(List.of("gender", "age"), UserAttribute.parts("gender*age"));
        assertThrows(IllegalArgumentException.class, () -> UserAttribute.parts("gender*gender"));
        assertThrows(IllegalArgumentException.class, () -> UserAttribute.intersect(List.of(g)));
    }
}
