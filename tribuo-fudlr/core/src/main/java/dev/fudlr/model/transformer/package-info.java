/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */

/**
 * A small causal (decoder-only) transformer over item-id tokens, written as DJL blocks: item and learned
 * positional embeddings, pre-LayerNorm layers with causal multi-head self-attention (padding-aware) and a GELU
 * feed-forward sub-layer, a final LayerNorm, and scores tied to the item embedding. LoRA adapters sit on the
 * attention query and value projections.
 * <p>
 * DJL's own {@code TransformerEncoderBlock} is not used: it normalises with BatchNorm and its attention is
 * float32-only, while influence functions need LayerNorm, float64 and second-order differentiable operations.
 * <p>
 * Shared DJL building blocks (LoRA linear, host tensors, device specifications) live in
 * {@link dev.fudlr.model.djl}.
 */
package dev.fudlr.model.transformer;
