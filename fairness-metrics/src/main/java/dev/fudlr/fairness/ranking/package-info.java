/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */

/**
 * Top-K ranking and the accuracy metrics of next-item recommendation, the single implementation every
 * fairness metric of this module builds on.
 * <ul>
 *     <li>{@link dev.fudlr.fairness.ranking.TopK}: deterministic top-K selection from score rows with
 *     per-row exclusions (ties by lower index).</li>
 *     <li>{@link dev.fudlr.fairness.ranking.RankingMetrics}: HR@K, NDCG@K, Recall@K and MRR@K of one
 *     ranked list.</li>
 *     <li>{@link dev.fudlr.fairness.ranking.RankingEvaluator}, {@link dev.fudlr.fairness.ranking.RankingMetric}
 *     and {@link dev.fudlr.fairness.ranking.RankingEvaluation}: the same metrics as a Tribuo evaluator over
 *     {@link org.tribuo.classification.Label} predictions (one label per item, ranking by output scores).</li>
 *     <li>{@link dev.fudlr.fairness.ranking.ItemIds}: the canonical, numeric-aware order of item ids that
 *     makes tie-breaking agree across the project.</li>
 * </ul>
 */
package dev.fudlr.fairness.ranking;
