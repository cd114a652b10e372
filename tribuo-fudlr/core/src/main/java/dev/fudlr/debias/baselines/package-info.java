/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */

/**
 * Comparison baselines of FUDLR, as {@link dev.fudlr.PostTrainingTransformer}s registered by name in
 * {@link dev.fudlr.PostTrainingTransformers} (so they run from OLCUT XML configurations, e.g. as steps of a
 * {@link dev.fudlr.PostTrainingTrainer}, and from benchmarks):
 * <ul>
 *     <li>{@link dev.fudlr.debias.baselines.RetrainWithout} ({@code retrain-without}): retraining without a removal
 *     set S, cold (from scratch, the original trainer and seed) or warm (LoRA epochs from the current parameters);
 *     S is a {@link dev.fudlr.debias.baselines.RemovalSet} of sample ids, e.g. FUDLR's selection;</li>
 *     <li>{@link dev.fudlr.debias.baselines.GroupReweightRetrain} ({@code reweight-retrain}): IFairLRS-style
 *     item-group reweighting of the training samples ({@link dev.fudlr.debias.baselines.GroupWeights}), then
 *     retraining;</li>
 *     <li>{@link dev.fudlr.debias.baselines.PopularityReRanker} ({@code popularity-rerank}): a post-processing
 *     re-ranker that subtracts a popularity penalty from every item's score
 *     ({@link dev.fudlr.debias.baselines.PopularityReRankedModel}).</li>
 * </ul>
 * Random removal and fairness-only top-k selection are selection options of FUDLR itself, not separate steps.
 * {@link dev.fudlr.debias.baselines.ScorerAudit} computes exact fairness and accuracy metrics of any
 * {@link dev.fudlr.model.RecommenderScorer} the way FUDLR audits its models.
 */
package dev.fudlr.debias.baselines;
