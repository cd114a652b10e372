/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */

/**
 * Stage 2 of FUDLR: influence-function unlearning. {@link dev.fudlr.unlearn.NewtonRemoval} computes
 * {@code theta' = theta + (1/n) (C + lambda I)^-1 sum_{i in S} g_i} with automatic damping escalation and builds a
 * new model (the original is never modified); {@link dev.fudlr.unlearn.UnlearningCertificate} compares the gradient
 * residual of the retained-data risk at theta' with that at theta.
 */
package dev.fudlr.unlearn;
