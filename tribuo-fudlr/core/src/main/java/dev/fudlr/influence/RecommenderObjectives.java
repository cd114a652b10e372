/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.influence;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.fudlr.model.DjlRecommender;
import org.tribuo.Example;
import org.tribuo.classification.Label;

import java.util.ArrayList;
import java.util.List;

/**
 * Adapts a {@link DjlRecommender} to the engine: its trainable parameters, the per-sample cross-entropy of a sample
 * list, and the score matrix of an audit list.
 */
public final class RecommenderObjectives {

    private RecommenderObjectives() {}

    /**
     * The parameter space of a recommender's trainable parameters.
     * @param model the model.
     * @return the space.
     */
    public static ParameterSpace space(DjlRecommender model) {
        return new ParameterSpace(model.trainableDjlParameters());
    }

    /**
     * Per-sample losses of a fixed sample list.
     * @param model the model.
     * @param samples the samples (copied).
     * @return the loss.
     */
    public static SampleLoss loss(DjlRecommender model, List<? extends Example<Label>> samples) {
        return inPlace(model, new ArrayList<>(samples));
    }

    /**
     * Per-sample losses of a list read in place, only at the indices asked for: for a list that holds only the samples
     * its owner fetched (FUDLR's training samples kept elsewhere). The list must not change while the loss is used.
     * @param model the model.
     * @param samples the samples, indexed as the training set.
     * @return the loss.
     */
    public static SampleLoss inPlace(DjlRecommender model, List<? extends Example<Label>> samples) {
        @SuppressWarnings("unchecked") // read only
        List<Example<Label>> copy = (List<Example<Label>>) samples;
        final boolean supports = model.supportsPerSampleParameters();
        return new SampleLoss() {
            @Override
            public int size() {
                return copy.size();
            }

            @Override
            public NDArray losses(ParameterStore store, NDManager step, int[] indices) {
                List<Example<Label>> batch = select(copy, indices);
                return model.perSampleLoss(store, model.encodeHistories(step, batch), model.encodeTargets(step, batch), true);
            }

            @Override
            public boolean supportsPerSampleParameters() {
                return supports;
            }
        };
    }

    /**
     * Scores of a fixed audit list.
     * @param model the model.
     * @param audit the audit samples (copied).
     * @return the score function.
     */
    public static ScoreFunction scores(DjlRecommender model, List<? extends Example<Label>> audit) {
        List<Example<Label>> copy = new ArrayList<>(audit);
        int cols = model.items().size();
        return new ScoreFunction() {
            @Override
            public int rows() {
                return copy.size();
            }

            @Override
            public int cols() {
                return cols;
            }

            @Override
            public NDArray scores(ParameterStore store, NDManager step, int from, int to) {
                List<Example<Label>> batch = copy.subList(from, to);
                return model.scores(store, model.encodeHistories(step, batch), true);
            }
        };
    }

    private static List<Example<Label>> select(List<Example<Label>> all, int[] indices) {
        List<Example<Label>> out = new ArrayList<>(indices.length);
        for (int i : indices) {
            if (i < 0 || i >= all.size()) {
                throw new IllegalArgumentException("Sample index " + i + " outside [0, " + all.size() + ")");
            }
            out.add(all.get(i));
        }
        return out;
    }
}
