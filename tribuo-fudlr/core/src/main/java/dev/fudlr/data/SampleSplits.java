/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.data;

import org.tribuo.Example;
import org.tribuo.classification.Label;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The leave-one-out samples built by {@link SampleBuilder}, with what ranking and evaluation need:
 * the items to exclude per user ({@link #seenItems(String)}), item popularity in the training data
 * ({@link #trainItemCounts()}), the item catalogue and the underlying {@link RatingsData}.
 * <p>
 * Immutable. The example lists are unmodifiable, and the examples in them are shared: callers must not
 * modify them (copy with {@link Example#copy()} first; {@link MovieLensDataSource} hands out copies).
 */
public final class SampleSplits {

    /** Split name of training samples. */
    public static final String TRAIN = "train";
    /** Split name of validation samples. */
    public static final String VALIDATION = "validation";
    /** Split name of test samples. */
    public static final String TEST = "test";
    /** The split names. */
    public static final List<String> SPLITS = List.of(TRAIN, VALIDATION, TEST);

    private final SampleBuilder builder;
    private final RatingsData data;
    private final Map<Integer, int[]> sequences;
    private final List<Example<Label>> train;
    private final List<Example<Label>> validation;
    private final List<Example<Label>> test;
    private final Map<Integer, Integer> trainItemCounts;
    private final Set<Integer> catalogue;
    private final Map<String, Set<String>> seenTrain;
    private final Map<String, Set<String>> seenValidation;
    private final Map<String, Set<String>> seenTest;

    SampleSplits(SampleBuilder builder, RatingsData data, Map<Integer, int[]> sequences,
                 List<Example<Label>> train, List<Example<Label>> validation, List<Example<Label>> test,
                 Map<Integer, Integer> trainItemCounts) {
        this.builder = builder;
        this.data = data;
        this.sequences = Collections.unmodifiableMap(new LinkedHashMap<>(sequences));
        this.train = Collections.unmodifiableList(train);
        this.validation = Collections.unmodifiableList(validation);
        this.test = Collections.unmodifiableList(test);
        this.trainItemCounts = Collections.unmodifiableMap(new TreeMap<>(trainItemCounts));
        this.catalogue = Collections.unmodifiableSet(new LinkedHashSet<>(data.items().keySet()));
        this.seenTrain = seen(2);
        this.seenValidation = seen(2);
        this.seenTest = seen(1);
    }

    /** For each user, the ids of all items except the last {@code dropLast} of the sequence. */
    private Map<String, Set<String>> seen(int dropLast) {
        Map<String, Set<String>> out = new LinkedHashMap<>(sequences.size() * 2);
        for (Map.Entry<Integer, int[]> e : sequences.entrySet()) {
            int[] seq = e.getValue();
            Set<String> items = new LinkedHashSet<>(seq.length * 2);
            for (int i = 0; i < seq.length - dropLast; i++) {
                items.add(Integer.toString(seq[i]));
            }
            out.put(Integer.toString(e.getKey()), Collections.unmodifiableSet(items));
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * The sample id of position {@code p} in a user's sequence.
     * @param user the user id.
     * @param position the position of the target item.
     * @return {@code "<user>:<position>"}.
     */
    public static String sampleId(int user, int position) {
        return user + ":" + position;
    }

    /**
     * The configuration that built these splits.
     * @return the builder.
     */
    public SampleBuilder builder() {
        return builder;
    }

    /**
     * The ratings the samples were built from (titles, genres, demographics).
     * @return the data.
     */
    public RatingsData ratings() {
        return data;
    }

    /**
     * Training samples: positions {@code 1..n-3} of each included user, ordered by user then position.
     * @return an unmodifiable list of shared examples.
     */
    public List<Example<Label>> train() {
        return train;
    }

    /**
     * Validation samples: one per included user, target at position {@code n-2}.
     * @return an unmodifiable list of shared examples.
     */
    public List<Example<Label>> validation() {
        return validation;
    }

    /**
     * Test samples: one per included user, target at position {@code n-1}.
     * @return an unmodifiable list of shared examples.
     */
    public List<Example<Label>> test() {
        return test;
    }

    /**
     * The samples of a split by name.
     * @param split {@link #TRAIN}, {@link #VALIDATION} or {@link #TEST}.
     * @return the samples.
     * @throws IllegalArgumentException for another name.
     */
    public List<Example<Label>> examples(String split) {
        switch (checkSplit(split)) {
            case TRAIN: return train;
            case VALIDATION: return validation;
            default: return test;
        }
    }

    /**
     * The items to exclude when ranking for a user in a split, i.e. those the user has already interacted with
     * before that split's targets: for {@link #VALIDATION} the training prefix (positions {@code 0..n-3});
     * for {@link #TEST} the training prefix and the validation item (positions {@code 0..n-2}); for
     * {@link #TRAIN} the training prefix (a training target is itself in it, so ranking a training sample
     * should exclude only its own history, which the sample carries).
     * @param split the split name.
     * @return user id (decimal string) to item ids (decimal strings); unmodifiable, one entry per included user.
     * @throws IllegalArgumentException for an unknown split name.
     */
    public Map<String, Set<String>> seenItems(String split) {
        switch (checkSplit(split)) {
            case TRAIN: return seenTrain;
            case VALIDATION: return seenValidation;
            default: return seenTest;
        }
    }

    /**
     * How often each item occurs in the training prefixes (positions {@code 0..n-3}, including the first item,
     * which is history but never a target): the item popularity seen by training.
     * @return item id to count, ascending item id; items never seen in training are absent.
     */
    public Map<Integer, Integer> trainItemCounts() {
        return trainItemCounts;
    }

    /**
     * The samples of a split whose target item never occurs in the training prefixes (see {@link #trainItemCounts()}),
     * so a model trained on {@link #train()} has it outside its catalogue: it cannot be ranked (a miss in ranking
     * metrics) and has no loss. On MovieLens-100K with the defaults this is 2 validation and 3 test samples.
     * @param split {@link #VALIDATION} or {@link #TEST} ({@link #TRAIN} gives an empty list).
     * @return the sample ids, in split order.
     * @throws IllegalArgumentException for an unknown split name.
     */
    public List<String> targetsUnseenInTraining(String split) {
        List<String> out = new ArrayList<>();
        for (Example<Label> e : examples(split)) {
            if (!trainItemCounts.containsKey(SampleEncoding.itemId(e.getOutput()))) {
                out.add(SampleEncoding.metadata(e, SampleEncoding.SAMPLE));
            }
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * Every item id of the data (also items no included user interacted with).
     * @return an unmodifiable set in ascending id order.
     */
    public Set<Integer> catalogue() {
        return catalogue;
    }

    /**
     * The included users (those with at least {@code minInteractions} kept interactions).
     * @return user ids in ascending order.
     */
    public Set<Integer> users() {
        return sequences.keySet();
    }

    /**
     * A user's kept interactions as item ids in sample order (position 0 first).
     * @param user the user id.
     * @return a copy of the sequence.
     * @throws IllegalArgumentException if the user is not included.
     */
    public int[] sequence(int user) {
        int[] seq = sequences.get(user);
        if (seq == null) {
            throw new IllegalArgumentException("User " + user + " is not in the samples (unknown, or fewer than "
                    + builder.minInteractions() + " interactions)");
        }
        return seq.clone();
    }

    /**
     * The id of the training sample whose target is the user's interaction with the item.
     * @param user the user id.
     * @param item the item id.
     * @return the sample id, or empty when the user is not included, the interaction was filtered out, or it is at
     * position 0, the validation or the test position (none of which is a training target).
     */
    public Optional<String> trainingSampleId(int user, int item) {
        int[] seq = sequences.get(user);
        if (seq == null) {
            return Optional.empty();
        }
        for (int p = 1; p <= seq.length - 3; p++) {
            if (seq[p] == item) {
                return Optional.of(sampleId(user, p));
            }
        }
        return Optional.empty();
    }

    private static String checkSplit(String split) {
        if (split == null || !SPLITS.contains(split)) {
            throw new IllegalArgumentException("Unknown split '" + split + "', expected one of " + SPLITS);
        }
        return split;
    }

    @Override
    public String toString() {
        return "SampleSplits(" + data.name() + ", " + builder + ", users=" + sequences.size() + ", train="
                + train.size() + ", validation=" + validation.size() + ", test=" + test.size() + ")";
    }
}
