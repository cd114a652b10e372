/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.debias;

import dev.fudlr.data.MovieLensDataSource;
import dev.fudlr.data.SampleBuilder;
import dev.fudlr.data.SampleEncoding;
import dev.fudlr.data.SampleSplits;
import dev.fudlr.data.SyntheticGenerator;
import dev.fudlr.model.ItemIndex;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tribuo.Example;
import org.tribuo.classification.Label;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The training summary: an exact small case (counts, first-seen order, age buckets), and the property the Spark module
 * relies on: parts summarised separately merge into the whole's summary, in index order for any split and in any
 * order when each user's samples are in one part.
 */
class TrainingSummaryTest {
    private static final List<String> ATTRIBUTES = List.of(SampleEncoding.GENDER, SampleEncoding.AGE);

    static SampleSplits splits;
    static ItemIndex items;

    @BeforeAll
    static void data() {
        splits = MovieLensDataSource.splits(SyntheticGenerator.generate(SyntheticGenerator.Config.defaults()), new SampleBuilder(5, 0, 3));
        List<String> ids = new ArrayList<>();
        for (Example<Label> e : splits.train()) {
            ids.add(e.getOutput().getLabel());
        }
        items = ItemIndex.of(ids);
    }

    private static Example<Label> sample(String user, int[] history, int target, String gender, String age) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(SampleEncoding.USER, user);
        if (gender != null) {
            m.put(SampleEncoding.GENDER, gender);
        }
        if (age != null) {
            m.put(SampleEncoding.AGE, age);
        }
        return SampleEncoding.encode(history, target, m);
    }

    @Test
    void aSmallCaseCountsTargetsKeepsFirstSeenOrderAndBucketsAges() {
        ItemIndex small = ItemIndex.of(List.of("1", "2", "3", "4", "5"));
        List<Example<Label>> train = List.of(
            sample("u", new int[]{2, 1}, 3, "F", "23"),
            sample("v", new int[]{5}, 3, "M", null),
            // 9 is outside the catalogue: neither counted nor seen.
            sample("u", new int[]{4, 9}, 5, "F", "23"),
            sample("u", new int[]{3}, 9, "F", "23"));
        TrainingSummary s = TrainingSummary.of(small, train, Set.of("u"), ATTRIBUTES);
        assertEquals(4, s.samples());
        assertArrayEquals(new long[]{0, 0, 2, 0, 1}, s.itemCounts());
        // u: target 3 first, then the history features (in feature order), then 5 and 4 from the second sample.
        List<Integer> history = TrainingSummary.historyItems(train.get(0), small);
        int[] expected = new int[2 + history.size() + 1];
        expected[0] = small.index("3");
        for (int j = 0; j < history.size(); j++) {
            expected[1 + j] = history.get(j);
        }
        expected[1 + history.size()] = small.index("5");
        expected[2 + history.size()] = small.index("4");
        assertArrayEquals(expected, s.seenItems("u"));
        // v was not asked for: no seen items kept.
        assertArrayEquals(new int[0], s.seenItems("v"));
        assertEquals(Map.of("F", 3, "M", 1), s.groupCounts(SampleEncoding.GENDER));
        assertEquals(Map.of(ReportDetails.groupOf(train.get(0), SampleEncoding.AGE), 3, ReportDetails.groupOf(train.get(1), SampleEncoding.AGE), 1),
                     s.groupCounts(SampleEncoding.AGE));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.groupCounts("occupation"));
        assertTrue(e.getMessage().contains("occupation"), e.getMessage());
    }

    @Test
    void partsInIndexOrderMergeIntoTheWholeForAnySplit() {
        List<Example<Label>> train = splits.train();
        TrainingSummary whole = TrainingSummary.of(items, train, null, ATTRIBUTES);
        // Cuts inside users' runs of samples too: the merge must keep first-seen order across the cut.
        for (int cut : new int[]{1, 7, train.size() / 3, train.size() - 1}) {
            TrainingSummary merged = TrainingSummary.merge(TrainingSummary.of(items, train.subList(0, cut), null, ATTRIBUTES),
                                                           TrainingSummary.of(items, train.subList(cut, train.size()), null, ATTRIBUTES));
            assertSame(whole, merged, TrainingSummary.users(train));
        }
    }

    @Test
    void partsWithDisjointUsersMergeInAnyOrder() {
        List<Example<Label>> train = splits.train();
        Map<String, List<Example<Label>>> byUser = new TreeMap<>();
        for (Example<Label> e : train) {
            byUser.computeIfAbsent(SampleEncoding.metadata(e, SampleEncoding.USER), u -> new ArrayList<>()).add(e);
        }
        Set<String> audit = TrainingSummary.users(splits.validation());
        TrainingSummary whole = TrainingSummary.of(items, train, audit, ATTRIBUTES);
        List<String> users = new ArrayList<>(byUser.keySet());
        java.util.Collections.reverse(users);
        TrainingSummary merged = null;
        for (String u : users) {
            TrainingSummary part = TrainingSummary.of(items, byUser.get(u), audit, ATTRIBUTES);
            merged = merged == null ? part : TrainingSummary.merge(merged, part);
        }
        assertSame(whole, merged, audit);
    }

    @Test
    void aSummaryCrossesTheWireAndMismatchedPartsAreRefused() throws Exception {
        TrainingSummary s = TrainingSummary.of(items, splits.train(), null, ATTRIBUTES);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(s);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertSame(s, (TrainingSummary) in.readObject(), TrainingSummary.users(splits.train()));
        }
        TrainingSummary other = TrainingSummary.of(items, splits.train(), null, List.of(SampleEncoding.GENDER));
        assertThrows(IllegalArgumentException.class, () -> TrainingSummary.merge(s, other));
    }

    @Test
    void theAuditExcludesWhatEachUserSawInTraining() {
        List<Example<Label>> train = splits.train();
        List<Example<Label>> audit = RecommenderAudit.inCatalogue(items, splits.validation());
        var data = RecommenderAudit.build(items, TrainingSummary.of(items, train, TrainingSummary.users(audit), List.of()), audit,
                                          List.of(SampleEncoding.GENDER));
        // Reference: per user, the set of catalogue items among their training targets and histories.
        Map<String, java.util.Set<Integer>> seen = new java.util.HashMap<>();
        long[] counts = new long[items.size()];
        for (Example<Label> e : train) {
            java.util.Set<Integer> s = seen.computeIfAbsent(SampleEncoding.metadata(e, SampleEncoding.USER), u -> new java.util.TreeSet<>());
            int t = items.index(e.getOutput().getLabel());
            if (t >= 0) {
                counts[t]++;
                s.add(t);
            }
            for (int h : SampleEncoding.decodeHistory(e)) {
                if (items.index(Integer.toString(h)) >= 0) {
                    s.add(items.index(Integer.toString(h)));
                }
            }
        }
        assertArrayEquals(counts, data.itemCounts("mgu@10"));
        for (int r = 0; r < audit.size(); r++) {
            Example<Label> e = audit.get(r);
            java.util.Set<Integer> expected = new java.util.TreeSet<>(seen.getOrDefault(SampleEncoding.metadata(e, SampleEncoding.USER), Set.of()));
            for (int h : SampleEncoding.decodeHistory(e)) {
                if (items.index(Integer.toString(h)) >= 0) {
                    expected.add(items.index(Integer.toString(h)));
                }
            }
            expected.remove(items.index(e.getOutput().getLabel()));
            java.util.Set<Integer> actual = new java.util.TreeSet<>();
            for (int i : data.exclusions(r)) {
                actual.add(i);
            }
            assertEquals(expected, actual, "exclusions of audit row " + r);
        }
        // A summary of another catalogue is refused.
        ItemIndex fewer = ItemIndex.of(items.ids().subList(0, items.size() - 1));
        assertThrows(IllegalArgumentException.class,
                     () -> RecommenderAudit.build(fewer, TrainingSummary.of(items, train, null, List.of()), audit, List.of()));
    }

    private static void assertSame(TrainingSummary expected, TrainingSummary actual, Set<String> users) {
        assertEquals(expected.samples(), actual.samples());
        assertArrayEquals(expected.itemCounts(), actual.itemCounts());
        for (String u : users) {
            assertArrayEquals(expected.seenItems(u), actual.seenItems(u), "seen items of user " + u);
        }
        assertEquals(expected.attributes(), actual.attributes());
        for (String a : expected.attributes()) {
            assertEquals(expected.groupCounts(a), actual.groupCounts(a), a);
        }
    }
}
