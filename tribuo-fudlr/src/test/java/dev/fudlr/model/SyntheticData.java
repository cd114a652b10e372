/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.model;

import dev.fudlr.data.SampleEncoding;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.datasource.ListDataSource;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Hand-made sequence data for tests (never MovieLens).
 */
final class SyntheticData {

    /** A fixed timestamp so dataset provenance is reproducible. */
    static final OffsetDateTime FIXED_TIME = OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

    private SyntheticData() {}

    /**
     * Successor task: item ids 1..numItems on a cycle; every user's sequence walks the cycle from a random start,
     * so the next item is always (last item mod numItems) + 1.
     * @param numItems catalogue size.
     * @param numUsers number of users.
     * @param sequenceLength items per user (at most numItems so no history repeats an item).
     * @param maxHistory history length kept in each sample.
     * @param seed the seed.
     * @return one sample per (user, position >= 1).
     */
    static List<Example<Label>> successorSamples(int numItems, int numUsers, int sequenceLength, int maxHistory, long seed) {
        Random rng = new Random(seed);
        List<Example<Label>> out = new ArrayList<>();
        for (int u = 0; u < numUsers; u++) {
            int start = rng.nextInt(numItems);
            int[] seq = new int[sequenceLength];
            for (int t = 0; t < sequenceLength; t++) {
                seq[t] = (start + t) % numItems + 1;
            }
            for (int t = 1; t < sequenceLength; t++) {
                int[] history = Arrays.copyOfRange(seq, Math.max(0, t - maxHistory), t);
                out.add(sample(history, seq[t], "u" + u, t));
            }
        }
        return out;
    }

    /**
     * Random sequences (no pattern), e.g. for timing.
     * @param numItems catalogue size.
     * @param numSamples number of samples.
     * @param maxHistory history length.
     * @param seed the seed.
     * @return the samples, each with a full history of distinct random items.
     */
    static List<Example<Label>> randomSamples(int numItems, int numSamples, int maxHistory, long seed) {
        Random rng = new Random(seed);
        List<Example<Label>> out = new ArrayList<>(numSamples);
        for (int i = 0; i < numSamples; i++) {
            int[] history = new int[maxHistory];
            java.util.Set<Integer> used = new java.util.HashSet<>();
            for (int t = 0; t < maxHistory; t++) {
                int item;
                do {
                    item = rng.nextInt(numItems) + 1;
                } while (!used.add(item));
                history[t] = item;
            }
            out.add(sample(history, rng.nextInt(numItems) + 1, "u" + (i / 50), i % 50));
        }
        return out;
    }

    static Example<Label> sample(int[] history, int target, String user, int position) {
        Map<String, String> meta = new HashMap<>();
        meta.put(SampleEncoding.USER, user);
        meta.put(SampleEncoding.SAMPLE, user + ":" + position);
        meta.put(SampleEncoding.SPLIT, "train");
        return SampleEncoding.encode(history, target, meta);
    }

    /**
     * Wraps samples in a dataset.
     * @param samples the samples.
     * @param description data source description.
     * @return the dataset.
     */
    static MutableDataset<Label> dataset(List<Example<Label>> samples, String description) {
        LabelFactory factory = new LabelFactory();
        ListDataSource<Label> source = new ListDataSource<>(samples, factory,
            new SimpleDataSourceProvenance(description, FIXED_TIME, factory));
        return new MutableDataset<>(source);
    }
}
