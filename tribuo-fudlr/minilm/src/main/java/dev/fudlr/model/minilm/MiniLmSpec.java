/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.model.minilm;

import ai.djl.ndarray.types.DataType;

import java.io.Serializable;

/**
 * Architecture and prompt settings of a MiniLM-LoRA recommender.
 * @param numLayers encoder layers used (1 to 6; fewer gives a cheap reduced model).
 * @param loraRank LoRA rank r on query and value of every layer.
 * @param loraAlpha LoRA alpha (adapter scale alpha / r).
 * @param scoreScale the scale (inverse temperature) of the user-item cosine in the scores.
 * @param useHead whether a trainable d x d projection head (identity-initialised) follows the pooled user embedding.
 * @param useItemBias whether scores carry a trainable per-item bias.
 * @param maxHistory history length L (most recent L items in the prompt).
 * @param maxTokens prompt token budget (including [CLS] and [SEP]); the oldest titles are cut first.
 * @param includeGenres whether item texts carry their genres.
 * @param promptPrefix text before the item list.
 * @param dataType float32 or float64.
 */
public record MiniLmSpec(int numLayers, int loraRank, double loraAlpha, double scoreScale, boolean useHead,
                         boolean useItemBias, int maxHistory, int maxTokens, boolean includeGenres, String promptPrefix,
                         DataType dataType) implements Serializable {

    /**
     * Validates.
     */
    public MiniLmSpec {
        if (numLayers < 1) {
            throw new IllegalArgumentException("numLayers must be >= 1, found " + numLayers);
        }
        if (loraRank < 1) {
            throw new IllegalArgumentException("loraRank must be >= 1, found " + loraRank);
        }
        if (!(loraAlpha > 0) || !Double.isFinite(loraAlpha)) {
            throw new IllegalArgumentException("loraAlpha must be positive, found " + loraAlpha);
        }
        if (!(scoreScale > 0) || !Double.isFinite(scoreScale)) {
            throw new IllegalArgumentException("scoreScale must be positive, found " + scoreScale);
        }
        if (maxHistory < 1) {
            throw new IllegalArgumentException("maxHistory must be >= 1, found " + maxHistory);
        }
        if (maxTokens < 3 || maxTokens > 512) {
            throw new IllegalArgumentException("maxTokens must be in [3, 512], found " + maxTokens);
        }
        if (promptPrefix == null) {
            throw new IllegalArgumentException("promptPrefix must not be null");
        }
        if (dataType != DataType.FLOAT32 && dataType != DataType.FLOAT64) {
            throw new IllegalArgumentException("dataType must be float32 or float64, found " + dataType);
        }
    }

    /** @return the LoRA scale alpha / r. */
    public double loraScale() {
        return loraAlpha / loraRank;
    }
}
