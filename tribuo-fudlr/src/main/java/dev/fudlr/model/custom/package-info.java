/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
/**
 * User-supplied backbones: any DJL {@link ai.djl.nn.Block} that maps encoded histories to all-item scores, with
 * a chosen subset of its parameters (typically LoRA adapters) as the trainable parameters of
 * {@link dev.fudlr.model.UnlearnableRecommender}; see {@link dev.fudlr.model.custom.CustomBlockRecommender}.
 * TorchScript modules ({@code ai.djl.nn.SymbolBlock}) are not accepted: their forward pass does not read
 * parameter values through a {@link ai.djl.training.ParameterStore}, which the influence engines rely on.
 */
package dev.fudlr.model.custom;
