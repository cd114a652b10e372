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
 * Every block obtains its parameter values through {@link dev.fudlr.model.transformer.ScopedParameters}, which
 * re-homes them into the NDManager of the activations, so that all intermediate arrays of a forward pass live in
 * the caller's (per-step) manager and no native memory accumulates in the model's manager. A caller may pass any
 * {@link ai.djl.training.ParameterStore} subclass, for example one that returns {@code theta.stopGradient() + delta}
 * for the LoRA parameters to obtain exact Hessian-vector products, or a
 * {@link dev.fudlr.model.transformer.LoraDropoutParameterStore} that asks {@link dev.fudlr.model.transformer.LoraLinear}
 * for LoRA dropout in a trainer's steps.
 * <p>
 * Also shared with the MiniLM backbone: {@link dev.fudlr.model.transformer.RecommenderRuntime} (the live-network
 * contract of both runtimes), {@link dev.fudlr.model.transformer.HostTensor} and
 * {@link dev.fudlr.model.transformer.NativeArrays}.
 */
package dev.fudlr.model.transformer;
