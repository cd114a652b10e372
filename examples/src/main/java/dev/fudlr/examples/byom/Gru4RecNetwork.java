/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.examples.byom;

import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.XavierInitializer;
import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import dev.fudlr.model.spi.RecommenderNetwork;

/**
 * Bring your own model, worked example: a GRU4Rec-style recommender (see {@link Gru4RecBlock}) as a
 * {@link RecommenderNetwork}. The GRU, the projection and the item embeddings are the base, pre-trained and then
 * frozen; the LoRA adapters on the projection and on the item scores are what FUDLR unlearns. The adapters accept
 * per-sample stacks, so the network declares that capability.
 * <p>
 * Train it from {@code /dev/fudlr/examples/gru4rec-trainer.xml} with {@code fudlr train --config}, or train and
 * debias it in one call from {@code /dev/fudlr/examples/gru4rec-fudlr.xml}; docs/models.md, "Bring your own model",
 * walks through it.
 */
public final class Gru4RecNetwork implements RecommenderNetwork {

    @Config(description = "Item embedding width (also the user vector's).")
    private int embeddingDim = 32;

    @Config(description = "GRU state size.")
    private int hiddenSize = 64;

    @Config(description = "Rank of the LoRA adapter on the user projection.")
    private int loraRank = 8;

    @Config(description = "LoRA alpha; the adapter output is scaled by alpha / rank.")
    private double loraAlpha = 16.0;

    @Config(description = "Also a LoRA adapter from the user vector to the item scores (adds (embeddingDim + numItems) x "
        + "loraRank unlearnable parameters).")
    private boolean scoreAdapter = true;

    /** For OLCUT. */
    private Gru4RecNetwork() {}

    /**
     * Creates a network.
     * @param embeddingDim the item embedding width.
     * @param hiddenSize the GRU state size.
     * @param loraRank the adapter rank.
     * @param loraAlpha the adapter alpha.
     * @param scoreAdapter whether to add the item-score adapter.
     */
    public Gru4RecNetwork(int embeddingDim, int hiddenSize, int loraRank, double loraAlpha, boolean scoreAdapter) {
        this.scoreAdapter = scoreAdapter;
        this.embeddingDim = embeddingDim;
        this.hiddenSize = hiddenSize;
        this.loraRank = loraRank;
        this.loraAlpha = loraAlpha;
        postConfig();
    }

    @Override
    public void postConfig() {
        for (String[] f : new String[][]{{"embeddingDim", Integer.toString(embeddingDim)}, {"hiddenSize", Integer.toString(hiddenSize)},
                                         {"loraRank", Integer.toString(loraRank)}}) {
            if (Integer.parseInt(f[1]) < 1) {
                throw new PropertyException("", f[0], f[0] + " must be >= 1, found " + f[1]);
            }
        }
        if (!(loraAlpha > 0) || !Double.isFinite(loraAlpha)) {
            throw new PropertyException("", "loraAlpha", "loraAlpha must be positive and finite, found " + loraAlpha);
        }
    }

    @Override
    public Block newBlock(int numItems, int maxHistory, DataType dataType) {
        Gru4RecBlock block = new Gru4RecBlock(numItems, embeddingDim, hiddenSize, loraRank, loraAlpha, scoreAdapter);
        // The GRU's and the projection's weights (the embedding and the adapter bring their own initializers).
        block.getChildren().get("01gru").setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
        block.getChildren().get("02projection").setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
        return block;
    }

    /** @return true for the adapter's A and B. */
    @Override
    public boolean isUnlearnable(String parameterName) {
        return parameterName.contains("lora_");
    }

    @Override
    public boolean supportsPerSampleParameters() {
        return true;
    }
}
