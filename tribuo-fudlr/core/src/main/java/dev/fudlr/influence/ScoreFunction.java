/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.influence;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;

/**
 * The score matrix (rows = audit users or examples, columns = items) of a fixed audit set as a differentiable
 * function of the trainable parameters, the input of fairness surrogates.
 */
public interface ScoreFunction {

    /** @return number of rows. */
    int rows();

    /** @return number of columns (items). */
    int cols();

    /**
     * Scores of rows {@code [from, to)} in a training-mode (differentiable) pass.
     * @param store the parameter store of the pass.
     * @param step the per-pass manager.
     * @param from first row.
     * @param to end row (exclusive).
     * @return (to - from, cols) scores.
     */
    NDArray scores(ParameterStore store, NDManager step, int from, int to);
}
