/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.debias;

import dev.fudlr.model.ItemIndex;
import org.tribuo.Example;
import org.tribuo.classification.Label;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * A model's training samples where they are kept: in this JVM ({@link #of}) or in a store that sends this JVM only
 * what it asks for (tribuo-fudlr-spark keeps them on the executors). FUDLR's passes over all samples run where the
 * samples are ({@link dev.fudlr.influence.RemovalScorePass}); {@link FudlrTransformer} asks here for what its other
 * stages read: the examples of its bounded subsamples (the Hessian's, the certificate's, the corrections'), the
 * metadata of the unlearned samples (their ids and groups for the report) and one {@link TrainingSummary} (popularity,
 * the audit users' seen items, group counts). Sample {@code i} is the same sample in every answer and in the pass.
 */
public interface TrainingSamples {

    /** @return n, the number of training samples. */
    int size();

    /**
     * The examples at some indices, with their features (what a loss reads).
     * @param sortedIndices distinct indices in [0, n), ascending.
     * @return their examples, in that order.
     */
    List<Example<Label>> examples(int[] sortedIndices);

    /**
     * The labels and metadata of some samples (ids, users, attributes); their features may be left out.
     * @param sortedIndices distinct indices in [0, n), ascending.
     * @return their examples, in that order.
     */
    List<Example<Label>> metadata(int[] sortedIndices);

    /**
     * Summarises every training sample in index order ({@link TrainingSummary#of} on the whole list).
     * @param items the model's catalogue.
     * @param users the users whose seen items to keep.
     * @param attributes the attributes whose groups to count.
     * @return the summary.
     */
    TrainingSummary summary(ItemIndex items, Collection<String> users, List<String> attributes);

    /** @return the whole list when the samples are in this JVM (FUDLR then reads it directly), else empty. */
    default Optional<List<Example<Label>>> inMemory() {
        return Optional.empty();
    }

    /**
     * The samples of a list in this JVM.
     * @param examples the training samples, in index order (copied).
     * @return them as training samples.
     */
    static TrainingSamples of(List<? extends Example<Label>> examples) {
        List<Example<Label>> all = Collections.unmodifiableList(new ArrayList<>(examples));
        return new TrainingSamples() {
            @Override
            public int size() {
                return all.size();
            }

            @Override
            public List<Example<Label>> examples(int[] sortedIndices) {
                List<Example<Label>> out = new ArrayList<>(sortedIndices.length);
                for (int i : sortedIndices) {
                    out.add(all.get(i));
                }
                return out;
            }

            @Override
            public List<Example<Label>> metadata(int[] sortedIndices) {
                return examples(sortedIndices);
            }

            @Override
            public TrainingSummary summary(ItemIndex items, Collection<String> users, List<String> attributes) {
                return TrainingSummary.of(items, all, users, attributes);
            }

            @Override
            public Optional<List<Example<Label>>> inMemory() {
                return Optional.of(all);
            }
        };
    }
}
