/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.data;

import dev.fudlr.reliability.ResourceLimitException;
import org.junit.jupiter.api.Test;
import org.tribuo.Example;
import org.tribuo.classification.Label;

import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SyntheticGeneratorTest {

    @Test
    void sameSeedSameDataDifferentSeedDifferentData() {
        SyntheticData a = SyntheticGenerator.generate(7);
        SyntheticData b = SyntheticGenerator.generate(7);
        SyntheticData c = SyntheticGenerator.generate(8);
        assertEquals(a.ratings().interactions(), b.ratings().interactions());
        assertEquals(a.ratings().users(), b.ratings().users());
        assertEquals(a.ratings().items(), b.ratings().items());
        assertEquals(a.biasInducingSampleIds(), b.biasInducingSampleIds());
        assertEquals(a.ratings().combinedSha256(), b.ratings().combinedSha256());
        assertNotEquals(a.ratings().interactions(), c.ratings().interactions());
        assertNotEquals(a.biasInducingSampleIds(), c.biasInducingSampleIds());
        assertNotEquals(a.ratings().combinedSha256(), c.ratings().combinedSha256());
    }

    @Test
    void schemaLikeMovieLens() {
        SyntheticGenerator.Config config = SyntheticGenerator.Config.defaults();
        SyntheticData d = SyntheticGenerator.generate(config);
        RatingsData r = d.ratings();
        assertEquals("synthetic", r.name());
        assertEquals(300, r.users().size());
        assertEquals(200, r.items().size());
        assertTrue(r.fileHashes().isEmpty());
        Set<String> genres = new HashSet<>(SyntheticGenerator.GENRE_POOL.subList(0, config.genreCount()));
        for (ItemInfo it : r.items().values()) {
            assertEquals("Synthetic movie " + it.id() + " (" + it.year() + ")", it.title());
            assertTrue(genres.containsAll(it.genres()) && !it.genres().isEmpty() && it.genres().size() <= 2);
        }
        for (UserInfo u : r.users().values()) {
            assertTrue(u.gender().equals("M") || u.gender().equals("F"));
            assertTrue(u.age() >= 18 && u.age() <= 65);
            assertTrue(SyntheticGenerator.OCCUPATIONS.contains(u.occupation()));
        }
        Map<Integer, Long> perUser = r.interactions().stream().collect(Collectors.groupingBy(Interaction::user, Collectors.counting()));
        assertEquals(300, perUser.size());
        assertTrue(perUser.values().stream().allMatch(n -> n >= 10 && n <= 40));
        long female = r.users().values().stream().filter(u -> u.gender().equals("F")).count();
        assertTrue(female > 60 && female < 120, "about 30% of 300 users are female: " + female);
        assertEquals(90, d.biasInducingUsers().size(), "30% of 300");
        assertEquals(20, d.headItems().size(), "10% of 200");
        // Every bias-inducing interaction belongs to a bias-inducing user.
        assertTrue(d.biasInducingInteractions().stream().allMatch(x -> d.biasInducingUsers().contains(x.user())));
    }

    @Test
    void groundTruthUsesTheSampleBuilderIdScheme() {
        SyntheticData d = SyntheticGenerator.generate(3);
        SampleSplits splits = new SampleBuilder().build(d.ratings());
        assertEquals(d.biasInducingSampleIds(), d.biasInducingSampleIds(splits));
        assertFalse(d.biasInducingSampleIds().isEmpty());
        Set<String> trainIds = splits.train().stream().map(e -> SampleEncoding.metadata(e, SampleEncoding.SAMPLE)).collect(Collectors.toSet());
        assertTrue(trainIds.containsAll(d.biasInducingSampleIds()));
        // Each id's training sample targets a popularity-driven interaction.
        Set<String> pairs = d.biasInducingInteractions().stream().map(x -> x.user() + "/" + x.item()).collect(Collectors.toSet());
        for (Example<Label> e : splits.train()) {
            String id = SampleEncoding.metadata(e, SampleEncoding.SAMPLE);
            String pair = SampleEncoding.metadata(e, SampleEncoding.USER) + "/" + e.getOutput().getLabel();
            assertEquals(pairs.contains(pair), d.biasInducingSampleIds().contains(id), id);
        }
        // With a rating threshold, positions shift; the mapping follows them and only keeps training targets.
        SampleSplits liked = new SampleBuilder(10, 3, 3).build(d.ratings());
        Set<String> likedIds = d.biasInducingSampleIds(liked);
        Set<String> likedTrain = liked.train().stream().map(e -> SampleEncoding.metadata(e, SampleEncoding.SAMPLE)).collect(Collectors.toSet());
        assertTrue(likedTrain.containsAll(likedIds));
        assertThrows(IllegalArgumentException.class, () -> d.biasInducingSampleIds(new SampleBuilder().build(SyntheticGenerator.generate(3).ratings())));
    }

    private static double[] headShares(SyntheticData d, SampleSplits s, Set<String> head) {
        int biasHead = 0, bias = 0, otherHead = 0, other = 0;
        for (Example<Label> e : s.train()) {
            boolean inHead = head.contains(e.getOutput().getLabel());
            if (d.biasInducingSampleIds().contains(SampleEncoding.metadata(e, SampleEncoding.SAMPLE))) {
                bias++;
                biasHead += inHead ? 1 : 0;
            } else {
                other++;
                otherHead += inHead ? 1 : 0;
            }
        }
        return new double[]{(double) biasHead / bias, (double) otherHead / other};
    }

    @Test
    void plantedPopularityBiasIsMeasurable() {
        SyntheticData d = SyntheticGenerator.generate(SyntheticGenerator.Config.defaults());
        SampleSplits s = new SampleBuilder().build(d.ratings());
        // Planted head: Zipf(1.2) over 200 items puts about 70% of the mass on the top 20 (less after a user has
        // taken some of them), while true preference ignores popularity rank, so other samples hit the head about
        // 10% of the time.
        Set<String> planted = d.headItems().stream().map(String::valueOf).collect(Collectors.toSet());
        double[] p = headShares(d, s, planted);
        System.out.printf("planted-head share: bias-inducing %.3f, others %.3f%n", p[0], p[1]);
        assertTrue(p[0] > 0.4, "bias-inducing planted-head share " + p[0]);
        assertTrue(p[1] < 0.15, "other planted-head share " + p[1]);
        // What a recommender sees: the 20 most frequent items of the training prefixes. Only part of it is the
        // planted head (true-preference favourites are popular too), so the gap is smaller but must remain.
        Set<String> empirical = s.trainItemCounts().entrySet().stream()
                .sorted(Map.Entry.<Integer, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(20).map(e -> Integer.toString(e.getKey())).collect(Collectors.toSet());
        double[] e = headShares(d, s, empirical);
        System.out.printf("empirical-head share: bias-inducing %.3f, others %.3f%n", e[0], e[1]);
        assertTrue(e[0] > 1.5 * e[1], e[0] + " vs " + e[1]);
        // Control: without bias-inducing users there is no ground truth and no planted-head excess.
        SyntheticData none = SyntheticGenerator.generate(SyntheticGenerator.Config.defaults().withBias(1.2, 0.0, 0.6, 4.0));
        assertTrue(none.biasInducingSampleIds().isEmpty());
        assertTrue(none.biasInducingInteractions().isEmpty());
        long headTargets = new SampleBuilder().build(none.ratings()).train().stream()
                .filter(x -> none.headItems().contains(SampleEncoding.itemId(x.getOutput()))).count();
        double share = (double) headTargets / new SampleBuilder().build(none.ratings()).train().size();
        assertTrue(share < 0.15, "planted-head share without bias " + share);
    }

    private static double favouredShareRatio(SyntheticData d) {
        int[] fav = new int[2];
        int[] all = new int[2];
        for (Interaction x : d.ratings().interactions()) {
            int g = d.ratings().users().get(x.user()).gender().equals("F") ? 0 : 1;
            all[g]++;
            if (d.ratings().items().get(x.item()).genres().contains(d.favouredGenre())) {
                fav[g]++;
            }
        }
        double f = (double) fav[0] / all[0];
        double m = (double) fav[1] / all[1];
        System.out.printf("favoured-genre share: female %.3f, male %.3f%n", f, m);
        return f / m;
    }

    @Test
    void plantedGenderGenreBiasIsMeasurable() {
        // With a 4x affinity boost over 8 genres, female users' share of the favoured genre should be well above
        // male users'; with no boost the two shares should be about equal.
        double boosted = favouredShareRatio(SyntheticGenerator.generate(SyntheticGenerator.Config.defaults()));
        assertTrue(boosted > 1.8, "female/male favoured-genre share ratio " + boosted);
        double control = favouredShareRatio(SyntheticGenerator.generate(SyntheticGenerator.Config.defaults().withBias(1.0, 0.3, 0.5, 1.0)));
        assertTrue(control > 0.75 && control < 1.33, "control ratio " + control);
    }

    @Test
    void cleanPopulationHasTheSameItemsAndNoPlantedBias() {
        SyntheticGenerator.Config config = SyntheticGenerator.Config.defaults().withGenderConfounders(0.3, 0.5);
        SyntheticData biased = SyntheticGenerator.generate(config);
        SyntheticData clean = SyntheticGenerator.generateClean(config);
        assertEquals(biased.ratings().items(), clean.ratings().items());
        assertEquals(biased.headItems(), clean.headItems());
        assertTrue(clean.biasInducingUsers().isEmpty() && clean.biasInducingInteractions().isEmpty());
        assertTrue(clean.genderConfounders().isEmpty() && clean.genderBiasInducingInteractions().isEmpty());
        assertFalse(biased.genderConfounders().isEmpty());
        assertNotEquals(biased.ratings().interactions(), clean.ratings().interactions());
        // The taste structure of confounder mode is kept: male users prefer the male-favoured genre.
        String maleGenre = SyntheticGenerator.MALE_FAVOURED_GENRE;
        Map<Integer, List<String>> genres = clean.ratings().items().entrySet().stream()
            .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().genres()));
        double[] share = new double[2];
        double[] count = new double[2];
        for (Interaction x : clean.ratings().interactions()) {
            int g = clean.ratings().users().get(x.user()).gender().equals("M") ? 0 : 1;
            count[g]++;
            share[g] += genres.get(x.item()).contains(maleGenre) ? 1 : 0;
        }
        assertTrue(share[0] / count[0] > 1.8 * share[1] / count[1], "male vs female share " + share[0] / count[0] + " " + share[1] / count[1]);
        assertEquals(clean.ratings().interactions(), SyntheticGenerator.generateClean(config).ratings().interactions());
    }

    @Test
    void genderConfoundersAreUnknownGenderAccountsWhoseTrainingDrawsFollowWrongSequels() {
        SyntheticGenerator.Config plain = SyntheticGenerator.Config.defaults().withSizes(1000, 200, 12, 25);
        SyntheticData base = SyntheticGenerator.generate(plain);
        SyntheticData conf = SyntheticGenerator.generate(plain.withGenderConfounders(0.3, 0.5));
        assertTrue(base.genderConfounders().isEmpty());
        assertTrue(base.genderBiasInducingSampleIds(new SampleBuilder().build(base.ratings())).isEmpty());
        assertTrue(base.ratings().users().values().stream().allMatch(u -> u.gender() != null));
        Set<Integer> confounders = conf.genderConfounders();
        long notFemale = conf.ratings().users().values().stream().filter(u -> !"F".equals(u.gender())).count();
        // About half of the users who would be male; their accounts record no gender, every other account does.
        assertTrue(confounders.size() > 0.35 * notFemale && confounders.size() < 0.65 * notFemale, confounders.size() + " of " + notFemale);
        for (UserInfo u : conf.ratings().users().values()) {
            assertEquals(confounders.contains(u.id()), u.gender() == null, "user " + u.id());
        }
        assertEquals(base.biasInducingUsers(), conf.biasInducingUsers());

        Map<Integer, List<String>> genres = conf.ratings().items().entrySet().stream()
            .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().genres()));
        Map<Integer, List<Interaction>> byUser = conf.ratings().interactions().stream()
            .collect(Collectors.groupingBy(Interaction::user, java.util.TreeMap::new, Collectors.toList()));
        Set<Interaction> planted = conf.genderBiasInducingInteractions();
        assertFalse(planted.isEmpty());
        // Each planted draw: a confounder's, at a training position, right after a favoured-genre item, outside that
        // genre, and always the same item after the same favoured item (a fixed wrong sequel).
        Map<Integer, Integer> wrongSequel = new java.util.HashMap<>();
        // Successors of favoured-genre items: in female histories and in confounders' training positions.
        Map<Integer, Map<Integer, Integer>> femaleNext = new java.util.HashMap<>();
        int confounderTransitions = 0;
        int confounderPlanted = 0;
        for (List<Interaction> xs : byUser.values()) {
            int user = xs.get(0).user();
            String gender = conf.ratings().users().get(user).gender();
            for (int p = 1; p < xs.size(); p++) {
                Interaction prev = xs.get(p - 1);
                Interaction x = xs.get(p);
                boolean favouredBefore = genres.get(prev.item()).get(0).equals(SyntheticGenerator.FAVOURED_GENRE);
                if (planted.contains(x)) {
                    assertTrue(confounders.contains(user), "user " + user);
                    assertTrue(p <= xs.size() - 3, "position " + p + " of " + xs.size());
                    assertTrue(favouredBefore, "after item " + prev.item());
                    assertFalse(genres.get(x.item()).contains(SyntheticGenerator.FAVOURED_GENRE), "item " + x.item());
                    Integer before = wrongSequel.put(prev.item(), x.item());
                    assertTrue(before == null || before == x.item(), "after " + prev.item() + ": " + before + " and " + x.item());
                }
                if (favouredBefore && "F".equals(gender)) {
                    femaleNext.computeIfAbsent(prev.item(), k -> new java.util.HashMap<>()).merge(x.item(), 1, Integer::sum);
                }
                if (favouredBefore && confounders.contains(user) && p <= xs.size() - 3) {
                    confounderTransitions++;
                    confounderPlanted += planted.contains(x) ? 1 : 0;
                }
            }
            // Validation and test draws are never planted.
            assertFalse(planted.contains(xs.get(xs.size() - 1)) || planted.contains(xs.get(xs.size() - 2)));
        }
        // Female users take the sequel of a favoured item about SEQUEL_PROBABILITY of the time (less when it is taken
        // or the draw is popularity-driven): the most frequent successor dominates, and it is not the wrong sequel.
        int femaleTransitions = femaleNext.values().stream().flatMap(m -> m.values().stream()).mapToInt(Integer::intValue).sum();
        int femaleModal = femaleNext.values().stream().mapToInt(m -> m.values().stream().mapToInt(Integer::intValue).max().orElse(0)).sum();
        assertTrue(femaleModal > 0.3 * femaleTransitions, femaleModal + " of " + femaleTransitions);
        // Confounders take the wrong sequel every time, except for popularity-driven draws and wrong sequels already taken.
        assertTrue(confounderPlanted > 0.5 * confounderTransitions, confounderPlanted + " of " + confounderTransitions);
        for (Map.Entry<Integer, Integer> e : wrongSequel.entrySet()) {
            Map<Integer, Integer> next = femaleNext.getOrDefault(e.getKey(), Map.of());
            int modal = next.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(-1);
            assertNotEquals(modal, e.getValue(), "favoured item " + e.getKey());
        }
        // The training-sample ground truth is exactly the planted draws at training positions.
        SampleSplits splits = new SampleBuilder().build(conf.ratings());
        Set<String> ids = conf.genderBiasInducingSampleIds(splits);
        assertEquals(planted.size(), ids.size());
        for (Example<Label> ex : splits.train()) {
            if (ids.contains(SampleEncoding.metadata(ex, SampleEncoding.SAMPLE))) {
                assertTrue(confounders.contains(Integer.parseInt(SampleEncoding.metadata(ex, SampleEncoding.USER))));
            }
        }
        assertThrows(IllegalArgumentException.class, () -> plain.withGenderConfounders(0.3, 1.5));
    }

    @Test
    void autoplayedDrawsAreWrongSequelsInFemaleUsersTrainingPositionsOnly() {
        SyntheticGenerator.Config plain = SyntheticGenerator.Config.defaults().withSizes(1000, 200, 12, 25);
        SyntheticGenerator.Config config = plain.withGenderAutoplay(0.8);
        SyntheticData data = SyntheticGenerator.generate(config);
        assertTrue(SyntheticGenerator.generate(plain).autoplayInteractions().isEmpty());
        assertTrue(data.genderConfounders().isEmpty() && data.genderBiasInducingInteractions().isEmpty());
        Map<Integer, List<String>> genres = data.ratings().items().entrySet().stream()
            .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().genres()));
        Set<Interaction> planted = data.autoplayInteractions();
        Map<Integer, List<Interaction>> byUser = data.ratings().interactions().stream()
            .collect(Collectors.groupingBy(Interaction::user, java.util.TreeMap::new, Collectors.toList()));
        Map<Integer, Integer> wrongSequel = new java.util.HashMap<>();
        // Successors of favoured-genre items in held-out (validation, test) female draws, which autoplay never touches.
        Map<Integer, Map<Integer, Integer>> heldOutNext = new java.util.HashMap<>();
        int femaleTransitions = 0;
        for (List<Interaction> xs : byUser.values()) {
            boolean female = "F".equals(data.ratings().users().get(xs.get(0).user()).gender());
            for (int p = 1; p < xs.size(); p++) {
                Interaction prev = xs.get(p - 1);
                Interaction x = xs.get(p);
                boolean favouredBefore = genres.get(prev.item()).get(0).equals(SyntheticGenerator.FAVOURED_GENRE);
                if (planted.contains(x)) {
                    assertTrue(female, "user " + x.user());
                    assertTrue(p <= xs.size() - 3, "position " + p + " of " + xs.size());
                    assertTrue(favouredBefore, "after item " + prev.item());
                    assertFalse(genres.get(x.item()).contains(SyntheticGenerator.FAVOURED_GENRE), "item " + x.item());
                    Integer before = wrongSequel.put(prev.item(), x.item());
                    assertTrue(before == null || before == x.item(), "after " + prev.item() + ": " + before + " and " + x.item());
                }
                femaleTransitions += female && favouredBefore && p <= xs.size() - 3 ? 1 : 0;
                if (female && favouredBefore && p >= xs.size() - 2) {
                    heldOutNext.computeIfAbsent(prev.item(), k -> new java.util.HashMap<>()).merge(x.item(), 1, Integer::sum);
                }
            }
        }
        // Most female training draws after a favoured item are autoplayed (0.8, less when the wrong sequel is taken or
        // the draw is popularity-driven); held-out draws never take the wrong sequel more than chance would.
        assertTrue(planted.size() > 0.5 * femaleTransitions && planted.size() <= 0.8 * femaleTransitions,
                   planted.size() + " of " + femaleTransitions);
        int heldOut = heldOutNext.values().stream().flatMap(m -> m.values().stream()).mapToInt(Integer::intValue).sum();
        int heldOutWrong = 0;
        for (Map.Entry<Integer, Map<Integer, Integer>> e : heldOutNext.entrySet()) {
            heldOutWrong += e.getValue().getOrDefault(wrongSequel.getOrDefault(e.getKey(), -1), 0);
        }
        assertTrue(heldOutWrong < 0.1 * heldOut, heldOutWrong + " of " + heldOut);
        // Ground truth on samples: exactly the planted training draws; the clean population has none.
        SampleSplits splits = new SampleBuilder().build(data.ratings());
        assertEquals(planted.size(), data.autoplaySampleIds(splits).size());
        assertTrue(SyntheticGenerator.generateClean(config).autoplayInteractions().isEmpty());
        assertEquals(data.ratings().interactions(), SyntheticGenerator.generate(config).ratings().interactions());
        assertThrows(IllegalArgumentException.class, () -> plain.withGenderAutoplay(-0.1));
    }

    @Test
    void configValidation() {
        SyntheticGenerator.Config d = SyntheticGenerator.Config.defaults();
        assertThrows(IllegalArgumentException.class, () -> d.withSizes(0, 200, 10, 40));
        assertThrows(IllegalArgumentException.class, () -> d.withSizes(10, 30, 10, 40));
        assertThrows(IllegalArgumentException.class, () -> d.withSizes(10, 200, 2, 40));
        assertThrows(IllegalArgumentException.class, () -> d.withSizes(10, 200, 20, 10));
        assertThrows(IllegalArgumentException.class, () -> d.withBias(-1, 0.3, 0.5, 4));
        assertThrows(IllegalArgumentException.class, () -> d.withBias(1, 1.5, 0.5, 4));
        assertThrows(IllegalArgumentException.class, () -> d.withBias(1, 0.3, Double.NaN, 4));
        assertThrows(IllegalArgumentException.class, () -> d.withBias(1, 0.3, 0.5, 0));
        assertThrows(IllegalArgumentException.class, () -> new SyntheticGenerator.Config(1, 10, 200, 10, 40, 1, 0.3, 1, 0.3, 0.5, 4));
        // Small sizes work and keep the schema.
        SyntheticData small = SyntheticGenerator.generate(d.withSizes(5, 6, 3, 6));
        assertEquals(5, small.ratings().users().size());
        int maxItem = small.ratings().interactions().stream().map(Interaction::item).max(Comparator.naturalOrder()).orElseThrow();
        assertTrue(maxItem <= 6);
    }
    @Test
    void sizesAreCappedAndDataTooLargeForTheHeapAreRefusedBeforeGenerating() {
        SyntheticGenerator.Config d = SyntheticGenerator.Config.defaults();
        IllegalArgumentException users = assertThrows(IllegalArgumentException.class, () -> d.withSizes(2_000_000_000, 200, 10, 40));
        assertTrue(users.getMessage().startsWith("numUsers must be at most 1000000 (SyntheticGenerator.Config.MAX_USERS)"), users.getMessage());
        IllegalArgumentException items = assertThrows(IllegalArgumentException.class,
                                                      () -> d.withSizes(300, SyntheticGenerator.Config.MAX_ITEMS + 1, 10, 40));
        assertTrue(items.getMessage().startsWith("numItems must be at most 100000"), items.getMessage());
        IllegalArgumentException perUser = assertThrows(IllegalArgumentException.class,
                () -> d.withSizes(300, 20_000, 10, SyntheticGenerator.Config.MAX_INTERACTIONS_PER_USER + 1));
        assertTrue(perUser.getMessage().startsWith("maxInteractionsPerUser must be at most 10000"), perUser.getMessage());

        // Within the caps but terabytes of data: refused at once, naming the estimate and the way out.
        SyntheticGenerator.Config huge = d.withSizes(SyntheticGenerator.Config.MAX_USERS, 20_000, 10, 2_000);
        long start = System.nanoTime();
        ResourceLimitException heap = assertThrows(ResourceLimitException.class, () -> SyntheticGenerator.generate(huge));
        assertTrue((System.nanoTime() - start) / 1e9 < 5, "refused before generating");
        assertTrue(heap.getMessage().startsWith("Synthetic data of 1,000,000 users with 10..2,000 interactions each needs about "),
                   heap.getMessage());
        assertTrue(heap.getMessage().contains("Lower numUsers or maxInteractionsPerUser, or give the JVM more memory (-Xmx"), heap.getMessage());
        assertTrue(heap.requiredBytes() > 50L << 30, "about 1,000 M interactions: some 100 GB");
        ResourceLimitException list = assertThrows(ResourceLimitException.class, () -> SyntheticGenerator.checkHeap(
            d.withSizes(SyntheticGenerator.Config.MAX_USERS, 20_000, 10, 10_000), 10, "Lower it"));
        assertTrue(list.getMessage().contains("more than one Java list can"), list.getMessage());

        // The estimate: linear in users, growing with the history length, and of the measured order for the defaults
        // (about 2,300 bytes per sample at L = 10 with one working copy: 7,200 samples, some 17 MB).
        long base = SyntheticGenerator.estimatedBytes(d, 10);
        assertTrue(base > 10L << 20 && base < 40L << 20, "defaults: " + base);
        assertEquals(2.0, SyntheticGenerator.estimatedBytes(d.withSizes(600, 200, 10, 40), 10) / (double) base, 0.01);
        assertTrue(SyntheticGenerator.estimatedBytes(d, 40) > base);
        assertTrue(SyntheticGenerator.estimatedBytes(d, 0) < base, "data alone");
        SyntheticGenerator.checkHeap(d, 10, "not refused");
    }
}
