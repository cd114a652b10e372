/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */

/**
 * FUDLR's stages as classes the orchestrator ({@link dev.fudlr.debias.FudlrTransformer}) and the benchmarks both
 * call, so that a benchmark measures what the product does: surrogate temperature calibration
 * ({@link dev.fudlr.debias.stage.TemperatureCalibration}), the damped inverse-curvature solves
 * ({@link dev.fudlr.debias.stage.DampedSolve}) and the mask problem, optimiser and removal order
 * ({@link dev.fudlr.debias.stage.MaskSelection}) and the guarded Newton removal with its re-audits
 * ({@link dev.fudlr.debias.stage.GuardedUnlearning}). The per-sample effects and the certificate are
 * {@link dev.fudlr.influence.InfluenceCalculator} and {@link dev.fudlr.unlearn.UnlearningCertificate}. Nothing here
 * depends on the rest of {@code dev.fudlr.debias}.
 */
package dev.fudlr.debias.stage;
