/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.debias;

import org.tribuo.Example;
import org.tribuo.classification.Label;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The training samples a FUDLR run has in this JVM, indexed 0..n-1 like the training set: the whole list when
 * {@link TrainingSamples#inMemory()} gives one, else the samples fetched so far. A stage fetches the indices it will
 * read before it reads them (one request per stage, not one per chunk); reading any other index is a programming
 * error and fails, naming the index, rather than computing with a missing sample.
 */
final class FetchedSamples extends AbstractList<Example<Label>> {
    private static final Logger logger = Logger.getLogger(FetchedSamples.class.getName());

    private final TrainingSamples source;
    private final boolean features;
    private final List<Example<Label>> all;
    private final Map<Integer, Example<Label>> fetched = new HashMap<>();

    private FetchedSamples(TrainingSamples source, boolean features) {
        this.source = source;
        this.features = features;
        this.all = source.inMemory().orElse(null);
    }

    /**
     * Examples with their features (for losses).
     * @param source the training samples.
     * @return the list.
     */
    static FetchedSamples examples(TrainingSamples source) {
        return new FetchedSamples(source, true);
    }

    /**
     * Labels and metadata (for the report).
     * @param source the training samples.
     * @return the list.
     */
    static FetchedSamples metadata(TrainingSamples source) {
        return new FetchedSamples(source, false);
    }

    /**
     * Fetches the samples at these indices that are not here yet, in one request.
     * @param indices indices in [0, n), any order, repeats allowed.
     * @param why the stage (for the log).
     */
    void fetch(int[] indices, String why) {
        if (all != null) {
            return;
        }
        int[] missing = Arrays.stream(indices).distinct().filter(i -> !fetched.containsKey(i)).sorted().toArray();
        if (missing.length == 0) {
            return;
        }
        if (missing[0] < 0 || missing[missing.length - 1] >= size()) {
            throw new IllegalArgumentException("Training sample index " + (missing[0] < 0 ? missing[0] : missing[missing.length - 1])
                                               + " outside [0, " + size() + ")");
        }
        List<Example<Label>> got = features ? source.examples(missing) : source.metadata(missing);
        if (got.size() != missing.length) {
            throw new IllegalStateException("Asked the training samples for " + missing.length + " samples (" + why + "), got " + got.size());
        }
        for (int j = 0; j < missing.length; j++) {
            fetched.put(missing[j], got.get(j));
        }
        logger.fine(() -> "Fetched " + missing.length + (features ? " training samples" : " training samples' metadata") + " for " + why
                          + " (" + fetched.size() + " here of " + size() + ")");
    }

    @Override
    public Example<Label> get(int index) {
        if (all != null) {
            return all.get(index);
        }
        Example<Label> e = fetched.get(index);
        if (e == null) {
            throw new IllegalStateException("Training sample " + index + " was not fetched to this JVM (" + fetched.size() + " of "
                                            + size() + " are): the stage that reads it must fetch it first");
        }
        return e;
    }

    @Override
    public int size() {
        return source.size();
    }
}
