/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.model.transformer;

import dev.fudlr.model.djl.LinearProjection;
import dev.fudlr.model.djl.NamedBlock;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Position-wise feed-forward sub-layer {@code output(gelu(hidden(x)))} with exact (erf) GELU, which is smooth, so
 * finite differences of gradients and second derivatives are well behaved. Children: {@code hidden}, {@code output}.
 */
public final class FeedForwardBlock extends NamedBlock {

    private final LinearProjection hidden;
    private final LinearProjection output;

    /**
     * Creates the sub-layer.
     * @param dim model width.
     * @param ffnDim hidden width.
     */
    public FeedForwardBlock(int dim, int ffnDim) {
        this.hidden = addNamedChild("hidden", new LinearProjection(dim, ffnDim));
        this.output = addNamedChild("output", new LinearProjection(ffnDim, dim));
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray h = hidden.forward(store, inputs, training, params).singletonOrThrow();
        return output.forward(store, new NDList(Activation.gelu(h)), training, params);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        hidden.initialize(manager, dataType, inputShapes[0]);
        output.initialize(manager, dataType, hidden.getOutputShapes(new Shape[]{inputShapes[0]})[0]);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[]{inputShapes[0]};
    }
}
