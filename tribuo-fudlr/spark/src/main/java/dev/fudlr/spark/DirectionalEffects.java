/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.spark;

import dev.fudlr.influence.GradientEngine;

/**
 * The result of a distributed per-sample pass: {@link SparkGradients#directionalDerivatives} (raw) or
 * {@link SparkGradients#removalScores} (FUDLR's effects, scaled by 1/n).
 * @param values {@code values[i][k]}: {@code g_i . v_k} (raw) or {@code (1/n) g_i . v_k} (scaled) for every training
 *               sample i, in index order, and direction k.
 * @param gradientSum {@code sum_i g_i} (raw) or {@code (1/n) sum_i g_i} (scaled), length p; null when not requested.
 * @param kernel the engine's kernel on the executors ({@link GradientEngine#lastDirectionalKernel()}).
 */
public record DirectionalEffects(double[][] values, double[] gradientSum, GradientEngine.DirectionalKernel kernel) {
}
