/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */

/**
 * Stage 1 of FUDLR: the bias-agnostic mask over training samples, on plain double arrays (no Tribuo, no DJL).
 * <p>
 * {@link dev.fudlr.mask.MaskProblem} holds the per-sample predicted effects (fairness objectives a_ik, accuracy b_i)
 * and evaluates the objective J and its analytic gradient; {@link dev.fudlr.mask.MaskOptimizer} minimises it with
 * deterministic Adam into a {@link dev.fudlr.mask.MaskResult}; {@link dev.fudlr.mask.Selection} thresholds and caps
 * it; {@link dev.fudlr.mask.GuardedSelection} shrinks it in mask order while the exact accuracy drop after unlearning
 * exceeds a tolerance; {@link dev.fudlr.mask.BaselineSelections} gives fairness-only top-k and random selections at
 * an equal budget. The objective works unchanged for one bias or several co-existing ones: only the list of
 * objectives changes.
 */
package dev.fudlr.mask;
