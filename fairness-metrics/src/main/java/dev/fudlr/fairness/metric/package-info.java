/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */

/**
 * The metric API: {@link dev.fudlr.fairness.metric.FairnessMetric} (exact value on top-K lists plus a
 * differentiable surrogate), {@link dev.fudlr.fairness.metric.Direction} (how to read a value and its
 * distance from the ideal), {@link dev.fudlr.fairness.metric.MetricResult} (value and per-group breakdown),
 * {@link dev.fudlr.fairness.metric.MetricSpec} / {@link dev.fudlr.fairness.metric.MetricFamily} (names) and
 * {@link dev.fudlr.fairness.metric.MetricSuite} (many metrics from one top-K selection).
 * <p>
 * Implementations live in sub-packages by the bias they measure: {@code accuracy}, {@code popularity},
 * {@code user} (attribute bias between user groups), {@code item} (item-side exposure) and
 * {@code composite} (weighted sums for co-existing biases). Formulas, directions and sources are in
 * {@code docs/metrics.md}.
 */
package dev.fudlr.fairness.metric;
