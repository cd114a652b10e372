/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.spark;

import dev.fudlr.influence.GradientEngine;

/**
 * The result of a distributed per-sample pass ({@link SparkGradients#directionalDerivatives}).
 * @param values {@code values[i][k] = g_i . v_k} for every training sample i (in index order) and direction k; the raw
 *               derivatives, before FUDLR's {@code 1/n} scaling of removal scores.
 * @param gradientSum {@code sum_i g_i} over all samples (length p), or null when not requested; unscaled.
 * @param kernel the engine's kernel on the executors ({@link GradientEngine#lastDirectionalKernel()}).
 */
public record DirectionalEffects(double[][] values, double[] gradientSum, GradientEngine.DirectionalKernel kernel) {
}
