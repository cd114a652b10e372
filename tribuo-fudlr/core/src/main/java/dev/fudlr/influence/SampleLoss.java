/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.influence;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;

/**
 * Per-sample losses of a fixed, indexed sample set (training, validation, ...) as a differentiable function of the
 * trainable parameters. The parameter values come from the {@link ParameterStore} of the pass, which the engine
 * replaces by a {@link SubstitutingParameterStore}; implementations must read every trainable parameter through it.
 */
public interface SampleLoss {

    /** @return the number of samples. */
    int size();

    /**
     * Per-sample losses of a training-mode forward pass.
     * @param store the parameter store of the pass.
     * @param step the per-pass manager that should own inputs and intermediates.
     * @param indices sample indices in {@code [0, size())}.
     * @return (indices.length) losses.
     */
    NDArray losses(ParameterStore store, NDManager step, int[] indices);

    /**
     * Whether a forward pass accepts per-sample trainable parameters: a value of shape (batch, ...shape) for a
     * parameter of shape (...shape), slice i used by sample i (e.g. {@link dev.fudlr.model.djl.LoraLinear}).
     * When false, per-sample gradients are computed one sample at a time.
     * @return true if per-sample parameter stacks are supported.
     */
    default boolean supportsPerSampleParameters() {
        return false;
    }
}
