/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.model;

import org.tribuo.Example;
import org.tribuo.classification.Label;

import java.util.List;

/**
 * The scoring half of a next-item recommender: all-item scores over a fixed catalogue. This is all a fairness audit
 * needs (top-K lists are taken from the scores), so models that can be audited but not unlearned, such as a
 * post-processing re-ranker wrapped around a trained model, implement only this; {@link UnlearnableRecommender}
 * extends it.
 */
public interface RecommenderScorer {

    /** @return the item catalogue (id to dense index). */
    ItemIndex items();

    /** @return the history length L the model reads (the most recent L catalogue items). */
    int maxHistory();

    /**
     * All-item scores (higher = recommended first; for the LoRA recommenders, logits before softmax).
     * @param batch the samples (the outputs are ignored).
     * @return {@code [batch.size()][items().size()]} scores, columns in {@link ItemIndex} order.
     */
    float[][] scores(List<? extends Example<Label>> batch);
}
