/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
/**
 * FUDLR as a post-training transformer ({@link dev.fudlr.debias.FudlrTransformer}, registered as "fudlr"):
 * audit, surrogate gradients, inverse-Hessian solves, bias-agnostic mask, Newton removal, re-audit, guard,
 * and the {@link dev.fudlr.debias.FudlrReport} recorded in the debiased model's provenance.
 * This package wires {@code influence}, {@code mask} and {@code unlearn} together; those know nothing of it.
 */
package dev.fudlr.debias;
