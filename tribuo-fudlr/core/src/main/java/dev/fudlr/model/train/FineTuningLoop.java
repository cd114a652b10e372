/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.model.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.fudlr.model.djl.Devices;
import dev.fudlr.model.djl.NativeArrays;
import dev.fudlr.model.djl.RecommenderRuntime;
import dev.fudlr.progress.Progress;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.logging.Logger;

/**
 * The one mini-batch training loop of every recommender trainer (the tiny transformer's pre-training and LoRA
 * phases, the MiniLM backbone, a user's network through {@link dev.fudlr.model.spi}): Adam with a fixed learning
 * rate and decoupled weight decay on the runtime's trainable parameters, the (optionally example-weighted) mean
 * cross-entropy of each batch, progress events and one log line per epoch.
 * <p>
 * What differs between trainers is passed in: how an epoch is cut into batches ({@link BatchPlan}), how a batch of
 * sample indices becomes the network input ({@link BatchInput}) and the parameter store of a step
 * ({@link StoreFactory}, e.g. LoRA dropout). The random stream is consumed in a fixed order (the plan at the start
 * of each epoch, then the store factory once per batch), so a seeded run is reproducible.
 */
public final class FineTuningLoop {

    private static final Logger logger = Logger.getLogger(FineTuningLoop.class.getName());

    /** Cuts one epoch's sample indices into mini-batches. */
    @FunctionalInterface
    public interface BatchPlan {
        /**
         * The batches of the next epoch.
         * @param rng the run's random stream.
         * @return sample indices per batch, in step order.
         */
        List<int[]> nextEpoch(Random rng);
    }

    /** Encodes a batch of samples as the network input. */
    @FunctionalInterface
    public interface BatchInput {
        /**
         * @param step the step's manager, which must own the result.
         * @param samples the sample indices of the batch.
         * @return the network input.
         */
        NDArray encode(NDManager step, int[] samples);
    }

    /** The parameter store of one training step. */
    @FunctionalInterface
    public interface StoreFactory {
        /**
         * @param step the step's manager.
         * @param rng the run's random stream (draw from it only when the store is random, e.g. dropout).
         * @return the store.
         */
        ParameterStore create(NDManager step, Random rng);
    }

    /**
     * Optimiser settings.
     * @param learningRate Adam's learning rate, &gt; 0.
     * @param weightDecay decoupled weight decay, &gt;= 0.
     */
    public record Settings(double learningRate, double weightDecay) {
        /** Validates. */
        public Settings {
            if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
                throw new IllegalArgumentException("learningRate must be finite and > 0, found " + learningRate);
            }
            if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
                throw new IllegalArgumentException("weightDecay must be finite and >= 0, found " + weightDecay);
            }
        }
    }

    private FineTuningLoop() {}

    /**
     * Uniformly shuffled batches of a fixed size: one permutation carried from epoch to epoch and re-shuffled
     * (Fisher-Yates with {@link Random#nextInt(int)}, so the order is specified by the JDK) at the start of each.
     * @param n the number of samples.
     * @param batchSize samples per batch (the last batch may be smaller).
     * @return the plan (stateful: one per training phase).
     */
    public static BatchPlan shuffled(int n, int batchSize) {
        if (n < 1 || batchSize < 1) {
            throw new IllegalArgumentException("n and batchSize must be >= 1, found " + n + " and " + batchSize);
        }
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        return rng -> {
            for (int i = order.length - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int tmp = order[i];
                order[i] = order[j];
                order[j] = tmp;
            }
            List<int[]> batches = new ArrayList<>((n + batchSize - 1) / batchSize);
            for (int start = 0; start < n; start += batchSize) {
                int[] b = new int[Math.min(batchSize, n - start)];
                System.arraycopy(order, start, b, 0, b.length);
                batches.add(b);
            }
            return batches;
        };
    }

    /**
     * Trains the runtime's trainable parameters in place.
     * @param phase the phase name (progress task and log lines).
     * @param rt the live network; its {@link RecommenderRuntime#trainableParameters()} are updated.
     * @param settings the optimiser settings (a fresh Adam state per call).
     * @param numEpochs epochs, &gt;= 0 (0 returns at once).
     * @param plan the batch plan.
     * @param input the input encoder.
     * @param targets the target item index of every sample.
     * @param sampleWeights per-sample loss weights with mean 1, or null for the plain batch mean.
     * @param rng the run's random stream.
     * @param stores the parameter store factory.
     * @return the mean training loss of the last epoch (NaN when {@code numEpochs} is 0).
     */
    public static double run(String phase, RecommenderRuntime rt, Settings settings, int numEpochs, BatchPlan plan,
                             BatchInput input, long[] targets, double[] sampleWeights, Random rng, StoreFactory stores) {
        Objects.requireNonNull(rt, "rt");
        if (numEpochs < 0) {
            throw new IllegalArgumentException("numEpochs must be >= 0, found " + numEpochs);
        }
        if (sampleWeights != null && sampleWeights.length != targets.length) {
            throw new IllegalArgumentException(sampleWeights.length + " sample weights for " + targets.length + " samples");
        }
        if (numEpochs == 0) {
            return Double.NaN;
        }
        List<Parameter> params = rt.trainableParameters();
        Optimizer adam = Optimizer.adam()
            .optLearningRateTracker(Tracker.fixed((float) settings.learningRate()))
            .optWeightDecays((float) settings.weightDecay())
            .build();
        Engine engine = Engine.getEngine(Devices.ENGINE);
        int n = targets.length;
        long values = 0;
        for (Parameter p : params) {
            values += p.getShape().size();
        }
        double meanLoss = Double.NaN;
        rt.zeroGradients();
        // Reporting only: if training throws, the task is simply never finished.
        Progress progress = Progress.start(phase, (long) numEpochs * n, "samples");
        for (int epoch = 1; epoch <= numEpochs; epoch++) {
            long startTime = System.nanoTime();
            double lossSum = 0;
            for (int[] batch : plan.nextEpoch(rng)) {
                long[] batchTargets = new long[batch.length];
                for (int b = 0; b < batch.length; b++) {
                    batchTargets[b] = targets[batch[b]];
                }
                try (NDManager step = rt.manager().newSubManager()) {
                    NDArray x = input.encode(step, batch);
                    NDArray y = NativeArrays.create(step, batchTargets, new Shape(batch.length));
                    ParameterStore store = stores.create(step, rng);
                    try (GradientCollector collector = engine.newGradientCollector()) {
                        NDArray perSample = rt.perSampleLoss(store, x, y, true);
                        NDArray loss = sampleWeights == null ? perSample.mean()
                            : perSample.mul(batchWeights(step, sampleWeights, batch, perSample.getDataType())).mean();
                        collector.backward(loss);
                        lossSum += loss.toType(DataType.FLOAT64, false).getDouble() * batch.length;
                    }
                    for (Parameter p : params) {
                        NDArray weight = p.getArray();
                        try (NDArray grad = weight.getGradient()) {
                            adam.update(p.getId(), weight, grad);
                        }
                    }
                    rt.zeroGradients();
                }
                progress.step(batch.length, "epoch " + epoch + "/" + numEpochs);
            }
            meanLoss = lossSum / n;
            double seconds = (System.nanoTime() - startTime) / 1e9;
            logger.info(String.format("%s epoch %d/%d: mean loss %.5f, %.2f s (%d samples, %d parameters trained)",
                                      phase, epoch, numEpochs, meanLoss, seconds, n, values));
        }
        progress.close();
        return meanLoss;
    }

    /** The weights of one mini-batch in the loss's dtype, owned by the step manager. */
    private static NDArray batchWeights(NDManager step, double[] sampleWeights, int[] batch, DataType dataType) {
        if (dataType == DataType.FLOAT64) {
            double[] w = new double[batch.length];
            for (int b = 0; b < batch.length; b++) {
                w[b] = sampleWeights[batch[b]];
            }
            return NativeArrays.create(step, w, new Shape(batch.length));
        }
        float[] w = new float[batch.length];
        for (int b = 0; b < batch.length; b++) {
            w[b] = (float) sampleWeights[batch[b]];
        }
        return NativeArrays.create(step, w, new Shape(batch.length));
    }
}
