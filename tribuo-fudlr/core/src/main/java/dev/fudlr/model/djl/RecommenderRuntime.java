/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.model.djl;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;

import java.util.List;
import java.util.SortedMap;

/**
 * A live (native) recommender network: its own base {@link NDManager} on one device, a block whose weights it owns,
 * and which of its parameters are trainable. The tiny transformer ({@code dev.fudlr.model.transformer.TransformerRuntime}) and the
 * MiniLM runtime implement it; {@code dev.fudlr.model.AbstractDjlRecommenderModel} delegates to it.
 * <p>
 * Forward passes run in a sub-manager of {@link #manager()} (one per step) with a parameter store from
 * {@link #newParameterStore(NDManager)}, so every intermediate array lives in that sub-manager. Not thread-safe;
 * {@link #close()} frees the native memory.
 */
public interface RecommenderRuntime extends AutoCloseable {

    /** @return the device. */
    Device device();

    /** @return the base manager that owns the weights. */
    NDManager manager();

    /** @return the network. */
    Block block();

    /** @return every parameter by full name (sorted, unmodifiable). */
    SortedMap<String, Parameter> parameters();

    /** @return the trainable parameters, sorted by name (the flat-vector order). */
    List<Parameter> trainableParameters();

    /**
     * Overwrites a trainable parameter's values in place (the parameter keeps its identity, gradient flag and
     * optimizer state key).
     * @param value the values; its name selects the parameter, shape and dtype must match.
     */
    void setWeight(HostTensor value);

    /**
     * All-item scores.
     * @param store the parameter store of the pass.
     * @param input the encoded histories (item tokens or prompt word pieces).
     * @param training true for a training pass.
     * @return (batch, numItems) logits.
     */
    NDArray scores(ParameterStore store, NDArray input, boolean training);

    /**
     * A parameter store for one forward pass.
     * @param stepManager the per-step manager.
     * @return a store that does not copy parameters.
     */
    default ParameterStore newParameterStore(NDManager stepManager) {
        return new ParameterStore(stepManager, false);
    }

    /**
     * Per-sample cross-entropy of the targets over the whole catalogue.
     * @param store the parameter store.
     * @param input the encoded histories.
     * @param targets (batch) int64 target item indices.
     * @param training true for a training pass.
     * @return (batch) losses.
     */
    default NDArray perSampleLoss(ParameterStore store, NDArray input, NDArray targets, boolean training) {
        NDArray logProbs = scores(store, input, training).logSoftmax(1);
        return logProbs.gather(targets.reshape(new Shape(-1, 1)), 1).reshape(new Shape(-1)).neg();
    }

    /** Sets the accumulated gradients of all parameters that have one to zero. */
    default void zeroGradients() {
        for (Parameter p : parameters().values()) {
            NDArray a = p.getArray();
            if (a.hasGradient()) {
                JniUtils.zeroGrad((PtNDArray) a);
            }
        }
    }

    /** Frees the native memory. */
    @Override
    void close();
}
