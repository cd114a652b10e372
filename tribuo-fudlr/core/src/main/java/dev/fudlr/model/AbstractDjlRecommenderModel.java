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
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import com.oracle.labs.mlrg.olcut.util.Pair;
import dev.fudlr.fairness.ranking.TopK;
import dev.fudlr.model.protos.TensorProto;
import dev.fudlr.model.djl.HostTensor;
import dev.fudlr.model.djl.NativeArrays;
import dev.fudlr.model.djl.RecommenderRuntime;
import dev.fudlr.model.transformer.TransformerRuntime;
import org.tribuo.Example;
import org.tribuo.Excuse;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.provenance.ModelProvenance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.logging.Logger;

/**
 * Base of the Tribuo {@link Model}s whose network is a DJL block with frozen base weights and trainable adapters
 * (the tiny transformer {@link DjlRecommenderModel} and the MiniLM-LoRA recommender): everything that only
 * delegates to the live network ({@link RecommenderRuntime}) or works on the host copy of the trainable tensors.
 * <p>
 * Subclasses supply the network ({@link #createRuntime(Device)}), the input encoding ({@link #encodeHistories}),
 * new instances with other trainable values ({@link #withTrainableWeights}) and their own protobuf payload. This
 * class provides the flat trainable vector of {@link UnlearnableRecommender}, the chunked host-level losses, scores
 * and gradients, Tribuo predictions (the highest scoring item, with softmax probabilities for <em>every</em>
 * catalogue item in {@link Prediction#getOutputScores()}) and top-k ranking.
 * <p>
 * The trainable tensors are held in Java memory ({@link HostTensor}); the native network is built lazily on first
 * use (also after deserialization) and freed by {@link #close()}, after which it is rebuilt on demand. Calls that
 * touch the native network are synchronized on the model. {@link #setTrainableParameters} mutates this instance;
 * {@link #copyWithTrainableParameters} returns a new model and leaves this one untouched.
 */
public abstract class AbstractDjlRecommenderModel extends Model<Label> implements DjlRecommender {
    private static final long serialVersionUID = 1L;
    private static final Logger logger = Logger.getLogger(AbstractDjlRecommenderModel.class.getName());

    private final ItemIndex items;
    private final int maxHistory;
    private final DataType dataType;
    private final String deviceSpec;
    private final int chunkSize;
    private SortedMap<String, HostTensor> trainableWeights;

    private transient RecommenderRuntime runtime;
    // Where to run instead of the stored device (CLI --device): not serialized, inherited by copies.
    private transient volatile String deviceOverride;
    // The base never changes after construction: hash it once per instance.
    private transient volatile BaseParameterDigest baseDigest;

    /**
     * Creates a model.
     * @param name model name.
     * @param provenance provenance.
     * @param featureIDMap feature domain of the training data.
     * @param outputIDInfo output domain; must contain a label for every catalogue item.
     * @param items the catalogue.
     * @param maxHistory the history length L the model reads.
     * @param dataType float32 or float64, the precision of the trainable tensors.
     * @param trainable the trainable tensors by name (the subclass checks them against its layout).
     * @param deviceSpec where to run: auto, cpu, gpu or gpu:i (a missing GPU falls back to the CPU).
     * @param chunkSize samples per native pass in the host-level methods.
     */
    protected AbstractDjlRecommenderModel(String name, ModelProvenance provenance, ImmutableFeatureMap featureIDMap,
                                          ImmutableOutputInfo<Label> outputIDInfo, ItemIndex items, int maxHistory,
                                          DataType dataType, Map<String, HostTensor> trainable, String deviceSpec,
                                          int chunkSize) {
        super(name, provenance, featureIDMap, outputIDInfo, true);
        this.items = Objects.requireNonNull(items, "items");
        if (!Devices.isValid(deviceSpec)) {
            throw new IllegalArgumentException("Invalid device '" + deviceSpec + "', expected auto, cpu, gpu or gpu:<index>");
        }
        if (maxHistory < 1 || chunkSize < 1) {
            throw new IllegalArgumentException("maxHistory and chunkSize must be >= 1, found " + maxHistory + " and " + chunkSize);
        }
        for (String id : items.ids()) {
            if (outputIDInfo.getID(new Label(id)) < 0) {
                throw new IllegalArgumentException("Catalogue item '" + id + "' is missing from the output domain");
            }
        }
        for (HostTensor t : trainable.values()) {
            if (t.dataType() != dataType) {
                throw new IllegalArgumentException("Trainable tensor " + t.name() + " is " + t.dataType() + ", the model is " + dataType);
            }
        }
        this.maxHistory = maxHistory;
        this.dataType = dataType;
        this.deviceSpec = deviceSpec;
        this.chunkSize = chunkSize;
        this.trainableWeights = Collections.unmodifiableSortedMap(new TreeMap<>(trainable));
    }

    // ------------------------------------------------------------------ subclass hooks

    /**
     * Materialises the native network with the current trainable tensors ({@link #trainableWeights()}).
     * @param device the resolved device.
     * @return the live network.
     */
    protected abstract RecommenderRuntime createRuntime(Device device);

    /**
     * A new model of the same class, base weights and settings, with other trainable tensors.
     * @param trainable the trainable tensors (same names, shapes and dtype as this model's).
     * @param newProvenance the new provenance.
     * @return the new model.
     */
    protected abstract AbstractDjlRecommenderModel withTrainableWeights(SortedMap<String, HostTensor> trainable,
                                                                        ModelProvenance newProvenance);

    /**
     * The digest of this model's base: its frozen tensors and the settings that shape its scores (see
     * {@link #baseDigestBuilder}). Called once per instance; the base must not change after construction.
     * @return the digest.
     */
    protected abstract BaseParameterDigest computeBaseParameterDigest();

    // ------------------------------------------------------------------ native state

    /**
     * The live network, built on first use.
     * @return the runtime.
     */
    protected final synchronized RecommenderRuntime liveRuntime() {
        if (runtime == null) {
            String spec = effectiveDeviceSpec();
            Device device = Devices.resolve(spec, false);
            if (!spec.equals("auto") && !spec.equals("cpu") && device.equals(Device.cpu())) {
                logger.warning("Device " + spec + " is not available, running model " + name + " on the CPU");
            }
            runtime = createRuntime(device);
        }
        return runtime;
    }

    /**
     * Runs this model (and every copy made from it, e.g. by FUDLR) on another device than the one stored in its file,
     * without changing what is stored. The native network is rebuilt on the new device at next use.
     * @param spec auto, cpu, gpu or gpu:N; null goes back to the stored device.
     * @throws IllegalArgumentException for any other value.
     */
    public synchronized void runOn(String spec) {
        if (spec != null && !Devices.isValid(spec)) {
            throw new IllegalArgumentException("Invalid device '" + spec + "', expected auto, cpu, gpu or gpu:<index>");
        }
        String normalised = spec == null ? null : spec.trim().toLowerCase(java.util.Locale.ROOT);
        if (!Objects.equals(normalised, deviceOverride)) {
            close();
            deviceOverride = normalised;
        }
    }

    /**
     * Samples per native pass of the host-level methods ({@link #scores(List)}, {@link #perSampleLossAsDouble}): a
     * distributed audit aligns its partitions to it, so each pass sees the same batch as a single-JVM audit.
     * @return the chunk size.
     */
    public int chunkSize() {
        return chunkSize;
    }

    /** @return the device this model runs on: the {@link #runOn} override, else the stored one. */
    public String effectiveDeviceSpec() {
        String o = deviceOverride;
        return o != null ? o : deviceSpec;
    }

    @Override
    public synchronized void close() {
        if (runtime != null) {
            runtime.close();
            runtime = null;
        }
    }

    @Override
    public Device device() {
        return liveRuntime().device();
    }

    @Override
    public NDManager manager() {
        return liveRuntime().manager();
    }

    @Override
    public Block block() {
        return liveRuntime().block();
    }

    @Override
    public List<Parameter> trainableDjlParameters() {
        return liveRuntime().trainableParameters();
    }

    @Override
    public NDArray encodeTargets(NDManager manager, List<? extends Example<Label>> batch) {
        return NativeArrays.create(manager, encoder().targets(batch), new Shape(batch.size()));
    }

    @Override
    public NDArray scores(ParameterStore store, NDArray histories, boolean training) {
        return liveRuntime().scores(store, histories, training);
    }

    @Override
    public NDArray perSampleLoss(ParameterStore store, NDArray histories, NDArray targets, boolean training) {
        return liveRuntime().perSampleLoss(store, histories, targets, training);
    }

    @Override
    public void zeroGradients() {
        liveRuntime().zeroGradients();
    }

    /** @return the encoder of the last L catalogue items of a history (the items the model reads). */
    protected final HistoryEncoder encoder() {
        return new HistoryEncoder(items, maxHistory);
    }

    // ------------------------------------------------------------------ accessors

    @Override
    public ItemIndex items() {
        return items;
    }

    @Override
    public int maxHistory() {
        return maxHistory;
    }

    /** @return the device specification (auto, cpu, gpu or gpu:i). */
    public String deviceSpec() {
        return deviceSpec;
    }

    /** @return the precision of the trainable tensors (float32 or float64). */
    public DataType dataType() {
        return dataType;
    }

    /** @return the trainable tensors by name (sorted, unmodifiable). */
    public synchronized SortedMap<String, HostTensor> trainableWeights() {
        return trainableWeights;
    }

    /**
     * The digest of the frozen part of this model, computed on first call (hashing the host copies of the base
     * tensors) and cached: {@link #setTrainableParameters} and copies with other trainable values keep it.
     * @return the digest, always present.
     */
    @Override
    public final Optional<BaseParameterDigest> baseParameterDigest() {
        BaseParameterDigest d = baseDigest;
        if (d == null) {
            d = computeBaseParameterDigest();
            baseDigest = d;
        }
        return Optional.of(d);
    }

    /**
     * A digest builder with what every subclass shares: the catalogue order (group
     * {@value BaseParameterDigest#CATALOGUE}, entry {@code item-ids}: score column j is item j), the history length
     * and the dtype (group {@value BaseParameterDigest#SETTINGS}). Subclasses add their frozen tensors and settings.
     * @param items the catalogue.
     * @param maxHistory the history length.
     * @param dataType the model precision.
     * @return the builder.
     */
    protected static BaseParameterDigest.Builder baseDigestBuilder(ItemIndex items, int maxHistory, DataType dataType) {
        return BaseParameterDigest.builder()
            .settings(BaseParameterDigest.CATALOGUE, "item-ids", items.ids())
            .setting(BaseParameterDigest.SETTINGS, "max-history", Integer.toString(maxHistory))
            .setting(BaseParameterDigest.SETTINGS, "dtype", dataType == DataType.FLOAT64 ? "float64" : "float32");
    }

    // ------------------------------------------------------------------ trainable vector

    @Override
    public synchronized int numTrainableParameters() {
        int n = 0;
        for (HostTensor t : trainableWeights.values()) {
            n += t.size();
        }
        return n;
    }

    @Override
    public synchronized List<String> trainableParameterNames() {
        return List.copyOf(trainableWeights.keySet());
    }

    @Override
    public synchronized List<long[]> trainableParameterShapes() {
        return HostTensor.shapes(trainableWeights.values());
    }

    @Override
    public synchronized float[] trainableParameters() {
        return HostTensor.flattenToFloats(trainableWeights.values());
    }

    @Override
    public synchronized double[] trainableParametersAsDouble() {
        return HostTensor.flattenToDoubles(trainableWeights.values());
    }

    @Override
    public synchronized void setTrainableParameters(float[] theta) {
        setTrainableParameters(toDoubles(theta));
    }

    @Override
    public synchronized void setTrainableParameters(double[] theta) {
        SortedMap<String, HostTensor> next = split(theta);
        trainableWeights = next;
        if (runtime != null) {
            for (HostTensor t : next.values()) {
                runtime.setWeight(t);
            }
        }
    }

    /**
     * A new model with the given trainable parameters and the same base weights; this model is untouched.
     * @param theta the flat trainable vector.
     * @param newProvenance the provenance of the new model.
     * @return the new model (of this model's class).
     */
    public synchronized AbstractDjlRecommenderModel copyWithTrainableParameters(float[] theta, ModelProvenance newProvenance) {
        return copyWithTrainableParameters(toDoubles(theta), newProvenance);
    }

    /**
     * As {@link #copyWithTrainableParameters(float[], ModelProvenance)}, rounding to the model precision.
     * @param theta the flat trainable vector.
     * @param newProvenance the provenance of the new model.
     * @return the new model (of this model's class).
     */
    public synchronized AbstractDjlRecommenderModel copyWithTrainableParameters(double[] theta, ModelProvenance newProvenance) {
        AbstractDjlRecommenderModel copy = withTrainableWeights(split(theta), Objects.requireNonNull(newProvenance, "newProvenance"));
        copy.runOn(deviceOverride);
        return copy;
    }

    private static double[] toDoubles(float[] theta) {
        double[] d = new double[theta.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = theta[i];
        }
        return d;
    }

    /** Splits a flat vector into tensors shaped like the current trainable tensors (float32 rounding is exact for float input). */
    private SortedMap<String, HostTensor> split(double[] theta) {
        int expected = numTrainableParameters();
        if (theta.length != expected) {
            throw new IllegalArgumentException("Trainable parameter vector has length " + theta.length + ", expected " + expected);
        }
        SortedMap<String, HostTensor> out = new TreeMap<>();
        int offset = 0;
        for (HostTensor t : trainableWeights.values()) {
            int size = t.size();
            for (int i = offset; i < offset + size; i++) {
                if (!Double.isFinite(theta[i])) {
                    throw new IllegalArgumentException("Trainable parameter " + i + " (" + t.name() + ") is not finite: " + theta[i]);
                }
            }
            out.put(t.name(), HostTensor.of(t.name(), t.shape(), Arrays.copyOfRange(theta, offset, offset + size), dataType));
            offset += size;
        }
        return Collections.unmodifiableSortedMap(out);
    }

    // ------------------------------------------------------------------ host-level scoring, losses, gradients

    /**
     * All-item scores, exact in the model precision.
     * @param batch the samples.
     * @return row-major (batch.size(), numItems) scores.
     */
    protected final synchronized double[] scoreRows(List<? extends Example<Label>> batch) {
        RecommenderRuntime rt = liveRuntime();
        int numItems = items.size();
        double[] out = new double[batch.size() * numItems];
        for (int start = 0; start < batch.size(); start += chunkSize) {
            int end = Math.min(batch.size(), start + chunkSize);
            try (NDManager step = rt.manager().newSubManager()) {
                NDArray input = encodeHistories(step, batch.subList(start, end));
                HostTensor.fromNDArray("scores", rt.scores(rt.newParameterStore(step), input, false)).copyInto(out, start * numItems);
            }
        }
        return out;
    }

    @Override
    public float[][] scores(List<? extends Example<Label>> batch) {
        double[] flat = scoreRows(batch);
        int numItems = items.size();
        float[][] out = new float[batch.size()][numItems];
        for (int i = 0; i < out.length; i++) {
            for (int j = 0; j < numItems; j++) {
                out[i][j] = (float) flat[i * numItems + j];
            }
        }
        return out;
    }

    @Override
    public synchronized double[] perSampleLossAsDouble(List<? extends Example<Label>> batch) {
        RecommenderRuntime rt = liveRuntime();
        double[] out = new double[batch.size()];
        for (int start = 0; start < batch.size(); start += chunkSize) {
            List<? extends Example<Label>> sub = batch.subList(start, Math.min(batch.size(), start + chunkSize));
            try (NDManager step = rt.manager().newSubManager()) {
                NDArray loss = rt.perSampleLoss(rt.newParameterStore(step), encodeHistories(step, sub), encodeTargets(step, sub), false);
                HostTensor.fromNDArray("loss", loss).copyInto(out, start);
            }
        }
        return out;
    }

    @Override
    public synchronized double[] lossGradientAsDouble(List<? extends Example<Label>> batch) {
        double[] out = new double[numTrainableParameters()];
        if (batch.isEmpty()) {
            return out;
        }
        RecommenderRuntime rt = liveRuntime();
        rt.zeroGradients();
        try {
            for (int start = 0; start < batch.size(); start += chunkSize) {
                List<? extends Example<Label>> sub = batch.subList(start, Math.min(batch.size(), start + chunkSize));
                try (NDManager step = rt.manager().newSubManager();
                     GradientCollector collector = Engine.getEngine(Devices.ENGINE).newGradientCollector()) {
                    NDArray loss = rt.perSampleLoss(rt.newParameterStore(step), encodeHistories(step, sub),
                                                    encodeTargets(step, sub), true).sum();
                    collector.backward(loss);
                }
            }
            int offset = 0;
            for (Parameter p : rt.trainableParameters()) {
                try (NDArray g = p.getArray().getGradient()) {
                    HostTensor t = HostTensor.fromNDArray(p.getName(), g);
                    t.copyInto(out, offset);
                    offset += t.size();
                }
            }
        } finally {
            rt.zeroGradients();
        }
        return out;
    }

    // ------------------------------------------------------------------ Tribuo predictions and ranking

    @Override
    public Prediction<Label> predict(Example<Label> example) {
        return predictBatch(Collections.singletonList(example)).get(0);
    }

    @Override
    protected List<Prediction<Label>> innerPredict(Iterable<Example<Label>> examples) {
        List<Prediction<Label>> out = new ArrayList<>();
        List<Example<Label>> buffer = new ArrayList<>(chunkSize);
        for (Example<Label> e : examples) {
            buffer.add(e);
            if (buffer.size() == chunkSize) {
                out.addAll(predictBatch(buffer));
                buffer.clear();
            }
        }
        if (!buffer.isEmpty()) {
            out.addAll(predictBatch(buffer));
        }
        return out;
    }

    private List<Prediction<Label>> predictBatch(List<Example<Label>> batch) {
        HistoryEncoder enc = encoder();
        long[] scratch = new long[maxHistory];
        double[] flat = scoreRows(batch);
        int numItems = items.size();
        List<Prediction<Label>> out = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            int offset = i * numItems;
            double max = Double.NEGATIVE_INFINITY;
            int best = 0;
            for (int j = 0; j < numItems; j++) {
                if (flat[offset + j] > max) {
                    max = flat[offset + j];
                    best = j;
                }
            }
            double sum = 0;
            double[] p = new double[numItems];
            for (int j = 0; j < numItems; j++) {
                p[j] = Math.exp(flat[offset + j] - max);
                sum += p[j];
            }
            Map<String, Label> scores = new HashMap<>(numItems * 2);
            for (int j = 0; j < numItems; j++) {
                String id = items.id(j);
                scores.put(id, new Label(id, p[j] / sum));
            }
            // "Features used" = the history items the model reads.
            int used = enc.encodeHistory(batch.get(i), scratch, 0);
            out.add(new Prediction<>(new Label(items.id(best), p[best] / sum), scores, used, batch.get(i), true));
        }
        return out;
    }

    /**
     * The top-{@code k} items for one sample, best first (ties: lower catalogue index first).
     * @param example the sample (its output is ignored).
     * @param k the list length, at least 1 (fewer items are returned if the catalogue is exhausted).
     * @param excludeItemIds item ids never to recommend (e.g. already seen items); may be empty.
     * @return the ranked item ids.
     */
    public List<String> recommend(Example<Label> example, int k, Set<String> excludeItemIds) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        double[] scores = scoreRows(Collections.singletonList(example));
        boolean[] excluded = new boolean[items.size()];
        for (String id : excludeItemIds) {
            int idx = items.index(id);
            if (idx >= 0) {
                excluded[idx] = true;
            }
        }
        int[] top = topIndices(scores, 0, items.size(), k, excluded);
        List<String> out = new ArrayList<>(top.length);
        for (int idx : top) {
            out.add(items.id(idx));
        }
        return out;
    }

    /**
     * Top-{@code k} item indices for a batch, best first (ties: lower catalogue index first).
     * @param batch the samples.
     * @param k the list length, at least 1.
     * @param excludeHistory if true, the history items the model reads (the last L catalogue items) are not
     *                       recommended to their sample.
     * @return {@code [batch.size()][<= k]} item indices ({@link ItemIndex} order).
     */
    public int[][] topK(List<? extends Example<Label>> batch, int k, boolean excludeHistory) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        long[] tokens = encoder().histories(batch);
        double[] scores = scoreRows(batch);
        int numItems = items.size();
        int[][] out = new int[batch.size()][];
        boolean[] excluded = new boolean[numItems];
        for (int i = 0; i < batch.size(); i++) {
            if (excludeHistory) {
                for (int t = 0; t < maxHistory; t++) {
                    long tok = tokens[i * maxHistory + t];
                    if (tok < numItems) {
                        excluded[(int) tok] = true;
                    }
                }
            }
            out[i] = topIndices(scores, i * numItems, numItems, k, excluded);
            if (excludeHistory) {
                Arrays.fill(excluded, false);
            }
        }
        return out;
    }

    /**
     * Indices of the k best scores in {@code scores[offset .. offset+n)}, skipping excluded, best first: the project's
     * one top-K ({@link TopK}: ties by lower index), truncated when fewer than k items are left.
     */
    static int[] topIndices(double[] scores, int offset, int n, int k, boolean[] excluded) {
        BitSet bits = new BitSet(n);
        for (int j = 0; j < n; j++) {
            if (excluded[j]) {
                bits.set(j);
            }
        }
        double[] row = Arrays.copyOfRange(scores, offset, offset + n);
        return TopK.select(row, Math.min(k, TopK.rankableCount(n, bits)), bits);
    }

    /**
     * This model has no per-feature weights: the history is read as a sequence.
     * @param n ignored.
     * @return an empty map.
     */
    @Override
    public Map<String, List<Pair<String, Double>>> getTopFeatures(int n) {
        return Collections.emptyMap();
    }

    /**
     * No feature-level explanation is available for a sequence model.
     * @param example ignored.
     * @return empty.
     */
    @Override
    public Optional<Excuse<Label>> getExcuse(Example<Label> example) {
        return Optional.empty();
    }

    // ------------------------------------------------------------------ protobuf helpers

    /**
     * A tensor as its protobuf message (float or double values by dtype).
     * @param t the tensor.
     * @return the message.
     */
    protected static TensorProto tensorToProto(HostTensor t) {
        TensorProto.Builder b = TensorProto.newBuilder().setName(t.name());
        for (long s : t.shape()) {
            b.addShape(s);
        }
        if (t.dataType() == DataType.FLOAT32) {
            for (float v : t.toFloatArray()) {
                b.addFloatValues(v);
            }
        } else {
            for (double v : t.toDoubleArray()) {
                b.addDoubleValues(v);
            }
        }
        return b.build();
    }

    /**
     * A tensor from its protobuf message.
     * @param t the message.
     * @param dataType the model's dtype; the message must hold values of that type only.
     * @return the tensor.
     * @throws IllegalStateException if the message holds values of the other type.
     */
    protected static HostTensor tensorFromProto(TensorProto t, DataType dataType) {
        long[] shape = new long[t.getShapeCount()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = t.getShape(i);
        }
        if (dataType == DataType.FLOAT32) {
            if (t.getDoubleValuesCount() > 0) {
                throw new IllegalStateException("Invalid protobuf, float32 model has float64 values in " + t.getName());
            }
            float[] v = new float[t.getFloatValuesCount()];
            for (int i = 0; i < v.length; i++) {
                v[i] = t.getFloatValues(i);
            }
            return HostTensor.ofFloats(t.getName(), shape, v);
        }
        if (t.getFloatValuesCount() > 0) {
            throw new IllegalStateException("Invalid protobuf, float64 model has float32 values in " + t.getName());
        }
        double[] v = new double[t.getDoubleValuesCount()];
        for (int i = 0; i < v.length; i++) {
            v[i] = t.getDoubleValues(i);
        }
        return HostTensor.ofDoubles(t.getName(), shape, v);
    }
}
