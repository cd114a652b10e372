/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.data;

import org.junit.jupiter.api.Test;
import org.tribuo.Example;
import org.tribuo.classification.Label;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SampleBuilderTest {

    /**
     * User 7 (F, 30, artist) rates items 11..17 in a scrambled order with a timestamp tie (items 14 and 12 at t=40:
     * the item id puts 12 first). Chronological order: 13, 15, 12, 14, 16, 11, 17.
     * User 8 (nothing known) has 3 ratings, user 9 only 2 (left out).
     */
    static RatingsData tiny() {
        List<UserInfo> users = List.of(new UserInfo(7, 30, "F", "artist", null),
                new UserInfo(8, null, null, null, null), new UserInfo(9, 40, "M", "doctor", "1"));
        List<ItemInfo> items = new ArrayList<>();
        for (int i = 11; i <= 18; i++) {
            items.add(new ItemInfo(i, "Item " + i, null, List.of()));
        }
        List<Interaction> x = List.of(
                new Interaction(7, 17, 5, 90),
                new Interaction(7, 14, 2, 40),
                new Interaction(7, 13, 4, 10),
                new Interaction(7, 12, 5, 40),
                new Interaction(7, 16, 1, 50),
                new Interaction(7, 15, 3, 20),
                new Interaction(7, 11, 4, 60),
                new Interaction(8, 11, 4, 5),
                new Interaction(8, 12, 4, 6),
                new Interaction(8, 13, 4, 7),
                new Interaction(9, 11, 5, 1),
                new Interaction(9, 12, 5, 2));
        return new RatingsData("tiny", users, items, x, Map.of());
    }

    private static Example<Label> byId(List<Example<Label>> examples, String id) {
        return examples.stream().filter(e -> id.equals(SampleEncoding.metadata(e, SampleEncoding.SAMPLE)))
                .findFirst().orElseThrow(() -> new AssertionError("no sample " + id));
    }

    @Test
    void userSamplesIsTheStepBuildTakesForEachUser() {
        RatingsData data = tiny();
        // minRating 2 drops user 7's rating of item 16 inside the per-user step too.
        SampleBuilder b = new SampleBuilder(2, 2, 3);
        SampleSplits s = b.build(data);
        List<Interaction> seven = data.interactions().stream().filter(x -> x.user() == 7).toList();
        SampleBuilder.UserSamples u = b.userSamples(data.users().get(7), seven);
        assertArrayEquals(s.sequence(7), u.sequence());
        List<Example<Label>> expected = new ArrayList<>(s.train());
        expected.add(byId(s.validation(), "7:" + (u.sequence().length - 2)));
        expected.add(byId(s.test(), "7:" + (u.sequence().length - 1)));
        List<Example<Label>> got = new ArrayList<>(u.train());
        got.add(u.validation());
        got.add(u.test());
        assertEquals(expected.size(), got.size());
        for (int i = 0; i < got.size(); i++) {
            assertEquals(expected.get(i).getOutput(), got.get(i).getOutput());
            assertArrayEquals(SampleEncoding.decodeHistory(expected.get(i)), SampleEncoding.decodeHistory(got.get(i)));
            assertEquals(expected.get(i).getMetadata(), got.get(i).getMetadata());
        }
        List<Interaction> nine = data.interactions().stream().filter(x -> x.user() == 9).toList();
        assertNull(b.userSamples(data.users().get(9), nine), "2 interactions: left out");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.userSamples(data.users().get(8), seven));
        assertTrue(e.getMessage().contains("Interaction of user 7 among the interactions of user 8"), e.getMessage());
    }

    @Test
    void leaveOneOutWithSlidingWindow() {
        SampleSplits s = new SampleBuilder(2, 0, 3).build(tiny());
        assertEquals(Set.of(7, 8), s.users());
        assertArrayEquals(new int[]{13, 15, 12, 14, 16, 11, 17}, s.sequence(7));
        // User 7: n = 7, training targets at positions 1..4; user 8: n = 3, none.
        List<String> ids = new ArrayList<>();
        for (Example<Label> e : s.train()) {
            ids.add(SampleEncoding.metadata(e, SampleEncoding.SAMPLE));
        }
        assertEquals(List.of("7:1", "7:2", "7:3", "7:4"), ids);
        Example<Label> p1 = byId(s.train(), "7:1");
        assertArrayEquals(new int[]{13}, SampleEncoding.decodeHistory(p1));
        assertEquals("15", p1.getOutput().getLabel());
        Example<Label> p4 = byId(s.train(), "7:4");
        assertArrayEquals(new int[]{12, 14}, SampleEncoding.decodeHistory(p4), "window of L = 2");
        assertEquals(16, SampleEncoding.itemId(p4.getOutput()));
        assertEquals("50", SampleEncoding.metadata(p4, SampleEncoding.TIMESTAMP));

        Example<Label> val = byId(s.validation(), "7:5");
        assertArrayEquals(new int[]{14, 16}, SampleEncoding.decodeHistory(val));
        assertEquals("11", val.getOutput().getLabel());
        assertEquals("validation", SampleEncoding.metadata(val, SampleEncoding.SPLIT));
        Example<Label> test = byId(s.test(), "7:6");
        assertArrayEquals(new int[]{16, 11}, SampleEncoding.decodeHistory(test), "test history includes the validation item");
        assertEquals("17", test.getOutput().getLabel());
        assertEquals("test", SampleEncoding.metadata(test, SampleEncoding.SPLIT));

        assertEquals("F", SampleEncoding.metadata(test, SampleEncoding.GENDER));
        assertEquals("30", SampleEncoding.metadata(test, SampleEncoding.AGE));
        assertEquals("artist", SampleEncoding.metadata(test, SampleEncoding.OCCUPATION));
        assertEquals("7", SampleEncoding.metadata(test, SampleEncoding.USER));

        // User 8: only validation (history [11]) and test (history [11, 12]); unknown attributes are omitted.
        Example<Label> v8 = byId(s.validation(), "8:1");
        assertArrayEquals(new int[]{11}, SampleEncoding.decodeHistory(v8));
        Example<Label> t8 = byId(s.test(), "8:2");
        assertArrayEquals(new int[]{11, 12}, SampleEncoding.decodeHistory(t8));
        assertNull(SampleEncoding.metadata(t8, SampleEncoding.GENDER));
        assertFalse(t8.getMetadata().containsKey(SampleEncoding.AGE));
        assertFalse(t8.getMetadata().containsKey(SampleEncoding.OCCUPATION));
        assertEquals(2, s.validation().size());
        assertEquals(2, s.test().size());
    }

    @Test
    void exclusionsPopularityAndCatalogue() {
        SampleSplits s = new SampleBuilder(2, 0, 3).build(tiny());
        assertEquals(Set.of("13", "15", "12", "14", "16"), s.seenItems("validation").get("7"));
        assertEquals(Set.of("13", "15", "12", "14", "16", "11"), s.seenItems("test").get("7"));
        assertEquals(Set.of("11"), s.seenItems("validation").get("8"));
        assertEquals(Set.of("11", "12"), s.seenItems("test").get("8"));
        assertEquals(Set.of("7", "8"), s.seenItems("test").keySet());
        assertEquals(s.seenItems("validation"), s.seenItems("train"));
        assertThrows(IllegalArgumentException.class, () -> s.seenItems("dev"));
        // Training prefixes: user 7 -> 13, 15, 12, 14, 16; user 8 -> 11.
        Map<Integer, Integer> expected = Map.of(11, 1, 12, 1, 13, 1, 14, 1, 15, 1, 16, 1);
        assertEquals(expected, s.trainItemCounts());
        assertEquals(Set.of(11, 12, 13, 14, 15, 16, 17, 18), s.catalogue());
        assertEquals(Optional.of("7:3"), s.trainingSampleId(7, 14));
        assertEquals(Optional.empty(), s.trainingSampleId(7, 13), "position 0 is not a target");
        assertEquals(Optional.empty(), s.trainingSampleId(7, 11), "validation target");
        assertEquals(Optional.empty(), s.trainingSampleId(9, 11), "user left out");
        assertThrows(IllegalArgumentException.class, () -> s.sequence(9));
        assertThrows(UnsupportedOperationException.class, () -> s.train().clear());
        assertThrows(UnsupportedOperationException.class, () -> s.seenItems("test").get("7").add("99"));
    }

    @Test
    void minRatingAndMinInteractionsFilter() {
        // Rating >= 3 keeps user 7's 13, 15, 12, 11, 17 (14 and 16 dropped): order 13, 15, 12, 11, 17.
        SampleSplits s = new SampleBuilder(10, 3, 3).build(tiny());
        assertArrayEquals(new int[]{13, 15, 12, 11, 17}, s.sequence(7));
        assertEquals(2, s.train().size());
        assertArrayEquals(new int[]{13, 15, 12}, SampleEncoding.decodeHistory(byId(s.validation(), "7:3")));
        SampleSplits strict = new SampleBuilder(10, 0, 4).build(tiny());
        assertEquals(Set.of(7), strict.users());
        assertThrows(IllegalArgumentException.class, () -> new SampleBuilder(10, 0, 8).build(tiny()));
    }

    @Test
    void invalidParameters() {
        assertThrows(IllegalArgumentException.class, () -> new SampleBuilder(0, 0, 3));
        assertThrows(IllegalArgumentException.class, () -> new SampleBuilder(10, 6, 3));
        assertThrows(IllegalArgumentException.class, () -> new SampleBuilder(10, -1, 3));
        assertThrows(IllegalArgumentException.class, () -> new SampleBuilder(10, 0, 2));
        SampleBuilder d = new SampleBuilder();
        assertEquals(10, d.historyLength());
        assertEquals(0, d.minRating());
        assertEquals(3, d.minInteractions());
    }

    @Test
    void deterministic() {
        SampleSplits a = new SampleBuilder().build(tiny());
        SampleSplits b = new SampleBuilder().build(tiny());
        assertEquals(a.train(), b.train());
        assertEquals(a.test(), b.test());
    }

    /** Users 1..4 rate items 1..6 (user u: 5 items starting at u); user 2 has no gender, user 4 no demographics. */
    private static RatingsData withUnknownDemographics() {
        List<UserInfo> users = List.of(new UserInfo(1, 30, "F", "artist", null), new UserInfo(2, 40, null, "doctor", null),
                new UserInfo(3, 20, "M", null, null), new UserInfo(4, null, null, null, null));
        List<ItemInfo> items = new ArrayList<>();
        for (int i = 1; i <= 9; i++) {
            items.add(new ItemInfo(i, "Item " + i, null, List.of()));
        }
        List<Interaction> x = new ArrayList<>();
        for (int u = 1; u <= 4; u++) {
            for (int k = 0; k < 5; k++) {
                x.add(new Interaction(u, u + k, 4, 10L * k));
            }
        }
        return new RatingsData("unknowns", users, items, x, Map.of());
    }

    @Test
    void usersWithoutSensitiveAttributesAreCountedAsUnknown() {
        SampleSplits s = new SampleBuilder().build(withUnknownDemographics());
        assertEquals(Set.of(1, 2, 3, 4), s.users(), "users without demographics are kept");
        Example<Label> v2 = byId(s.validation(), "2:3");
        assertFalse(v2.getMetadata().containsKey(SampleEncoding.GENDER));
        assertEquals("40", SampleEncoding.metadata(v2, SampleEncoding.AGE));
        org.tribuo.MutableDataset<Label> train = new org.tribuo.MutableDataset<>(
                new org.tribuo.datasource.ListDataSource<>(s.train(), new org.tribuo.classification.LabelFactory(),
                        new org.tribuo.provenance.SimpleDataSourceProvenance("train", new org.tribuo.classification.LabelFactory())));
        org.tribuo.MutableDataset<Label> validation = new org.tribuo.MutableDataset<>(
                new org.tribuo.datasource.ListDataSource<>(s.validation(), new org.tribuo.classification.LabelFactory(),
                        new org.tribuo.provenance.SimpleDataSourceProvenance("validation", new org.tribuo.classification.LabelFactory())));
        org.tribuo.Model<Label> model = new dev.fudlr.model.baseline.MostPopularTrainer(false).train(train);
        dev.fudlr.fairness.evaluation.FairnessEvaluation eval = dev.fudlr.fairness.evaluation.RecommendationFairnessEvaluator
                .builder().metrics("hr@2").attributes(SampleEncoding.GENDER, SampleEncoding.OCCUPATION).build()
                .evaluate(model, validation);
        assertEquals(Map.of("F", 1, "M", 1, "unknown", 2), eval.groupCounts(SampleEncoding.GENDER));
        assertEquals(Map.of("artist", 1, "doctor", 1, "unknown", 2), eval.groupCounts(SampleEncoding.OCCUPATION));
    }

    @Test
    void targetsNeverSeenInTrainingAreListed() {
        // User u's sequence is u..u+4, its training prefix u..u+2: the prefixes cover items 1..6, so of the
        // validation targets 4..7 item 7 (user 4) and of the test targets 5..8 items 7 (user 3) and 8 (user 4) are unseen.
        SampleSplits s = new SampleBuilder().build(withUnknownDemographics());
        assertEquals(List.of("4:3"), s.targetsUnseenInTraining(SampleSplits.VALIDATION));
        assertEquals(List.of("3:4", "4:4"), s.targetsUnseenInTraining(SampleSplits.TEST));
        assertEquals(List.of(), s.targetsUnseenInTraining(SampleSplits.TRAIN));
        assertThrows(IllegalArgumentException.class, () -> s.targetsUnseenInTraining("dev"));
        assertThrows(IllegalArgumentException.class, () -> s.targetsUnseenInTraining(null));
    }

    @Test
    void emptyTrainingSplitIsRejectedByTrainers() {
        // Every user with exactly 3 interactions: validation and test samples, no training target.
        List<Interaction> x = new ArrayList<>();
        for (Interaction i : tiny().interactions()) {
            if (i.user() == 8) {
                x.add(i);
            }
        }
        RatingsData three = new RatingsData("three", tiny().users().values(), tiny().items().values(), x, Map.of());
        SampleSplits s = new SampleBuilder().build(three);
        assertEquals(0, s.train().size());
        assertEquals(1, s.validation().size());
        org.tribuo.MutableDataset<Label> train = new org.tribuo.MutableDataset<>(
                new org.tribuo.datasource.ListDataSource<>(s.train(), new org.tribuo.classification.LabelFactory(),
                        new org.tribuo.provenance.SimpleDataSourceProvenance("train", new org.tribuo.classification.LabelFactory())));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new dev.fudlr.model.baseline.MostPopularTrainer(false).train(train));
        assertTrue(e.getMessage().contains("empty dataset"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> dev.fudlr.model.LmRecommenderTrainer.builder().build().train(train));
        assertTrue(e.getMessage().contains("empty dataset"), e.getMessage());
    }

    @Test
    void realMovieLens100k() {
        RatingsData data = MovieLensReader.read100k(TestData.realMl100k());
        long start = System.nanoTime();
        SampleSplits s = new SampleBuilder().build(data);
        long ms = (System.nanoTime() - start) / 1_000_000;
        System.out.println("ML-100K samples built in " + ms + " ms");
        // Every ML-100K user has at least 20 ratings, so all 943 are included and each contributes n - 3 samples.
        assertEquals(943, s.users().size());
        assertEquals(100_000 - 3 * 943, s.train().size());
        assertEquals(943, s.validation().size());
        assertEquals(943, s.test().size());
        int trainCountTotal = s.trainItemCounts().values().stream().mapToInt(Integer::intValue).sum();
        assertEquals(100_000 - 2 * 943, trainCountTotal);
        assertEquals(1682, s.catalogue().size());
        // Counted independently (a script over u.data): 2 validation and 3 test targets occur in no training prefix.
        assertEquals(2, s.targetsUnseenInTraining(SampleSplits.VALIDATION).size());
        assertEquals(3, s.targetsUnseenInTraining(SampleSplits.TEST).size());
        // Test exclusions + test target + ... = whole sequence for every user.
        Map<String, Integer> seqLen = new HashMap<>();
        for (Interaction x : data.interactions()) {
            seqLen.merge(Integer.toString(x.user()), 1, Integer::sum);
        }
        for (Map.Entry<String, Set<String>> e : s.seenItems("test").entrySet()) {
            assertEquals(seqLen.get(e.getKey()) - 1, e.getValue().size());
        }
        for (Example<Label> e : s.test()) {
            String user = SampleEncoding.metadata(e, SampleEncoding.USER);
            assertFalse(s.seenItems("test").get(user).contains(e.getOutput().getLabel()), "test target is never excluded");
            assertTrue(SampleEncoding.decodeHistory(e).length == 10);
        }
    }
    @Test
    void historyLengthIsCappedAndTheMemoryEstimateCountsHistoryItemsExactly() {
        assertEquals(SampleBuilder.MAX_HISTORY_LENGTH, new SampleBuilder(SampleBuilder.MAX_HISTORY_LENGTH, 0, 3).historyLength());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SampleBuilder(1001, 0, 3));
        assertTrue(e.getMessage().startsWith("historyLength must be at most 1000 (SampleBuilder.MAX_HISTORY_LENGTH)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SampleBuilder(Integer.MAX_VALUE, 0, 3));
        // The heap estimate's history term: user 7 (7 interactions) and user 8 (3); user 9 is left out.
        for (int l : new int[]{1, 2, 3, 10, SampleBuilder.MAX_HISTORY_LENGTH}) {
            SampleSplits s = new SampleBuilder(l, 0, 3).build(tiny());
            long features = 0;
            long samples = 0;
            for (String split : SampleSplits.SPLITS) {
                for (Example<Label> x : s.examples(split)) {
                    features += x.size();
                    samples++;
                }
            }
            assertEquals(SampleBuilder.historyItems(7, l) + SampleBuilder.historyItems(3, l), features, "L = " + l);
            assertEquals(6 + 2, samples);
        }
        assertEquals(0, SampleBuilder.historyItems(1, 10));
        assertEquals(Long.MAX_VALUE, SampleBuilder.estimatedBytes(1e30, 0), "saturates");
    }
}
