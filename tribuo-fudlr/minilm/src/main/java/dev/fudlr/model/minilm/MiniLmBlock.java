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
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.fudlr.model.djl.NamedBlock;
import dev.fudlr.model.djl.NativeArrays;
import dev.fudlr.model.djl.ScopedParameters;

/**
 * The grounded recommender network: a {@link BertEncoder} (child {@code bert}) reads the prompt; the user embedding
 * {@code u} is the L2-normalised mean of its output over real tokens, optionally passed through a trainable
 * projection {@code head} (d x d, initialised to the identity); scores are
 * {@code scale * (u . e_j) + item_bias_j}, where {@code e_j} are the frozen base encoder's (normalised)
 * embeddings of the item texts, supplied as the second input.
 * <p>
 * Inputs: prompt ids (batch, T) int64 and item embeddings (numItems, d), or the ids alone when the block holds the
 * item embeddings as its own (fixed) parameter {@value #ITEM_TEXT} (the SPI form, {@link PromptMiniLmNetwork}).
 * Output: scores (batch, numItems).
 */
public final class MiniLmBlock extends NamedBlock {

    /** Name of the projection head parameter. */
    public static final String HEAD = "head";
    /** Name of the per-item bias parameter. */
    public static final String ITEM_BIAS = "item_bias";
    /** Name of the item-embedding parameter of the self-contained form. */
    public static final String ITEM_TEXT = "item_text";

    private final BertEncoder bert;
    private final double scale;
    private final Parameter head;
    private final Parameter itemBias;
    private final Parameter itemText;

    /**
     * Creates the network.
     * @param config encoder shape.
     * @param numItems catalogue size.
     * @param loraRank LoRA rank.
     * @param loraScale LoRA scale alpha / r.
     * @param scale the dot-product scale (inverse temperature).
     * @param useHead whether to add the projection head.
     * @param useItemBias whether to add per-item biases.
     */
    public MiniLmBlock(BertConfig config, int numItems, int loraRank, double loraScale, double scale, boolean useHead,
                       boolean useItemBias) {
        this(config, numItems, loraRank, loraScale, scale, useHead, useItemBias, false);
    }

    /**
     * Creates the network, optionally holding the item embeddings as parameter {@value #ITEM_TEXT} (numItems, d), so
     * that the prompt ids are its only input.
     * @param config encoder shape.
     * @param numItems catalogue size.
     * @param loraRank LoRA rank.
     * @param loraScale LoRA scale alpha / r.
     * @param scale the dot-product scale (inverse temperature).
     * @param useHead whether to add the projection head.
     * @param useItemBias whether to add per-item biases.
     * @param itemTable whether the item embeddings are a parameter rather than the second input.
     */
    public MiniLmBlock(BertConfig config, int numItems, int loraRank, double loraScale, double scale, boolean useHead,
                       boolean useItemBias, boolean itemTable) {
        this.bert = addNamedChild("bert", new BertEncoder(config, loraRank, loraScale));
        this.scale = scale;
        this.head = useHead ? addParameter(Parameter.builder().setName(HEAD).setType(Parameter.Type.WEIGHT)
                                               .optShape(new Shape(config.hidden(), config.hidden())).build()) : null;
        this.itemBias = useItemBias ? addParameter(Parameter.builder().setName(ITEM_BIAS).setType(Parameter.Type.BIAS)
                                                       .optShape(new Shape(numItems)).build()) : null;
        this.itemText = itemTable ? addParameter(Parameter.builder().setName(ITEM_TEXT).setType(Parameter.Type.WEIGHT)
                                                     .optShape(new Shape(numItems, config.hidden())).build()) : null;
    }

    /**
     * User embeddings.
     * @param store the parameter store.
     * @param ids (batch, T) prompt ids.
     * @param training training pass.
     * @return (batch, d).
     */
    public NDArray userEmbeddings(ParameterStore store, NDArray ids, boolean training) {
        NDArray hidden = bert.forward(store, new NDList(ids), training, null).singletonOrThrow();
        NDArray u = BertEncoder.l2Normalize(BertEncoder.meanPool(hidden, ids));
        if (head != null) {
            NDArray w = ScopedParameters.value(store, head, u, training);
            u = u.getNDArrayInternal().linear(u, w, null).singletonOrThrow();
        }
        return u;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray ids = inputs.get(0);
        NDArray u = userEmbeddings(store, ids, training);
        NDArray items = itemText != null ? ScopedParameters.value(store, itemText, u, training) : inputs.get(1);
        NDArray scores = u.matMul(items.transpose()).mul(NativeArrays.scalar(u, scale));
        if (itemBias != null) {
            // (numItems), or a per-sample stack (batch, numItems) from an influence engine: both broadcast.
            scores = scores.add(ScopedParameters.value(store, itemBias, u, training));
        }
        return new NDList(scores);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        bert.initialize(manager, dataType, inputShapes[0]);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long numItems = itemText != null ? itemText.getShape().get(0) : inputShapes[1].get(0);
        return new Shape[]{new Shape(inputShapes[0].get(0), numItems)};
    }

    /** @return the encoder. */
    public BertEncoder bert() {
        return bert;
    }
}
