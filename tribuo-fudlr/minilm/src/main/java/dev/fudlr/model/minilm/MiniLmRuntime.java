/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.model.minilm;

import dev.fudlr.model.djl.Devices;
import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.fudlr.model.djl.HostTensor;
import dev.fudlr.model.djl.NativeArrays;
import dev.fudlr.model.djl.RecommenderRuntime;
import dev.fudlr.model.transformer.TransformerRuntime;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.logging.Logger;

/**
 * A live MiniLM-LoRA recommender network: its own base {@link NDManager}, the {@link MiniLmBlock} with frozen
 * base weights and trainable LoRA (+ head, item bias), the tokenizer, and the cached item embeddings. Not
 * thread-safe; close it to free native memory.
 * <p>
 * Item embeddings are the frozen base encoder's normalised mean-pooled embeddings of the item texts (LoRA switched
 * off by a parameter store that reads {@code lora_b} as zero). They are computed once per JVM for a given
 * (ONNX SHA-256, layer count, dtype, token budget, text list) key and cached in memory.
 */
public final class MiniLmRuntime implements RecommenderRuntime {

    private static final Logger logger = Logger.getLogger(MiniLmRuntime.class.getName());

    /** Prefix of the encoder's parameters in the block. */
    public static final String BERT_PREFIX = "bert_";

    /** Texts per batch when embedding the catalogue. */
    static final int EMBED_BATCH = 64;

    private static final int CACHE_ENTRIES = 8;
    private static final Map<String, float[]> ITEM_EMBEDDING_CACHE = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
            return size() > CACHE_ENTRIES;
        }
    };

    private final MiniLmSpec spec;
    private final BertConfig config;
    private final Device device;
    private final NDManager manager;
    private final MiniLmBlock block;
    private final SortedMap<String, Parameter> parameters;
    private final List<String> trainableNames;
    private final HuggingFaceTokenizer tokenizer;
    private final NDArray itemEmbeddings;

    /**
     * Materialises the network.
     * @param spec the settings.
     * @param base base weights (truncated to {@code spec.numLayers()} layers, float32 as imported).
     * @param baseKey identity of the base weights for the item-embedding cache (e.g. the ONNX SHA-256).
     * @param trainable the trainable tensors (see {@link #trainableLayout}).
     * @param itemTexts one text per catalogue item.
     * @param device the device.
     */
    public MiniLmRuntime(MiniLmSpec spec, BertWeights base, String baseKey, Map<String, HostTensor> trainable,
                         List<String> itemTexts, Device device) {
        this.spec = spec;
        this.config = base.config();
        this.device = device;
        if (config.numLayers() != spec.numLayers()) {
            throw new IllegalArgumentException("Base weights have " + config.numLayers() + " layers, spec wants " + spec.numLayers());
        }
        SortedMap<String, long[]> layout = trainableLayout(spec, config, itemTexts.size());
        checkTrainable(layout, trainable, spec.dataType());
        this.manager = Engine.getEngine(Devices.ENGINE).newBaseManager(device);
        HuggingFaceTokenizer tok = null;
        try {
            this.block = new MiniLmBlock(config, itemTexts.size(), spec.loraRank(), spec.loraScale(), spec.scoreScale(),
                                         spec.useHead(), spec.useItemBias());
            SortedMap<String, Parameter> params = new TreeMap<>();
            List<String> names = new ArrayList<>();
            for (Pair<String, Parameter> p : block.getParameters()) {
                String name = p.getKey();
                HostTensor value;
                if (name.startsWith(BERT_PREFIX) && base.tensors().containsKey(name.substring(BERT_PREFIX.length()))) {
                    value = convert(base.tensors().get(name.substring(BERT_PREFIX.length())), spec.dataType());
                } else {
                    value = trainable.get(name);
                    if (value == null) {
                        throw new IllegalArgumentException("No value for parameter " + name);
                    }
                    names.add(name);
                }
                HostTensor v = value;
                p.getValue().setInitializer((m, shape, dataType) -> v.toNDArray(m));
                params.put(name, p.getValue());
            }
            block.initialize(manager, spec.dataType(), new Shape(1, 4), new Shape(itemTexts.size(), config.hidden()));
            Collections.sort(names);
            for (Map.Entry<String, Parameter> e : params.entrySet()) {
                e.getValue().freeze(!names.contains(e.getKey()));
            }
            this.parameters = Collections.unmodifiableSortedMap(params);
            this.trainableNames = Collections.unmodifiableList(names);
            tok = MiniLmArtifact.tokenizer(spec.maxTokens());
            this.tokenizer = tok;
            float[] cached = itemEmbeddingsCached(baseKey, itemTexts);
            this.itemEmbeddings = create(manager, cached, new Shape(itemTexts.size(), config.hidden()));
        } catch (RuntimeException e) {
            if (tok != null) {
                tok.close();
            }
            manager.close();
            throw e;
        }
    }

    /**
     * Names and shapes of the trainable parameters.
     * @param spec the settings.
     * @param config the encoder shape.
     * @param numItems catalogue size.
     * @return name to shape, sorted (the flat-vector order).
     */
    public static SortedMap<String, long[]> trainableLayout(MiniLmSpec spec, BertConfig config, int numItems) {
        SortedMap<String, long[]> out = new TreeMap<>();
        for (int l = 0; l < spec.numLayers(); l++) {
            for (String proj : new String[]{"query", "value"}) {
                String p = BERT_PREFIX + "layer" + l + "_" + proj;
                out.put(p + "_lora_a", new long[]{spec.loraRank(), config.hidden()});
                out.put(p + "_lora_b", new long[]{config.hidden(), spec.loraRank()});
            }
        }
        if (spec.useHead()) {
            out.put(MiniLmBlock.HEAD, new long[]{config.hidden(), config.hidden()});
        }
        if (spec.useItemBias()) {
            out.put(MiniLmBlock.ITEM_BIAS, new long[]{numItems});
        }
        return out;
    }

    /**
     * Initial trainable values: LoRA A ~ N(0, 1/in) (seeded), B = 0 (so the adapted model starts at the base
     * model), head = identity, item bias = the given prior (or zero).
     * @param spec the settings.
     * @param config the encoder shape.
     * @param numItems catalogue size.
     * @param seed the seed.
     * @param itemBiasPrior initial item biases (length numItems) or null for zeros.
     * @return the tensors by name.
     */
    public static SortedMap<String, HostTensor> initialTrainable(MiniLmSpec spec, BertConfig config, int numItems, long seed,
                                                                 double[] itemBiasPrior) {
        java.util.Random rng = new java.util.Random(seed);
        SortedMap<String, HostTensor> out = new TreeMap<>();
        for (Map.Entry<String, long[]> e : trainableLayout(spec, config, numItems).entrySet()) {
            long[] shape = e.getValue();
            int size = (int) Arrays.stream(shape).reduce(1, (a, b) -> a * b);
            double[] v = new double[size];
            String name = e.getKey();
            if (name.endsWith("_lora_a")) {
                double std = 1.0 / Math.sqrt(shape[1]);
                for (int i = 0; i < size; i++) {
                    v[i] = rng.nextGaussian() * std;
                }
            } else if (name.equals(MiniLmBlock.HEAD)) {
                for (int i = 0; i < shape[0]; i++) {
                    v[i * (int) shape[1] + i] = 1.0;
                }
            } else if (name.equals(MiniLmBlock.ITEM_BIAS) && itemBiasPrior != null) {
                if (itemBiasPrior.length != size) {
                    throw new IllegalArgumentException("Item bias prior has length " + itemBiasPrior.length + ", expected " + size);
                }
                v = itemBiasPrior.clone();
            }
            out.put(name, HostTensor.of(name, shape, v, spec.dataType()));
        }
        return out;
    }

    /**
     * The item-bias starting values of the MiniLM backbones: the log of the add-one smoothed target frequency,
     * {@code log((count_j + 1) / (samples + items))}.
     * @param counts training targets per catalogue item.
     * @param samples the number of training samples the counts come from.
     * @return one value per item.
     */
    public static double[] popularityPrior(long[] counts, long samples) {
        double[] out = new double[counts.length];
        for (int j = 0; j < out.length; j++) {
            out[j] = Math.log((counts[j] + 1.0) / (samples + counts.length));
        }
        return out;
    }

    private static void checkTrainable(SortedMap<String, long[]> layout, Map<String, HostTensor> trainable, DataType dt) {
        if (!layout.keySet().equals(new TreeMap<>(trainable).keySet())) {
            throw new IllegalArgumentException("Trainable tensors " + new TreeMap<>(trainable).keySet() + " do not match the layout "
                                               + layout.keySet());
        }
        for (Map.Entry<String, long[]> e : layout.entrySet()) {
            HostTensor t = trainable.get(e.getKey());
            if (!Arrays.equals(t.shape(), e.getValue()) || t.dataType() != dt) {
                throw new IllegalArgumentException("Trainable tensor " + e.getKey() + " is " + t + ", expected "
                                                   + Arrays.toString(e.getValue()) + " " + dt);
            }
        }
    }

    private static HostTensor convert(HostTensor t, DataType dt) {
        return t.dataType() == dt ? t : HostTensor.of(t.name(), t.shape(), t.toDoubleArray(), dt);
    }

    private NDArray create(NDManager m, float[] values, Shape shape) {
        if (spec.dataType() == DataType.FLOAT64) {
            double[] d = new double[values.length];
            for (int i = 0; i < d.length; i++) {
                d[i] = values[i];
            }
            return NativeArrays.create(m, d, shape);
        }
        return NativeArrays.create(m, values, shape);
    }

    // ------------------------------------------------------------------ tokens

    /**
     * Word-piece ids of texts, each truncated to the token budget.
     * @param texts the texts.
     * @return one id array per text.
     */
    public long[][] tokenize(List<String> texts) {
        long[][] out = new long[texts.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = tokenizer.encode(texts.get(i)).getIds();
        }
        return out;
    }

    /**
     * Pads id arrays to the longest one with {@link BertEncoder#PAD_ID}.
     * @param stepManager the owner of the result.
     * @param ids id arrays.
     * @return (n, maxLength) int64.
     */
    public static NDArray padded(NDManager stepManager, long[][] ids) {
        int length = 1;
        for (long[] row : ids) {
            length = Math.max(length, row.length);
        }
        long[] flat = new long[ids.length * length];
        for (int i = 0; i < ids.length; i++) {
            System.arraycopy(ids[i], 0, flat, i * length, ids[i].length);
        }
        return NativeArrays.create(stepManager, flat, new Shape(ids.length, length));
    }

    // ------------------------------------------------------------------ forward passes

    /**
     * A parameter store that reads every {@code lora_b} as zero: the frozen base encoder.
     * @param stepManager the per-step manager.
     * @return the store.
     */
    public static ParameterStore baseOnlyStore(NDManager stepManager) {
        return new ParameterStore(stepManager, false) {
            @Override
            public NDArray getValue(Parameter parameter, Device device, boolean training) {
                NDArray v = super.getValue(parameter, device, training);
                if (parameter.getName().equals("lora_b")) {
                    return stepManager.zeros(v.getShape(), v.getDataType(), device);
                }
                return v;
            }
        };
    }

    /**
     * All-item scores.
     * @param store the parameter store.
     * @param ids (batch, T) prompt ids.
     * @param training training pass.
     * @return (batch, numItems) scores.
     */
    @Override
    public NDArray scores(ParameterStore store, NDArray ids, boolean training) {
        NDArray items = itemEmbeddings.reshape(itemEmbeddings.getShape());
        items.attach(ids.getManager());
        return block.forward(store, new NDList(ids, items), training).singletonOrThrow();
    }

    /**
     * Normalised mean-pooled sentence embeddings of texts (no gradient).
     * @param texts the texts.
     * @param baseOnly true for the frozen base encoder, false with the current LoRA adapters.
     * @return row-major (n, hidden) float values.
     */
    public float[] embed(List<String> texts, boolean baseOnly) {
        return embedTexts(texts, baseOnly);
    }

    private float[] embedTexts(List<String> texts, boolean baseOnly) {
        int d = config.hidden();
        long[][] ids = tokenize(texts);
        Integer[] order = new Integer[ids.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        // Batch by length: little padding.
        Arrays.sort(order, (a, b) -> Integer.compare(ids[a].length, ids[b].length));
        float[] out = new float[ids.length * d];
        for (int start = 0; start < order.length; start += EMBED_BATCH) {
            int end = Math.min(order.length, start + EMBED_BATCH);
            long[][] batch = new long[end - start][];
            for (int i = start; i < end; i++) {
                batch[i - start] = ids[order[i]];
            }
            try (NDManager step = manager.newSubManager()) {
                NDArray x = padded(step, batch);
                ParameterStore store = baseOnly ? baseOnlyStore(step) : newParameterStore(step);
                NDArray hidden = block.bert().forward(store, new NDList(x), false).singletonOrThrow();
                float[] pooled = BertEncoder.l2Normalize(BertEncoder.meanPool(hidden, x)).toType(DataType.FLOAT32, false).toFloatArray();
                for (int i = start; i < end; i++) {
                    System.arraycopy(pooled, (i - start) * d, out, order[i] * d, d);
                }
            }
        }
        return out;
    }

    private float[] itemEmbeddingsCached(String baseKey, List<String> texts) {
        String key = baseKey + "|layers=" + config.numLayers() + "|" + spec.dataType() + "|tokens=" + spec.maxTokens()
            + "|" + textsHash(texts);
        synchronized (ITEM_EMBEDDING_CACHE) {
            float[] hit = ITEM_EMBEDDING_CACHE.get(key);
            if (hit != null) {
                return hit;
            }
        }
        long start = System.nanoTime();
        float[] values = embedTexts(texts, true);
        logger.info(String.format("Embedded %d item texts with the base encoder in %.2f s", texts.size(),
                                  (System.nanoTime() - start) / 1e9));
        synchronized (ITEM_EMBEDDING_CACHE) {
            ITEM_EMBEDDING_CACHE.put(key, values);
        }
        return values;
    }

    /**
     * Sentence embeddings of texts by the frozen pretrained encoder (all layers, no adapters): the L2-normalised mean
     * of the last hidden states, as all-MiniLM-L6-v2 is meant to be used. Cached per JVM by texts and token budget.
     * @param texts the texts.
     * @param maxTokens token budget per text, including [CLS] and [SEP].
     * @return row-major (texts, hidden) float32 values.
     */
    public static float[] baseTextEmbeddings(List<String> texts, int maxTokens) {
        return baseTextEmbeddings(texts, maxTokens, MiniLmArtifact.baseWeights().config().numLayers(), DataType.FLOAT32);
    }

    /**
     * As {@link #baseTextEmbeddings(List, int)} with the first {@code numLayers} layers of the encoder, computed in
     * the given precision (the item embeddings of a MiniLM recommender of that depth and precision).
     * @param texts the texts.
     * @param maxTokens token budget per text, including [CLS] and [SEP].
     * @param numLayers encoder layers used (1 to 6).
     * @param dataType float32 or float64.
     * @return row-major (texts, hidden) values, rounded to float32.
     */
    public static float[] baseTextEmbeddings(List<String> texts, int maxTokens, int numLayers, DataType dataType) {
        BertWeights base = MiniLmArtifact.baseWeights().truncate(numLayers);
        MiniLmSpec spec = new MiniLmSpec(numLayers, 1, 1.0, 1.0, false, false, 1, maxTokens, false, "", dataType);
        SortedMap<String, HostTensor> adapters = initialTrainable(spec, base.config(), texts.size(), 0L, null);
        try (MiniLmRuntime rt = new MiniLmRuntime(spec, base, MiniLmArtifact.onnxSha256(), adapters, texts, Device.cpu())) {
            return rt.itemEmbeddings.toType(DataType.FLOAT32, false).toFloatArray();
        }
    }

    /**
     * SHA-256 of a text list (length-prefixed UTF-8).
     * @param texts the texts.
     * @return lower-case hex.
     */
    public static String textsHash(List<String> texts) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (String t : texts) {
                byte[] b = t.getBytes(StandardCharsets.UTF_8);
                md.update(Integer.toString(b.length).getBytes(StandardCharsets.UTF_8));
                md.update((byte) ':');
                md.update(b);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ parameters

    /** @return trainable parameter names (sorted). */
    public List<String> trainableNames() {
        return trainableNames;
    }

    @Override
    public List<Parameter> trainableParameters() {
        List<Parameter> out = new ArrayList<>();
        for (String n : trainableNames) {
            out.add(parameters.get(n));
        }
        return out;
    }

    @Override
    public SortedMap<String, Parameter> parameters() {
        return parameters;
    }

    /**
     * Host copies of the trainable tensors.
     * @return by name.
     */
    public SortedMap<String, HostTensor> exportTrainable() {
        SortedMap<String, HostTensor> out = new TreeMap<>();
        for (String n : trainableNames) {
            out.put(n, HostTensor.fromNDArray(n, parameters.get(n).getArray()));
        }
        return out;
    }

    /**
     * Overwrites a trainable tensor in place.
     * @param value the value (name, shape and dtype must match).
     */
    @Override
    public void setWeight(HostTensor value) {
        Parameter p = parameters.get(value.name());
        if (p == null || !trainableNames.contains(value.name())) {
            throw new IllegalArgumentException("Unknown trainable parameter " + value.name());
        }
        NDArray array = p.getArray();
        if (!Arrays.equals(array.getShape().getShape(), value.shape()) || array.getDataType() != value.dataType()) {
            throw new IllegalArgumentException("Value for " + value.name() + " is " + value + ", expected " + array.getShape());
        }
        array.set(value.dataType() == DataType.FLOAT64 ? NativeArrays.buffer(value.toDoubleArray())
                      : NativeArrays.buffer(value.toFloatArray()));
    }

    /** @return the settings. */
    public MiniLmSpec spec() {
        return spec;
    }

    @Override
    public Device device() {
        return device;
    }

    @Override
    public NDManager manager() {
        return manager;
    }

    @Override
    public MiniLmBlock block() {
        return block;
    }

    @Override
    public void close() {
        tokenizer.close();
        manager.close();
    }
}
