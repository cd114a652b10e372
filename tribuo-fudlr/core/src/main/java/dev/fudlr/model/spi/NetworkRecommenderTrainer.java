/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.model.spi;

import ai.djl.Device;
import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.IntProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.LongProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.StringProvenance;
import dev.fudlr.data.SampleBuilder;
import dev.fudlr.model.BaseParameterDigest;
import dev.fudlr.model.ItemIndex;
import dev.fudlr.model.LmRecommenderTrainer;
import dev.fudlr.model.djl.Devices;
import dev.fudlr.model.djl.HostTensor;
import dev.fudlr.model.train.FineTuningLoop;
import dev.fudlr.model.train.Precision;
import dev.fudlr.model.train.TrainingData;
import dev.fudlr.reliability.ProvenanceClock;
import dev.fudlr.telemetry.FudlrAttributes;
import dev.fudlr.telemetry.FudlrTelemetry;
import dev.fudlr.telemetry.SpanNames;
import org.tribuo.Dataset;
import org.tribuo.Example;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.provenance.ModelProvenance;
import org.tribuo.provenance.TrainerProvenance;
import org.tribuo.provenance.impl.TrainerProvenanceImpl;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.SortedMap;
import java.util.logging.Logger;

/**
 * Trains a user's {@link RecommenderNetwork} into a {@link NetworkRecommenderModel}, in two phases of the shared
 * {@link FineTuningLoop}: {@code pretrainEpochs} over the base parameters (the ones
 * {@link RecommenderNetwork#isUnlearnable} rejects, less the {@link RecommenderNetwork#isFixed} ones), which are then frozen, and {@code epochs} over the unlearnable
 * ones (e.g. LoRA adapters). The catalogue is every item of the data (targets and histories); example weights
 * weight the loss. Configured from OLCUT XML like any Tribuo trainer, with the network as a nested component:
 * <pre>{@code
 * <component name="trainer" type="dev.fudlr.model.spi.NetworkRecommenderTrainer">
 *   <property name="network" value="gru"/>
 *   <property name="pretrainEpochs" value="8"/>
 *   <property name="epochs" value="2"/>
 * </component>
 * <component name="gru" type="com.example.MyGruNetwork">...</component>
 * }</pre>
 * The model's provenance holds this trainer's configuration (and so the network's) and the instance values
 * {@value LmRecommenderTrainer#RUN_SEED}, {@value LmRecommenderTrainer#RESOLVED_DEVICE} and
 * {@value LmRecommenderTrainer#BASE_PARAMETERS_SHA256}.
 */
public final class NetworkRecommenderTrainer implements Trainer<Label> {

    private static final Logger logger = Logger.getLogger(NetworkRecommenderTrainer.class.getName());

    /** Name of the trained models. */
    public static final String MODEL_NAME = "djl-network-recommender";

    @Config(mandatory = true, description = "The recommender network (an implementation of dev.fudlr.model.spi.RecommenderNetwork).")
    private RecommenderNetwork network;

    @Config(description = "History length L: the most recent L items are read, shorter histories are left-padded.")
    private int maxHistory = 10;

    @Config(description = "Epochs of training of the base parameters (those the network does not mark unlearnable), "
        + "which are frozen afterwards; 0 keeps their initial or imported values.")
    private int pretrainEpochs = 5;

    @Config(description = "Epochs of training of the unlearnable parameters (e.g. LoRA adapters).")
    private int epochs = 2;

    @Config(description = "Mini-batch size.")
    private int batchSize = 128;

    @Config(description = "Adam learning rate (both phases).")
    private double learningRate = 1e-3;

    @Config(description = "Decoupled weight decay (both phases).")
    private double weightDecay = 0.0;

    @Config(description = "Seed for the initial weights and the shuffling.")
    private long seed = Trainer.DEFAULT_SEED;

    // A String, not an enum: gpu:<index> is free form.
    @Config(description = "Device: auto (GPU if the engine sees one), cpu, gpu or gpu:<index>.")
    private String device = "auto";

    @Config(description = "Floating point type of weights and computation.")
    private Precision dtype = Precision.FLOAT32;

    private int invocationCount = 0;

    /** For OLCUT. */
    private NetworkRecommenderTrainer() {}

    /**
     * Creates a trainer (validated as by {@link #postConfig()}).
     * @param network the network.
     * @param maxHistory the history length.
     * @param pretrainEpochs epochs over the base parameters.
     * @param epochs epochs over the unlearnable parameters.
     * @param batchSize the mini-batch size.
     * @param learningRate Adam's learning rate.
     * @param seed the seed.
     * @param device the device specification.
     * @param dtype the precision.
     */
    public NetworkRecommenderTrainer(RecommenderNetwork network, int maxHistory, int pretrainEpochs, int epochs, int batchSize,
                                     double learningRate, long seed, String device, Precision dtype) {
        this.network = network;
        this.maxHistory = maxHistory;
        this.pretrainEpochs = pretrainEpochs;
        this.epochs = epochs;
        this.batchSize = batchSize;
        this.learningRate = learningRate;
        this.seed = seed;
        this.device = device;
        this.dtype = dtype;
        postConfig();
    }

    @Override
    public void postConfig() {
        if (network == null) {
            throw new PropertyException("", "network", "network is required (a RecommenderNetwork component)");
        }
        if (maxHistory < 1 || maxHistory > SampleBuilder.MAX_HISTORY_LENGTH) {
            throw new PropertyException("", "maxHistory", "maxHistory must be in [1, " + SampleBuilder.MAX_HISTORY_LENGTH + "], found " + maxHistory);
        }
        if (pretrainEpochs < 0) {
            throw new PropertyException("", "pretrainEpochs", "pretrainEpochs must be >= 0, found " + pretrainEpochs);
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
        if (!Devices.isValid(device)) {
            throw new PropertyException("", "device", "device must be auto, cpu, gpu or gpu:<index>, found '" + device + "'");
        }
        if (dtype == null) {
            throw new PropertyException("", "dtype", "dtype must be FLOAT32 or FLOAT64");
        }
    }

    @Override
    public NetworkRecommenderModel train(Dataset<Label> examples) {
        return train(examples, Collections.emptyMap());
    }

    @Override
    public NetworkRecommenderModel train(Dataset<Label> examples, Map<String, Provenance> runProvenance) {
        return train(examples, runProvenance, INCREMENT_INVOCATION_COUNT);
    }

    @Override
    public NetworkRecommenderModel train(Dataset<Label> dataset, Map<String, Provenance> runProvenance, int invocation) {
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
            runSeed = TrainingData.runSeed(seed, invocationCount);
            invocationCount++;
        }
        String base = network.getClass().getName();
        return FudlrTelemetry.get().call(SpanNames.TRAIN,
                                         FudlrAttributes.training(base, "network", dataset.size(), pretrainEpochs + epochs, device),
                                         stage -> {
                                             NetworkRecommenderModel m = trainUntraced(dataset, runProvenance, trainerProvenance, runSeed);
                                             stage.samples((long) dataset.size() * (pretrainEpochs + epochs))
                                                 .set(FudlrAttributes.PARAMETERS, (long) m.numTrainableParameters());
                                             return m;
                                         });
    }

    private NetworkRecommenderModel trainUntraced(Dataset<Label> dataset, Map<String, Provenance> runProvenance,
                                                  TrainerProvenance trainerProvenance, long runSeed) {
        ItemIndex items = ItemIndex.fromDataset(dataset);
        List<Example<Label>> samples = new ArrayList<>(dataset.getData());
        long[] targets = new long[samples.size()];
        for (int i = 0; i < targets.length; i++) {
            targets[i] = items.index(samples.get(i).getOutput().getLabel());
        }
        double[] sampleWeights = TrainingData.normalisedWeights(samples);
        InputEncoder encoder = network.inputEncoder(items, maxHistory);
        Device dev = Devices.resolve(device, true);
        logger.info("Training " + network.getClass().getSimpleName() + " on " + samples.size() + " samples, " + items.size()
                    + " items" + (sampleWeights == null ? "" : " (weighted)") + ", device " + dev + ", seed " + runSeed);
        long[] targetCounts = new long[items.size()];
        for (long t : targets) {
            targetCounts[(int) t]++;
        }
        Map<String, HostTensor> imported = Objects.requireNonNull(network.initialValues(items, maxHistory, dtype.dataType(), runSeed, targetCounts),
                                                                  "initialValues returned null");
        Random rng = new Random(runSeed);
        SortedMap<String, HostTensor> weights;
        try (NetworkRuntime rt = new NetworkRuntime(network, items.size(), maxHistory, dtype.dataType(), imported, dev, runSeed)) {
            rt.setTrainable(name -> !network.isUnlearnable(name) && !network.isFixed(name));
            if (!rt.trainableParameters().isEmpty()) {
                runPhase("pretrain", rt, pretrainEpochs, samples, encoder, targets, sampleWeights, rng);
            }
            rt.setTrainable(network::isUnlearnable);
            runPhase("fine-tune", rt, epochs, samples, encoder, targets, sampleWeights, rng);
            weights = rt.exportWeights();
        }
        Map<String, Provenance> instanceValues = new HashMap<>(runProvenance);
        instanceValues.putIfAbsent(LmRecommenderTrainer.RUN_SEED, new LongProvenance(LmRecommenderTrainer.RUN_SEED, runSeed));
        instanceValues.putIfAbsent(LmRecommenderTrainer.RESOLVED_DEVICE, new StringProvenance(LmRecommenderTrainer.RESOLVED_DEVICE, dev.toString()));
        instanceValues.put(LmRecommenderTrainer.BASE_PARAMETERS_SHA256, new StringProvenance(LmRecommenderTrainer.BASE_PARAMETERS_SHA256,
            NetworkRecommenderModel.baseParameterDigest(network, items, maxHistory, dtype.dataType(), weights).sha256()));
        ModelProvenance provenance = new ModelProvenance(NetworkRecommenderModel.class.getName(), ProvenanceClock.now(),
                                                         dataset.getProvenance(), trainerProvenance, instanceValues);
        return new NetworkRecommenderModel(MODEL_NAME, provenance, dataset.getFeatureIDMap(),
                                           TrainingData.catalogueDomain(dataset, items.ids()), network, items, maxHistory,
                                           dtype.dataType(), weights, device);
    }

    /**
     * Further epochs of the unlearnable phase from an existing model's weights (the base stays as it is): warm
     * retraining without some samples, and the cost unit of FUDLR's benchmarks (one epoch of the same model). The
     * network, catalogue, history length and precision are the start model's; learning rate, batch size, seed and
     * device this trainer's. The model's provenance has this trainer's configuration and the instance values
     * {@value LmRecommenderTrainer#RUN_SEED}, {@value LmRecommenderTrainer#RESOLVED_DEVICE},
     * {@value LmRecommenderTrainer#CONTINUED_EPOCHS}, {@value LmRecommenderTrainer#CONTINUED_FROM} and
     * {@value LmRecommenderTrainer#BASE_PARAMETERS_SHA256}.
     * @param start the model training starts from.
     * @param data the training data of the continuation.
     * @param numEpochs epochs, at least 0.
     * @return the new model.
     * @throws IllegalArgumentException if {@code data} is empty, {@code numEpochs} is negative, or a target is not in the
     *                                  start model's catalogue.
     */
    public NetworkRecommenderModel continueTraining(NetworkRecommenderModel start, Dataset<Label> data, int numEpochs) {
        Objects.requireNonNull(start, "continueTraining needs a start model");
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
            runSeed = TrainingData.runSeed(seed, invocationCount);
            invocationCount++;
        }
        RecommenderNetwork net = start.network();
        ItemIndex items = start.items();
        List<Example<Label>> samples = new ArrayList<>(data.getData());
        long[] targets = new long[samples.size()];
        for (int i = 0; i < targets.length; i++) {
            targets[i] = items.index(samples.get(i).getOutput().getLabel());
            if (targets[i] < 0) {
                throw new IllegalArgumentException("Sample " + i + " targets item " + samples.get(i).getOutput().getLabel()
                                                   + ", which is not in the start model's catalogue");
            }
        }
        double[] sampleWeights = TrainingData.normalisedWeights(samples);
        InputEncoder encoder = net.inputEncoder(items, start.maxHistory());
        Device dev = Devices.resolve(device, true);
        String startSha = BaseParameterDigest.vectorSha256(start.trainableParametersAsDouble());
        logger.info("Continuing " + net.getClass().getSimpleName() + " for " + numEpochs + " epochs on " + samples.size()
                    + " samples, device " + dev + ", seed " + runSeed);
        SortedMap<String, HostTensor> weights;
        try (NetworkRuntime rt = new NetworkRuntime(net, items.size(), start.maxHistory(), start.dataType(), start.weights(), dev, null)) {
            rt.setTrainable(net::isUnlearnable);
            runPhase("continue", rt, numEpochs, samples, encoder, targets, sampleWeights, new Random(runSeed));
            weights = rt.exportWeights();
        }
        Map<String, Provenance> instanceValues = new HashMap<>();
        instanceValues.put(LmRecommenderTrainer.RUN_SEED, new LongProvenance(LmRecommenderTrainer.RUN_SEED, runSeed));
        instanceValues.put(LmRecommenderTrainer.RESOLVED_DEVICE, new StringProvenance(LmRecommenderTrainer.RESOLVED_DEVICE, dev.toString()));
        instanceValues.put(LmRecommenderTrainer.CONTINUED_EPOCHS, new IntProvenance(LmRecommenderTrainer.CONTINUED_EPOCHS, numEpochs));
        instanceValues.put(LmRecommenderTrainer.CONTINUED_FROM, new StringProvenance(LmRecommenderTrainer.CONTINUED_FROM, startSha));
        instanceValues.put(LmRecommenderTrainer.BASE_PARAMETERS_SHA256, new StringProvenance(LmRecommenderTrainer.BASE_PARAMETERS_SHA256,
            NetworkRecommenderModel.baseParameterDigest(net, items, start.maxHistory(), start.dataType(), weights).sha256()));
        ModelProvenance provenance = new ModelProvenance(NetworkRecommenderModel.class.getName(), ProvenanceClock.now(),
                                                         data.getProvenance(), trainerProvenance, instanceValues);
        return new NetworkRecommenderModel(start.getName(), provenance, start.getFeatureIDMap(), start.getOutputIDInfo(), net,
                                           items, start.maxHistory(), start.dataType(), weights, start.deviceSpec());
    }

    /** One phase of the shared loop over the runtime's trainable parameters; the shuffle stream runs on across phases. */
    private void runPhase(String phase, NetworkRuntime rt, int numEpochs, List<Example<Label>> samples, InputEncoder encoder,
                          long[] targets, double[] sampleWeights, Random rng) {
        FineTuningLoop.BatchInput input = (step, batch) -> {
            List<Example<Label>> b = new ArrayList<>(batch.length);
            for (int i : batch) {
                b.add(samples.get(i));
            }
            return encoder.encode(step, b);
        };
        FineTuningLoop.run(phase, rt, new FineTuningLoop.Settings(learningRate, weightDecay), numEpochs,
                           FineTuningLoop.shuffled(samples.size(), batchSize), input, targets, sampleWeights, rng,
                           (step, r) -> rt.newParameterStore(step));
    }

    /** @return the epochs over the unlearnable parameters (the default length of a warm retraining). */
    public int getEpochs() {
        return epochs;
    }

    /** @return the network. */
    public RecommenderNetwork getNetwork() {
        return network;
    }

    @Override
    public synchronized int getInvocationCount() {
        return invocationCount;
    }

    @Override
    public synchronized void setInvocationCount(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("The invocation count must be >= 0, found " + count);
        }
        invocationCount = count;
    }

    @Override
    public TrainerProvenance getProvenance() {
        return new TrainerProvenanceImpl(this);
    }

    @Override
    public String toString() {
        return "NetworkRecommenderTrainer(network=" + network.getClass().getName() + ", maxHistory=" + maxHistory
               + ", pretrainEpochs=" + pretrainEpochs + ", epochs=" + epochs + ", batchSize=" + batchSize
               + ", learningRate=" + learningRate + ", seed=" + seed + ", device=" + device + ", dtype=" + dtype + ")";
    }
}
