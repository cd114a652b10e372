/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.model.minilm;

import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import dev.fudlr.data.RecommenderDataSource;
import dev.fudlr.model.ItemIndex;
import dev.fudlr.model.djl.HostTensor;
import dev.fudlr.model.spi.RecommenderNetwork;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The full-data pretrained-LM backbone: {@link HybridMiniLmBlock} (one token per history item, the pretrained
 * all-MiniLM-L6-v2 encoder with LoRA) as a plain implementation of the recommender SPI, trained by
 * {@link dev.fudlr.model.spi.NetworkRecommenderTrainer}. Unlearnable: the LoRA adapters. Pre-trained (then frozen):
 * the text projection, the id embeddings, the head and the item biases. Fixed as imported: the encoder, its position
 * embeddings and LayerNorm, and the item text embeddings (computed once per catalogue by the frozen encoder).
 * <p>
 * A 10-item history costs 10 encoder tokens instead of about 96 word pieces, so every training sample fits in an
 * epoch on a CPU; the prompt-text backbone ({@link MiniLmRecommenderTrainer}) stays the one that reads titles as
 * words (the BIGRec-faithful form, for a GPU). See {@code docs/models.md}.
 * <p>
 * Item texts come from {@code catalogueSource}'s item records (titles, years, genres), read when training starts. A
 * model file stores every tensor, the text embeddings included; loading one rebuilds this configuration, and so
 * the catalogue source (its files must be readable where the model is loaded).
 */
public final class HybridMiniLmNetwork implements RecommenderNetwork {

    /** What an item token is made of (the ablation of issue 22: text only, id only, both). */
    public enum ItemTokens {
        /** The projected frozen text embedding only. */
        TEXT,
        /** A learned id embedding only (the encoder then reads no text). */
        ID,
        /** Both, summed. */
        TEXT_AND_ID
    }

    /** Token budget of one item text when embedding the catalogue. */
    public static final int ITEM_TEXT_TOKENS = 64;

    /** Standard deviation of the initial id embeddings (the embedding LayerNorm rescales them). */
    private static final double ID_INIT_STD = 0.02;

    @Config(mandatory = true, description = "Data source whose item records (titles, years, genres) give the item texts.")
    private RecommenderDataSource catalogueSource;

    @Config(description = "What an item token is made of: TEXT, ID or TEXT_AND_ID.")
    private ItemTokens itemTokens = ItemTokens.TEXT_AND_ID;

    @Config(description = "Append genres to the item texts.")
    private boolean includeGenres = true;

    @Config(description = "Encoder layers used (1 to 6, the first ones of MiniLM-L6).")
    private int numLayers = 6;

    @Config(description = "Scale (inverse temperature) of the user-item cosine in the scores.")
    private double scoreScale = 20.0;

    @Config(description = "LoRA rank r on query and value of every layer.")
    private int loraRank = 8;

    @Config(description = "LoRA alpha (adapter scale alpha / r).")
    private double loraAlpha = 16.0;

    /** For OLCUT. */
    private HybridMiniLmNetwork() {}

    /**
     * Creates a network.
     * @param catalogueSource the item records.
     * @param itemTokens what an item token is made of.
     * @param includeGenres whether item texts carry genres.
     * @param numLayers encoder layers used.
     * @param loraRank LoRA rank.
     * @param loraAlpha LoRA alpha.
     */
    public HybridMiniLmNetwork(RecommenderDataSource catalogueSource, ItemTokens itemTokens, boolean includeGenres, int numLayers,
                               int loraRank, double loraAlpha) {
        this.catalogueSource = catalogueSource;
        this.itemTokens = itemTokens;
        this.includeGenres = includeGenres;
        this.numLayers = numLayers;
        this.loraRank = loraRank;
        this.loraAlpha = loraAlpha;
        postConfig();
    }

    @Override
    public void postConfig() {
        if (catalogueSource == null) {
            throw new PropertyException("", "catalogueSource", "catalogueSource is required (item titles for the item tokens)");
        }
        if (itemTokens == null) {
            throw new PropertyException("", "itemTokens", "itemTokens must be one of TEXT, ID, TEXT_AND_ID");
        }
        if (numLayers < 1 || numLayers > 6) {
            throw new PropertyException("", "numLayers", "numLayers must be in [1, 6], found " + numLayers);
        }
        if (loraRank < 1) {
            throw new PropertyException("", "loraRank", "loraRank must be >= 1, found " + loraRank);
        }
        if (!(scoreScale > 0) || !Double.isFinite(scoreScale)) {
            throw new PropertyException("", "scoreScale", "scoreScale must be positive and finite, found " + scoreScale);
        }
        if (!(loraAlpha > 0) || !Double.isFinite(loraAlpha)) {
            throw new PropertyException("", "loraAlpha", "loraAlpha must be positive and finite, found " + loraAlpha);
        }
    }

    /**
     * The shape of all-MiniLM-L6-v2, known without importing the ONNX file (building a block, e.g. to load a model
     * file, needs no import); {@link #initialValues} checks it against the imported weights.
     */
    static final BertConfig ENCODER = new BertConfig(30522, 384, 6, MiniLmArtifact.NUM_HEADS, 1536, 512, 2,
                                                     MiniLmArtifact.LAYER_NORM_EPS);

    private BertConfig config() {
        return ENCODER.withLayers(numLayers);
    }

    @Override
    public Block newBlock(int numItems, int maxHistory, DataType dataType) {
        BertConfig c = config();
        if (maxHistory > c.maxPositions()) {
            throw new IllegalArgumentException("maxHistory " + maxHistory + " exceeds MiniLM's " + c.maxPositions() + " positions");
        }
        return new HybridMiniLmBlock(c, numItems, loraRank, loraAlpha / loraRank, itemTokens != ItemTokens.ID,
                                     itemTokens != ItemTokens.TEXT, scoreScale);
    }

    @Override
    public boolean isUnlearnable(String parameterName) {
        return BertEncoder.isLoraParameter(parameterName);
    }

    /** @return true for the imported encoder weights and the frozen text embeddings. */
    @Override
    public boolean isFixed(String parameterName) {
        return !isLearnedBase(parameterName) && !isUnlearnable(parameterName);
    }

    private static boolean isLearnedBase(String name) {
        return name.equals(HybridMiniLmBlock.ITEM_ID) || name.equals(HybridMiniLmBlock.ITEM_BIAS)
            || name.startsWith(HybridMiniLmBlock.PROJECTION + "_") || name.startsWith(HybridMiniLmBlock.HEAD + "_");
    }

    /** @return true: the query and value adapters accept per-sample stacks. */
    @Override
    public boolean supportsPerSampleParameters() {
        return true;
    }

    /**
     * The imported encoder, the catalogue's text embeddings, and seeded starting values for the rest: LoRA A ~
     * N(0, 1/d), B = 0 (the adapted encoder starts as the pretrained one), projection and head = identity, id
     * embeddings ~ N(0, 0.02^2), item biases 0.
     */
    @Override
    public Map<String, HostTensor> initialValues(ItemIndex items, int maxHistory, DataType dataType, long seed) {
        BertWeights base = MiniLmArtifact.baseWeights().truncate(numLayers);
        BertConfig c = base.config();
        if (!c.equals(config())) {
            throw new IllegalStateException("The imported encoder has shape " + c + ", expected " + config());
        }
        int d = c.hidden();
        int n = items.size();
        Map<String, HostTensor> out = new HashMap<>();
        for (Map.Entry<String, HostTensor> e : base.tensors().entrySet()) {
            if (!e.getKey().equals("embeddings_word")) {
                out.put(e.getKey(), convert(e.getValue(), dataType));
            }
        }
        SplittableRandom rng = new SplittableRandom(seed);
        if (itemTokens != ItemTokens.ID) {
            List<String> texts = ItemCatalogue.of(items, catalogueSource.getSplits().ratings().items(), includeGenres).texts();
            float[] text = MiniLmRuntime.baseTextEmbeddings(texts, ITEM_TEXT_TOKENS);
            double[] table = new double[(n + 1) * d];
            for (int i = 0; i < text.length; i++) {
                table[i] = text[i];
            }
            out.put(HybridMiniLmBlock.ITEM_TEXT, HostTensor.of(HybridMiniLmBlock.ITEM_TEXT, new long[]{n + 1, d}, table, dataType));
            scaledIdentity(out, HybridMiniLmBlock.PROJECTION, d, 1.0, dataType);
        }
        if (itemTokens != ItemTokens.TEXT) {
            double[] table = new double[(n + 1) * d];
            for (int i = 0; i < n * d; i++) {
                table[i] = gaussian(rng) * ID_INIT_STD;
            }
            out.put(HybridMiniLmBlock.ITEM_ID, HostTensor.of(HybridMiniLmBlock.ITEM_ID, new long[]{n + 1, d}, table, dataType));
        }
        scaledIdentity(out, HybridMiniLmBlock.HEAD, d, 1.0, dataType);
        out.put(HybridMiniLmBlock.ITEM_BIAS, HostTensor.of(HybridMiniLmBlock.ITEM_BIAS, new long[]{n}, new double[n], dataType));
        int r = loraRank;
        for (int l = 0; l < c.numLayers(); l++) {
            for (String proj : new String[]{"query", "value"}) {
                String p = "layer" + l + "_" + proj;
                double[] a = new double[r * d];
                for (int i = 0; i < a.length; i++) {
                    a[i] = gaussian(rng) / Math.sqrt(d);
                }
                out.put(p + "_lora_a", HostTensor.of(p + "_lora_a", new long[]{r, d}, a, dataType));
                out.put(p + "_lora_b", HostTensor.of(p + "_lora_b", new long[]{d, r}, new double[d * r], dataType));
            }
        }
        return out;
    }

    private static void scaledIdentity(Map<String, HostTensor> out, String child, int d, double scale, DataType dataType) {
        double[] w = new double[d * d];
        for (int i = 0; i < d; i++) {
            w[i * d + i] = scale;
        }
        out.put(child + "_weight", HostTensor.of(child + "_weight", new long[]{d, d}, w, dataType));
        out.put(child + "_bias", HostTensor.of(child + "_bias", new long[]{d}, new double[d], dataType));
    }

    /** A standard normal draw (Box-Muller), the same on every JVM. */
    private static double gaussian(SplittableRandom rng) {
        double u1 = rng.nextDouble();
        double u2 = rng.nextDouble();
        return StrictMath.sqrt(-2 * StrictMath.log(1 - u1)) * StrictMath.cos(2 * StrictMath.PI * u2);
    }

    private static HostTensor convert(HostTensor t, DataType dataType) {
        return t.dataType() == dataType ? t : HostTensor.of(t.name(), t.shape(), t.toDoubleArray(), dataType);
    }

    /** @return what an item token is made of. */
    public ItemTokens itemTokens() {
        return itemTokens;
    }
}
