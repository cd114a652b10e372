/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.model.custom;

import dev.fudlr.model.djl.Devices;
import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SymbolBlock;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import dev.fudlr.model.DjlRecommender;
import dev.fudlr.model.ItemIndex;
import dev.fudlr.model.djl.HostTensor;
import dev.fudlr.model.djl.NativeArrays;
import dev.fudlr.model.transformer.TransformerRuntime;
import org.tribuo.Example;
import org.tribuo.classification.Label;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.logging.Logger;

/**
 * A user-supplied DJL {@link Block} as an unlearnable next-item recommender: the block maps the output of an
 * {@link InputEncoder} to all-item scores (batch, numItems) in {@link ItemIndex} order; the parameters whose
 * names satisfy a predicate (typically LoRA adapters) are the trainable parameters theta, everything else is
 * frozen. The loss is the cross-entropy of the target over the catalogue, as for the built-in backbones.
 * <p>
 * Contract for the block, so that influence engines work: it must read every parameter value through the
 * {@link ParameterStore} it is given ({@code store.getValue(parameter, device, training)}; DJL's own blocks such as
 * {@code Linear} do), be deterministic (no dropout when {@code training} is true, since gradients for unlearning
 * are taken in training mode), and never combine a differentiable array with a Java {@code Number}
 * ({@code x.mul(2.0)}; use {@link NativeArrays#scalar}): DJL 0.36 frees that scalar before the backward pass.
 * TorchScript ({@link SymbolBlock}) is rejected: its forward pass does not consult the store.
 * <p>
 * Parameter names are the block's {@link Block#getParameters()} names (DJL prefixes children, e.g.
 * {@code 02lora_lora_a}). The instance owns its native memory: {@link #close()} frees it and the instance cannot
 * be used afterwards. Native calls synchronize on the instance.
 */
public final class CustomBlockRecommender implements DjlRecommender {

    private static final Logger logger = Logger.getLogger(CustomBlockRecommender.class.getName());

    /** Samples per native pass in host-level methods. */
    public static final int CHUNK_SIZE = 64;

    private final Block block;
    private final InputEncoder encoder;
    private final ItemIndex items;
    private final int maxHistory;
    private final DataType dataType;
    private final Device device;
    private final NDManager manager;
    private final SortedMap<String, Parameter> parameters;
    private final List<String> trainableNames;
    private boolean closed = false;

    private CustomBlockRecommender(Builder b) {
        if (b.block instanceof SymbolBlock) {
            throw new IllegalArgumentException("TorchScript/symbolic blocks (" + b.block.getClass().getName() + ") are not supported: "
                                               + "their forward pass does not read parameters through the ParameterStore");
        }
        if (b.block.isInitialized()) {
            throw new IllegalArgumentException("The block is already initialized; pass an uninitialized block (give values with initialValues)");
        }
        this.block = b.block;
        this.items = b.items;
        this.maxHistory = b.maxHistory;
        this.encoder = b.encoder != null ? b.encoder : InputEncoder.recentItems(b.items, b.maxHistory);
        this.dataType = b.dataType;
        this.device = Devices.resolve(b.device, true);
        Map<String, HostTensor> initial = new HashMap<>(b.initialValues);
        SortedMap<String, Parameter> params = new TreeMap<>();
        List<String> names = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            String name = p.getKey();
            if (params.put(name, p.getValue()) != null) {
                throw new IllegalArgumentException("Duplicate parameter name " + name);
            }
            HostTensor value = initial.remove(name);
            if (value != null) {
                if (value.dataType() != dataType) {
                    throw new IllegalArgumentException("Initial value of " + name + " is " + value.dataType() + ", the model is " + dataType);
                }
                p.getValue().setInitializer((m, shape, dt) -> checkedValue(name, value, shape, m));
            } else if (p.getValue().getInitializer() == null) {
                throw new IllegalArgumentException("Parameter " + name + " has no initializer: call block.setInitializer(...) "
                                                   + "or give its value in initialValues");
            }
            if (b.trainable.test(name)) {
                names.add(name);
            }
        }
        if (!initial.isEmpty()) {
            throw new IllegalArgumentException("initialValues name unknown parameters " + new TreeMap<>(initial).keySet()
                                               + "; the block has " + params.keySet());
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException("No parameter is trainable: the predicate matched none of " + params.keySet());
        }
        Collections.sort(names);
        this.manager = Engine.getEngine(Devices.ENGINE).newBaseManager(device);
        try {
            Shape[] shapes = b.inputShapes != null ? b.inputShapes : new Shape[]{new Shape(1, b.maxHistory)};
            block.initialize(manager, dataType, shapes);
            for (Map.Entry<String, Parameter> e : params.entrySet()) {
                e.getValue().freeze(!names.contains(e.getKey()));
            }
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
        this.parameters = Collections.unmodifiableSortedMap(params);
        this.trainableNames = List.copyOf(names);
        logger.fine(() -> "Custom block with " + params.size() + " parameters, trainable " + trainableNames);
    }

    private static NDArray checkedValue(String name, HostTensor value, Shape shape, NDManager m) {
        if (!Arrays.equals(shape.getShape(), value.shape())) {
            throw new IllegalArgumentException("Initial value of " + name + " has shape " + Arrays.toString(value.shape())
                                               + ", the block wants " + shape);
        }
        return value.toNDArray(m);
    }

    /**
     * A builder.
     * @param block the user's block (uninitialized; parameters need initializers or initial values).
     * @param items the catalogue: the block's output columns.
     * @return the builder.
     */
    public static Builder builder(Block block, ItemIndex items) {
        return new Builder(block, items);
    }

    private synchronized void checkOpen() {
        if (closed) {
            throw new IllegalStateException("This CustomBlockRecommender has been closed");
        }
    }

    // ------------------------------------------------------------------ DjlRecommender

    @Override
    public Device device() {
        return device;
    }

    @Override
    public NDManager manager() {
        checkOpen();
        return manager;
    }

    @Override
    public Block block() {
        return block;
    }

    @Override
    public synchronized List<Parameter> trainableDjlParameters() {
        checkOpen();
        List<Parameter> out = new ArrayList<>(trainableNames.size());
        for (String n : trainableNames) {
            out.add(parameters.get(n));
        }
        return out;
    }

    @Override
    public NDArray encodeHistories(NDManager stepManager, List<? extends Example<Label>> batch) {
        return encoder.encode(stepManager, batch);
    }

    @Override
    public NDArray encodeTargets(NDManager stepManager, List<? extends Example<Label>> batch) {
        long[] out = new long[batch.size()];
        for (int i = 0; i < out.length; i++) {
            String id = batch.get(i).getOutput().getLabel();
            int idx = items.index(id);
            if (idx < 0) {
                throw new IllegalArgumentException("Target item '" + id + "' of batch element " + i + " is not in the catalogue of "
                                                   + items.size() + " items");
            }
            out[i] = idx;
        }
        return NativeArrays.create(stepManager, out, new Shape(out.length));
    }

    @Override
    public NDArray scores(ParameterStore store, NDArray histories, boolean training) {
        NDArray s = block.forward(store, new NDList(histories), training).singletonOrThrow();
        Shape shape = s.getShape();
        if (shape.dimension() != 2 || shape.get(0) != histories.getShape().get(0) || shape.get(1) != items.size()) {
            throw new IllegalStateException("The block returned scores of shape " + shape + ", expected (" + histories.getShape().get(0)
                                            + ", " + items.size() + ")");
        }
        return s;
    }

    @Override
    public NDArray perSampleLoss(ParameterStore store, NDArray histories, NDArray targets, boolean training) {
        NDArray logProbs = scores(store, histories, training).logSoftmax(1);
        return logProbs.gather(targets.reshape(new Shape(-1, 1)), 1).reshape(new Shape(-1)).neg();
    }

    @Override
    public synchronized void zeroGradients() {
        checkOpen();
        for (Parameter p : parameters.values()) {
            NDArray a = p.getArray();
            if (a.hasGradient()) {
                JniUtils.zeroGrad((PtNDArray) a);
            }
        }
    }

    // ------------------------------------------------------------------ UnlearnableRecommender

    @Override
    public ItemIndex items() {
        return items;
    }

    @Override
    public int maxHistory() {
        return maxHistory;
    }

    /** @return the floating point type of the parameters. */
    public DataType dataType() {
        return dataType;
    }

    /** @return every parameter name of the block (sorted). */
    public List<String> parameterNames() {
        return List.copyOf(parameters.keySet());
    }

    @Override
    public synchronized int numTrainableParameters() {
        long n = 0;
        for (String name : trainableNames) {
            n += parameters.get(name).getArray().size();
        }
        if (n > Integer.MAX_VALUE) {
            throw new IllegalStateException("Too many trainable parameters for a flat vector: " + n);
        }
        return (int) n;
    }

    @Override
    public List<String> trainableParameterNames() {
        return trainableNames;
    }

    @Override
    public synchronized List<long[]> trainableParameterShapes() {
        List<long[]> out = new ArrayList<>();
        for (String name : trainableNames) {
            out.add(parameters.get(name).getArray().getShape().getShape());
        }
        return out;
    }

    @Override
    public float[] trainableParameters() {
        double[] d = trainableParametersAsDouble();
        float[] out = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            out[i] = (float) d[i];
        }
        return out;
    }

    @Override
    public synchronized double[] trainableParametersAsDouble() {
        checkOpen();
        double[] out = new double[numTrainableParameters()];
        int offset = 0;
        for (String name : trainableNames) {
            double[] v = parameters.get(name).getArray().toType(DataType.FLOAT64, false).toDoubleArray();
            System.arraycopy(v, 0, out, offset, v.length);
            offset += v.length;
        }
        return out;
    }

    /**
     * Host copies of the trainable tensors (e.g. to save them and rebuild with {@link Builder#initialValues}).
     * @return the tensors by name.
     */
    public synchronized SortedMap<String, HostTensor> trainableWeights() {
        checkOpen();
        SortedMap<String, HostTensor> out = new TreeMap<>();
        for (String name : trainableNames) {
            out.put(name, HostTensor.fromNDArray(name, parameters.get(name).getArray()));
        }
        return out;
    }

    @Override
    public void setTrainableParameters(float[] theta) {
        double[] d = new double[theta.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = theta[i];
        }
        setTrainableParameters(d);
    }

    @Override
    public synchronized void setTrainableParameters(double[] theta) {
        checkOpen();
        if (theta.length != numTrainableParameters()) {
            throw new IllegalArgumentException("Trainable parameter vector has length " + theta.length + ", expected "
                                               + numTrainableParameters());
        }
        for (int i = 0; i < theta.length; i++) {
            if (!Double.isFinite(theta[i])) {
                throw new IllegalArgumentException("Trainable parameter " + i + " is not finite");
            }
        }
        int offset = 0;
        for (String name : trainableNames) {
            NDArray array = parameters.get(name).getArray();
            int size = (int) array.size();
            double[] v = Arrays.copyOfRange(theta, offset, offset + size);
            if (dataType == DataType.FLOAT64) {
                array.set(NativeArrays.buffer(v));
            } else {
                float[] f = new float[size];
                for (int i = 0; i < size; i++) {
                    f[i] = (float) v[i];
                }
                array.set(NativeArrays.buffer(f));
            }
            offset += size;
        }
    }

    @Override
    public synchronized float[][] scores(List<? extends Example<Label>> batch) {
        checkOpen();
        int numItems = items.size();
        float[][] out = new float[batch.size()][];
        for (int start = 0; start < batch.size(); start += CHUNK_SIZE) {
            int end = Math.min(batch.size(), start + CHUNK_SIZE);
            try (NDManager step = manager.newSubManager()) {
                float[] s = scores(new ParameterStore(step, false), encodeHistories(step, batch.subList(start, end)), false)
                    .toType(DataType.FLOAT32, false).toFloatArray();
                for (int i = start; i < end; i++) {
                    out[i] = Arrays.copyOfRange(s, (i - start) * numItems, (i - start + 1) * numItems);
                }
            }
        }
        return out;
    }

    @Override
    public synchronized double[] perSampleLossAsDouble(List<? extends Example<Label>> batch) {
        checkOpen();
        double[] out = new double[batch.size()];
        for (int start = 0; start < batch.size(); start += CHUNK_SIZE) {
            int end = Math.min(batch.size(), start + CHUNK_SIZE);
            List<? extends Example<Label>> sub = batch.subList(start, end);
            try (NDManager step = manager.newSubManager()) {
                double[] l = perSampleLoss(new ParameterStore(step, false), encodeHistories(step, sub), encodeTargets(step, sub), false)
                    .toType(DataType.FLOAT64, false).toDoubleArray();
                System.arraycopy(l, 0, out, start, l.length);
            }
        }
        return out;
    }

    @Override
    public synchronized double[] lossGradientAsDouble(List<? extends Example<Label>> batch) {
        checkOpen();
        double[] out = new double[numTrainableParameters()];
        zeroGradients();
        try {
            for (int start = 0; start < batch.size(); start += CHUNK_SIZE) {
                List<? extends Example<Label>> sub = batch.subList(start, Math.min(batch.size(), start + CHUNK_SIZE));
                try (NDManager step = manager.newSubManager();
                     GradientCollector collector = Engine.getEngine(Devices.ENGINE).newGradientCollector()) {
                    NDArray loss = perSampleLoss(new ParameterStore(step, false), encodeHistories(step, sub),
                                                 encodeTargets(step, sub), true).sum();
                    collector.backward(loss);
                }
            }
            int offset = 0;
            for (Parameter p : trainableDjlParameters()) {
                try (NDArray g = p.getArray().getGradient()) {
                    double[] v = g.toType(DataType.FLOAT64, false).toDoubleArray();
                    System.arraycopy(v, 0, out, offset, v.length);
                    offset += v.length;
                }
            }
        } finally {
            zeroGradients();
        }
        return out;
    }

    /**
     * Fine-tunes the trainable parameters with Adam on the mean per-sample cross-entropy (frozen parameters are
     * untouched); mini-batches come from a permutation shuffled by {@code new Random(seed)}.
     * @param samples the training samples.
     * @param epochs passes over the samples.
     * @param batchSize mini-batch size.
     * @param learningRate Adam learning rate.
     * @param seed shuffling seed.
     * @return the mean loss of the last epoch (NaN if {@code epochs == 0}).
     */
    public synchronized double fit(List<? extends Example<Label>> samples, int epochs, int batchSize, double learningRate, long seed) {
        checkOpen();
        if (samples.isEmpty() || epochs < 0 || batchSize < 1 || !(learningRate > 0)) {
            throw new IllegalArgumentException("fit needs samples, epochs >= 0, batchSize >= 1 and learningRate > 0; found "
                                               + samples.size() + " samples, epochs " + epochs + ", batchSize " + batchSize
                                               + ", learningRate " + learningRate);
        }
        Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed((float) learningRate)).build();
        Engine engine = Engine.getEngine(Devices.ENGINE);
        List<Parameter> params = trainableDjlParameters();
        List<Example<Label>> order = new ArrayList<>(samples);
        Random rng = new Random(seed);
        double last = Double.NaN;
        zeroGradients();
        for (int epoch = 1; epoch <= epochs; epoch++) {
            Collections.shuffle(order, rng);
            double sum = 0;
            for (int start = 0; start < order.size(); start += batchSize) {
                List<Example<Label>> batch = order.subList(start, Math.min(order.size(), start + batchSize));
                try (NDManager step = manager.newSubManager()) {
                    NDArray x = encodeHistories(step, batch);
                    NDArray y = encodeTargets(step, batch);
                    try (GradientCollector collector = engine.newGradientCollector()) {
                        NDArray loss = perSampleLoss(new ParameterStore(step, false), x, y, true).mean();
                        collector.backward(loss);
                        sum += loss.toType(DataType.FLOAT64, false).getDouble() * batch.size();
                    }
                    for (Parameter p : params) {
                        try (NDArray g = p.getArray().getGradient()) {
                            adam.update(p.getId(), p.getArray(), g);
                        }
                    }
                    zeroGradients();
                }
            }
            last = sum / order.size();
            logger.info(String.format("custom block epoch %d/%d: mean loss %.5f", epoch, epochs, last));
        }
        return last;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            manager.close();
        }
    }

    /**
     * Builds a {@link CustomBlockRecommender}.
     */
    public static final class Builder {
        private final Block block;
        private final ItemIndex items;
        private InputEncoder encoder;
        private int maxHistory = 10;
        private Predicate<String> trainable;
        private Shape[] inputShapes;
        private DataType dataType = DataType.FLOAT32;
        private String device = "cpu";
        private Map<String, HostTensor> initialValues = Map.of();

        private Builder(Block block, ItemIndex items) {
            this.block = Objects.requireNonNull(block, "block");
            this.items = Objects.requireNonNull(items, "items");
        }

        /** @param v the input encoder (default {@link InputEncoder#recentItems} with {@link #maxHistory}). @return this. */
        public Builder encoder(InputEncoder v) {
            encoder = Objects.requireNonNull(v, "encoder");
            return this;
        }

        /** @param v the history length L the encoder reads (default 10). @return this. */
        public Builder maxHistory(int v) {
            if (v < 1) {
                throw new IllegalArgumentException("maxHistory must be >= 1, found " + v);
            }
            maxHistory = v;
            return this;
        }

        /** @param v which parameter names are trainable (required), e.g. {@code n -> n.contains("lora_")}. @return this. */
        public Builder trainable(Predicate<String> v) {
            trainable = Objects.requireNonNull(v, "trainable");
            return this;
        }

        /** @param v input shapes for {@link Block#initialize} (default (1, maxHistory)). @return this. */
        public Builder inputShapes(Shape... v) {
            inputShapes = v.clone();
            return this;
        }

        /** @param v float32 (default) or float64. @return this. */
        public Builder dataType(DataType v) {
            if (v != DataType.FLOAT32 && v != DataType.FLOAT64) {
                throw new IllegalArgumentException("dataType must be float32 or float64, found " + v);
            }
            dataType = v;
            return this;
        }

        /** @param v auto, cpu (default), gpu or gpu:i. @return this. */
        public Builder device(String v) {
            if (!Devices.isValid(v)) {
                throw new IllegalArgumentException("device must be auto, cpu, gpu or gpu:<index>, found '" + v + "'");
            }
            device = v;
            return this;
        }

        /** @param v parameter values by name, replacing their initializers (e.g. saved weights). @return this. */
        public Builder initialValues(Map<String, HostTensor> v) {
            initialValues = Map.copyOf(v);
            return this;
        }

        /**
         * Initializes the block on a new native manager and wraps it.
         * @return the recommender.
         * @throws IllegalArgumentException if the block, the predicate or the values do not fit.
         */
        public CustomBlockRecommender build() {
            if (trainable == null) {
                throw new IllegalArgumentException("trainable(...) is required: which parameters may unlearning change?");
            }
            return new CustomBlockRecommender(this);
        }
    }
}
