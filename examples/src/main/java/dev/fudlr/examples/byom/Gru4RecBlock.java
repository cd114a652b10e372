/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.examples.byom;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.recurrent.GRU;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;

/**
 * A GRU4Rec-style session recommender from DJL's core layers: item embeddings (one extra padding row) read by a
 * {@link GRU}; the last hidden state is projected to a user vector by a {@link Linear} layer plus a LoRA adapter on
 * that projection; scores are the user vector's dot products with the item embeddings plus an item bias, plus
 * (optionally) a LoRA adapter from the user vector to the item scores, so that item-specific preferences learned in
 * fine-tuning live in parameters unlearning can change.
 * <p>
 * Input (batch, L) int64 item indices, left-padded with {@code numItems}; output (batch, numItems) logits.
 */
final class Gru4RecBlock extends AbstractBlock {

    private final int numItems;
    private final int embeddingDim;
    private final int hiddenSize;
    private final Parameter itemEmbedding;
    private final Parameter itemBias;
    private final GRU gru;
    private final Linear projection;
    private final LoraAdapter lora;
    private final LoraAdapter scoreLora;

    Gru4RecBlock(int numItems, int embeddingDim, int hiddenSize, int loraRank, double loraAlpha, boolean scoreAdapter) {
        this.numItems = numItems;
        this.embeddingDim = embeddingDim;
        this.hiddenSize = hiddenSize;
        this.itemEmbedding = addParameter(Parameter.builder().setName("item_embedding").setType(Parameter.Type.WEIGHT)
                                              .optInitializer(new NormalInitializer(0.1f))
                                              .optShape(new Shape(numItems + 1, embeddingDim)).build());
        this.itemBias = addParameter(Parameter.builder().setName("item_bias").setType(Parameter.Type.BIAS)
                                         .optInitializer(Initializer.ZEROS).optShape(new Shape(numItems)).build());
        this.gru = addChildBlock("gru", GRU.builder().setStateSize(hiddenSize).setNumLayers(1).optBatchFirst(true)
            .optReturnState(false).build());
        this.projection = addChildBlock("projection", Linear.builder().setUnits(embeddingDim).build());
        this.lora = addChildBlock("projection_lora", new LoraAdapter(hiddenSize, embeddingDim, loraRank, loraAlpha / loraRank));
        this.scoreLora = scoreAdapter
            ? addChildBlock("score_lora", new LoraAdapter(embeddingDim, numItems, loraRank, loraAlpha / loraRank)) : null;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray ids = inputs.singletonOrThrow();
        NDArray table = store.getValue(itemEmbedding, ids.getDevice(), training);
        NDArray x = ids.getNDArrayInternal().embedding(ids, table, SparseFormat.DENSE).singletonOrThrow();
        NDArray states = gru.forward(store, new NDList(x), training, params).singletonOrThrow();
        NDArray last = states.get(new NDIndex(":, -1, :"));
        NDArray user = projection.forward(store, new NDList(last), training, params).singletonOrThrow()
            .add(lora.forward(store, new NDList(last), training, params).singletonOrThrow());
        NDArray items = table.get(new NDIndex("0:" + numItems));
        NDArray bias = store.getValue(itemBias, ids.getDevice(), training);
        NDArray scores = user.matMul(items.transpose()).add(bias);
        if (scoreLora != null) {
            scores = scores.add(scoreLora.forward(store, new NDList(user), training, params).singletonOrThrow());
        }
        return new NDList(scores);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[]{new Shape(inputShapes[0].get(0), numItems)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long batch = inputShapes[0].get(0);
        gru.initialize(manager, dataType, new Shape(batch, inputShapes[0].get(1), embeddingDim));
        projection.initialize(manager, dataType, new Shape(batch, hiddenSize));
        lora.initialize(manager, dataType, new Shape(batch, hiddenSize));
        if (scoreLora != null) {
            scoreLora.initialize(manager, dataType, new Shape(batch, embeddingDim));
        }
    }
}
