/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.data;

import dev.fudlr.reliability.MemoryBudget;
import org.tribuo.Example;
import org.tribuo.classification.Label;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Logger;

/**
 * Turns a {@link RatingsData} into next-item-prediction samples with a leave-one-out split.
 * <p>
 * For each user:
 * <ol>
 *     <li>keep the interactions with {@code rating >= minRating} (the default 0 keeps all ratings as
 *     interactions, the usual implicit-feedback reading of MovieLens);</li>
 *     <li>sort them by (timestamp, item id): the item id breaks timestamp ties so the order, and hence every
 *     sample id, is deterministic;</li>
 *     <li>skip the user if fewer than {@code minInteractions} (at least 3) remain;</li>
 *     <li>with {@code n} interactions at positions {@code 0..n-1}: position {@code n-1} is the test target,
 *     {@code n-2} the validation target, and positions {@code 0..n-3} form the <em>training prefix</em>;</li>
 *     <li>each position {@code p} in {@code 1..n-3} of the training prefix gives one training sample whose
 *     history is the previous {@code min(L, p)} items and whose target is the item at {@code p} (position 0
 *     has no history and gives no sample);</li>
 *     <li>the validation sample's history is the last {@code L} items before position {@code n-2} (all from the
 *     training prefix); the test sample's history is the last {@code L} items before position {@code n-1}
 *     (so it includes the validation item).</li>
 * </ol>
 * Every sample is encoded with {@link SampleEncoding#encode}; its metadata holds {@code user},
 * {@code sample} = {@code "<userId>:<p>"}, {@code timestamp} (of the target), {@code split}, and the user's
 * {@link UserInfo#sensitiveAttributes() sensitive attributes} ({@code gender}, {@code age}, {@code occupation}, or the
 * named attributes of an interaction log's user table) when known (keys of unknown values are omitted).
 * Samples are ordered by user id, then position.
 * <p>
 * Instances are immutable and thread-safe.
 */
public final class SampleBuilder {

    private static final Logger logger = Logger.getLogger(SampleBuilder.class.getName());

    /** Default history length L. */
    public static final int DEFAULT_HISTORY_LENGTH = 10;
    /** Default minimum rating (0 keeps every rating). */
    public static final int DEFAULT_MIN_RATING = 0;
    /** Default (and smallest allowed) number of interactions a user needs to be included. */
    public static final int DEFAULT_MIN_INTERACTIONS = 3;
    /**
     * Largest history length L (1,000). Sequential recommenders read tens to a few hundred items (the transformer's
     * attention costs L^2 per sample, MiniLM prompts stop at 512 tokens), and samples grow with L; a larger value is
     * a typo, not a setting. The trainers' {@code maxHistory} has the same range.
     */
    public static final int MAX_HISTORY_LENGTH = 1_000;

    /**
     * Estimated heap bytes of one sample without its history, with its share of the ratings and one working copy (a
     * Tribuo dataset over the split): measured about 1,300 + 500 on synthetic data.
     */
    static final long BYTES_PER_SAMPLE = 2_000;
    /** Estimated heap bytes per history item of a sample, with one working copy: measured about 64 + 12. */
    static final long BYTES_PER_HISTORY_ITEM = 80;

    /** The per-user order of interactions: by timestamp, ties broken by item id. */
    public static final Comparator<Interaction> CHRONOLOGICAL =
            Comparator.comparingLong(Interaction::timestamp).thenComparingInt(Interaction::item);

    private final int historyLength;
    private final int minRating;
    private final int minInteractions;

    /**
     * A builder with the defaults: L = 10, all ratings kept, users with at least 3 interactions.
     */
    public SampleBuilder() {
        this(DEFAULT_HISTORY_LENGTH, DEFAULT_MIN_RATING, DEFAULT_MIN_INTERACTIONS);
    }

    /**
     * A builder.
     * @param historyLength the maximum history length L (1..{@value #MAX_HISTORY_LENGTH}).
     * @param minRating keep only interactions with {@code rating >= minRating}; 0 (or 1) keeps all. Must be 0..5.
     * @param minInteractions users with fewer kept interactions are left out; at least 3 (one training-prefix
     *                        item, one validation and one test target).
     * @throws IllegalArgumentException if a value is out of range.
     */
    public SampleBuilder(int historyLength, int minRating, int minInteractions) {
        if (historyLength < 1) {
            throw new IllegalArgumentException("historyLength must be at least 1, found " + historyLength);
        }
        if (historyLength > MAX_HISTORY_LENGTH) {
            throw new IllegalArgumentException("historyLength must be at most " + MAX_HISTORY_LENGTH
                    + " (SampleBuilder.MAX_HISTORY_LENGTH), found " + historyLength);
        }
        if (minRating < 0 || minRating > 5) {
            throw new IllegalArgumentException("minRating must be in 0..5, found " + minRating);
        }
        if (minInteractions < 3) {
            throw new IllegalArgumentException("minInteractions must be at least 3 (training prefix, validation and test), found " + minInteractions);
        }
        this.historyLength = historyLength;
        this.minRating = minRating;
        this.minInteractions = minInteractions;
    }

    /**
     * The maximum history length L.
     * @return L.
     */
    public int historyLength() {
        return historyLength;
    }

    /**
     * The rating threshold.
     * @return interactions with a lower rating are dropped.
     */
    public int minRating() {
        return minRating;
    }

    /**
     * The minimum number of kept interactions per user.
     * @return the minimum.
     */
    public int minInteractions() {
        return minInteractions;
    }

    /**
     * Builds the samples.
     * @param data the ratings.
     * @return the splits; validation and test are never empty, train is empty (with a logged warning) when every
     * included user has exactly 3 interactions.
     * @throws IllegalArgumentException if no user has enough interactions.
     * @throws dev.fudlr.reliability.ResourceLimitException if the samples would not fit the Java heap (checked before
     * they are built).
     */
    public SampleSplits build(RatingsData data) {
        long start = System.nanoTime();
        Map<Integer, List<Interaction>> byUser = new TreeMap<>();
        for (Interaction x : data.interactions()) {
            if (x.rating() >= minRating) {
                byUser.computeIfAbsent(x.user(), k -> new ArrayList<>()).add(x);
            }
        }
        long samples = 0;
        long historyItems = 0;
        for (List<Interaction> seq : byUser.values()) {
            if (seq.size() >= minInteractions) {
                samples += seq.size() - 1;
                historyItems += historyItems(seq.size(), historyLength);
            }
        }
        MemoryBudget.checkHeap(String.format(Locale.ROOT, "Building the %,d samples of %s (history length %d)", samples, data.name(),
                                             historyLength),
                               estimatedBytes(samples, historyItems), "Use a smaller history length or less data");
        Map<Integer, int[]> sequences = new LinkedHashMap<>();
        List<Example<Label>> train = new ArrayList<>();
        List<Example<Label>> validation = new ArrayList<>();
        List<Example<Label>> test = new ArrayList<>();
        Map<Integer, Integer> counts = new HashMap<>();
        int skipped = 0;
        for (Map.Entry<Integer, List<Interaction>> e : byUser.entrySet()) {
            UserSamples user = userSamples(data.users().get(e.getKey()), e.getValue());
            if (user == null) {
                skipped++;
                continue;
            }
            int[] items = user.sequence();
            sequences.put(e.getKey(), items);
            for (int p = 0; p <= items.length - 3; p++) {
                counts.merge(items[p], 1, Integer::sum);
            }
            train.addAll(user.train());
            validation.add(user.validation());
            test.add(user.test());
        }
        if (sequences.isEmpty()) {
            throw new IllegalArgumentException("No user of " + data.name() + " has " + minInteractions
                    + " or more interactions with rating >= " + minRating);
        }
        if (train.isEmpty()) {
            // Validation and test are never empty here (one each per included user). An empty training split is legal
            // for evaluation-only use; trainers reject an empty dataset, and this says why it is empty.
            logger.warning(() -> "Empty training split: each of the " + sequences.size() + " included users of "
                    + data.name() + " has exactly 3 interactions with rating >= " + minRating
                    + " (a training target needs a 4th); lower minRating or use more data");
        }
        SampleSplits splits = new SampleSplits(this, data, sequences, train, validation, test, counts);
        long ms = (System.nanoTime() - start) / 1_000_000;
        int skippedUsers = skipped + (data.users().size() - byUser.size());
        logger.info(() -> "Built samples from " + data.name() + ": " + sequences.size() + " users (" + skippedUsers
                + " left out), " + train.size() + " train, " + validation.size() + " validation, " + test.size()
                + " test in " + ms + " ms");
        return splits;
    }

    /**
     * The samples of one user, by the rules of the class description (steps 1 to 6): what {@link #build} does for each
     * user, exposed so that a distributed job (tribuo-fudlr-spark) grouping a log by user builds the same samples.
     * @param info the user (id and sensitive attributes).
     * @param interactions the user's interactions, in any order, before the rating filter (not modified).
     * @return the user's samples, or null when fewer than {@code minInteractions} interactions are kept.
     * @throws IllegalArgumentException if an interaction belongs to another user.
     */
    public UserSamples userSamples(UserInfo info, List<Interaction> interactions) {
        List<Interaction> seq = new ArrayList<>(interactions.size());
        for (Interaction x : interactions) {
            if (x.user() != info.id()) {
                throw new IllegalArgumentException("Interaction of user " + x.user() + " among the interactions of user " + info.id());
            }
            if (x.rating() >= minRating) {
                seq.add(x);
            }
        }
        int n = seq.size();
        if (n < minInteractions) {
            return null;
        }
        seq.sort(CHRONOLOGICAL);
        int[] items = new int[n];
        for (int i = 0; i < n; i++) {
            items[i] = seq.get(i).item();
        }
        List<Example<Label>> train = new ArrayList<>(Math.max(0, n - 3));
        for (int p = 1; p <= n - 3; p++) {
            train.add(sample(info, items, seq.get(p).timestamp(), p, SampleSplits.TRAIN));
        }
        return new UserSamples(items, train, sample(info, items, seq.get(n - 2).timestamp(), n - 2, SampleSplits.VALIDATION),
                               sample(info, items, seq.get(n - 1).timestamp(), n - 1, SampleSplits.TEST));
    }

    /**
     * One user's samples.
     * @param sequence the user's kept items in chronological order (positions 0..n-1).
     * @param train the training samples, positions 1..n-3 in order (may be empty).
     * @param validation the validation sample (position n-2).
     * @param test the test sample (position n-1).
     */
    public record UserSamples(int[] sequence, List<Example<Label>> train, Example<Label> validation, Example<Label> test) {
        /**
         * Copies the training list.
         * @param sequence see the record description.
         * @param train see the record description.
         * @param validation see the record description.
         * @param test see the record description.
         */
        public UserSamples {
            train = List.copyOf(train);
        }
    }

    /**
     * Estimated heap bytes of samples, with one working copy.
     * @param samples number of samples.
     * @param historyItems their history items in all.
     * @return the bytes, saturating at {@link Long#MAX_VALUE}.
     */
    static long estimatedBytes(double samples, double historyItems) {
        double bytes = samples * BYTES_PER_SAMPLE + historyItems * BYTES_PER_HISTORY_ITEM;
        return bytes >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) bytes;
    }

    /**
     * History items of a user's samples: positions {@code p = 1..n-1} (training, validation and test targets) each
     * have {@code min(L, p)}.
     * @param n the user's interactions.
     * @param historyLength L.
     * @return the sum.
     */
    static long historyItems(long n, long historyLength) {
        long m = n - 1;
        if (m <= 0) {
            return 0;
        }
        return m <= historyLength ? m * (m + 1) / 2 : historyLength * (historyLength + 1) / 2 + (m - historyLength) * historyLength;
    }

    private Example<Label> sample(UserInfo info, int[] items, long timestamp, int p, String split) {
        int[] history = Arrays.copyOfRange(items, Math.max(0, p - historyLength), p);
        Map<String, String> meta = new LinkedHashMap<>(12);
        meta.put(SampleEncoding.USER, Integer.toString(info.id()));
        meta.put(SampleEncoding.SAMPLE, SampleSplits.sampleId(info.id(), p));
        meta.put(SampleEncoding.TIMESTAMP, Long.toString(timestamp));
        meta.put(SampleEncoding.SPLIT, split);
        meta.putAll(info.sensitiveAttributes());
        return SampleEncoding.encode(history, items[p], meta);
    }

    @Override
    public String toString() {
        return "SampleBuilder(historyLength=" + historyLength + ", minRating=" + minRating
                + ", minInteractions=" + minInteractions + ")";
    }
}
