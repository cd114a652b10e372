/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.model.minilm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.fudlr.model.djl.LayerNormBlock;
import dev.fudlr.model.djl.LinearProjection;
import dev.fudlr.model.djl.LoraLinear;
import dev.fudlr.model.djl.NamedBlock;
import dev.fudlr.model.djl.NativeArrays;

/**
 * One post-LayerNorm BERT encoder layer:
 * {@code x = LN(x + Wo MHA(x)); x = LN(x + W2 GELU(W1 x))}, multi-head self-attention over all (unmasked)
 * positions, exact (erf) GELU. Query and value projections carry LoRA adapters ({@link LoraLinear}).
 * <p>
 * Inputs: hidden states (batch, T, d) and the additive attention bias (batch, 1, 1, T) (0 for real tokens, a
 * large negative number for padding).
 */
public final class BertLayer extends NamedBlock {

    private final int hidden;
    private final int numHeads;
    private final int headDim;
    private final LoraLinear query;
    private final LinearProjection key;
    private final LoraLinear value;
    private final LinearProjection attentionOutput;
    private final LayerNormBlock attentionNorm;
    private final LinearProjection intermediate;
    private final LinearProjection output;
    private final LayerNormBlock outputNorm;

    /**
     * Creates a layer.
     * @param config the encoder shape.
     * @param loraRank LoRA rank.
     * @param loraScale LoRA scale alpha / r.
     */
    public BertLayer(BertConfig config, int loraRank, double loraScale) {
        this.hidden = config.hidden();
        this.numHeads = config.numHeads();
        this.headDim = config.headDim();
        this.query = addNamedChild("query", new LoraLinear(hidden, hidden, loraRank, loraScale));
        this.key = addNamedChild("key", new LinearProjection(hidden, hidden));
        this.value = addNamedChild("value", new LoraLinear(hidden, hidden, loraRank, loraScale));
        this.attentionOutput = addNamedChild("attention_output", new LinearProjection(hidden, hidden));
        this.attentionNorm = addNamedChild("attention_norm", new LayerNormBlock(hidden, config.layerNormEps()));
        this.intermediate = addNamedChild("intermediate", new LinearProjection(hidden, config.intermediate()));
        this.output = addNamedChild("output", new LinearProjection(config.intermediate(), hidden));
        this.outputNorm = addNamedChild("output_norm", new LayerNormBlock(hidden, config.layerNormEps()));
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        NDArray maskBias = inputs.get(1);
        long length = x.getShape().get(1);
        NDList in = new NDList(x);
        NDArray q = heads(query.forward(store, in, training, params).singletonOrThrow(), length);
        NDArray k = heads(key.forward(store, in, training, params).singletonOrThrow(), length);
        NDArray v = heads(value.forward(store, in, training, params).singletonOrThrow(), length);
        // Scalars as arrays of this step, not Numbers: see NativeArrays.
        NDArray logits = q.matMul(k.transpose(0, 1, 3, 2)).mul(NativeArrays.scalar(q, 1.0 / Math.sqrt(headDim))).add(maskBias);
        NDArray mixed = logits.softmax(3).matMul(v).transpose(0, 2, 1, 3).reshape(new Shape(-1, length, hidden));
        NDArray attended = attentionOutput.forward(store, new NDList(mixed), training, params).singletonOrThrow();
        NDArray h = attentionNorm.forward(store, new NDList(x.add(attended)), training, params).singletonOrThrow();
        NDArray ff = intermediate.forward(store, new NDList(h), training, params).singletonOrThrow();
        ff = Activation.gelu(ff);
        NDArray o = output.forward(store, new NDList(ff), training, params).singletonOrThrow();
        return outputNorm.forward(store, new NDList(h.add(o)), training, params);
    }

    /** (batch, T, d) to (batch, heads, T, headDim). */
    private NDArray heads(NDArray t, long length) {
        return t.reshape(new Shape(-1, length, numHeads, headDim)).transpose(0, 2, 1, 3);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = inputShapes[0];
        query.initialize(manager, dataType, x);
        key.initialize(manager, dataType, x);
        value.initialize(manager, dataType, x);
        attentionOutput.initialize(manager, dataType, x);
        attentionNorm.initialize(manager, dataType, x);
        intermediate.initialize(manager, dataType, x);
        Shape inter = x.slice(0, x.dimension() - 1).add(intermediate.outputDim());
        output.initialize(manager, dataType, inter);
        outputNorm.initialize(manager, dataType, x);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[]{inputShapes[0]};
    }
}
