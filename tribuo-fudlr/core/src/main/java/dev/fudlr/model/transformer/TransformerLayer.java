/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.model.transformer;

import dev.fudlr.model.djl.LayerNormBlock;
import dev.fudlr.model.djl.NamedBlock;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * One pre-LayerNorm transformer layer:
 * {@code x = x + attention(attn_norm(x), mask); x = x + ffn(ffn_norm(x))}.
 * Inputs: {@code x} (batch, L, d) and the additive mask (batch, 1, L, L); output: (batch, L, d).
 * Children: {@code attn_norm}, {@code attention}, {@code ffn_norm}, {@code ffn}.
 */
public final class TransformerLayer extends NamedBlock {

    private final LayerNormBlock attentionNorm;
    private final CausalSelfAttention attention;
    private final LayerNormBlock ffnNorm;
    private final FeedForwardBlock ffn;

    /**
     * Creates a layer.
     * @param config the architecture.
     */
    public TransformerLayer(TransformerConfig config) {
        int d = config.embeddingDim();
        this.attentionNorm = addNamedChild("attn_norm", new LayerNormBlock(d, config.layerNormEps()));
        this.attention = addNamedChild("attention",
            new CausalSelfAttention(d, config.numHeads(), config.loraRank(), config.loraScale()));
        this.ffnNorm = addNamedChild("ffn_norm", new LayerNormBlock(d, config.layerNormEps()));
        this.ffn = addNamedChild("ffn", new FeedForwardBlock(d, config.ffnDim()));
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        NDArray mask = inputs.get(1);
        NDArray normed = attentionNorm.forward(store, new NDList(x), training, params).singletonOrThrow();
        x = x.add(attention.forward(store, new NDList(normed, mask), training, params).singletonOrThrow());
        NDArray normed2 = ffnNorm.forward(store, new NDList(x), training, params).singletonOrThrow();
        x = x.add(ffn.forward(store, new NDList(normed2), training, params).singletonOrThrow());
        return new NDList(x);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        attentionNorm.initialize(manager, dataType, inputShapes[0]);
        attention.initialize(manager, dataType, inputShapes);
        ffnNorm.initialize(manager, dataType, inputShapes[0]);
        ffn.initialize(manager, dataType, inputShapes[0]);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[]{inputShapes[0]};
    }
}
