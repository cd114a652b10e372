/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.influence;

import ai.djl.ndarray.NDArray;

/**
 * The loss gradient of a set of training samples, {@code (1/n) sum_{i in subset} g_i(at)}, wherever the samples are:
 * the Newton removal's right-hand side (the sum over the removed samples) and the exact unlearning certificate's
 * passes over the retained ones. {@link #inJvm} computes it with this JVM's {@link GradientEngine};
 * {@code tribuo-fudlr-spark} on Spark executors, where the sum is formed in another order (equal up to rounding).
 */
@FunctionalInterface
public interface SubsetGradient {

    /**
     * The scaled gradient sum.
     * @param subset training sample indices in [0, n), strictly increasing.
     * @param at the point (host vector of length p), or null for the model's parameters.
     * @return {@code (1/n) sum_{i in subset} g_i(at)} without the weight-decay term, length p (zeros for an empty
     *         subset).
     */
    double[] gradient(int[] subset, double[] at);

    /**
     * The gradient in this JVM: {@link GradientEngine#gradient} over the subset, in the engine's chunks.
     * @param engine the engine over the model's trainable parameters.
     * @param training the n training losses.
     * @return the subset gradient.
     */
    static SubsetGradient inJvm(GradientEngine engine, SampleLoss training) {
        return (subset, at) -> {
            int p = engine.space().size();
            if (at != null && at.length != p) {
                throw new IllegalArgumentException("The point has length " + at.length + ", the space " + p);
            }
            if (subset.length == 0) {
                return new double[p];
            }
            NDArray point = at == null ? null : engine.space().fromHost(engine.vectors(), at);
            try (NDArray g = engine.gradient(training, subset, 1.0 / training.size(), point)) {
                return engine.space().toHost(g);
            } finally {
                if (point != null) {
                    point.close();
                }
            }
        };
    }
}
