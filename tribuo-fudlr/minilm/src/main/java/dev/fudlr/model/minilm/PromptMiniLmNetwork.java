/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.model.minilm;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import dev.fudlr.data.RecommenderDataSource;
import dev.fudlr.model.ItemIndex;
import dev.fudlr.model.djl.HostTensor;
import dev.fudlr.model.spi.InputEncoder;
import dev.fudlr.model.spi.RecommenderNetwork;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The prompt-text MiniLM backbone (BIGRec-style: the history's item titles read as words) as a plain implementation
 * of the recommender SPI, trained by {@link dev.fudlr.model.spi.NetworkRecommenderTrainer} like any user's network.
 * It computes what {@link MiniLmRecommenderTrainer}'s model computes ({@link MiniLmBlock}: LoRA on query and value of
 * the pretrained all-MiniLM-L6-v2 encoder, mean-pooled user vector, optional projection head, cosine scores against
 * the frozen encoder's item-text embeddings, per-item bias at the log popularity prior), with the same parameter
 * names and starting values for a given run seed.
 * <p>
 * Unlearnable: the LoRA adapters, the head and the item bias (the trainer's {@code pretrainEpochs} have nothing to
 * train: everything else is fixed as imported). The input is the tokenized prompt, padded to the batch's longest;
 * the item-text embeddings are a fixed parameter, so a model file stores them with every other tensor (about
 * 90 MB for six layers). The item texts come from {@code catalogueSource}'s item records, read when the network
 * first needs them; loading a model file rebuilds this configuration, so those files must be readable there.
 * <p>
 * Reading about 96 word pieces per sample, it costs about 200 s per 1,000 training samples on two CPU cores (the
 * hybrid backbone, {@link HybridMiniLmNetwork}, reads one token per item): the one to run on a GPU. See
 * {@code docs/models.md}.
 */
public final class PromptMiniLmNetwork implements RecommenderNetwork {

    /** Tokenizers by token budget, shared by every network of the JVM (native objects, never closed). */
    private static final Map<Integer, HuggingFaceTokenizer> TOKENIZERS = new HashMap<>();

    @Config(mandatory = true, description = "Data source whose item records (titles, years, genres) give the item texts.")
    private RecommenderDataSource catalogueSource;

    @Config(description = "Encoder layers used (1 to 6, the first ones of MiniLM-L6).")
    private int numLayers = 6;

    @Config(description = "LoRA rank r on query and value of every layer.")
    private int loraRank = 8;

    @Config(description = "LoRA alpha (adapter scale alpha / r).")
    private double loraAlpha = 16.0;

    @Config(description = "Scale (inverse temperature) of the user-item cosine.")
    private double scoreScale = 20.0;

    @Config(description = "Add a trainable d x d projection head (identity-initialised; unlearnable).")
    private boolean useHead = false;

    @Config(description = "Add a trainable per-item bias (initialised to the log popularity prior; unlearnable).")
    private boolean useItemBias = true;

    @Config(description = "Prompt token budget including [CLS] and [SEP]; the oldest items are cut first.")
    private int maxTokens = 96;

    @Config(description = "Append genres to item texts.")
    private boolean includeGenres = false;

    @Config(description = "Text before the item list in every prompt.")
    private String promptPrefix = "";

    /** For OLCUT. */
    private PromptMiniLmNetwork() {}

    /**
     * Creates a network with the default prompt (no prefix, titles and years, 96 tokens) and the item bias.
     * @param catalogueSource the item records.
     * @param numLayers encoder layers used.
     * @param loraRank LoRA rank.
     * @param loraAlpha LoRA alpha.
     * @param useHead whether to add the projection head.
     */
    public PromptMiniLmNetwork(RecommenderDataSource catalogueSource, int numLayers, int loraRank, double loraAlpha, boolean useHead) {
        this.catalogueSource = catalogueSource;
        this.numLayers = numLayers;
        this.loraRank = loraRank;
        this.loraAlpha = loraAlpha;
        this.useHead = useHead;
        postConfig();
    }

    @Override
    public void postConfig() {
        if (catalogueSource == null) {
            throw new PropertyException("", "catalogueSource", "catalogueSource is required (item titles for the prompts)");
        }
        if (numLayers < 1 || numLayers > 6) {
            throw new PropertyException("", "numLayers", "numLayers must be in [1, 6], found " + numLayers);
        }
        if (promptPrefix == null) {
            throw new PropertyException("", "promptPrefix", "promptPrefix must not be null (use an empty string)");
        }
        try {
            spec(1, DataType.FLOAT32);
        } catch (IllegalArgumentException e) {
            // MiniLmSpec's messages start with the parameter's name, which is also this network's field name.
            String msg = e.getMessage() == null ? "" : e.getMessage();
            throw new PropertyException("", msg.contains(" ") ? msg.substring(0, msg.indexOf(' ')) : "", msg);
        }
    }

    /** The settings of {@link MiniLmRecommenderTrainer}'s model for the same configuration. */
    MiniLmSpec spec(int maxHistory, DataType dataType) {
        return new MiniLmSpec(numLayers, loraRank, loraAlpha, scoreScale, useHead, useItemBias, maxHistory, maxTokens,
                              includeGenres, promptPrefix, dataType);
    }

    private BertConfig config() {
        return HybridMiniLmNetwork.ENCODER.withLayers(numLayers);
    }

    private ItemCatalogue catalogue(ItemIndex items) {
        return ItemCatalogue.of(items, catalogueSource.getSplits().ratings().items(), includeGenres);
    }

    @Override
    public Block newBlock(int numItems, int maxHistory, DataType dataType) {
        return new MiniLmBlock(config(), numItems, loraRank, loraAlpha / loraRank, scoreScale, useHead, useItemBias, true);
    }

    /** @return true for the LoRA adapters, the head and the item bias. */
    @Override
    public boolean isUnlearnable(String parameterName) {
        return BertEncoder.isLoraParameter(parameterName) || parameterName.equals(MiniLmBlock.HEAD)
            || parameterName.equals(MiniLmBlock.ITEM_BIAS);
    }

    /** @return true for every other parameter: the imported encoder and the item-text embeddings. */
    @Override
    public boolean isFixed(String parameterName) {
        return !isUnlearnable(parameterName);
    }

    /** Prompt word-piece ids (batch, T) int64, padded with [PAD] to the batch's longest prompt. */
    @Override
    public InputEncoder inputEncoder(ItemIndex items, int maxHistory) {
        ItemCatalogue catalogue = catalogue(items);
        HuggingFaceTokenizer tokenizer = tokenizer(maxTokens);
        return (manager, batch) -> {
            long[][] ids = new long[batch.size()][];
            synchronized (tokenizer) {
                for (int i = 0; i < ids.length; i++) {
                    ids[i] = tokenizer.encode(catalogue.prompt(batch.get(i), maxHistory, promptPrefix)).getIds();
                }
            }
            return MiniLmRuntime.padded(manager, ids);
        };
    }

    private static HuggingFaceTokenizer tokenizer(int maxTokens) {
        synchronized (TOKENIZERS) {
            return TOKENIZERS.computeIfAbsent(maxTokens, MiniLmArtifact::tokenizer);
        }
    }

    @Override
    public Shape[] inputShapes(int maxHistory) {
        return new Shape[]{new Shape(1, 4)};
    }

    /** @return the imported encoder and item-text embeddings; trainable values as {@link #initialValues(ItemIndex, int, DataType, long, long[])} with no counts. */
    @Override
    public Map<String, HostTensor> initialValues(ItemIndex items, int maxHistory, DataType dataType, long seed) {
        return initialValues(items, maxHistory, dataType, seed, null);
    }

    /**
     * The imported encoder, the frozen encoder's embeddings of the item texts, and the trainable values of
     * {@link MiniLmRuntime#initialTrainable} (LoRA A ~ N(0, 1/d) from the seed, B = 0, head = identity, item bias =
     * log((count + 1) / (samples + items)), or 0 without counts).
     */
    @Override
    public Map<String, HostTensor> initialValues(ItemIndex items, int maxHistory, DataType dataType, long seed, long[] targetCounts) {
        BertWeights base = MiniLmArtifact.baseWeights().truncate(numLayers);
        if (!base.config().equals(config())) {
            throw new IllegalStateException("The imported encoder has shape " + base.config() + ", expected " + config());
        }
        Map<String, HostTensor> out = new HashMap<>();
        for (Map.Entry<String, HostTensor> e : base.tensors().entrySet()) {
            String name = MiniLmRuntime.BERT_PREFIX + e.getKey();
            HostTensor t = e.getValue();
            out.put(name, HostTensor.of(name, t.shape(), t.toDoubleArray(), dataType));
        }
        List<String> texts = catalogue(items).texts();
        float[] text = MiniLmRuntime.baseTextEmbeddings(texts, maxTokens, numLayers, dataType);
        double[] table = new double[text.length];
        for (int i = 0; i < text.length; i++) {
            table[i] = text[i];
        }
        out.put(MiniLmBlock.ITEM_TEXT, HostTensor.of(MiniLmBlock.ITEM_TEXT, new long[]{items.size(), base.config().hidden()}, table, dataType));
        out.putAll(MiniLmRuntime.initialTrainable(spec(maxHistory, dataType), base.config(), items.size(), seed, prior(targetCounts)));
        return out;
    }

    /** The popularity prior of {@link MiniLmRecommenderTrainer}, or null (zero biases) without counts or biases. */
    private double[] prior(long[] counts) {
        if (!useItemBias || counts == null) {
            return null;
        }
        return MiniLmRuntime.popularityPrior(counts, java.util.Arrays.stream(counts).sum());
    }

    /** @return true unless the network has a projection head (the adapters and the item bias take per-sample stacks). */
    @Override
    public boolean supportsPerSampleParameters() {
        return !useHead;
    }
}
