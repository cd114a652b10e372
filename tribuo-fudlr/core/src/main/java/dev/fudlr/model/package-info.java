/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */

/**
 * Recommenders that can be audited and unlearned: the {@link dev.fudlr.model.UnlearnableRecommender} contract
 * (host arrays), its DJL extension {@link dev.fudlr.model.DjlRecommender} (NDArray-level hooks), the item catalogue
 * {@link dev.fudlr.model.ItemIndex}, the base of the DJL-backed Tribuo models
 * {@link dev.fudlr.model.AbstractDjlRecommenderModel} (what unlearning and FUDLR accept), the Tribuo model
 * {@link dev.fudlr.model.DjlRecommenderModel} and its trainer {@link dev.fudlr.model.LmRecommenderTrainer} (a small
 * causal transformer with LoRA adapters standing in for an LLM-based sequential recommender; its {@code minilm}
 * backbone trains {@link dev.fudlr.model.minilm.MiniLmRecommenderModel}).
 */
package dev.fudlr.model;
