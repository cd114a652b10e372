/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */

/**
 * DJL building blocks shared by every backbone, the project's own and a user's: the live-network contract
 * {@link dev.fudlr.model.djl.RecommenderRuntime}, device specifications ({@link dev.fudlr.model.djl.Devices}),
 * host copies of tensors ({@link dev.fudlr.model.djl.HostTensor}), differentiation-safe array constructors
 * ({@link dev.fudlr.model.djl.NativeArrays}), a LoRA linear layer that accepts per-sample adapter stacks
 * ({@link dev.fudlr.model.djl.LoraLinear}) with its dropout store, and small layers (projection, LayerNorm, named
 * container).
 * <p>
 * Every block here obtains its parameter values through {@link dev.fudlr.model.djl.ScopedParameters}, which
 * re-homes them into the NDManager of the activations, so that all intermediate arrays of a forward pass live in the
 * caller's (per-step) manager. A caller may pass any {@link ai.djl.training.ParameterStore} subclass, for example
 * one that returns {@code theta.stopGradient() + delta} for the trainable parameters to obtain exact Hessian-vector
 * products, or a {@link dev.fudlr.model.djl.LoraDropoutParameterStore} for LoRA dropout in a trainer's steps.
 */
package dev.fudlr.model.djl;
