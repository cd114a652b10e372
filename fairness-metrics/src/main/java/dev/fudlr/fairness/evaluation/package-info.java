/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */

/**
 * Tribuo integration: {@link dev.fudlr.fairness.evaluation.RecommendationFairnessEvaluator} evaluates any
 * {@code Model<Label>} that scores items for accuracy and fairness, with sensitive attributes from example
 * metadata, and {@link dev.fudlr.fairness.evaluation.EvaluatorChain} runs several evaluators (Tribuo's
 * own included) over one set of predictions and merges their reports.
 * {@link dev.fudlr.fairness.evaluation.Bootstrap} gives percentile bootstrap intervals over users for any
 * metric, and paired intervals of a metric's change between two sets of recommendations for the same users.
 */
package dev.fudlr.fairness.evaluation;
