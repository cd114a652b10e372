/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */

/**
 * Differentiable surrogates of the metrics on the score matrix, with analytic gradients.
 * <ul>
 *     <li>{@link dev.fudlr.fairness.surrogate.Surrogate}, {@link dev.fudlr.fairness.surrogate.SurrogateResult}:
 *     the interface the debiasing mask calls (value + d value / d scores).</li>
 *     <li>{@link dev.fudlr.fairness.surrogate.SurrogateSettings}, {@link dev.fudlr.fairness.surrogate.SmoothingMode}:
 *     temperature-smoothed top-K (threshold at the K-th score) or softmax smoothing.</li>
 *     <li>{@link dev.fudlr.fairness.surrogate.SoftTopK}: smooth membership and smooth rank with their
 *     vector-Jacobian products; {@link dev.fudlr.fairness.surrogate.SoftShares} and
 *     {@link dev.fudlr.fairness.surrogate.SoftUtility}: the smooth group shares and per-user accuracy built on it.</li>
 *     <li>{@link dev.fudlr.fairness.surrogate.GradientCheck}:
 *     finite-difference checks of gradients (temperature calibration against the exact metric is {@code dev.fudlr.fairness.metric.SurrogateCalibration}).</li>
 * </ul>
 * The metric classes in {@code dev.fudlr.fairness.metric} compose these pieces, so each metric's exact value and
 * surrogate sit in one class.
 */
package dev.fudlr.fairness.surrogate;
