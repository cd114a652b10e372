/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.model.networks;

import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import dev.fudlr.model.ItemIndex;
import dev.fudlr.model.djl.HostTensor;
import dev.fudlr.model.spi.RecommenderNetwork;
import dev.fudlr.model.transformer.CausalTransformerBlock;
import dev.fudlr.model.transformer.TransformerConfig;
import dev.fudlr.model.transformer.TransformerWeights;

import java.util.Map;

/**
 * The project's item-id transformer ({@link CausalTransformerBlock}) as a plain implementation of the recommender SPI:
 * trained by {@link dev.fudlr.model.spi.NetworkRecommenderTrainer} with the same fields as
 * {@link dev.fudlr.model.LmRecommenderTrainer}, it gives the same weights as that trainer (tested), so the SPI is
 * enough for the project's own backbone. The LoRA adapters are the unlearnable parameters; initial weights are
 * drawn in Java from the run seed ({@link TransformerWeights#initialize}).
 */
public final class TransformerNetwork implements RecommenderNetwork {

    @Config(description = "Model width (item and position embedding dimension).")
    private int embeddingDim = 64;

    @Config(description = "Number of transformer layers.")
    private int numLayers = 2;

    @Config(description = "Number of attention heads (must divide embeddingDim).")
    private int numHeads = 2;

    @Config(description = "Hidden width of the feed-forward sub-layers.")
    private int ffnDim = 256;

    @Config(description = "LoRA rank r of the query and value adapters.")
    private int loraRank = 8;

    @Config(description = "LoRA alpha; adapter outputs are scaled by alpha / r.")
    private double loraAlpha = 16.0;

    @Config(description = "Also put a LoRA adapter on the item scores.")
    private boolean outputLora = false;

    /** For OLCUT. */
    private TransformerNetwork() {}

    /**
     * Creates a network.
     * @param embeddingDim model width.
     * @param numLayers layers.
     * @param numHeads attention heads.
     * @param ffnDim feed-forward width.
     * @param loraRank LoRA rank.
     * @param loraAlpha LoRA alpha.
     * @param outputLora whether the item scores get an adapter too.
     */
    public TransformerNetwork(int embeddingDim, int numLayers, int numHeads, int ffnDim, int loraRank, double loraAlpha,
                              boolean outputLora) {
        this.embeddingDim = embeddingDim;
        this.numLayers = numLayers;
        this.numHeads = numHeads;
        this.ffnDim = ffnDim;
        this.loraRank = loraRank;
        this.loraAlpha = loraAlpha;
        this.outputLora = outputLora;
        postConfig();
    }

    @Override
    public void postConfig() {
        positive("embeddingDim", embeddingDim);
        positive("numLayers", numLayers);
        positive("numHeads", numHeads);
        positive("ffnDim", ffnDim);
        positive("loraRank", loraRank);
        if (embeddingDim % numHeads != 0) {
            throw new PropertyException("", "numHeads", "numHeads (" + numHeads + ") must divide embeddingDim (" + embeddingDim + ")");
        }
        if (!(loraAlpha > 0) || !Double.isFinite(loraAlpha)) {
            throw new PropertyException("", "loraAlpha", "loraAlpha must be positive and finite, found " + loraAlpha);
        }
        try {
            config(1, 1, DataType.FLOAT32);
        } catch (IllegalArgumentException e) {
            // The architecture's own limits (e.g. numLayers <= MAX_LAYERS), reported on the field they name.
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("^TransformerConfig\\.(\\w+) ").matcher(String.valueOf(e.getMessage()));
            throw new PropertyException(e, "", m.find() ? m.group(1) : "", e.getMessage());
        }
    }

    private static void positive(String field, int value) {
        if (value < 1) {
            throw new PropertyException("", field, field + " must be >= 1, found " + value);
        }
    }

    private TransformerConfig config(int numItems, int maxHistory, DataType dataType) {
        return new TransformerConfig(numItems, embeddingDim, numLayers, numHeads, ffnDim, maxHistory, loraRank, loraAlpha,
                                     dataType, TransformerConfig.DEFAULT_LAYER_NORM_EPS, outputLora);
    }

    @Override
    public Block newBlock(int numItems, int maxHistory, DataType dataType) {
        return new CausalTransformerBlock(config(numItems, maxHistory, dataType));
    }

    @Override
    public boolean isUnlearnable(String parameterName) {
        return CausalTransformerBlock.isLoraParameter(parameterName);
    }

    /** @return every weight, drawn as {@link dev.fudlr.model.LmRecommenderTrainer} draws them. */
    @Override
    public Map<String, HostTensor> initialValues(ItemIndex items, int maxHistory, DataType dataType, long seed) {
        return TransformerWeights.initialize(config(items.size(), maxHistory, dataType), seed);
    }

    /** @return true: the attention and score adapters accept per-sample stacks. */
    @Override
    public boolean supportsPerSampleParameters() {
        return true;
    }
}
