/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.model.minilm;

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
import dev.fudlr.model.DjlRecommender;
import dev.fudlr.model.ItemIndex;
import dev.fudlr.model.protos.MiniLmRecommenderModelProto;
import dev.fudlr.model.protos.MiniLmSpecProto;
import dev.fudlr.model.protos.TensorProto;
import dev.fudlr.model.transformer.HostTensor;
import dev.fudlr.model.transformer.NativeArrays;
import dev.fudlr.model.transformer.TransformerRuntime;
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
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A grounded LLM-style recommender (as BIGRec): the pretrained all-MiniLM-L6-v2 encoder with LoRA adapters reads a
 * prompt built from the user's last L item titles ({@link ItemCatalogue}); the user embedding is scored against the
 * frozen base embeddings of every catalogue item's text ({@link MiniLmBlock}).
 * <p>
 * Trainable parameters (for {@link dev.fudlr.model.UnlearnableRecommender}): the LoRA adapters
 * {@code bert_layerN_{query,value}_lora_{a,b}} plus the optional {@code head} and {@code item_bias}, sorted by
 * name. The base weights are not part of the model: serialization records the artifact coordinates and the ONNX
 * file's SHA-256 ({@link MiniLmArtifact#verify}).
 * <p>
 * The native network is built lazily on first use and freed by {@link #close()}. Native calls synchronize on the
 * model.
 */
public final class MiniLmRecommenderModel extends Model<Label> implements DjlRecommender {
    private static final long serialVersionUID = 1L;

    /** Protobuf serialization version. */
    public static final int CURRENT_VERSION = 0;

    /** Samples per native pass in host-level methods. */
    public static final int CHUNK_SIZE = 64;

    private final MiniLmSpec spec;
    private final ItemCatalogue catalogue;
    private final String baseCoordinates;
    private final String baseSha256;
    private final String deviceSpec;
    private SortedMap<String, HostTensor> trainable;

    private transient MiniLmRuntime runtime;

    /**
     * Creates a model.
     * @param name the name.
     * @param provenance provenance.
     * @param featureIDMap feature domain.
     * @param outputIDInfo output domain (every catalogue item must be a label).
     * @param spec the settings.
     * @param catalogue item texts.
     * @param baseCoordinates Maven coordinates of the base model.
     * @param baseSha256 SHA-256 of its ONNX file.
     * @param trainable trainable tensors ({@link MiniLmRuntime#trainableLayout}).
     * @param deviceSpec auto, cpu, gpu or gpu:i.
     */
    public MiniLmRecommenderModel(String name, ModelProvenance provenance, ImmutableFeatureMap featureIDMap,
                                  ImmutableOutputInfo<Label> outputIDInfo, MiniLmSpec spec, ItemCatalogue catalogue,
                                  String baseCoordinates, String baseSha256, Map<String, HostTensor> trainable,
                                  String deviceSpec) {
        super(name, provenance, featureIDMap, outputIDInfo, true);
        this.spec = Objects.requireNonNull(spec, "spec");
        this.catalogue = Objects.requireNonNull(catalogue, "catalogue");
        this.baseCoordinates = Objects.requireNonNull(baseCoordinates, "baseCoordinates");
        this.baseSha256 = Objects.requireNonNull(baseSha256, "baseSha256");
        if (!TransformerRuntime.isValidDeviceSpec(deviceSpec)) {
            throw new IllegalArgumentException("Invalid device '" + deviceSpec + "'");
        }
        this.deviceSpec = deviceSpec;
        for (String id : catalogue.items().ids()) {
            if (outputIDInfo.getID(new Label(id)) < 0) {
                throw new IllegalArgumentException("Catalogue item '" + id + "' is missing from the output domain");
            }
        }
        this.trainable = Collections.unmodifiableSortedMap(new TreeMap<>(trainable));
    }

    // ------------------------------------------------------------------ native state

    /**
     * The live network (verifies the base artifact and builds it on first use).
     * @return the runtime.
     */
    public synchronized MiniLmRuntime runtime() {
        if (runtime == null) {
            MiniLmArtifact.verify(baseCoordinates, baseSha256);
            BertWeights base = MiniLmArtifact.baseWeights();
            if (spec.numLayers() < base.config().numLayers()) {
                base = base.truncate(spec.numLayers());
            }
            runtime = new MiniLmRuntime(spec, base, baseSha256, trainable, catalogue.texts(),
                                        TransformerRuntime.resolveDevice(deviceSpec, false));
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

    /**
     * Prompts of a batch (see {@link ItemCatalogue#prompt}).
     * @param batch the samples.
     * @return one prompt per sample.
     */
    public List<String> prompts(List<? extends Example<Label>> batch) {
        List<String> out = new ArrayList<>(batch.size());
        for (Example<Label> e : batch) {
            out.add(catalogue.prompt(e, spec.maxHistory(), spec.promptPrefix()));
        }
        return out;
    }

    /**
     * Prompt token ids of a batch, padded to its longest prompt.
     * @param manager the owner.
     * @param batch the samples.
     * @return (batch, T) int64.
     */
    @Override
    public NDArray encodeHistories(NDManager manager, List<? extends Example<Label>> batch) {
        return MiniLmRuntime.padded(manager, runtime().tokenize(prompts(batch)));
    }

    @Override
    public NDArray encodeTargets(NDManager manager, List<? extends Example<Label>> batch) {
        return NativeArrays.create(manager, targets(batch), new Shape(batch.size()));
    }

    private long[] targets(List<? extends Example<Label>> batch) {
        long[] out = new long[batch.size()];
        for (int i = 0; i < out.length; i++) {
            String id = batch.get(i).getOutput().getLabel();
            int idx = catalogue.items().index(id);
            if (idx < 0) {
                throw new IllegalArgumentException("Target item '" + id + "' of batch element " + i + " is not in the catalogue of "
                                                   + catalogue.items().size() + " items");
            }
            out[i] = idx;
        }
        return out;
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

    // ------------------------------------------------------------------ accessors

    @Override
    public ItemIndex items() {
        return catalogue.items();
    }

    @Override
    public int maxHistory() {
        return spec.maxHistory();
    }

    /** @return the settings. */
    public MiniLmSpec spec() {
        return spec;
    }

    /** @return the item texts. */
    public ItemCatalogue catalogue() {
        return catalogue;
    }

    /** @return SHA-256 of the base ONNX file. */
    public String baseSha256() {
        return baseSha256;
    }

    /** @return trainable tensors by name. */
    public synchronized SortedMap<String, HostTensor> trainableWeights() {
        return trainable;
    }

    // ------------------------------------------------------------------ trainable vector

    @Override
    public synchronized int numTrainableParameters() {
        int n = 0;
        for (HostTensor t : trainable.values()) {
            n += t.size();
        }
        return n;
    }

    @Override
    public synchronized List<String> trainableParameterNames() {
        return List.copyOf(trainable.keySet());
    }

    @Override
    public synchronized List<long[]> trainableParameterShapes() {
        return HostTensor.shapes(trainable.values());
    }

    @Override
    public synchronized float[] trainableParameters() {
        return HostTensor.flattenToFloats(trainable.values());
    }

    @Override
    public synchronized double[] trainableParametersAsDouble() {
        return HostTensor.flattenToDoubles(trainable.values());
    }

    @Override
    public synchronized void setTrainableParameters(float[] theta) {
        double[] d = new double[theta.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = theta[i];
        }
        setTrainableParameters(d);
    }

    @Override
    public synchronized void setTrainableParameters(double[] theta) {
        SortedMap<String, HostTensor> next = split(theta);
        trainable = next;
        if (runtime != null) {
            for (HostTensor t : next.values()) {
                runtime.setWeight(t);
            }
        }
    }

    private SortedMap<String, HostTensor> split(double[] theta) {
        if (theta.length != numTrainableParameters()) {
            throw new IllegalArgumentException("Trainable parameter vector has length " + theta.length + ", expected "
                                               + numTrainableParameters());
        }
        SortedMap<String, HostTensor> out = new TreeMap<>();
        int offset = 0;
        for (HostTensor t : trainable.values()) {
            double[] v = Arrays.copyOfRange(theta, offset, offset + t.size());
            for (int i = 0; i < v.length; i++) {
                if (!Double.isFinite(v[i])) {
                    throw new IllegalArgumentException("Trainable parameter " + (offset + i) + " (" + t.name() + ") is not finite");
                }
            }
            out.put(t.name(), HostTensor.of(t.name(), t.shape(), v, spec.dataType()));
            offset += t.size();
        }
        return Collections.unmodifiableSortedMap(out);
    }

    /**
     * A new model with other trainable parameters; this one is untouched.
     * @param theta the flat vector.
     * @param newProvenance the new provenance.
     * @return the new model.
     */
    public synchronized MiniLmRecommenderModel copyWithTrainableParameters(double[] theta, ModelProvenance newProvenance) {
        return new MiniLmRecommenderModel(name, newProvenance, featureIDMap, outputIDInfo, spec, catalogue, baseCoordinates,
                                          baseSha256, split(theta), deviceSpec);
    }

    // ------------------------------------------------------------------ host-level passes

    /** Row-major (n, numItems) scores. */
    private synchronized double[] scoreBatch(List<? extends Example<Label>> batch) {
        MiniLmRuntime rt = runtime();
        int numItems = catalogue.items().size();
        double[] out = new double[batch.size() * numItems];
        for (int start = 0; start < batch.size(); start += CHUNK_SIZE) {
            int end = Math.min(batch.size(), start + CHUNK_SIZE);
            try (NDManager step = rt.manager().newSubManager()) {
                NDArray ids = encodeHistories(step, batch.subList(start, end));
                double[] s = rt.scores(rt.newParameterStore(step), ids, false).toType(DataType.FLOAT64, false).toDoubleArray();
                System.arraycopy(s, 0, out, start * numItems, s.length);
            }
        }
        return out;
    }

    @Override
    public float[][] scores(List<? extends Example<Label>> batch) {
        double[] flat = scoreBatch(batch);
        int numItems = catalogue.items().size();
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
        MiniLmRuntime rt = runtime();
        double[] out = new double[batch.size()];
        for (int start = 0; start < batch.size(); start += CHUNK_SIZE) {
            int end = Math.min(batch.size(), start + CHUNK_SIZE);
            List<? extends Example<Label>> sub = batch.subList(start, end);
            try (NDManager step = rt.manager().newSubManager()) {
                double[] l = rt.perSampleLoss(rt.newParameterStore(step), encodeHistories(step, sub), encodeTargets(step, sub), false)
                    .toType(DataType.FLOAT64, false).toDoubleArray();
                System.arraycopy(l, 0, out, start, l.length);
            }
        }
        return out;
    }

    @Override
    public synchronized double[] lossGradientAsDouble(List<? extends Example<Label>> batch) {
        MiniLmRuntime rt = runtime();
        double[] out = new double[numTrainableParameters()];
        rt.zeroGradients();
        try {
            for (int start = 0; start < batch.size(); start += CHUNK_SIZE) {
                int end = Math.min(batch.size(), start + CHUNK_SIZE);
                List<? extends Example<Label>> sub = batch.subList(start, end);
                try (NDManager step = rt.manager().newSubManager();
                     GradientCollector collector = Engine.getEngine(TransformerRuntime.ENGINE).newGradientCollector()) {
                    NDArray loss = rt.perSampleLoss(rt.newParameterStore(step), encodeHistories(step, sub),
                                                    encodeTargets(step, sub), true).sum();
                    collector.backward(loss);
                }
            }
            int offset = 0;
            for (Parameter p : rt.trainableParameters()) {
                try (NDArray g = p.getArray().getGradient()) {
                    double[] v = g.toType(DataType.FLOAT64, false).toDoubleArray();
                    System.arraycopy(v, 0, out, offset, v.length);
                    offset += v.length;
                }
            }
        } finally {
            rt.zeroGradients();
        }
        return out;
    }

    // ------------------------------------------------------------------ Tribuo

    @Override
    public Prediction<Label> predict(Example<Label> example) {
        return predictBatch(Collections.singletonList(example)).get(0);
    }

    @Override
    protected List<Prediction<Label>> innerPredict(Iterable<Example<Label>> examples) {
        List<Example<Label>> all = new ArrayList<>();
        examples.forEach(all::add);
        return predictBatch(all);
    }

    private List<Prediction<Label>> predictBatch(List<Example<Label>> batch) {
        double[] flat = scoreBatch(batch);
        int numItems = catalogue.items().size();
        List<Prediction<Label>> out = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            int offset = i * numItems;
            int best = 0;
            double max = Double.NEGATIVE_INFINITY;
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
                String id = catalogue.items().id(j);
                scores.put(id, new Label(id, p[j] / sum));
            }
            int used = Math.min(dev.fudlr.data.SampleEncoding.decodeHistory(batch.get(i)).length, spec.maxHistory());
            out.add(new Prediction<>(new Label(catalogue.items().id(best), p[best] / sum), scores, Math.max(used, 1),
                                     batch.get(i), true));
        }
        return out;
    }

    /**
     * No per-feature weights.
     * @param n ignored.
     * @return empty.
     */
    @Override
    public Map<String, List<Pair<String, Double>>> getTopFeatures(int n) {
        return Collections.emptyMap();
    }

    /**
     * No excuses.
     * @param example ignored.
     * @return empty.
     */
    @Override
    public Optional<Excuse<Label>> getExcuse(Example<Label> example) {
        return Optional.empty();
    }

    @Override
    protected synchronized MiniLmRecommenderModel copy(String newName, ModelProvenance newProvenance) {
        return new MiniLmRecommenderModel(newName, newProvenance, featureIDMap, outputIDInfo, spec, catalogue, baseCoordinates,
                                          baseSha256, trainable, deviceSpec);
    }

    // ------------------------------------------------------------------ protobuf

    @Override
    public synchronized ModelProto serialize() {
        ModelDataCarrier<Label> carrier = createDataCarrier();
        MiniLmRecommenderModelProto.Builder b = MiniLmRecommenderModelProto.newBuilder()
            .setModelData(carrier.serialize().toByteString())
            .setSpec(MiniLmSpecProto.newBuilder()
                         .setNumLayers(spec.numLayers()).setLoraRank(spec.loraRank()).setLoraAlpha(spec.loraAlpha())
                         .setScoreScale(spec.scoreScale()).setUseHead(spec.useHead()).setUseItemBias(spec.useItemBias())
                         .setMaxHistory(spec.maxHistory()).setMaxTokens(spec.maxTokens())
                         .setIncludeGenres(spec.includeGenres()).setPromptPrefix(spec.promptPrefix())
                         .setDtype(spec.dataType() == DataType.FLOAT64 ? "float64" : "float32"))
            .addAllItemIds(catalogue.items().ids())
            .addAllItemTexts(catalogue.texts())
            .setBaseCoordinates(baseCoordinates)
            .setBaseSha256(baseSha256)
            .setDevice(deviceSpec);
        for (HostTensor t : trainable.values()) {
            TensorProto.Builder tb = TensorProto.newBuilder().setName(t.name());
            for (long s : t.shape()) {
                tb.addShape(s);
            }
            if (t.dataType() == DataType.FLOAT32) {
                for (float v : t.toFloatArray()) {
                    tb.addFloatValues(v);
                }
            } else {
                for (double v : t.toDoubleArray()) {
                    tb.addDoubleValues(v);
                }
            }
            b.addTrainable(tb);
        }
        return ModelProto.newBuilder().setVersion(CURRENT_VERSION).setClassName(MiniLmRecommenderModel.class.getName())
            .setSerializedData(Any.pack(b.build())).build();
    }

    /**
     * Deserialization factory (called reflectively by Tribuo). The base model is verified when the network is first
     * built.
     * @param version the version.
     * @param className the class name.
     * @param message the payload.
     * @return the model.
     * @throws InvalidProtocolBufferException if the payload cannot be parsed.
     */
    public static MiniLmRecommenderModel deserializeFromProto(int version, String className, Any message)
        throws InvalidProtocolBufferException {
        if (version < 0 || version > CURRENT_VERSION) {
            throw new IllegalArgumentException("Unknown version " + version + ", this class supports at most " + CURRENT_VERSION);
        }
        MiniLmRecommenderModelProto p = message.unpack(MiniLmRecommenderModelProto.class);
        ModelDataCarrier<?> carrier = ModelDataCarrier.deserialize(ModelDataProto.parseFrom(p.getModelData()));
        if (carrier.outputDomain().size() == 0 || !(carrier.outputDomain().getOutput(0) instanceof Label)) {
            throw new IllegalStateException("Invalid protobuf, output domain is not a label domain");
        }
        @SuppressWarnings("unchecked") // checked above
        ImmutableOutputInfo<Label> outputs = (ImmutableOutputInfo<Label>) carrier.outputDomain();
        MiniLmSpecProto s = p.getSpec();
        DataType dt = s.getDtype().equals("float64") ? DataType.FLOAT64 : DataType.FLOAT32;
        MiniLmSpec spec = new MiniLmSpec(s.getNumLayers(), s.getLoraRank(), s.getLoraAlpha(), s.getScoreScale(), s.getUseHead(),
                                         s.getUseItemBias(), s.getMaxHistory(), s.getMaxTokens(), s.getIncludeGenres(),
                                         s.getPromptPrefix(), dt);
        ItemCatalogue catalogue = new ItemCatalogue(ItemIndex.ofOrdered(p.getItemIdsList()), p.getItemTextsList());
        SortedMap<String, HostTensor> trainable = new TreeMap<>();
        for (TensorProto t : p.getTrainableList()) {
            long[] shape = t.getShapeList().stream().mapToLong(Long::longValue).toArray();
            HostTensor h;
            if (dt == DataType.FLOAT32) {
                float[] v = new float[t.getFloatValuesCount()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = t.getFloatValues(i);
                }
                h = HostTensor.ofFloats(t.getName(), shape, v);
            } else {
                h = HostTensor.ofDoubles(t.getName(), shape, t.getDoubleValuesList().stream().mapToDouble(Double::doubleValue).toArray());
            }
            if (trainable.put(h.name(), h) != null) {
                throw new IllegalStateException("Invalid protobuf, tensor " + h.name() + " appears twice");
            }
        }
        return new MiniLmRecommenderModel(carrier.name(), carrier.provenance(), carrier.featureDomain(), outputs, spec, catalogue,
                                          p.getBaseCoordinates(), p.getBaseSha256(), trainable,
                                          p.getDevice().isEmpty() ? "auto" : p.getDevice());
    }
}
