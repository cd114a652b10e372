/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.model.transformer;

import dev.fudlr.model.djl.LinearProjection;
import dev.fudlr.model.djl.LoraLinear;
import dev.fudlr.model.djl.NamedBlock;
import dev.fudlr.model.djl.NativeArrays;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Multi-head scaled dot-product self-attention with an additive attention mask.
 * <p>
 * Inputs: {@code x} (batch, L, d) and {@code maskBias} (batch, 1, L, L) holding 0 where query {@code i} may attend
 * to key {@code j} and a large negative number elsewhere (see {@link CausalTransformerBlock#attentionMask}).
 * Children: {@code query} and {@code value} ({@link LoraLinear}), {@code key} and {@code output}
 * ({@link LinearProjection}).
 */
public final class CausalSelfAttention extends NamedBlock {

    private final int dim;
    private final int numHeads;
    private final int headDim;
    private final LoraLinear query;
    private final LinearProjection key;
    private final LoraLinear value;
    private final LinearProjection output;

    /**
     * Creates the attention block.
     * @param dim model width.
     * @param numHeads number of heads (divides {@code dim}).
     * @param loraRank LoRA rank of the query and value adapters.
     * @param loraScale LoRA scale alpha / r.
     */
    public CausalSelfAttention(int dim, int numHeads, int loraRank, double loraScale) {
        if (dim % numHeads != 0) {
            throw new IllegalArgumentException("dim " + dim + " is not divisible by numHeads " + numHeads);
        }
        this.dim = dim;
        this.numHeads = numHeads;
        this.headDim = dim / numHeads;
        this.query = addNamedChild("query", new LoraLinear(dim, dim, loraRank, loraScale));
        this.key = addNamedChild("key", new LinearProjection(dim, dim));
        this.value = addNamedChild("value", new LoraLinear(dim, dim, loraRank, loraScale));
        this.output = addNamedChild("output", new LinearProjection(dim, dim));
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        NDArray maskBias = inputs.get(1);
        long length = x.getShape().get(1);
        NDArray q = heads(query.forward(store, new NDList(x), training, params).singletonOrThrow(), length);
        NDArray k = heads(key.forward(store, new NDList(x), training, params).singletonOrThrow(), length);
        NDArray v = heads(value.forward(store, new NDList(x), training, params).singletonOrThrow(), length);
        // (batch, heads, L, L)
        // The scale is an array of this step, not a Number: see NativeArrays.
        NDArray logits = q.matMul(k.transpose(0, 1, 3, 2)).mul(NativeArrays.scalar(q, 1.0 / Math.sqrt(headDim)))
            .add(maskBias);
        NDArray attention = logits.softmax(3);
        NDArray mixed = attention.matMul(v).transpose(0, 2, 1, 3).reshape(new Shape(-1, length, dim));
        return output.forward(store, new NDList(mixed), training, params);
    }

    /** (batch, L, d) to (batch, heads, L, headDim). */
    private NDArray heads(NDArray t, long length) {
        return t.reshape(new Shape(-1, length, numHeads, headDim)).transpose(0, 2, 1, 3);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        query.initialize(manager, dataType, inputShapes[0]);
        key.initialize(manager, dataType, inputShapes[0]);
        value.initialize(manager, dataType, inputShapes[0]);
        output.initialize(manager, dataType, inputShapes[0]);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[]{inputShapes[0]};
    }

    /** @return number of heads. */
    public int numHeads() {
        return numHeads;
    }
}
