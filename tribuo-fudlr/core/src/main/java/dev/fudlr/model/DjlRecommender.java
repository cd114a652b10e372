/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import org.tribuo.Example;
import org.tribuo.classification.Label;

import java.util.List;

/**
 * NDArray-level hooks of an {@link UnlearnableRecommender} backed by DJL, for engines that need more than host
 * arrays (Hessian-vector products, per-sample gradients, batched directional derivatives).
 * <p>
 * Protocol: open a sub-manager of {@link #manager()} per step; build inputs with {@link #encodeHistories} and
 * {@link #encodeTargets}; run {@link #scores} or {@link #perSampleLoss} with a {@link ParameterStore} on that
 * sub-manager (a subclass may substitute parameter values, e.g. {@code theta.stopGradient() + delta}); close the
 * sub-manager. Gradients of the trainable parameters accumulate across backward passes until
 * {@link #zeroGradients()}. Not thread-safe; only one DJL GradientCollector may be open per JVM.
 * <p>
 * In differentiable code never combine an array with a Java {@code Number} ({@code x.mul(2.0)}): DJL 0.36 frees
 * that scalar's memory before the backward pass reads it, which silently corrupts gradients after a garbage
 * collection. Use {@link dev.fudlr.model.djl.NativeArrays#scalar} instead.
 */
public interface DjlRecommender extends UnlearnableRecommender {

    /** @return the device of the live network. */
    Device device();

    /** @return the manager that owns the live weights (materialising them if needed). */
    NDManager manager();

    /** @return the live DJL block. */
    Block block();

    /** @return the live trainable parameters, in flat-vector order. */
    List<Parameter> trainableDjlParameters();

    /**
     * Input tokens for a batch.
     * @param manager the (per-step) manager that owns the result.
     * @param batch the samples.
     * @return the model input.
     */
    NDArray encodeHistories(NDManager manager, List<? extends Example<Label>> batch);

    /**
     * Target item indices for a batch.
     * @param manager the manager that owns the result.
     * @param batch the samples.
     * @return (batch) int64 indices.
     */
    NDArray encodeTargets(NDManager manager, List<? extends Example<Label>> batch);

    /**
     * All-item scores.
     * @param store the parameter store of the pass.
     * @param histories output of {@link #encodeHistories}.
     * @param training whether this is a training pass (the network has no dropout, so values do not depend on it).
     * @return (batch, numItems) logits.
     */
    NDArray scores(ParameterStore store, NDArray histories, boolean training);

    /**
     * Per-sample cross-entropy losses.
     * @param store the parameter store.
     * @param histories output of {@link #encodeHistories}.
     * @param targets output of {@link #encodeTargets}.
     * @param training true for a training pass.
     * @return (batch) losses.
     */
    NDArray perSampleLoss(ParameterStore store, NDArray histories, NDArray targets, boolean training);

    /** Zeroes the accumulated gradients of the live parameters. */
    void zeroGradients();

    /**
     * Opt-in capability: whether {@link #scores} and {@link #perSampleLoss} accept per-sample trainable parameters, a
     * store value of shape (batch, ...shape) for a parameter of shape (...shape), slice i used by sample i. Engines then
     * get all per-sample gradients of a chunk from one backward pass instead of one pass per sample (the fallback,
     * correct for any network).
     * @return by default false.
     */
    default boolean supportsPerSampleParameters() {
        return false;
    }
}
