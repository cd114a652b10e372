/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.data;

import dev.fudlr.fairness.metric.FairnessMetric;
import dev.fudlr.fairness.metric.MetricResult;
import dev.fudlr.fairness.metric.MetricSuite;
import dev.fudlr.fairness.registry.MetricRegistry;
import dev.fudlr.fairness.testing.TestData;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    /** Every kind of metric: accuracy, popularity (history and item counts), gaps (intersections, unknown), items. */
    static final List<String> ALL = List.of("hr@2", "ndcg@2", "recall@2", "mrr@2", "gp@2:pop1", "mgu@2;items=pop2", "dgu@2;items=pop3",
            "mgu@2;items=genre", "arp@2", "aplt@2", "gini@2", "coverage@2", "ndcg-gap@2:gender", "hr-gap@2:gender*age;agg=mad;unknown=group",
            "ndcg-gap@2:gender*age", "exposure-parity@2:gender;items=pop2", "impact-ratio@2:gender", "item-exposure@2;items=pop2",
            "item-exposure@2;reference=relevance", "0.3*mgu@2/0.1+ndcg-gap@2:age");

    /**
     * The selection built from scratch through the public builder, an independent path to the same data:
     * declared groups keep every group (unknown and empty ones included) in order.
     */
    private static AuditData rebuilt(AuditData a, int[] rows) {
        int n = rows.length;
        int[][] targets = new int[n][];
        int[][] history = new int[n][];
        int[][] exclusions = new int[n][];
        for (int r = 0; r < n; r++) {
            targets[r] = a.targets("t").relevant(rows[r]);
            history[r] = a.history(rows[r]);
            exclusions[r] = a.exclusions(rows[r]);
        }
        AuditData.Builder b = AuditData.builder(n, a.numItems()).targets(Targets.sets(targets, a.numItems())).history(history)
                .exclusions(exclusions).itemCounts(a.itemCounts("t"));
        for (String g : a.itemGroupingNames()) {
            b.itemGroups(a.itemGroups(g));
        }
        for (String name : a.attributeNames()) {
            UserAttribute attr = a.attribute(name);
            String[] values = new String[n];
            for (int r = 0; r < n; r++) {
                values[r] = attr.group(attr.groupOf(rows[r]));
            }
            b.attribute(UserAttribute.of(name, values, attr.groups()));
        }
        return b.build();
    }

    private static void assertSameResults(Map<String, MetricResult> expected, Map<String, MetricResult> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        for (String name : expected.keySet()) {
            MetricResult e = expected.get(name);
            MetricResult a = actual.get(name);
            assertEquals(e.value(), a.value(), 1e-12, name);
            assertEquals(e.breakdown().keySet(), a.breakdown().keySet(), name);
            for (String key : e.breakdown().keySet()) {
                assertEquals(e.breakdown(key), a.breakdown(key), 1e-12, name + " " + key);
            }
            assertEquals(e.flags(), a.flags(), name);
        }
    }

    @Test
    void identityRowsChangeNothing() {
        MetricSuite suite = MetricSuite.of(MetricRegistry.standard().parseAll(ALL));
        Recommendations recs = TestData.small();
        Recommendations same = recs.rows(new int[]{0, 1, 2, 3});
        assertSameResults(suite.evaluate(recs), suite.evaluate(same));
        // Computed breakdowns match exactly, not just values.
        assertEquals(suite.evaluate(recs).get("ndcg-gap@2:gender*age").breakdown(), suite.evaluate(same).get("ndcg-gap@2:gender*age").breakdown());
    }

    @Test
    void selectionsMatchTheSameDataBuiltFromScratch() {
        MetricSuite suite = MetricSuite.of(MetricRegistry.standard().parseAll(ALL));
        // Duplicates, a dropped user (u1, the only M) and the unknown user twice.
        int[] rows = {3, 0, 0, 2, 3};
        AuditData small = TestData.smallAudit();
        TopKLists lists = TopKLists.of(TestData.LISTS, 2, 6);
        assertSameResults(suite.evaluate(Recommendations.of(lists.rows(rows), rebuilt(small, rows))),
                suite.evaluate(Recommendations.of(lists, small).rows(rows)));
        // Seeded random audit with exclusions, a resample of its users.
        Random rng = new Random(41);
        AuditData audit = TestData.randomAudit(rng, 30, 20, true);
        Recommendations recs = Recommendations.fromScores(TestData.randomScores(rng, 30, 20), audit, 2);
        int[] resample = new int[45];
        for (int r = 0; r < resample.length; r++) {
            resample[r] = rng.nextInt(30);
        }
        assertSameResults(suite.evaluate(Recommendations.of(recs.lists().rows(resample), rebuilt(audit, resample))),
                suite.evaluate(recs.rows(resample)));
    }

    @Test
    void selectionCarriesUsersAndKeepsItems() {
        AuditData a = AuditData.builder(3, 4).targets(Targets.sets(new int[][]{{1, 2}, {}, {3}}, 4))
                .attribute("gender", "F", UserAttribute.UNKNOWN, "M").attribute("age", "<25", "45+", "45+")
                .history(new int[][]{{0}, {1, 2}, {}}).exclusions(new int[][]{{0}, null, {3, 2}}).itemCounts(new long[]{5, 3, 1, 0})
                .itemGroups(ItemGroups.of("genre", new String[]{"a", "b", "a", "b"})).build();
        ItemGroups pop2 = a.itemGroups("pop2");
        UserAttribute cells = a.attribute("gender*age");
        AuditData s = a.rows(new int[]{2, 0, 2});
        assertEquals(3, s.numUsers());
        assertEquals(4, s.numItems());
        assertArrayEquals(new int[]{3}, s.targets("t").relevant(0));
        assertArrayEquals(new int[]{1, 2}, s.targets("t").relevant(1));
        assertArrayEquals(new int[]{3, 2}, s.exclusions(0));
        assertArrayEquals(new int[]{0}, s.exclusions(1));
        assertArrayEquals(new int[]{0}, s.history(1));
        assertEquals(0, s.historyLength("t", 2));
        // The unknown user was not drawn: its group stays, with a count of 0, and nobody is unknown.
        assertEquals(List.of("F", "M", UserAttribute.UNKNOWN), s.attribute("gender").groups());
        assertEquals(Map.of("F", 1, "M", 2, UserAttribute.UNKNOWN, 0), s.attribute("gender").counts());
        assertEquals(0, s.attribute("gender").unknownCount());
        assertTrue(s.attribute("gender").isUnknown(2));
        // Intersections, whether derived before or after the selection, keep every cell.
        assertEquals(cells.groups(), s.attribute("gender*age").groups());
        UserAttribute fresh = a.rows(new int[]{2, 0, 2}).attribute("gender*age");
        for (int r = 0; r < 3; r++) {
            assertEquals(fresh.groupOf(r), s.attribute("gender*age").groupOf(r));
        }
        assertEquals("M|45+", fresh.group(fresh.groupOf(0)));
        assertEquals("F|<25", fresh.group(fresh.groupOf(1)));
        // Item-side data is that of the source: popularity groups are not recomputed per selection.
        assertSame(pop2, s.itemGroups("pop2"));
        assertArrayEquals(a.itemCounts("t"), s.itemCounts("t"));
        assertSame(a.itemGroups("genre"), s.itemGroups("genre"));
        assertEquals(List.of("genre"), s.itemGroupingNames());
        // Absent parts stay absent.
        AuditData bare = AuditData.builder(2, 3).build().rows(new int[]{1});
        assertFalse(bare.hasTargets());
        assertFalse(bare.hasHistory());
        assertFalse(bare.hasExclusions());
        assertFalse(bare.hasItemCounts());
    }

    @Test
    void badSelectionsAreExplained() {
        AuditData a = TestData.smallAudit();
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> a.rows(new int[0]));
        assertTrue(empty.getMessage().contains("needs at least one row"), empty.getMessage());
        assertThrows(IllegalArgumentException.class, () -> a.rows(null));
        IllegalArgumentException out = assertThrows(IllegalArgumentException.class, () -> a.rows(new int[]{0, 4}));
        assertTrue(out.getMessage().contains("entry 1 is 4, outside the 4 users"), out.getMessage());
        assertThrows(IllegalArgumentException.class, () -> a.rows(new int[]{-1}));
        assertThrows(IllegalArgumentException.class, () -> TestData.small().rows(new int[0]));
        assertThrows(IllegalArgumentException.class, () -> a.attribute("gender").select(new int[]{9}));
    }
}
