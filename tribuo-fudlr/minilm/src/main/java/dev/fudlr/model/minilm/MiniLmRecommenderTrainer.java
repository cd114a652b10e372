/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.model.minilm;

import dev.fudlr.model.djl.Devices;
import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.LongProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.StringProvenance;
import dev.fudlr.data.ItemInfo;
import dev.fudlr.data.RecommenderDataSource;
import dev.fudlr.model.ItemIndex;
import dev.fudlr.model.LmRecommenderTrainer;
import dev.fudlr.model.djl.HostTensor;
import dev.fudlr.model.djl.LoraDropoutParameterStore;
import dev.fudlr.model.train.FineTuningLoop;
import dev.fudlr.model.train.Precision;
import dev.fudlr.model.train.TrainingData;
import dev.fudlr.model.djl.NativeArrays;
import dev.fudlr.model.transformer.TransformerRuntime;
import dev.fudlr.telemetry.FudlrAttributes;
import dev.fudlr.telemetry.FudlrTelemetry;
import dev.fudlr.telemetry.SpanNames;
import org.tribuo.Dataset;
import org.tribuo.Example;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelInfo;
import org.tribuo.classification.MutableLabelInfo;
import org.tribuo.provenance.ModelProvenance;
import org.tribuo.provenance.TrainerProvenance;
import org.tribuo.provenance.impl.TrainerProvenanceImpl;

import dev.fudlr.reliability.EnumChoices;
import dev.fudlr.reliability.ProvenanceClock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.logging.Logger;

/**
 * Trains a {@link MiniLmRecommenderModel}: LoRA (rank r, alpha, on query and value of every layer) on the
 * pretrained all-MiniLM-L6-v2 encoder, plus an optional projection head and per-item bias; the base is frozen.
 * <p>
 * The item texts come from a catalogue of {@link ItemInfo} records: either the {@code catalogueSource} data source
 * of the configuration (its {@link RecommenderDataSource#getSplits()} ratings' items), or a map given to the
 * programmatic constructor. The catalogue order is {@link ItemIndex#fromDataset}.
 * <p>
 * Few-shot mode ({@code fewShotSamples > 0}) trains on a seeded random subset of that many training samples, as LLM
 * recommenders do; {@code fewShotSamples = 0} uses every sample. Mini-batches are formed by length (a shuffled
 * window of batches is sorted by prompt length), so padding is small; prompts are truncated to {@code maxTokens}.
 * The item bias starts at the log of the (add-one smoothed) target frequency in the whole training set: the
 * popularity prior the text model then corrects (a documented design choice; set {@code useItemBias=false} for a
 * pure text model). {@code loraDropout} (default 0; TALLRec and BIGRec use 0.05) drops adapter inputs in the training
 * steps only ({@link LoraDropoutParameterStore}); the trained model never applies it, so scores, losses and every
 * influence computation are deterministic functions of the parameters.
 */
public final class MiniLmRecommenderTrainer implements Trainer<Label> {

    private static final Logger logger = Logger.getLogger(MiniLmRecommenderTrainer.class.getName());

    /** Name given to trained models. */
    public static final String MODEL_NAME = "minilm-lora-recommender";

    /** Batches per length-sorting window. */
    private static final int LENGTH_WINDOW = 16;

    @Config(description = "Data source whose item records (titles, year, genres) give the item texts.")
    private RecommenderDataSource catalogueSource;

    @Config(description = "Encoder layers used (1 to 6; fewer gives a reduced model).")
    private int numLayers = 6;

    @Config(description = "LoRA rank r on query and value of every layer.")
    private int loraRank = 8;

    @Config(description = "LoRA alpha (adapter scale alpha / r).")
    private double loraAlpha = 16.0;

    @Config(description = "LoRA dropout on the adapters' input during training steps only, in [0, 1) (0 = none).")
    private double loraDropout = 0.0;

    @Config(description = "Scale (inverse temperature) of the user-item cosine.")
    private double scoreScale = 20.0;

    @Config(description = "Add a trainable d x d projection head (identity-initialised).")
    private boolean useHead = false;

    @Config(description = "Add a trainable per-item bias (initialised to the log popularity prior).")
    private boolean useItemBias = true;

    @Config(description = "History length L: the most recent L items form the prompt.")
    private int maxHistory = 10;

    @Config(description = "Prompt token budget including [CLS] and [SEP]; the oldest items are cut first.")
    private int maxTokens = 96;

    @Config(description = "Append genres to item texts.")
    private boolean includeGenres = false;

    // Free text, not a choice.
    @Config(description = "Text before the item list in every prompt.")
    private String promptPrefix = "";

    // Left a String when the other choices became enums: the public constructor and the benchmarks pass the ITEMS_* names.
    @Config(description = "Items the model ranks: training (every item the training data names, the default) or catalogue "
                          + "(every item of the catalogue records, so that a model trained on a subset of the interactions, "
                          + "e.g. few-shot, can still rank items that subset never names).")
    private String itemScope = ITEMS_TRAINING;

    @Config(description = "Few-shot mode: train on this many randomly sampled training samples (0 = all).")
    private int fewShotSamples = 1024;

    @Config(description = "Training epochs over the (sampled) samples.")
    private int epochs = 1;

    @Config(description = "Mini-batch size.")
    private int batchSize = 16;

    @Config(description = "Adam learning rate.")
    private double learningRate = 1e-3;

    @Config(description = "L2 weight decay added to the gradient.")
    private double weightDecay = 0.0;

    @Config(description = "Seed for the LoRA initialisation, the few-shot sample and shuffling.")
    private long seed = Trainer.DEFAULT_SEED;

    // A String, not an enum: gpu:<index> is free form.
    @Config(description = "Device: auto, cpu, gpu or gpu:<index>.")
    private String device = "auto";

    @Config(description = "Floating point type of weights and computation: FLOAT32 or FLOAT64.")
    private Precision dtype = Precision.FLOAT32;

    /** {@link #itemScope} value: rank the items the training data names. */
    public static final String ITEMS_TRAINING = "training";
    /** {@link #itemScope} value: rank every item with a catalogue record. */
    public static final String ITEMS_CATALOGUE = "catalogue";

    private Map<Integer, ItemInfo> itemInfo;
    private int invocationCount = 0;

    /**
     * For OLCUT.
     */
    private MiniLmRecommenderTrainer() {}

    /**
     * Creates a trainer with defaults for everything but the catalogue and the main knobs.
     * @param itemInfo item records by id.
     * @param numLayers encoder layers.
     * @param fewShotSamples few-shot sample count (0 = all).
     * @param epochs epochs.
     * @param batchSize batch size.
     * @param learningRate learning rate.
     * @param seed seed.
     */
    public MiniLmRecommenderTrainer(Map<Integer, ItemInfo> itemInfo, int numLayers, int fewShotSamples, int epochs,
                                    int batchSize, double learningRate, long seed) {
        this(itemInfo, numLayers, fewShotSamples, epochs, batchSize, learningRate, seed, ITEMS_TRAINING);
    }

    /**
     * As {@link #MiniLmRecommenderTrainer(Map, int, int, int, int, double, long)}, choosing the ranked items.
     * @param itemInfo item records by id.
     * @param numLayers encoder layers.
     * @param fewShotSamples few-shot sample count (0 = all).
     * @param epochs epochs.
     * @param batchSize batch size.
     * @param learningRate learning rate.
     * @param seed seed.
     * @param itemScope {@link #ITEMS_TRAINING} or {@link #ITEMS_CATALOGUE}.
     */
    public MiniLmRecommenderTrainer(Map<Integer, ItemInfo> itemInfo, int numLayers, int fewShotSamples, int epochs,
                                    int batchSize, double learningRate, long seed, String itemScope) {
        this.itemInfo = Map.copyOf(itemInfo);
        this.numLayers = numLayers;
        this.fewShotSamples = fewShotSamples;
        this.epochs = epochs;
        this.batchSize = batchSize;
        this.learningRate = learningRate;
        this.seed = seed;
        this.itemScope = itemScope;
        postConfig();
    }

    @Override
    public void postConfig() {
        if (itemInfo == null) {
            if (catalogueSource == null) {
                throw new PropertyException("", "catalogueSource", "catalogueSource is required (item titles for the prompts)");
            }
            itemInfo = catalogueSource.getSplits().ratings().items();
        }
        if (numLayers < 1 || numLayers > 6) {
            throw new PropertyException("", "numLayers", "numLayers must be in [1, 6], found " + numLayers);
        }
        if (!ITEMS_TRAINING.equals(itemScope) && !ITEMS_CATALOGUE.equals(itemScope)) {
            throw new PropertyException("", "itemScope", "itemScope must be " + ITEMS_TRAINING + " or " + ITEMS_CATALOGUE + ", found '" + itemScope + "'");
        }
        if (fewShotSamples < 0) {
            throw new PropertyException("", "fewShotSamples", "fewShotSamples must be >= 0, found " + fewShotSamples);
        }
        if (epochs < 0) {
            throw new PropertyException("", "epochs", "epochs must be >= 0, found " + epochs);
        }
        if (batchSize < 1) {
            throw new PropertyException("", "batchSize", "batchSize must be >= 1, found " + batchSize);
        }
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new PropertyException("", "learningRate", "learningRate must be positive and finite, found " + learningRate);
        }
        if (!(weightDecay >= 0) || !Double.isFinite(weightDecay)) {
            throw new PropertyException("", "weightDecay", "weightDecay must be >= 0 and finite, found " + weightDecay);
        }
        if (!(loraDropout >= 0 && loraDropout < 1)) {
            throw new PropertyException("", "loraDropout", "loraDropout must be in [0, 1), found " + loraDropout);
        }
        if (!Devices.isValid(device)) {
            throw new PropertyException("", "device", "device must be auto, cpu, gpu or gpu:<index>, found '" + device + "'");
        }
        if (dtype == null) {
            throw new PropertyException("", "dtype", "dtype must be one of " + EnumChoices.names(Precision.class) + ", found null");
        }
        if (maxHistory > dev.fudlr.data.SampleBuilder.MAX_HISTORY_LENGTH) {
            throw new PropertyException("", "maxHistory", "maxHistory must be at most " + dev.fudlr.data.SampleBuilder.MAX_HISTORY_LENGTH
                                        + " (SampleBuilder.MAX_HISTORY_LENGTH), found " + maxHistory);
        }
        try {
            spec();
        } catch (IllegalArgumentException e) {
            // MiniLmSpec's messages start with the parameter's name, which is also this trainer's field name.
            String msg = e.getMessage() == null ? "" : e.getMessage();
            String field = msg.contains(" ") ? msg.substring(0, msg.indexOf(' ')) : "";
            throw new PropertyException("", field.equals("dataType") ? "dtype" : field, msg);
        }
    }

    /** The training data's items, plus (itemScope = catalogue) every item with a record. */
    private ItemIndex rankedItems(Dataset<Label> dataset) {
        ItemIndex named = ItemIndex.fromDataset(dataset);
        if (ITEMS_TRAINING.equals(itemScope)) {
            return named;
        }
        List<String> ids = new ArrayList<>(named.ids());
        itemInfo.keySet().forEach(id -> ids.add(Integer.toString(id)));
        return ItemIndex.of(ids);
    }

    private MiniLmSpec spec() {
        return new MiniLmSpec(numLayers, loraRank, loraAlpha, scoreScale, useHead, useItemBias, maxHistory, maxTokens,
                              includeGenres, promptPrefix, dtype.dataType());
    }

    @Override
    public MiniLmRecommenderModel train(Dataset<Label> examples) {
        return train(examples, Collections.emptyMap());
    }

    @Override
    public MiniLmRecommenderModel train(Dataset<Label> examples, Map<String, Provenance> runProvenance) {
        return train(examples, runProvenance, INCREMENT_INVOCATION_COUNT);
    }

    @Override
    public MiniLmRecommenderModel train(Dataset<Label> dataset, Map<String, Provenance> runProvenance, int invocation) {
        if (TrainingData.normalisedWeights(dataset.getData()) != null) {
            // Silently ignoring them would make a reweighting baseline a no-op.
            throw new IllegalArgumentException("The MiniLM backbone does not support example weights, but the examples of "
                                               + dataset.getSourceDescription() + " have different weights");
        }
        long samples = fewShotSamples > 0 && fewShotSamples < dataset.size() ? fewShotSamples : dataset.size();
        return FudlrTelemetry.get().call(SpanNames.TRAIN, FudlrAttributes.training(MiniLmArtifact.COORDINATES, LmRecommenderTrainer.BACKBONE_MINILM, samples, epochs, device),
                                         stage -> {
                                             MiniLmRecommenderModel m = trainUntraced(dataset, runProvenance, invocation);
                                             stage.samples(samples * epochs).set(FudlrAttributes.PARAMETERS, (long) m.numTrainableParameters());
                                             return m;
                                         });
    }

    private MiniLmRecommenderModel trainUntraced(Dataset<Label> dataset, Map<String, Provenance> runProvenance, int invocation) {
        if (dataset.size() == 0) {
            throw new IllegalArgumentException("Cannot train on an empty dataset");
        }
        TrainerProvenance trainerProvenance;
        long runSeed;
        synchronized (this) {
            if (invocation != INCREMENT_INVOCATION_COUNT) {
                setInvocationCount(invocation);
            }
            trainerProvenance = getProvenance();
            runSeed = new Random(seed + 31L * invocationCount).nextLong();
            invocationCount++;
        }
        MiniLmSpec spec = spec();
        ItemIndex items = rankedItems(dataset);
        ItemCatalogue catalogue = ItemCatalogue.of(items, itemInfo, includeGenres);
        List<Example<Label>> all = new ArrayList<>(dataset.size());
        dataset.forEach(all::add);
        // Popularity prior for the item bias, from all training targets.
        long[] counts = new long[items.size()];
        for (Example<Label> e : all) {
            int idx = items.index(e.getOutput().getLabel());
            if (idx >= 0) {
                counts[idx]++;
            }
        }
        double[] prior = MiniLmRuntime.popularityPrior(counts, all.size());
        Random rng = new Random(runSeed);
        List<Example<Label>> samples = new ArrayList<>(all);
        if (fewShotSamples > 0 && fewShotSamples < samples.size()) {
            Collections.shuffle(samples, rng);
            samples = new ArrayList<>(samples.subList(0, fewShotSamples));
        }
        BertWeights base = MiniLmArtifact.baseWeights();
        String sha = MiniLmArtifact.onnxSha256();
        if (numLayers < base.config().numLayers()) {
            base = base.truncate(numLayers);
        }
        SortedMap<String, HostTensor> init = MiniLmRuntime.initialTrainable(spec, base.config(), items.size(), runSeed,
                                                                            useItemBias ? prior : null);
        Device dev = Devices.resolve(device, true);
        SortedMap<String, HostTensor> trained;
        long start = System.nanoTime();
        try (MiniLmRuntime rt = new MiniLmRuntime(spec, base, sha, init, catalogue.texts(), dev)) {
            List<String> prompts = new ArrayList<>(samples.size());
            long[] targets = new long[samples.size()];
            for (int i = 0; i < samples.size(); i++) {
                prompts.add(catalogue.prompt(samples.get(i), maxHistory, promptPrefix));
                int idx = items.index(samples.get(i).getOutput().getLabel());
                targets[i] = idx;
            }
            long[][] tokens = rt.tokenize(prompts);
            fit(rt, tokens, targets, rng);
            trained = rt.exportTrainable();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        logger.info(String.format("Trained %s on %d samples x %d epochs in %.1f s (%.1f s per 1,000 sample-epochs)",
                                  MODEL_NAME, samples.size(), epochs, seconds,
                                  epochs == 0 ? 0 : seconds * 1000.0 / (samples.size() * (double) epochs)));
        Map<String, Provenance> instance = new HashMap<>(runProvenance);
        instance.putIfAbsent(LmRecommenderTrainer.RUN_SEED, new LongProvenance(LmRecommenderTrainer.RUN_SEED, runSeed));
        instance.put(LmRecommenderTrainer.BASE_PARAMETERS_SHA256, new StringProvenance(LmRecommenderTrainer.BASE_PARAMETERS_SHA256,
            MiniLmRecommenderModel.baseParameterDigest(spec, catalogue, MiniLmArtifact.COORDINATES, sha).sha256()));
        ModelProvenance provenance = new ModelProvenance(MiniLmRecommenderModel.class.getName(), ProvenanceClock.now(),
                                                         dataset.getProvenance(), trainerProvenance, instance);
        return new MiniLmRecommenderModel(MODEL_NAME, provenance, dataset.getFeatureIDMap(), TrainingData.catalogueDomain(dataset, items.ids()), spec,
                                          catalogue, MiniLmArtifact.COORDINATES, sha, trained, device);
    }

    private void fit(MiniLmRuntime rt, long[][] tokens, long[] targets, Random rng) {
        FineTuningLoop.BatchInput input = (step, batch) -> {
            long[][] ids = new long[batch.length][];
            for (int b = 0; b < batch.length; b++) {
                ids[b] = tokens[batch[b]];
            }
            return MiniLmRuntime.padded(step, ids);
        };
        // Dropout masks only in these steps (seeded from the run's random stream); rate 0 draws nothing.
        FineTuningLoop.StoreFactory stores = (step, r) -> loraDropout > 0
            ? new LoraDropoutParameterStore(step, loraDropout, r.nextLong()) : rt.newParameterStore(step);
        FineTuningLoop.run("minilm", rt, new FineTuningLoop.Settings(learningRate, weightDecay), epochs,
                           r -> lengthBatches(tokens, r), input, targets, null, rng, stores);
    }

    /** Shuffled batches of similar prompt length: a window of batches is sorted by length, then batch order shuffled. */
    private List<int[]> lengthBatches(long[][] tokens, Random rng) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < tokens.length; i++) {
            order.add(i);
        }
        Collections.shuffle(order, rng);
        List<int[]> batches = new ArrayList<>();
        int window = batchSize * LENGTH_WINDOW;
        for (int w = 0; w < order.size(); w += window) {
            List<Integer> chunk = new ArrayList<>(order.subList(w, Math.min(order.size(), w + window)));
            chunk.sort((a, b) -> Integer.compare(tokens[a].length, tokens[b].length));
            for (int s = 0; s < chunk.size(); s += batchSize) {
                batches.add(chunk.subList(s, Math.min(chunk.size(), s + batchSize)).stream().mapToInt(Integer::intValue).toArray());
            }
        }
        Collections.shuffle(batches, rng);
        return batches;
    }

    @Override
    public synchronized int getInvocationCount() {
        return invocationCount;
    }

    @Override
    public synchronized void setInvocationCount(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("invocationCount must be >= 0");
        }
        invocationCount = count;
    }

    @Override
    public TrainerProvenance getProvenance() {
        return new TrainerProvenanceImpl(this);
    }

    /** @return the number of item records (texts) the catalogue source provided. */
    public int itemCount() {
        return itemInfo.size();
    }

    @Override
    public String toString() {
        return "MiniLmRecommenderTrainer(" + spec() + ",loraDropout=" + loraDropout + ",fewShotSamples=" + fewShotSamples + ",epochs=" + epochs + ",batchSize="
            + batchSize + ",learningRate=" + learningRate + ",seed=" + seed + ")";
    }
}
