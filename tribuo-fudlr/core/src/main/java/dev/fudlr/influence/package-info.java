/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
/**
 * The numerical core of FUDLR stages 1 and 2: flat trainable-parameter vectors, gradients of losses and of objectives
 * of the scores, per-sample gradients and directional derivatives, curvature backends (exact Hessian-vector products by
 * double backward, finite differences of gradients, damped empirical Fisher with a Woodbury solve, identity),
 * inverse-HVP solvers (block conjugate gradient, LiSSA, direct Woodbury) and influence scores.
 * <p>
 * Generic over any DJL block with designated trainable parameters: a model enters through
 * {@link dev.fudlr.influence.SampleLoss} (per-sample losses under a substituting parameter store) and optionally
 * {@link dev.fudlr.influence.ScoreFunction}; {@link dev.fudlr.influence.RecommenderObjectives} adapts a
 * {@link dev.fudlr.model.DjlRecommender}. Objectives of the scores (fairness surrogates, smooth accuracy) enter as
 * {@link dev.fudlr.influence.ScoreObjective}s, so this package depends on no fairness metric
 * ({@code dev.fudlr.debias.SurrogateObjective} adapts a surrogate). Solves can be traced with
 * {@link dev.fudlr.influence.TracedSolver}. Vectors are 1-D NDArrays on the model's device. The pass over every
 * training sample can run elsewhere (e.g. on Spark executors) behind {@link dev.fudlr.influence.RemovalScorePass}.
 */
package dev.fudlr.influence;
