/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.model.transformer;

import dev.fudlr.model.djl.LayerNormBlock;
import dev.fudlr.model.djl.LoraLinear;
import dev.fudlr.model.djl.NamedBlock;
import dev.fudlr.model.djl.NativeArrays;
import dev.fudlr.model.djl.ScopedParameters;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The whole next-item network: a causal transformer over item tokens whose output scores are tied to the item
 * embedding.
 * <ul>
 *     <li>Input: token ids (batch, L), int64; item index {@code i} is token {@code i}, the padding token is
 *     {@link TransformerConfig#paddingToken()}; histories are left-padded so the most recent item is at position
 *     L-1.</li>
 *     <li>{@code x = E[tokens] + P} with item embedding {@code E} ((numItems + 1) x d, parameter
 *     {@code item_embedding}) and learned positions {@code P} (L x d, {@code position_embedding}).</li>
 *     <li>{@code numLayers} pre-LayerNorm {@link TransformerLayer}s ({@code layer0}, {@code layer1}, ...), causal
 *     attention that never attends to padding, then {@code final_norm}.</li>
 *     <li>Output: scores (batch, numItems) = {@code h_last E[0:numItems]^T + item_bias}, plus, when
 *     {@link TransformerConfig#outputLora()}, the score adapter {@code (alpha / r) (h_last A^T) B^T} with
 *     {@code score_lora_a} (r x d) and {@code score_lora_b} (numItems x r).</li>
 * </ul>
 * Full parameter names (as returned by {@link #getParameters()}) are child-block paths joined by '_', e.g.
 * {@code layer0_attention_query_lora_a}; the LoRA adapters are exactly the parameters whose name contains
 * {@value #LORA_MARKER}.
 */
public final class CausalTransformerBlock extends NamedBlock {

    /** Substring that marks LoRA adapter parameters. */
    public static final String LORA_MARKER = "lora";

    /** Additive attention logit for forbidden (future or padding) keys. */
    public static final double MASK_VALUE = -1e9;

    private final TransformerConfig config;
    private final Parameter itemEmbedding;
    private final Parameter positionEmbedding;
    private final Parameter itemBias;
    /** The score adapter's A and B, or null without {@link TransformerConfig#outputLora()}. */
    private final Parameter scoreLoraA;
    private final Parameter scoreLoraB;
    private final List<TransformerLayer> layers;
    private final LayerNormBlock finalNorm;

    /**
     * Creates the (uninitialised) network.
     * @param config the architecture.
     */
    public CausalTransformerBlock(TransformerConfig config) {
        this.config = config;
        int d = config.embeddingDim();
        this.itemEmbedding = addParameter(Parameter.builder().setName("item_embedding").setType(Parameter.Type.WEIGHT)
                                              .optShape(new Shape(config.vocabularySize(), d)).build());
        this.positionEmbedding = addParameter(Parameter.builder().setName("position_embedding")
                                                  .setType(Parameter.Type.WEIGHT)
                                                  .optShape(new Shape(config.maxHistory(), d)).build());
        this.itemBias = addParameter(Parameter.builder().setName("item_bias").setType(Parameter.Type.BIAS)
                                         .optShape(new Shape(config.numItems())).build());
        if (config.outputLora()) {
            this.scoreLoraA = addParameter(Parameter.builder().setName("score_lora_a").setType(Parameter.Type.WEIGHT)
                                               .optShape(new Shape(config.loraRank(), d)).build());
            this.scoreLoraB = addParameter(Parameter.builder().setName("score_lora_b").setType(Parameter.Type.WEIGHT)
                                               .optShape(new Shape(config.numItems(), config.loraRank())).build());
        } else {
            this.scoreLoraA = null;
            this.scoreLoraB = null;
        }
        List<TransformerLayer> list = new ArrayList<>();
        for (int i = 0; i < config.numLayers(); i++) {
            list.add(addNamedChild("layer" + i, new TransformerLayer(config)));
        }
        this.layers = Collections.unmodifiableList(list);
        this.finalNorm = addNamedChild("final_norm", new LayerNormBlock(d, config.layerNormEps()));
    }

    /**
     * Whether a full parameter name denotes a LoRA adapter parameter.
     * @param parameterName a name from {@link #getParameters()}.
     * @return true for LoRA parameters.
     */
    public static boolean isLoraParameter(String parameterName) {
        return parameterName.contains(LORA_MARKER);
    }

    /** @return the architecture. */
    public TransformerConfig config() {
        return config;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(scores(store, inputs.singletonOrThrow(), training));
    }

    /**
     * All-item scores read at the last position.
     * @param store parameter store.
     * @param tokens (batch, L) token ids.
     * @param training whether this is a training pass.
     * @return (batch, numItems) scores (logits).
     */
    public NDArray scores(ParameterStore store, NDArray tokens, boolean training) {
        NDArray hidden = hiddenStates(store, tokens, training);
        NDArray last = hidden.get(new NDIndex(":, -1, :"));
        NDArray embedding = ScopedParameters.value(store, itemEmbedding, last, training);
        NDArray bias = ScopedParameters.value(store, itemBias, last, training);
        NDArray items = embedding.get(new NDIndex("0:" + config.numItems()));
        NDArray scores = last.getNDArrayInternal().linear(last, items, bias).singletonOrThrow();
        if (scoreLoraA == null) {
            return scores;
        }
        NDArray a = ScopedParameters.value(store, scoreLoraA, last, training);
        NDArray b = ScopedParameters.value(store, scoreLoraB, last, training);
        boolean perSample = a.getShape().dimension() == 3 || b.getShape().dimension() == 3;
        // Per-sample stacks (batch, r, d) / (batch, numItems, r) need a row axis: (batch, 1, d).
        NDArray x = perSample ? last.expandDims(1) : last;
        NDArray delta = LoraLinear.adapterDelta(store, training, x, scoreLoraA, a, scoreLoraB, b, config.loraScale());
        return scores.add(perSample ? delta.squeeze(1) : delta);
    }

    /**
     * Hidden states after the final LayerNorm at every position.
     * @param store parameter store.
     * @param tokens (batch, L) token ids.
     * @param training whether this is a training pass.
     * @return (batch, L, d).
     */
    public NDArray hiddenStates(ParameterStore store, NDArray tokens, boolean training) {
        Shape shape = tokens.getShape();
        if (shape.dimension() != 2 || shape.get(1) != config.maxHistory()) {
            throw new IllegalArgumentException("Expected tokens of shape (batch, " + config.maxHistory() + "), got " + shape);
        }
        if (tokens.getDataType() != DataType.INT64) {
            tokens = tokens.toType(DataType.INT64, false);
        }
        NDArray embedding = ScopedParameters.value(store, itemEmbedding, tokens, training);
        NDArray positions = ScopedParameters.value(store, positionEmbedding, tokens, training);
        NDArray x = tokens.getNDArrayInternal().embedding(tokens, embedding, SparseFormat.DENSE).singletonOrThrow();
        x = x.add(positions);
        NDArray mask = attentionMask(tokens);
        for (TransformerLayer layer : layers) {
            x = layer.forward(store, new NDList(x, mask), training, null).singletonOrThrow();
        }
        return finalNorm.forward(store, new NDList(x), training, null).singletonOrThrow();
    }

    /**
     * The additive attention mask: query {@code i} may attend to key {@code j} iff {@code j <= i} and key
     * {@code j} is not padding, and always to itself (so padded query rows stay finite; they are never read, since
     * histories are left-padded and only non-padding queries follow them).
     * @param tokens (batch, L) int64 token ids.
     * @return (batch, 1, L, L) of the model dtype: 0 where allowed, {@link #MASK_VALUE} elsewhere.
     */
    public NDArray attentionMask(NDArray tokens) {
        // Built on the host: tiny, exact, and free of DJL Number operations (see NativeArrays).
        long[] ids = tokens.toLongArray();
        int length = config.maxHistory();
        int batch = ids.length / length;
        long pad = config.paddingToken();
        double[] bias = new double[batch * length * length];
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < length; i++) {
                int row = (b * length + i) * length;
                for (int j = 0; j < length; j++) {
                    boolean allowed = j == i || (j < i && ids[b * length + j] != pad);
                    bias[row + j] = allowed ? 0.0 : MASK_VALUE;
                }
            }
        }
        Shape shape = new Shape(batch, 1, length, length);
        NDManager manager = tokens.getManager();
        if (config.dataType() == DataType.FLOAT64) {
            return NativeArrays.create(manager, bias, shape);
        }
        float[] f = new float[bias.length];
        for (int k = 0; k < f.length; k++) {
            f[k] = (float) bias[k];
        }
        return NativeArrays.create(manager, f, shape);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape tokens = inputShapes[0];
        Shape hidden = new Shape(tokens.get(0), tokens.get(1), config.embeddingDim());
        Shape mask = new Shape(tokens.get(0), 1, tokens.get(1), tokens.get(1));
        for (TransformerLayer layer : layers) {
            layer.initialize(manager, dataType, hidden, mask);
        }
        finalNorm.initialize(manager, dataType, hidden);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[]{new Shape(inputShapes[0].get(0), config.numItems())};
    }
}
