/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.data;

import dev.fudlr.fairness.testing.TestData;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuditDataTest {

    @Test
    void resolvesGroupingSpecs() {
        AuditData a = TestData.smallAudit();
        assertEquals(List.of("pop1", "pop2", "pop3", "pop4", "pop5"), a.itemGroups("pop").groups());
        assertEquals(2, a.itemGroups("pop2").numGroups());
        assertSame(a.itemGroups("pop2"), a.itemGroups("pop2"));
        ItemGroups ht = a.itemGroups("headtail");
        assertEquals(0, ht.groupOf(0));
        assertEquals(0, ht.groupOf(1));
        assertEquals(1, ht.groupOf(2));
        assertEquals(1, a.itemGroups("headtail10").size(0));
        assertEquals(List.of("comedy", "drama"), a.itemGroups("genre").groups());
        assertThrows(IllegalArgumentException.class, () -> a.itemGroups("decade"));
        assertThrows(IllegalArgumentException.class, () -> a.itemGroups("headtail0"));
    }

    @Test
    void derivesIntersections() {
        AuditData a = TestData.smallAudit();
        assertEquals(6, a.attribute("gender*age").numGroups());
        assertSame(a.attribute("gender*age"), a.attribute("gender*age"));
        assertThrows(IllegalArgumentException.class, () -> a.attribute("occupation"));
    }

    @Test
    void missingPartsAreNamedByTheMetric() {
        AuditData bare = AuditData.builder(2, 3).build();
        assertTrue(assertThrows(IllegalStateException.class, () -> bare.targets("ndcg@10")).getMessage().contains("ndcg@10 needs per-user targets"));
        assertTrue(assertThrows(IllegalStateException.class, () -> bare.itemGroups("pop")).getMessage().contains("needs training item counts"));
        assertTrue(assertThrows(IllegalStateException.class, () -> bare.historyLength("mgu@10", 0)).getMessage().contains("history"));
    }

    @Test
    void builderValidatesSizes() {
        AuditData.Builder b = AuditData.builder(2, 3);
        assertThrows(IllegalArgumentException.class, () -> b.targets(new int[]{0}));
        assertThrows(IllegalArgumentException.class, () -> b.targets(new int[]{0, 3}));
        assertThrows(IllegalArgumentException.class, () -> b.attribute("g", "F"));
        assertThrows(IllegalArgumentException.class, () -> b.history(new int[][]{{0}, {7}}));
        assertThrows(IllegalArgumentException.class, () -> b.itemCounts(new long[]{1, 2}));
        assertThrows(IllegalArgumentException.class, () -> b.itemGroups(ItemGroups.of("pop", new String[]{"a", "b", "c"})));
        assertThrows(IllegalStateException.class, b::excludeHistory);
        AuditData ok = b.history(new int[][]{{0}, {}}).excludeHistory().build();
        assertArrayEquals(new int[]{0}, ok.exclusions(0));
        assertThrows(IllegalArgumentException.class, () -> ok.checkShape(2, 4));
    }
}
