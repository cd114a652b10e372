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
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.fudlr.model.djl.LayerNormBlock;
import dev.fudlr.model.djl.NamedBlock;
import dev.fudlr.model.djl.NativeArrays;
import dev.fudlr.model.djl.ScopedParameters;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A BERT encoder as DJL blocks: word + position + token-type embeddings and LayerNorm, then
 * {@link BertConfig#numLayers()} {@link BertLayer}s. Input: word-piece ids (batch, T) int64 with {@code 0}
 * ({@code [PAD]}) as padding, which also defines the attention mask; token types are all 0 (single sentences).
 * Output: the last hidden state (batch, T, hidden).
 * <p>
 * Parameter names (relative to this block): {@code embeddings_word}, {@code embeddings_position},
 * {@code embeddings_token_type}, {@code embeddings_norm_{gamma,beta}}, and per layer {@code layerN_<child>_<param>}
 * (see {@link BertWeights#layout}), plus LoRA {@code layerN_{query,value}_lora_{a,b}}.
 */
public final class BertEncoder extends NamedBlock {

    /** The padding token id ({@code [PAD]} in BERT vocabularies). */
    public static final long PAD_ID = 0;

    private static final double MASK_NEGATIVE = -1e9;

    private final BertConfig config;
    private final Parameter word;
    private final Parameter position;
    private final Parameter tokenType;
    private final LayerNormBlock embeddingNorm;
    private final List<BertLayer> layers;

    /**
     * Creates an encoder.
     * @param config the shape.
     * @param loraRank LoRA rank of the query and value adapters.
     * @param loraScale LoRA scale alpha / r.
     */
    public BertEncoder(BertConfig config, int loraRank, double loraScale) {
        this.config = config;
        this.word = addParameter(Parameter.builder().setName("embeddings_word").setType(Parameter.Type.WEIGHT)
                                     .optShape(new Shape(config.vocabSize(), config.hidden())).build());
        this.position = addParameter(Parameter.builder().setName("embeddings_position").setType(Parameter.Type.WEIGHT)
                                         .optShape(new Shape(config.maxPositions(), config.hidden())).build());
        this.tokenType = addParameter(Parameter.builder().setName("embeddings_token_type").setType(Parameter.Type.WEIGHT)
                                          .optShape(new Shape(config.typeVocabSize(), config.hidden())).build());
        this.embeddingNorm = addNamedChild("embeddings_norm", new LayerNormBlock(config.hidden(), config.layerNormEps()));
        List<BertLayer> ls = new ArrayList<>();
        for (int l = 0; l < config.numLayers(); l++) {
            ls.add(addNamedChild("layer" + l, new BertLayer(config, loraRank, loraScale)));
        }
        this.layers = Collections.unmodifiableList(ls);
    }

    /**
     * Whether a parameter name (relative to the encoder, or with any prefix) is a LoRA adapter.
     * @param name the name.
     * @return true for {@code *_lora_a} and {@code *_lora_b}.
     */
    public static boolean isLoraParameter(String name) {
        return name.endsWith("_lora_a") || name.endsWith("_lora_b");
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray ids = inputs.singletonOrThrow();
        long length = ids.getShape().get(1);
        if (length > config.maxPositions()) {
            throw new IllegalArgumentException("Sequence length " + length + " exceeds the " + config.maxPositions() + " positions");
        }
        NDManager m = ids.getManager();
        NDArray w = ScopedParameters.value(store, word, ids, training);
        DataType dt = w.getDataType();
        // Frozen embeddings (no LoRA there): lookups in the step's manager.
        NDArray emb = ids.getNDArrayInternal().embedding(ids, w, SparseFormat.DENSE).singletonOrThrow();
        NDArray pos = ScopedParameters.value(store, position, ids, training).get("0:" + length);
        NDArray typ = ScopedParameters.value(store, tokenType, ids, training).get("0:1");
        NDArray x = emb.add(pos).add(typ);
        x = embeddingNorm.forward(store, new NDList(x), training, params).singletonOrThrow();
        NDArray mask = ids.neq(NativeArrays.create(m, new long[]{PAD_ID}, new Shape())).toType(dt, false);
        // (1 - mask) * -1e9, broadcast over heads and query positions.
        NDArray maskBias = mask.neg().add(NativeArrays.scalar(mask, 1.0)).mul(NativeArrays.scalar(mask, MASK_NEGATIVE))
            .reshape(new Shape(-1, 1, 1, length));
        for (BertLayer layer : layers) {
            x = layer.forward(store, new NDList(x, maskBias), training, params).singletonOrThrow();
        }
        return new NDList(x);
    }

    /**
     * Mean of the hidden states over real (non-padding) tokens.
     * @param hidden (batch, T, d) encoder output.
     * @param ids (batch, T) the input ids.
     * @return (batch, d) pooled states.
     */
    public static NDArray meanPool(NDArray hidden, NDArray ids) {
        NDManager m = hidden.getManager();
        NDArray mask = ids.neq(NativeArrays.create(m, new long[]{PAD_ID}, new Shape())).toType(hidden.getDataType(), false);
        NDArray summed = hidden.mul(mask.expandDims(2)).sum(new int[]{1});
        NDArray counts = mask.sum(new int[]{1}, true).maximum(NativeArrays.scalar(mask, 1e-9));
        return summed.div(counts);
    }

    /**
     * Rows scaled to unit L2 norm.
     * @param x (batch, d).
     * @return the normalised rows.
     */
    public static NDArray l2Normalize(NDArray x) {
        NDArray norm = x.square().sum(new int[]{1}, true).sqrt().maximum(NativeArrays.scalar(x, 1e-12));
        return x.div(norm);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = new Shape(inputShapes[0].get(0), inputShapes[0].get(1), config.hidden());
        embeddingNorm.initialize(manager, dataType, x);
        for (BertLayer l : layers) {
            l.initialize(manager, dataType, x, new Shape(inputShapes[0].get(0), 1, 1, inputShapes[0].get(1)));
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[]{new Shape(inputShapes[0].get(0), inputShapes[0].get(1), config.hidden())};
    }

    /** @return the shape. */
    public BertConfig config() {
        return config;
    }
}
