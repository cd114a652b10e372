/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.model;

import dev.fudlr.model.djl.Devices;
import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.IntProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.LongProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.StringProvenance;
import dev.fudlr.data.SampleEncoding;
import dev.fudlr.model.train.Precision;
import dev.fudlr.model.transformer.CausalTransformerBlock;
import dev.fudlr.model.djl.HostTensor;
import dev.fudlr.model.djl.NativeArrays;
import dev.fudlr.model.transformer.TransformerConfig;
import dev.fudlr.model.transformer.TransformerRuntime;
import dev.fudlr.model.transformer.TransformerWeights;
import dev.fudlr.telemetry.FudlrAttributes;
import dev.fudlr.telemetry.FudlrTelemetry;
import dev.fudlr.telemetry.SpanNames;
import dev.fudlr.model.train.FineTuningLoop;
import dev.fudlr.model.train.TrainingData;
import org.tribuo.Dataset;
import org.tribuo.Example;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Model;
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
import java.util.SplittableRandom;
import java.util.function.Predicate;
import java.util.logging.Logger;

/**
 * Trains a {@link DjlRecommenderModel}: a small causal transformer over item ids, as a stand-in for an LLM-based
 * sequential recommender.
 * <ol>
 *     <li>The catalogue is every item of the training {@link Dataset} (labels and {@code item:<id>} history
 *     features), sorted numerically (see {@link ItemIndex}).</li>
 *     <li>Pre-training: all base weights are trained for {@code pretrainEpochs} epochs (LoRA frozen; its
 *     {@code B = 0} makes it inactive), then frozen.</li>
 *     <li>Fine-tuning: only the LoRA adapters (query and value projections, and with {@code outputLora} the item
 *     scores too) are trained for {@code epochs} epochs on the same samples. The LoRA parameters are the model's
 *     trainable parameters for unlearning.</li>
 * </ol>
 * Both phases minimise the mean per-sample cross-entropy over the whole catalogue with Adam and L2 weight decay
 * {@code weightDecay} (added to the gradient, i.e. the objective is {@code mean loss + weightDecay/2 |w|^2}),
 * mini-batches drawn from a permutation shuffled by a seeded {@link java.util.Random}.
 * <p>
 * <b>Example weights</b> ({@link Example#getWeight()}) are honoured by the transformer backbone: the weights of the
 * training set are normalised to mean 1 and each mini-batch loss is the mean of {@code w_i l_i} over the batch, so
 * the expected objective is the weighted mean loss. A sample of weight 0 contributes nothing (with full-batch training
 * it is exactly as if it were removed, up to the summation order). When all weights are equal the loss is the plain
 * batch mean, bit for bit as without weights.
 * <p>
 * <b>Continued training</b>: {@link #continueTraining} runs further LoRA-only epochs from an existing model's
 * parameters (warm start) and returns a new model; the start model is not modified.
 * <p>
 * Deterministic: the same configuration, seed, invocation count and data give bit-identical weights on the CPU
 * with the same PyTorch intra-op thread count (initial weights are drawn in Java, not by the engine; inputs and weights live in aligned memory, see
 * {@link dev.fudlr.model.djl.NativeArrays}). Adam turns last-bit differences in near-zero gradients into
 * visible weight differences, so this matters. On a GPU, atomic-add kernels make runs differ slightly.
 * <p>
 * Items that appear only in histories never appear as targets; they are still added to the model's output
 * domain (as if observed once) so that every scored item is a valid {@link Label} of the domain.
 * <p>
 * <b>One trainer per model</b>: this trainer trains the item-id transformer only. The MiniLM backbone has its own
 * trainer ({@code MiniLmRecommenderTrainer} (package {@code dev.fudlr.model.minilm})) and a user's network goes through
 * {@link dev.fudlr.model.spi.NetworkRecommenderTrainer}. Configurations written when this trainer also delegated to
 * MiniLM ({@code backbone = minilm} with a {@code minilm} component) fail with a message that says what to write
 * instead.
 */
public final class LmRecommenderTrainer implements Trainer<Label> {

    private static final Logger logger = Logger.getLogger(LmRecommenderTrainer.class.getName());

    /** Name given to trained models. */
    public static final String MODEL_NAME = "djl-lm-recommender";

    /** Model provenance instance-value key: the seed of the run (derived from {@code seed} and the invocation count). */
    public static final String RUN_SEED = "fudlr-run-seed";

    /** Model provenance instance-value key: the device the run used. */
    public static final String RESOLVED_DEVICE = "fudlr-resolved-device";

    /**
     * Model provenance instance-value key: the hex SHA-256 of the trained model's base (frozen) parameters,
     * {@link UnlearnableRecommender#baseParameterDigest()}, recorded at training time by this trainer, the MiniLM
     * trainer and {@link #continueTraining} ({@code fudlr verify} compares it with the model it checks).
     */
    public static final String BASE_PARAMETERS_SHA256 = "fudlr-base-parameters-sha256";

    /** Model provenance instance-value key of {@link #continueTraining}: the number of LoRA epochs run. */
    /**
     * Default epochs of full training of the base model: with {@link #DEFAULT_EPOCHS} and {@link #DEFAULT_LEARNING_RATE},
     * the configuration every tiny-transformer result in docs/benchmarks.md was measured with.
     */
    public static final int DEFAULT_PRETRAIN_EPOCHS = 3;

    /** Default epochs of LoRA-only fine-tuning. */
    public static final int DEFAULT_EPOCHS = 1;

    /** Default Adam learning rate (both phases). */
    public static final double DEFAULT_LEARNING_RATE = 3e-3;

    public static final String CONTINUED_EPOCHS = "fudlr-continued-epochs";

    /** Model provenance instance-value key of {@link #continueTraining}: SHA-256 of the start model's trainable parameters. */
    public static final String CONTINUED_FROM = "fudlr-continued-from-theta-sha256";

    /** The backbone this trainer trains (the value of {@code backbone}, and the transformer's name in CDI and telemetry). */
    public static final String BACKBONE_TRANSFORMER = "transformer";

    /** The MiniLM backbone's name in CDI ({@code MiniLmRecommenderTrainer} (package {@code dev.fudlr.model.minilm}) trains it). */
    public static final String BACKBONE_MINILM = "minilm";

    @Config(description = "Kept for configurations written before MiniLM had its own trainer: only 'transformer' is "
        + "accepted (for MiniLM, use MiniLmRecommenderTrainer, package dev.fudlr.model.minilm, as the trainer).")
    private String backbone = BACKBONE_TRANSFORMER;

    @Config(description = "Kept for configurations written before MiniLM had its own trainer: must be left out (for "
        + "MiniLM, use that component itself as the trainer).")
    private Trainer<Label> minilm;

    @Config(description = "Model width (item and position embedding dimension).")
    private int embeddingDim = 64;

    @Config(description = "Number of transformer layers.")
    private int numLayers = 2;

    @Config(description = "Number of attention heads (must divide embeddingDim).")
    private int numHeads = 2;

    @Config(description = "Hidden width of the feed-forward sub-layers.")
    private int ffnDim = 256;

    @Config(description = "History length L: the most recent L items are read, shorter histories are left-padded.")
    private int maxHistory = 10;

    @Config(description = "LoRA rank r of the query and value adapters.")
    private int loraRank = 8;

    @Config(description = "LoRA alpha; adapter outputs are scaled by alpha / r.")
    private double loraAlpha = 16.0;

    @Config(description = "Also put a LoRA adapter (rank loraRank) on the item scores, so that item-to-item associations "
        + "learned in fine-tuning live in parameters that unlearning can change (adds (numItems + embeddingDim) x loraRank "
        + "trainable parameters).")
    private boolean outputLora = false;

    @Config(description = "Epochs of full training of the base model (then frozen).")
    private int pretrainEpochs = DEFAULT_PRETRAIN_EPOCHS;

    @Config(description = "Epochs of LoRA-only fine-tuning.")
    private int epochs = DEFAULT_EPOCHS;

    @Config(description = "Mini-batch size.")
    private int batchSize = 128;

    @Config(description = "Adam learning rate (both phases).")
    private double learningRate = DEFAULT_LEARNING_RATE;

    @Config(description = "L2 weight decay added to the gradient (both phases).")
    private double weightDecay = 0.0;

    @Config(description = "Seed for initial weights and shuffling.")
    private long seed = Trainer.DEFAULT_SEED;

    // A String, not an enum: gpu:<index> is free form.
    @Config(description = "Device: auto (GPU if the engine sees one), cpu, gpu or gpu:<index>.")
    private String device = "auto";

    @Config(description = "Floating point type of weights and computation: FLOAT32 or FLOAT64.")
    private Precision dtype = Precision.FLOAT32;

    private int trainInvocationCounter = 0;

    /**
     * For OLCUT.
     */
    private LmRecommenderTrainer() {}

    /**
     * Creates a trainer.
     * @param embeddingDim model width.
     * @param numLayers number of layers.
     * @param numHeads number of heads.
     * @param ffnDim feed-forward width.
     * @param maxHistory history length L.
     * @param loraRank LoRA rank.
     * @param loraAlpha LoRA alpha.
     * @param pretrainEpochs base-model epochs.
     * @param epochs LoRA epochs.
     * @param batchSize mini-batch size.
     * @param learningRate Adam learning rate.
     * @param weightDecay L2 weight decay.
     * @param seed the seed.
     * @param device auto, cpu, gpu or gpu:i.
     * @param dtype the precision.
     * @throws PropertyException if a value is out of range.
     */
    public LmRecommenderTrainer(int embeddingDim, int numLayers, int numHeads, int ffnDim, int maxHistory,
                                int loraRank, double loraAlpha, int pretrainEpochs, int epochs, int batchSize,
                                double learningRate, double weightDecay, long seed, String device, Precision dtype) {
        this.embeddingDim = embeddingDim;
        this.numLayers = numLayers;
        this.numHeads = numHeads;
        this.ffnDim = ffnDim;
        this.maxHistory = maxHistory;
        this.loraRank = loraRank;
        this.loraAlpha = loraAlpha;
        this.pretrainEpochs = pretrainEpochs;
        this.epochs = epochs;
        this.batchSize = batchSize;
        this.learningRate = learningRate;
        this.weightDecay = weightDecay;
        this.seed = seed;
        this.device = device;
        this.dtype = dtype;
        postConfig();
    }

    /**
     * A builder starting from the defaults.
     * @return the builder.
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void postConfig() {
        if (BACKBONE_MINILM.equals(backbone) || minilm != null) {
            throw new PropertyException("", minilm != null ? "minilm" : "backbone", "LmRecommenderTrainer trains the item-id "
                                        + "transformer only: for MiniLM, make the component of the former 'minilm' field (class "
                                        + "MiniLmRecommenderTrainer in package dev.fudlr.model.minilm, same properties) the trainer "
                                        + "itself and remove 'backbone' and 'minilm' (docs/models.md)");
        }
        if (!BACKBONE_TRANSFORMER.equals(backbone)) {
            throw new PropertyException("", "backbone", "backbone must be " + BACKBONE_TRANSFORMER + " (or left out), found '"
                                        + backbone + "'");
        }
        positive("embeddingDim", embeddingDim);
        positive("numLayers", numLayers);
        positive("numHeads", numHeads);
        if (embeddingDim % numHeads != 0) {
            throw new PropertyException("", "numHeads", "numHeads (" + numHeads + ") must divide embeddingDim (" + embeddingDim + ")");
        }
        positive("ffnDim", ffnDim);
        positive("maxHistory", maxHistory);
        if (maxHistory > dev.fudlr.data.SampleBuilder.MAX_HISTORY_LENGTH) {
            throw new PropertyException("", "maxHistory", "maxHistory must be at most " + dev.fudlr.data.SampleBuilder.MAX_HISTORY_LENGTH
                                        + " (SampleBuilder.MAX_HISTORY_LENGTH), found " + maxHistory);
        }
        positive("loraRank", loraRank);
        if (!(loraAlpha > 0) || !Double.isFinite(loraAlpha)) {
            throw new PropertyException("", "loraAlpha", "loraAlpha must be positive and finite, found " + loraAlpha);
        }
        if (pretrainEpochs < 0) {
            throw new PropertyException("", "pretrainEpochs", "pretrainEpochs must be >= 0, found " + pretrainEpochs);
        }
        if (epochs < 0) {
            throw new PropertyException("", "epochs", "epochs must be >= 0, found " + epochs);
        }
        positive("batchSize", batchSize);
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new PropertyException("", "learningRate", "learningRate must be positive and finite, found " + learningRate);
        }
        if (!(weightDecay >= 0) || !Double.isFinite(weightDecay)) {
            throw new PropertyException("", "weightDecay", "weightDecay must be >= 0 and finite, found " + weightDecay);
        }
        if (!Devices.isValid(device)) {
            throw new PropertyException("", "device", "device must be auto, cpu, gpu or gpu:<index>, found '" + device + "'");
        }
        if (dtype == null) {
            throw new PropertyException("", "dtype", "dtype must be one of " + EnumChoices.names(Precision.class) + ", found null");
        }
    }

    private static void positive(String field, int value) {
        if (value < 1) {
            throw new PropertyException("", field, field + " must be >= 1, found " + value);
        }
    }

    /**
     * Trains a model with the configured backbone.
     * @param examples the training data.
     * @return the trained {@link DjlRecommenderModel}.
     */
    @Override
    public Model<Label> train(Dataset<Label> examples) {
        return train(examples, Collections.emptyMap());
    }

    @Override
    public Model<Label> train(Dataset<Label> examples, Map<String, Provenance> runProvenance) {
        return train(examples, runProvenance, INCREMENT_INVOCATION_COUNT);
    }

    @Override
    public Model<Label> train(Dataset<Label> dataset, Map<String, Provenance> runProvenance, int invocationCount) {
        if (dataset.size() == 0) {
            throw new IllegalArgumentException("Cannot train on an empty dataset");
        }
        TrainerProvenance trainerProvenance;
        long runSeed;
        synchronized (this) {
            if (invocationCount != INCREMENT_INVOCATION_COUNT) {
                setInvocationCount(invocationCount);
            }
            trainerProvenance = getProvenance();
            runSeed = TrainingData.runSeed(seed, trainInvocationCounter);
            trainInvocationCounter++;
        }
        return FudlrTelemetry.get().call(SpanNames.TRAIN, FudlrAttributes.training(FudlrAttributes.ITEM_TRANSFORMER, backbone, dataset.size(), pretrainEpochs + epochs, device),
                                         stage -> {
                                             DjlRecommenderModel m = trainTransformer(dataset, runProvenance, trainerProvenance, runSeed);
                                             stage.samples((long) dataset.size() * (pretrainEpochs + epochs))
                                                 .set(FudlrAttributes.PARAMETERS, (long) m.numTrainableParameters());
                                             return m;
                                         });
    }

    /**
     * Trains the transformer backbone and returns it with its concrete type (for code that needs the
     * {@link DjlRecommenderModel} API without a cast).
     * @param dataset the training data.
     * @return the trained transformer.
     */
    public DjlRecommenderModel trainTransformer(Dataset<Label> dataset) {
        return (DjlRecommenderModel) train(dataset);
    }

    private DjlRecommenderModel trainTransformer(Dataset<Label> dataset, Map<String, Provenance> runProvenance,
                                                 TrainerProvenance trainerProvenance, long runSeed) {
        ItemIndex items = ItemIndex.fromDataset(dataset);
        TransformerConfig config = new TransformerConfig(items.size(), embeddingDim, numLayers, numHeads, ffnDim,
                                                         maxHistory, loraRank, loraAlpha,
                                                         dtype.dataType(),
                                                         TransformerConfig.DEFAULT_LAYER_NORM_EPS, outputLora);
        List<Example<Label>> samples = new ArrayList<>(dataset.size());
        for (Example<Label> e : dataset) {
            samples.add(e);
        }
        HistoryEncoder encoder = new HistoryEncoder(items, maxHistory);
        long[] tokens = encoder.histories(samples);
        long[] targets = encoder.targets(samples);
        double[] sampleWeights = TrainingData.normalisedWeights(samples);

        Device dev = Devices.resolve(device, true);
        logger.info("Training " + config + " on " + samples.size() + " samples" + (sampleWeights == null ? "" : " (weighted)")
                    + ", device " + dev + ", seed " + runSeed);
        SortedMap<String, HostTensor> weights = TransformerWeights.initialize(config, runSeed);
        Random shuffle = new Random(runSeed);
        try (TransformerRuntime rt = new TransformerRuntime(config, weights, dev)) {
            runPhase("pretrain", rt, name -> !CausalTransformerBlock.isLoraParameter(name), pretrainEpochs, tokens, targets,
                     sampleWeights, shuffle);
            runPhase("lora", rt, CausalTransformerBlock::isLoraParameter, epochs, tokens, targets, sampleWeights, shuffle);
            weights = rt.exportWeights();
        }

        // Run-specific values (instance-values): the seed actually used and the device the run resolved to.
        Map<String, Provenance> instanceValues = new HashMap<>(runProvenance);
        instanceValues.putIfAbsent(RUN_SEED, new LongProvenance(RUN_SEED, runSeed));
        instanceValues.putIfAbsent(RESOLVED_DEVICE, new StringProvenance(RESOLVED_DEVICE, dev.toString()));
        // Always this run's value: the key vouches for the weights this model holds.
        instanceValues.put(BASE_PARAMETERS_SHA256, new StringProvenance(BASE_PARAMETERS_SHA256,
            DjlRecommenderModel.baseParameterDigest(config, items, weights).sha256()));
        ModelProvenance provenance = new ModelProvenance(DjlRecommenderModel.class.getName(), ProvenanceClock.now(),
                                                         dataset.getProvenance(), trainerProvenance, instanceValues);
        return new DjlRecommenderModel(MODEL_NAME, provenance, dataset.getFeatureIDMap(), TrainingData.catalogueDomain(dataset, items.ids()),
                                       config, items, weights, device);
    }

    /**
     * Warm start: continues LoRA-only training of an existing transformer model for {@code numEpochs} epochs on
     * {@code data}, with this trainer's batch size, learning rate, weight decay and a fresh Adam state, and returns a
     * <em>new</em> model; {@code start} is not modified (its base weights are shared, read-only). The start model's
     * architecture and catalogue are kept, so every target of {@code data} must be in its catalogue. Example weights
     * are honoured as in {@link #train}. Mini-batches are shuffled with the run seed of this trainer's next
     * invocation (the invocation count is incremented, as by {@link #train}).
     * <p>
     * The new model's provenance is a plain {@link ModelProvenance} of {@code data} and this trainer, with instance
     * values {@value #RUN_SEED}, {@value #RESOLVED_DEVICE}, {@value #CONTINUED_EPOCHS}, {@value #CONTINUED_FROM}
     * (the SHA-256 of the start model's trainable parameters) and {@value #BASE_PARAMETERS_SHA256}; callers that edit
     * a model usually replace it, e.g. with a {@code dev.fudlr.PostTrainingModelProvenance}.
     * @param start the model whose parameters training starts from.
     * @param data the training data of the continuation.
     * @param numEpochs LoRA epochs, at least 0 (0 returns a copy with the start parameters).
     * @return the new model.
     * @throws IllegalArgumentException if {@code data} is empty, {@code numEpochs} is negative, or a target is not in
     * the start model's catalogue.
     */
    public DjlRecommenderModel continueTraining(DjlRecommenderModel start, Dataset<Label> data, int numEpochs) {
        if (start == null) {
            throw new IllegalArgumentException("continueTraining needs a start model");
        }
        if (data == null || data.size() == 0) {
            throw new IllegalArgumentException("Cannot continue training on an empty dataset");
        }
        if (numEpochs < 0) {
            throw new IllegalArgumentException("numEpochs must be >= 0, found " + numEpochs);
        }
        TrainerProvenance trainerProvenance;
        long runSeed;
        synchronized (this) {
            trainerProvenance = getProvenance();
            runSeed = TrainingData.runSeed(seed, trainInvocationCounter);
            trainInvocationCounter++;
        }
        TransformerConfig config = start.config();
        List<Example<Label>> samples = new ArrayList<>(data.getData());
        HistoryEncoder encoder = new HistoryEncoder(start.items(), config.maxHistory());
        long[] tokens = encoder.histories(samples);
        long[] targets = encoder.targets(samples);
        double[] sampleWeights = TrainingData.normalisedWeights(samples);
        SortedMap<String, HostTensor> weights = start.weights();
        String startSha = BaseParameterDigest.vectorSha256(start.trainableParametersAsDouble());
        Device dev = Devices.resolve(device, true);
        logger.info("Continuing LoRA training of " + start.getName() + " for " + numEpochs + " epochs on " + samples.size()
                    + " samples" + (sampleWeights == null ? "" : " (weighted)") + ", device " + dev + ", seed " + runSeed);
        try (TransformerRuntime rt = new TransformerRuntime(config, weights, dev)) {
            runPhase("lora-continue", rt, CausalTransformerBlock::isLoraParameter, numEpochs, tokens, targets, sampleWeights,
                     new Random(runSeed));
            weights = rt.exportWeights();
        }
        Map<String, Provenance> instanceValues = new HashMap<>();
        instanceValues.put(RUN_SEED, new LongProvenance(RUN_SEED, runSeed));
        instanceValues.put(RESOLVED_DEVICE, new StringProvenance(RESOLVED_DEVICE, dev.toString()));
        instanceValues.put(CONTINUED_EPOCHS, new IntProvenance(CONTINUED_EPOCHS, numEpochs));
        instanceValues.put(CONTINUED_FROM, new StringProvenance(CONTINUED_FROM, startSha));
        instanceValues.put(BASE_PARAMETERS_SHA256, new StringProvenance(BASE_PARAMETERS_SHA256,
            DjlRecommenderModel.baseParameterDigest(config, start.items(), weights).sha256()));
        ModelProvenance provenance = new ModelProvenance(DjlRecommenderModel.class.getName(), ProvenanceClock.now(),
                                                         data.getProvenance(), trainerProvenance, instanceValues);
        return new DjlRecommenderModel(start.getName(), provenance, start.getFeatureIDMap(), start.getOutputIDInfo(), config,
                                       start.items(), weights, start.deviceSpec());
    }

    /** Trains the parameters {@code trainable} selects with the shared loop; the shuffle stream runs on across phases. */
    private void runPhase(String phase, TransformerRuntime rt, Predicate<String> trainable, int numEpochs,
                          long[] tokens, long[] targets, double[] sampleWeights, Random shuffle) {
        rt.setTrainable(trainable);
        if (numEpochs == 0) {
            return;
        }
        int length = rt.config().maxHistory();
        FineTuningLoop.BatchInput input = (step, batch) -> {
            long[] batchTokens = new long[batch.length * length];
            for (int b = 0; b < batch.length; b++) {
                System.arraycopy(tokens, batch[b] * length, batchTokens, b * length, length);
            }
            return rt.tokens(step, batchTokens);
        };
        FineTuningLoop.run(phase, rt, new FineTuningLoop.Settings(learningRate, weightDecay), numEpochs,
                           FineTuningLoop.shuffled(targets.length, batchSize), input, targets, sampleWeights, shuffle,
                           (step, rng) -> rt.newParameterStore(step));
    }

    @Override
    public synchronized int getInvocationCount() {
        return trainInvocationCounter;
    }

    @Override
    public synchronized void setInvocationCount(int invocationCount) {
        if (invocationCount < 0) {
            throw new IllegalArgumentException("The supplied invocationCount is less than zero.");
        }
        this.trainInvocationCounter = invocationCount;
    }

    @Override
    public TrainerProvenance getProvenance() {
        return new TrainerProvenanceImpl(this);
    }

    @Override
    public String toString() {
        return "LmRecommenderTrainer(embeddingDim=" + embeddingDim + ",numLayers=" + numLayers + ",numHeads=" + numHeads
            + ",ffnDim=" + ffnDim + ",maxHistory=" + maxHistory + ",loraRank=" + loraRank + ",loraAlpha=" + loraAlpha
            + ",pretrainEpochs=" + pretrainEpochs + ",epochs=" + epochs + ",batchSize=" + batchSize
            + ",learningRate=" + learningRate + ",weightDecay=" + weightDecay + ",seed=" + seed + ",device=" + device
            + ",dtype=" + dtype + (outputLora ? ",outputLora=true" : "") + ")";
    }

    /** @return the backbone, always {@value #BACKBONE_TRANSFORMER}. */
    public String getBackbone() {
        return backbone;
    }

    /** @return the configured seed. */
    public long getSeed() {
        return seed;
    }

    /** @return the history length L. */
    public int getMaxHistory() {
        return maxHistory;
    }

    /** @return LoRA epochs. */
    public int getEpochs() {
        return epochs;
    }

    /** @return base-model epochs. */
    public int getPretrainEpochs() {
        return pretrainEpochs;
    }

    /** @return whether the item scores get a LoRA adapter. */
    public boolean isOutputLora() {
        return outputLora;
    }

    /**
     * Builds trainers; starts from the defaults of the configurable fields.
     */
    public static final class Builder {
        private int embeddingDim = 64;
        private int numLayers = 2;
        private int numHeads = 2;
        private int ffnDim = 256;
        private int maxHistory = 10;
        private int loraRank = 8;
        private double loraAlpha = 16.0;
        private boolean outputLora = false;
        private int pretrainEpochs = DEFAULT_PRETRAIN_EPOCHS;
        private int epochs = DEFAULT_EPOCHS;
        private int batchSize = 128;
        private double learningRate = DEFAULT_LEARNING_RATE;
        private double weightDecay = 0.0;
        private long seed = Trainer.DEFAULT_SEED;
        private String device = "auto";
        private Precision dtype = Precision.FLOAT32;

        private Builder() {}

        /** @param v model width. @return this. */
        public Builder embeddingDim(int v) {
            embeddingDim = v;
            return this;
        }

        /** @param v number of layers. @return this. */
        public Builder numLayers(int v) {
            numLayers = v;
            return this;
        }

        /** @param v number of heads. @return this. */
        public Builder numHeads(int v) {
            numHeads = v;
            return this;
        }

        /** @param v feed-forward width. @return this. */
        public Builder ffnDim(int v) {
            ffnDim = v;
            return this;
        }

        /** @param v history length. @return this. */
        public Builder maxHistory(int v) {
            maxHistory = v;
            return this;
        }

        /** @param v LoRA rank. @return this. */
        public Builder loraRank(int v) {
            loraRank = v;
            return this;
        }

        /** @param v LoRA alpha. @return this. */
        public Builder loraAlpha(double v) {
            loraAlpha = v;
            return this;
        }

        /** @param v whether the item scores get a LoRA adapter. @return this. */
        public Builder outputLora(boolean v) {
            outputLora = v;
            return this;
        }

        /** @param v base-model epochs. @return this. */
        public Builder pretrainEpochs(int v) {
            pretrainEpochs = v;
            return this;
        }

        /** @param v LoRA epochs. @return this. */
        public Builder epochs(int v) {
            epochs = v;
            return this;
        }

        /** @param v batch size. @return this. */
        public Builder batchSize(int v) {
            batchSize = v;
            return this;
        }

        /** @param v learning rate. @return this. */
        public Builder learningRate(double v) {
            learningRate = v;
            return this;
        }

        /** @param v weight decay. @return this. */
        public Builder weightDecay(double v) {
            weightDecay = v;
            return this;
        }

        /** @param v seed. @return this. */
        public Builder seed(long v) {
            seed = v;
            return this;
        }

        /** @param v device spec. @return this. */
        public Builder device(String v) {
            device = v;
            return this;
        }

        /** @param v the precision. @return this. */
        public Builder dtype(Precision v) {
            dtype = v;
            return this;
        }

        /**
         * Builds the trainer.
         * @return the trainer.
         * @throws PropertyException if a value is out of range.
         */
        public LmRecommenderTrainer build() {
            LmRecommenderTrainer t = new LmRecommenderTrainer(embeddingDim, numLayers, numHeads, ffnDim, maxHistory, loraRank,
                                                              loraAlpha, pretrainEpochs, epochs, batchSize, learningRate,
                                                              weightDecay, seed, device, dtype);
            // Not a constructor argument: the public constructors keep their signatures. Validate again with it.
            t.outputLora = outputLora;
            t.postConfig();
            return t;
        }
    }
}
