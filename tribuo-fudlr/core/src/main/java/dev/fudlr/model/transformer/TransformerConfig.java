/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.model.transformer;

import ai.djl.ndarray.types.DataType;

import java.io.Serializable;
import java.util.Locale;
import java.util.Objects;

/**
 * Immutable architecture description of a {@link CausalTransformerBlock}: everything needed to rebuild
 * the network (but not its weights).
 * <p>
 * Token ids {@code 0 .. numItems-1} are catalogue items (dense item indices); token id {@code numItems}
 * is the padding token used to left-pad histories shorter than {@code maxHistory}.
 * <p>
 * {@code outputLora} (off by default) adds a LoRA adapter to the item scores as well as to the query and value
 * projections: {@code scores += (alpha / r) (h A^T) B^T} with {@code A} (r x d) and {@code B} (numItems x r). It puts
 * item-to-item associations (which the frozen, tied item embedding otherwise holds) among the parameters that
 * fine-tuning, and so unlearning, can change.
 */
public final class TransformerConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Epsilon of every LayerNorm in the network. */
    public static final double DEFAULT_LAYER_NORM_EPS = 1e-5;

    /** Most layers accepted: far above any item-id transformer, low enough that a corrupt file cannot loop for ever. */
    public static final int MAX_LAYERS = 1024;
    /** Most elements of one weight tensor: the largest Java array (host tensors are Java arrays). */
    public static final long MAX_TENSOR_ELEMENTS = Integer.MAX_VALUE - 8;

    private final int numItems;
    private final int embeddingDim;
    private final int numLayers;
    private final int numHeads;
    private final int ffnDim;
    private final int maxHistory;
    private final int loraRank;
    private final double loraAlpha;
    private final DataType dataType;
    private final double layerNormEps;
    private final boolean outputLora;

    /**
     * Creates a configuration.
     * @param numItems catalogue size (number of item tokens, padding excluded), at least 1.
     * @param embeddingDim model width, divisible by {@code numHeads}.
     * @param numLayers number of transformer layers, at least 1.
     * @param numHeads number of attention heads, at least 1.
     * @param ffnDim hidden width of the feed-forward sub-layer, at least 1.
     * @param maxHistory sequence length L (most recent items kept), at least 1.
     * @param loraRank LoRA rank r, at least 1.
     * @param loraAlpha LoRA alpha (the adapter output is scaled by alpha / r), positive and finite.
     * @param dataType {@link DataType#FLOAT32} or {@link DataType#FLOAT64}.
     * @param layerNormEps LayerNorm epsilon, positive.
     */
    public TransformerConfig(int numItems, int embeddingDim, int numLayers, int numHeads, int ffnDim, int maxHistory,
                             int loraRank, double loraAlpha, DataType dataType, double layerNormEps) {
        this(numItems, embeddingDim, numLayers, numHeads, ffnDim, maxHistory, loraRank, loraAlpha, dataType, layerNormEps,
             false);
    }

    /**
     * Creates a configuration, optionally with a LoRA adapter on the item scores.
     * @param numItems catalogue size (number of item tokens, padding excluded), at least 1.
     * @param embeddingDim model width, divisible by {@code numHeads}.
     * @param numLayers number of transformer layers, at least 1.
     * @param numHeads number of attention heads, at least 1.
     * @param ffnDim hidden width of the feed-forward sub-layer, at least 1.
     * @param maxHistory sequence length L (most recent items kept), at least 1.
     * @param loraRank LoRA rank r, at least 1.
     * @param loraAlpha LoRA alpha (the adapter output is scaled by alpha / r), positive and finite.
     * @param dataType {@link DataType#FLOAT32} or {@link DataType#FLOAT64}.
     * @param layerNormEps LayerNorm epsilon, positive.
     * @param outputLora whether the item scores get a LoRA adapter ({@code score_lora_a}, {@code score_lora_b}).
     */
    public TransformerConfig(int numItems, int embeddingDim, int numLayers, int numHeads, int ffnDim, int maxHistory,
                             int loraRank, double loraAlpha, DataType dataType, double layerNormEps, boolean outputLora) {
        require(numItems >= 1, "numItems", numItems, "must be >= 1");
        require(embeddingDim >= 1, "embeddingDim", embeddingDim, "must be >= 1");
        require(numLayers >= 1, "numLayers", numLayers, "must be >= 1");
        require(numHeads >= 1, "numHeads", numHeads, "must be >= 1");
        require(embeddingDim % numHeads == 0, "embeddingDim", embeddingDim, "must be divisible by numHeads=" + numHeads);
        require(ffnDim >= 1, "ffnDim", ffnDim, "must be >= 1");
        require(maxHistory >= 1, "maxHistory", maxHistory, "must be >= 1");
        require(loraRank >= 1, "loraRank", loraRank, "must be >= 1");
        // Sizes are checked before any layout is built or array allocated (model files and configurations are input).
        require(numLayers <= MAX_LAYERS, "numLayers", numLayers, "must be <= " + MAX_LAYERS);
        require((long) numItems * embeddingDim <= MAX_TENSOR_ELEMENTS, "numItems", numItems,
                "times embeddingDim=" + embeddingDim + " exceeds the largest tensor (" + MAX_TENSOR_ELEMENTS + " elements)");
        require((long) ffnDim * embeddingDim <= MAX_TENSOR_ELEMENTS, "ffnDim", ffnDim,
                "times embeddingDim=" + embeddingDim + " exceeds the largest tensor (" + MAX_TENSOR_ELEMENTS + " elements)");
        require((long) maxHistory * embeddingDim <= MAX_TENSOR_ELEMENTS, "maxHistory", maxHistory,
                "times embeddingDim=" + embeddingDim + " exceeds the largest tensor (" + MAX_TENSOR_ELEMENTS + " elements)");
        require(loraRank <= MAX_TENSOR_ELEMENTS / Math.max(numItems, embeddingDim), "loraRank", loraRank,
                "is too large for a tensor of " + MAX_TENSOR_ELEMENTS + " elements");
        require(loraAlpha > 0 && Double.isFinite(loraAlpha), "loraAlpha", loraAlpha, "must be positive and finite");
        Objects.requireNonNull(dataType, "dataType");
        require(dataType == DataType.FLOAT32 || dataType == DataType.FLOAT64, "dataType", dataType, "must be FLOAT32 or FLOAT64");
        require(layerNormEps > 0 && Double.isFinite(layerNormEps), "layerNormEps", layerNormEps, "must be positive");
        this.numItems = numItems;
        this.embeddingDim = embeddingDim;
        this.numLayers = numLayers;
        this.numHeads = numHeads;
        this.ffnDim = ffnDim;
        this.maxHistory = maxHistory;
        this.loraRank = loraRank;
        this.loraAlpha = loraAlpha;
        this.dataType = dataType;
        this.layerNormEps = layerNormEps;
        this.outputLora = outputLora;
    }

    /**
     * Creates a configuration with the default LayerNorm epsilon.
     * @param numItems catalogue size.
     * @param embeddingDim model width.
     * @param numLayers number of layers.
     * @param numHeads number of heads.
     * @param ffnDim feed-forward width.
     * @param maxHistory sequence length.
     * @param loraRank LoRA rank.
     * @param loraAlpha LoRA alpha.
     * @param dataType float type.
     */
    public TransformerConfig(int numItems, int embeddingDim, int numLayers, int numHeads, int ffnDim, int maxHistory,
                             int loraRank, double loraAlpha, DataType dataType) {
        this(numItems, embeddingDim, numLayers, numHeads, ffnDim, maxHistory, loraRank, loraAlpha, dataType,
             DEFAULT_LAYER_NORM_EPS);
    }

    private static void require(boolean ok, String field, Object value, String why) {
        if (!ok) {
            throw new IllegalArgumentException("TransformerConfig." + field + " = " + value + " " + why);
        }
    }

    /**
     * Parses a dtype name.
     * @param name {@code float32} or {@code float64} (case-insensitive).
     * @return the DJL data type.
     * @throws IllegalArgumentException for any other name.
     */
    public static DataType parseDataType(String name) {
        switch (name == null ? "" : name.toLowerCase(Locale.ROOT)) {
            case "float32":
                return DataType.FLOAT32;
            case "float64":
                return DataType.FLOAT64;
            default:
                throw new IllegalArgumentException("Unknown dtype '" + name + "', expected float32 or float64");
        }
    }

    /**
     * The dtype name used in configurations and serialized models.
     * @param dataType FLOAT32 or FLOAT64.
     * @return {@code float32} or {@code float64}.
     */
    public static String dataTypeName(DataType dataType) {
        if (dataType == DataType.FLOAT32) {
            return "float32";
        } else if (dataType == DataType.FLOAT64) {
            return "float64";
        }
        throw new IllegalArgumentException("Unsupported dtype " + dataType);
    }

    /** @return catalogue size (item tokens). */
    public int numItems() {
        return numItems;
    }

    /** @return the padding token id ({@code numItems}). */
    public int paddingToken() {
        return numItems;
    }

    /** @return embedding rows: items plus the padding token. */
    public int vocabularySize() {
        return numItems + 1;
    }

    /** @return model width. */
    public int embeddingDim() {
        return embeddingDim;
    }

    /** @return number of layers. */
    public int numLayers() {
        return numLayers;
    }

    /** @return number of attention heads. */
    public int numHeads() {
        return numHeads;
    }

    /** @return per-head width. */
    public int headDim() {
        return embeddingDim / numHeads;
    }

    /** @return feed-forward hidden width. */
    public int ffnDim() {
        return ffnDim;
    }

    /** @return sequence length L. */
    public int maxHistory() {
        return maxHistory;
    }

    /** @return LoRA rank. */
    public int loraRank() {
        return loraRank;
    }

    /** @return LoRA alpha. */
    public double loraAlpha() {
        return loraAlpha;
    }

    /** @return the LoRA scale alpha / r. */
    public double loraScale() {
        return loraAlpha / loraRank;
    }

    /** @return the floating point type of parameters and activations. */
    public DataType dataType() {
        return dataType;
    }

    /** @return LayerNorm epsilon. */
    public double layerNormEps() {
        return layerNormEps;
    }

    /** @return whether the item scores carry a LoRA adapter. */
    public boolean outputLora() {
        return outputLora;
    }

    /**
     * A copy with or without the LoRA adapter on the item scores.
     * @param enabled whether the scores get the adapter.
     * @return the new configuration.
     */
    public TransformerConfig withOutputLora(boolean enabled) {
        return new TransformerConfig(numItems, embeddingDim, numLayers, numHeads, ffnDim, maxHistory, loraRank,
                                     loraAlpha, dataType, layerNormEps, enabled);
    }

    /**
     * A copy with a different catalogue size.
     * @param newNumItems the catalogue size.
     * @return the new configuration.
     */
    public TransformerConfig withNumItems(int newNumItems) {
        return new TransformerConfig(newNumItems, embeddingDim, numLayers, numHeads, ffnDim, maxHistory, loraRank,
                                     loraAlpha, dataType, layerNormEps, outputLora);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof TransformerConfig)) {
            return false;
        }
        TransformerConfig that = (TransformerConfig) o;
        return numItems == that.numItems && embeddingDim == that.embeddingDim && numLayers == that.numLayers
            && numHeads == that.numHeads && ffnDim == that.ffnDim && maxHistory == that.maxHistory
            && loraRank == that.loraRank && Double.compare(loraAlpha, that.loraAlpha) == 0
            && dataType == that.dataType && Double.compare(layerNormEps, that.layerNormEps) == 0
            && outputLora == that.outputLora;
    }

    @Override
    public int hashCode() {
        return Objects.hash(numItems, embeddingDim, numLayers, numHeads, ffnDim, maxHistory, loraRank, loraAlpha,
                            dataType, layerNormEps, outputLora);
    }

    @Override
    public String toString() {
        return "TransformerConfig(numItems=" + numItems + ", embeddingDim=" + embeddingDim + ", numLayers=" + numLayers
            + ", numHeads=" + numHeads + ", ffnDim=" + ffnDim + ", maxHistory=" + maxHistory + ", loraRank=" + loraRank
            + ", loraAlpha=" + loraAlpha + ", dtype=" + dataTypeName(dataType) + ", layerNormEps=" + layerNormEps + (outputLora ? ", outputLora=true" : "") + ")";
    }
}
