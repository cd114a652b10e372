/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.model.minilm;

import java.io.Serializable;

/**
 * Shape of a BERT encoder (post-LayerNorm, GELU feed-forward), as read from an ONNX export.
 * @param vocabSize word-piece vocabulary size.
 * @param hidden model width.
 * @param numLayers number of encoder layers.
 * @param numHeads number of attention heads (divides {@code hidden}).
 * @param intermediate feed-forward width.
 * @param maxPositions number of learned positions.
 * @param typeVocabSize number of token types.
 * @param layerNormEps LayerNorm epsilon.
 */
public record BertConfig(int vocabSize, int hidden, int numLayers, int numHeads, int intermediate, int maxPositions,
                         int typeVocabSize, double layerNormEps) implements Serializable {

    /**
     * Validates the shape.
     */
    public BertConfig {
        if (vocabSize < 1 || hidden < 1 || numLayers < 1 || numHeads < 1 || intermediate < 1 || maxPositions < 1
            || typeVocabSize < 1) {
            throw new IllegalArgumentException("Invalid BERT shape: " + this);
        }
        if (hidden % numHeads != 0) {
            throw new IllegalArgumentException("numHeads " + numHeads + " does not divide hidden " + hidden);
        }
        if (!(layerNormEps > 0)) {
            throw new IllegalArgumentException("layerNormEps must be positive, found " + layerNormEps);
        }
    }

    /** @return the per-head width. */
    public int headDim() {
        return hidden / numHeads;
    }

    /**
     * The same encoder with only its first {@code layers} layers (a cheap reduced model for tests).
     * @param layers number of layers kept, 1 to {@link #numLayers()}.
     * @return the reduced shape.
     */
    public BertConfig withLayers(int layers) {
        if (layers < 1 || layers > numLayers) {
            throw new IllegalArgumentException("layers must be in [1, " + numLayers + "], found " + layers);
        }
        return new BertConfig(vocabSize, hidden, layers, numHeads, intermediate, maxPositions, typeVocabSize, layerNormEps);
    }
}
