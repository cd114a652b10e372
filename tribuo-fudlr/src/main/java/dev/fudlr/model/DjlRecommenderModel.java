/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.model;

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
import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.oracle.labs.mlrg.olcut.util.Pair;
import dev.fudlr.model.protos.DjlRecommenderModelProto;
import dev.fudlr.model.protos.TensorProto;
import dev.fudlr.model.protos.TransformerConfigProto;
import dev.fudlr.model.transformer.CausalTransformerBlock;
import dev.fudlr.model.transformer.HostTensor;
import dev.fudlr.model.transformer.NativeArrays;
import dev.fudlr.model.transformer.TransformerConfig;
import dev.fudlr.model.transformer.TransformerRuntime;
import dev.fudlr.model.transformer.TransformerWeights;
import org.tribuo.Example;
import org.tribuo.Excuse;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.impl.ModelDataCarrier;
import org.tribuo.protos.core.ModelDataProto;
import org.tribuo.protos.core.ModelProto;
import org.tribuo.provenance.ModelProvenance;

import java.util.ArrayList;
import java.util.Arrays;
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
 * A next-item recommender backed by a DJL {@link CausalTransformerBlock} (frozen base weights plus LoRA adapters),
 * exposed as a Tribuo {@link Model} over {@link Label}s (one label per catalogue item).
 * <p>
 * {@link #predict(Example)} returns the highest scoring item, with softmax probabilities for <em>every</em> catalogue
 * item in {@link Prediction#getOutputScores()}, so Tribuo code can rank. {@link #recommend} and {@link #topK} rank
 * directly. The trainable parameters of {@link UnlearnableRecommender} are the LoRA adapters.
 * <p>
 * Weights are held in Java memory ({@link HostTensor}); the native network is built lazily on first use (also after
 * Java or protobuf deserialization) and freed by {@link #close()}, after which it is rebuilt on demand. Calls that
 * touch the native network are synchronized on the model. {@link #setTrainableParameters} mutates this instance;
 * {@link #copyWithTrainableParameters} returns a new model and leaves this one untouched.
 * <p>
 * Serialization: protobuf ({@link #serialize()}, {@link #deserializeFromProto}) with the payload
 * {@code fudlr.model.DjlRecommenderModelProto}, and Java serialization.
 */
public final class DjlRecommenderModel extends Model<Label> implements DjlRecommender {
    private static final long serialVersionUID = 1L;
    private static final Logger logger = Logger.getLogger(DjlRecommenderModel.class.getName());

    /** Protobuf serialization version. */
    public static final int CURRENT_VERSION = 0;

    /** Samples per native forward pass in host-level methods. */
    public static final int CHUNK_SIZE = 512;

    private final TransformerConfig config;
    private final ItemIndex items;
    private final String deviceSpec;
    // Never mutated after construction; shared with copies.
    private final SortedMap<String, HostTensor> baseWeights;
    private SortedMap<String, HostTensor> trainableWeights;

    private transient TransformerRuntime runtime;

    /**
     * Creates a model.
     * @param name model name.
     * @param provenance provenance.
     * @param featureIDMap feature domain of the training data.
     * @param outputIDInfo output domain; must contain a label for every catalogue item.
     * @param config the architecture ({@code numItems == items.size()}).
     * @param items the catalogue.
     * @param weights every parameter of the network (names, shapes and dtype as in {@link TransformerWeights#layout}).
     * @param deviceSpec where to run: auto, cpu, gpu or gpu:i (a missing GPU falls back to the CPU).
     */
    DjlRecommenderModel(String name, ModelProvenance provenance, ImmutableFeatureMap featureIDMap,
                        ImmutableOutputInfo<Label> outputIDInfo, TransformerConfig config, ItemIndex items,
                        Map<String, HostTensor> weights, String deviceSpec) {
        super(name, provenance, featureIDMap, outputIDInfo, true);
        this.config = Objects.requireNonNull(config, "config");
        this.items = Objects.requireNonNull(items, "items");
        if (config.numItems() != items.size()) {
            throw new IllegalArgumentException("Config has " + config.numItems() + " items, catalogue has " + items.size());
        }
        if (!TransformerRuntime.isValidDeviceSpec(deviceSpec)) {
            throw new IllegalArgumentException("Invalid device '" + deviceSpec + "', expected auto, cpu, gpu or gpu:<index>");
        }
        this.deviceSpec = deviceSpec;
        for (String id : items.ids()) {
            if (outputIDInfo.getID(new Label(id)) < 0) {
                throw new IllegalArgumentException("Catalogue item '" + id + "' is missing from the output domain");
            }
        }
        Map<String, long[]> layout = TransformerWeights.layout(config);
        if (!layout.keySet().equals(weights.keySet())) {
            throw new IllegalArgumentException("Weights " + new TreeMap<>(weights).keySet() + " do not match the layout "
                                               + new TreeMap<>(layout).keySet());
        }
        SortedMap<String, HostTensor> base = new TreeMap<>();
        SortedMap<String, HostTensor> lora = new TreeMap<>();
        for (Map.Entry<String, long[]> e : layout.entrySet()) {
            HostTensor t = weights.get(e.getKey());
            if (!Arrays.equals(t.shape(), e.getValue()) || t.dataType() != config.dataType() || !t.name().equals(e.getKey())) {
                throw new IllegalArgumentException("Weight " + e.getKey() + " is " + t + ", expected shape "
                                                   + Arrays.toString(e.getValue()) + " " + config.dataType());
            }
            (CausalTransformerBlock.isLoraParameter(e.getKey()) ? lora : base).put(e.getKey(), t);
        }
        this.baseWeights = Collections.unmodifiableSortedMap(base);
        this.trainableWeights = Collections.unmodifiableSortedMap(lora);
    }

    // ------------------------------------------------------------------ native state

    /**
     * The live network, built on first use.
     * @return the runtime.
     */
    public synchronized TransformerRuntime runtime() {
        if (runtime == null) {
            Device device = TransformerRuntime.resolveDevice(deviceSpec, false);
            if (!deviceSpec.equals("auto") && !deviceSpec.equals("cpu") && device.equals(Device.cpu())) {
                logger.warning("Device " + deviceSpec + " is not available, running model " + name + " on the CPU");
            }
            runtime = new TransformerRuntime(config, weights(), device);
        }
        return runtime;
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
        return runtime().device();
    }

    @Override
    public NDManager manager() {
        return runtime().manager();
    }

    @Override
    public Block block() {
        return runtime().block();
    }

    @Override
    public List<Parameter> trainableDjlParameters() {
        return runtime().trainableParameters();
    }

    @Override
    public NDArray encodeHistories(NDManager manager, List<? extends Example<Label>> batch) {
        return NativeArrays.create(manager, encoder().histories(batch), new Shape(batch.size(), config.maxHistory()));
    }

    @Override
    public NDArray encodeTargets(NDManager manager, List<? extends Example<Label>> batch) {
        return NativeArrays.create(manager, encoder().targets(batch), new Shape(batch.size()));
    }

    @Override
    public NDArray scores(ParameterStore store, NDArray histories, boolean training) {
        return runtime().scores(store, histories, training);
    }

    @Override
    public NDArray perSampleLoss(ParameterStore store, NDArray histories, NDArray targets, boolean training) {
        return runtime().perSampleLoss(store, histories, targets, training);
    }

    @Override
    public void zeroGradients() {
        runtime().zeroGradients();
    }

    private HistoryEncoder encoder() {
        return new HistoryEncoder(items, config.maxHistory());
    }

    // ------------------------------------------------------------------ accessors

    /** @return the architecture. */
    public TransformerConfig config() {
        return config;
    }

    /** @return the device specification. */
    public String deviceSpec() {
        return deviceSpec;
    }

    /** @return all weights (base and LoRA) by name, sorted, unmodifiable. */
    public synchronized SortedMap<String, HostTensor> weights() {
        SortedMap<String, HostTensor> all = new TreeMap<>(baseWeights);
        all.putAll(trainableWeights);
        return Collections.unmodifiableSortedMap(all);
    }

    @Override
    public ItemIndex items() {
        return items;
    }

    @Override
    public int maxHistory() {
        return config.maxHistory();
    }

    // ------------------------------------------------------------------ trainable parameters

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
        return Collections.unmodifiableList(new ArrayList<>(trainableWeights.keySet()));
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
        install(split(trainableWeights, toDoubles(theta), config.dataType(), theta));
    }

    @Override
    public synchronized void setTrainableParameters(double[] theta) {
        install(split(trainableWeights, theta, config.dataType(), null));
    }

    private void install(SortedMap<String, HostTensor> next) {
        trainableWeights = next;
        if (runtime != null) {
            for (HostTensor t : next.values()) {
                runtime.setWeight(t.name(), t);
            }
        }
    }

    private static double[] toDoubles(float[] theta) {
        double[] d = new double[theta.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = theta[i];
        }
        return d;
    }

    /** Splits a flat vector into tensors shaped like {@code template}; float32 tensors come from {@code exact} when given. */
    private static SortedMap<String, HostTensor> split(SortedMap<String, HostTensor> template, double[] theta,
                                                       DataType dataType, float[] exact) {
        int expected = 0;
        for (HostTensor t : template.values()) {
            expected += t.size();
        }
        if (theta.length != expected) {
            throw new IllegalArgumentException("Trainable parameter vector has length " + theta.length + ", expected " + expected);
        }
        for (int i = 0; i < theta.length; i++) {
            if (!Double.isFinite(theta[i])) {
                throw new IllegalArgumentException("Trainable parameter " + i + " is not finite: " + theta[i]);
            }
        }
        SortedMap<String, HostTensor> out = new TreeMap<>();
        int offset = 0;
        for (HostTensor t : template.values()) {
            int size = t.size();
            if (exact != null && dataType == DataType.FLOAT32) {
                out.put(t.name(), HostTensor.ofFloats(t.name(), t.shape(), Arrays.copyOfRange(exact, offset, offset + size)));
            } else {
                out.put(t.name(), HostTensor.of(t.name(), t.shape(), Arrays.copyOfRange(theta, offset, offset + size), dataType));
            }
            offset += size;
        }
        return Collections.unmodifiableSortedMap(out);
    }

    /**
     * A new model with the given trainable parameters and the same base weights; this model is untouched.
     * @param theta the flat trainable vector.
     * @param newProvenance the provenance of the new model.
     * @return the new model.
     */
    public synchronized DjlRecommenderModel copyWithTrainableParameters(float[] theta, ModelProvenance newProvenance) {
        return withTrainable(split(trainableWeights, toDoubles(theta), config.dataType(), theta), newProvenance);
    }

    /**
     * As {@link #copyWithTrainableParameters(float[], ModelProvenance)}, rounding to the model precision.
     * @param theta the flat trainable vector.
     * @param newProvenance the provenance of the new model.
     * @return the new model.
     */
    public synchronized DjlRecommenderModel copyWithTrainableParameters(double[] theta, ModelProvenance newProvenance) {
        return withTrainable(split(trainableWeights, theta, config.dataType(), null), newProvenance);
    }

    private DjlRecommenderModel withTrainable(SortedMap<String, HostTensor> lora, ModelProvenance newProvenance) {
        SortedMap<String, HostTensor> all = new TreeMap<>(baseWeights);
        all.putAll(lora);
        return new DjlRecommenderModel(name, Objects.requireNonNull(newProvenance, "newProvenance"), featureIDMap,
                                       outputIDInfo, config, items, all, deviceSpec);
    }

    // ------------------------------------------------------------------ host-level scoring and losses

    /** Row-major (n, numItems) scores of encoded histories, exact in the model precision. */
    private synchronized double[] scoreTokens(long[] tokens) {
        int length = config.maxHistory();
        int n = tokens.length / length;
        int numItems = items.size();
        double[] out = new double[n * numItems];
        TransformerRuntime rt = runtime();
        for (int start = 0; start < n; start += CHUNK_SIZE) {
            int end = Math.min(n, start + CHUNK_SIZE);
            try (NDManager step = rt.manager().newSubManager()) {
                NDArray tok = rt.tokens(step, Arrays.copyOfRange(tokens, start * length, end * length));
                NDArray scores = rt.scores(rt.newParameterStore(step), tok, false);
                HostTensor.fromNDArray("scores", scores).copyInto(out, start * numItems);
            }
        }
        return out;
    }

    @Override
    public float[][] scores(List<? extends Example<Label>> batch) {
        double[] flat = scoreTokens(encoder().histories(batch));
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
        HistoryEncoder enc = encoder();
        long[] targets = enc.targets(batch);
        long[] tokens = enc.histories(batch);
        int length = config.maxHistory();
        double[] out = new double[batch.size()];
        TransformerRuntime rt = runtime();
        for (int start = 0; start < batch.size(); start += CHUNK_SIZE) {
            int end = Math.min(batch.size(), start + CHUNK_SIZE);
            try (NDManager step = rt.manager().newSubManager()) {
                NDArray tok = rt.tokens(step, Arrays.copyOfRange(tokens, start * length, end * length));
                NDArray tgt = rt.targets(step, Arrays.copyOfRange(targets, start, end));
                NDArray loss = rt.perSampleLoss(rt.newParameterStore(step), tok, tgt, false);
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
        HistoryEncoder enc = encoder();
        long[] targets = enc.targets(batch);
        long[] tokens = enc.histories(batch);
        int length = config.maxHistory();
        TransformerRuntime rt = runtime();
        rt.zeroGradients();
        try {
            for (int start = 0; start < batch.size(); start += CHUNK_SIZE) {
                int end = Math.min(batch.size(), start + CHUNK_SIZE);
                try (NDManager step = rt.manager().newSubManager();
                     GradientCollector collector = Engine.getEngine(TransformerRuntime.ENGINE).newGradientCollector()) {
                    NDArray tok = rt.tokens(step, Arrays.copyOfRange(tokens, start * length, end * length));
                    NDArray tgt = rt.targets(step, Arrays.copyOfRange(targets, start, end));
                    NDArray loss = rt.perSampleLoss(rt.newParameterStore(step), tok, tgt, true).sum();
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
        List<Example<Label>> buffer = new ArrayList<>(CHUNK_SIZE);
        for (Example<Label> e : examples) {
            buffer.add(e);
            if (buffer.size() == CHUNK_SIZE) {
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
        int length = config.maxHistory();
        long[] tokens = new long[batch.size() * length];
        int[] used = new int[batch.size()];
        for (int i = 0; i < batch.size(); i++) {
            used[i] = enc.encodeHistory(batch.get(i), tokens, i * length);
        }
        double[] flat = scoreTokens(tokens);
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
            out.add(new Prediction<>(new Label(items.id(best), p[best] / sum), scores, used[i], batch.get(i), true));
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
        long[] tokens = new long[config.maxHistory()];
        encoder().encodeHistory(example, tokens, 0);
        double[] scores = scoreTokens(tokens);
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
     * @param excludeHistory if true, items in a sample's (encoded) history are not recommended to it.
     * @return {@code [batch.size()][<= k]} item indices ({@link ItemIndex} order).
     */
    public int[][] topK(List<? extends Example<Label>> batch, int k, boolean excludeHistory) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        int length = config.maxHistory();
        long[] tokens = encoder().histories(batch);
        double[] scores = scoreTokens(tokens);
        int numItems = items.size();
        int[][] out = new int[batch.size()][];
        boolean[] excluded = new boolean[numItems];
        for (int i = 0; i < batch.size(); i++) {
            if (excludeHistory) {
                for (int t = 0; t < length; t++) {
                    long tok = tokens[i * length + t];
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

    /** Indices of the k best scores in {@code scores[offset .. offset+n)}, skipping excluded, best first. */
    static int[] topIndices(double[] scores, int offset, int n, int k, boolean[] excluded) {
        // Bounded min-heap of candidates ordered "worst at the root".
        int[] heap = new int[Math.min(k, n)];
        int size = 0;
        for (int j = 0; j < n; j++) {
            if (excluded[j]) {
                continue;
            }
            if (size < heap.length) {
                heap[size] = j;
                siftUp(heap, size, scores, offset);
                size++;
            } else if (size > 0 && better(j, heap[0], scores, offset)) {
                heap[0] = j;
                siftDown(heap, size, scores, offset);
            }
        }
        int[] out = new int[size];
        for (int i = size - 1; i >= 0; i--) {
            out[i] = heap[0];
            heap[0] = heap[i];
            siftDown(heap, i, scores, offset);
        }
        return out;
    }

    private static boolean better(int a, int b, double[] scores, int offset) {
        double sa = scores[offset + a];
        double sb = scores[offset + b];
        return sa > sb || (sa == sb && a < b);
    }

    private static void siftUp(int[] heap, int pos, double[] scores, int offset) {
        while (pos > 0) {
            int parent = (pos - 1) / 2;
            if (better(heap[parent], heap[pos], scores, offset)) {
                int tmp = heap[parent];
                heap[parent] = heap[pos];
                heap[pos] = tmp;
                pos = parent;
            } else {
                return;
            }
        }
    }

    private static void siftDown(int[] heap, int size, double[] scores, int offset) {
        int pos = 0;
        while (true) {
            int left = 2 * pos + 1;
            int right = left + 1;
            int worst = pos;
            if (left < size && better(heap[worst], heap[left], scores, offset)) {
                worst = left;
            }
            if (right < size && better(heap[worst], heap[right], scores, offset)) {
                worst = right;
            }
            if (worst == pos) {
                return;
            }
            int tmp = heap[worst];
            heap[worst] = heap[pos];
            heap[pos] = tmp;
            pos = worst;
        }
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

    @Override
    protected synchronized DjlRecommenderModel copy(String newName, ModelProvenance newProvenance) {
        return new DjlRecommenderModel(newName, newProvenance, featureIDMap, outputIDInfo, config, items, weights(), deviceSpec);
    }

    // ------------------------------------------------------------------ protobuf

    @Override
    public synchronized ModelProto serialize() {
        ModelDataCarrier<Label> carrier = createDataCarrier();
        DjlRecommenderModelProto.Builder payload = DjlRecommenderModelProto.newBuilder()
            .setModelData(carrier.serialize().toByteString())
            .setConfig(configToProto(config))
            .addAllItemIds(items.ids())
            .setDevice(deviceSpec);
        for (HostTensor t : weights().values()) {
            payload.addWeights(tensorToProto(t));
        }
        return ModelProto.newBuilder()
            .setVersion(CURRENT_VERSION)
            .setClassName(DjlRecommenderModel.class.getName())
            .setSerializedData(Any.pack(payload.build()))
            .build();
    }

    /**
     * Deserialization factory (called reflectively by Tribuo's {@code ProtoUtil}).
     * @param version the serialized version.
     * @param className the class name.
     * @param message the payload.
     * @return the model.
     * @throws InvalidProtocolBufferException if the payload cannot be parsed.
     */
    public static DjlRecommenderModel deserializeFromProto(int version, String className, Any message)
        throws InvalidProtocolBufferException {
        if (version < 0 || version > CURRENT_VERSION) {
            throw new IllegalArgumentException("Unknown version " + version + ", this class supports at most version " + CURRENT_VERSION);
        }
        DjlRecommenderModelProto proto = message.unpack(DjlRecommenderModelProto.class);
        ModelDataCarrier<?> carrier = ModelDataCarrier.deserialize(ModelDataProto.parseFrom(proto.getModelData()));
        if (carrier.outputDomain().size() == 0 || !(carrier.outputDomain().getOutput(0) instanceof Label)) {
            throw new IllegalStateException("Invalid protobuf, output domain is not a label domain, found "
                                            + carrier.outputDomain().getClass());
        }
        @SuppressWarnings("unchecked") // guarded by the instanceof check
        ImmutableOutputInfo<Label> outputDomain = (ImmutableOutputInfo<Label>) carrier.outputDomain();
        TransformerConfig config = configFromProto(proto.getConfig());
        ItemIndex items = ItemIndex.ofOrdered(proto.getItemIdsList());
        Map<String, HostTensor> weights = new TreeMap<>();
        for (TensorProto t : proto.getWeightsList()) {
            HostTensor h = tensorFromProto(t, config.dataType());
            if (weights.put(h.name(), h) != null) {
                throw new IllegalStateException("Invalid protobuf, weight " + h.name() + " appears twice");
            }
        }
        String device = proto.getDevice().isEmpty() ? "auto" : proto.getDevice();
        return new DjlRecommenderModel(carrier.name(), carrier.provenance(), carrier.featureDomain(), outputDomain,
                                       config, items, weights, device);
    }

    private static TransformerConfigProto configToProto(TransformerConfig c) {
        return TransformerConfigProto.newBuilder()
            .setNumItems(c.numItems())
            .setEmbeddingDim(c.embeddingDim())
            .setNumLayers(c.numLayers())
            .setNumHeads(c.numHeads())
            .setFfnDim(c.ffnDim())
            .setMaxHistory(c.maxHistory())
            .setLoraRank(c.loraRank())
            .setLoraAlpha(c.loraAlpha())
            .setDtype(TransformerConfig.dataTypeName(c.dataType()))
            .setLayerNormEps(c.layerNormEps())
            .build();
    }

    private static TransformerConfig configFromProto(TransformerConfigProto p) {
        return new TransformerConfig(p.getNumItems(), p.getEmbeddingDim(), p.getNumLayers(), p.getNumHeads(),
                                     p.getFfnDim(), p.getMaxHistory(), p.getLoraRank(), p.getLoraAlpha(),
                                     TransformerConfig.parseDataType(p.getDtype()), p.getLayerNormEps());
    }

    private static TensorProto tensorToProto(HostTensor t) {
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

    private static HostTensor tensorFromProto(TensorProto t, DataType dataType) {
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
