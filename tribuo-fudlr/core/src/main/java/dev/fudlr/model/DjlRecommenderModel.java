/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.model;

import dev.fudlr.telemetry.FudlrAttributes;
import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.fudlr.model.protos.DjlRecommenderModelProto;
import dev.fudlr.model.protos.TensorProto;
import dev.fudlr.model.protos.TransformerConfigProto;
import dev.fudlr.model.transformer.CausalTransformerBlock;
import dev.fudlr.model.djl.HostTensor;
import dev.fudlr.model.djl.NativeArrays;
import dev.fudlr.model.transformer.TransformerConfig;
import dev.fudlr.model.transformer.TransformerRuntime;
import dev.fudlr.model.transformer.TransformerWeights;
import org.tribuo.Example;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.impl.ModelDataCarrier;
import org.tribuo.protos.core.ModelDataProto;
import org.tribuo.protos.core.ModelProto;
import org.tribuo.provenance.ModelProvenance;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A next-item recommender backed by a DJL {@link CausalTransformerBlock} (frozen base weights plus LoRA adapters),
 * exposed as a Tribuo {@link Model} over {@link Label}s (one label per catalogue item).
 * <p>
 * {@link #predict(Example)} returns the highest scoring item, with softmax probabilities for <em>every</em> catalogue
 * item in {@link Prediction#getOutputScores()}, so Tribuo code can rank. {@link #recommend} and {@link #topK} rank
 * directly. The trainable parameters of {@link UnlearnableRecommender} are the LoRA adapters; the shared host-level
 * behaviour is documented on {@link AbstractDjlRecommenderModel}.
 * <p>
 * All weights are held in Java memory ({@link HostTensor}); the native network is built lazily on first use.
 * <p>
 * Serialization: protobuf ({@link #serialize()}, {@link #deserializeFromProto}) with the payload
 * {@code fudlr.model.DjlRecommenderModelProto}, and Java serialization.
 */
public final class DjlRecommenderModel extends AbstractDjlRecommenderModel {
    private static final long serialVersionUID = 1L;

    /** Protobuf serialization version. */
    public static final int CURRENT_VERSION = 0;

    /** Samples per native forward pass in host-level methods. */
    public static final int CHUNK_SIZE = 512;

    private final TransformerConfig config;
    // Never mutated after construction; shared with copies.
    private final SortedMap<String, HostTensor> baseWeights;

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
        super(name, provenance, featureIDMap, outputIDInfo, items, config.maxHistory(), config.dataType(),
              checkedSplit(config, items, weights, true), deviceSpec, CHUNK_SIZE);
        this.config = config;
        this.baseWeights = Collections.unmodifiableSortedMap(checkedSplit(config, items, weights, false));
    }

    /** Checks every weight against the layout and returns the LoRA ({@code lora}) or the base tensors. */
    private static SortedMap<String, HostTensor> checkedSplit(TransformerConfig config, ItemIndex items,
                                                              Map<String, HostTensor> weights, boolean lora) {
        Objects.requireNonNull(config, "config");
        if (config.numItems() != items.size()) {
            throw new IllegalArgumentException("Config has " + config.numItems() + " items, catalogue has " + items.size());
        }
        Map<String, long[]> layout = TransformerWeights.layout(config);
        if (!layout.keySet().equals(weights.keySet())) {
            throw new IllegalArgumentException("Weights " + new TreeMap<>(weights).keySet() + " do not match the layout "
                                               + new TreeMap<>(layout).keySet());
        }
        SortedMap<String, HostTensor> out = new TreeMap<>();
        for (Map.Entry<String, long[]> e : layout.entrySet()) {
            HostTensor t = weights.get(e.getKey());
            if (!Arrays.equals(t.shape(), e.getValue()) || t.dataType() != config.dataType() || !t.name().equals(e.getKey())) {
                throw new IllegalArgumentException("Weight " + e.getKey() + " is " + t + ", expected shape "
                                                   + Arrays.toString(e.getValue()) + " " + config.dataType());
            }
            if (CausalTransformerBlock.isLoraParameter(e.getKey()) == lora) {
                out.put(e.getKey(), t);
            }
        }
        return out;
    }

    /** @return {@value FudlrAttributes#ITEM_TRANSFORMER}: the item-id transformer is trained from scratch. */
    @Override
    public String baseModelName() {
        return FudlrAttributes.ITEM_TRANSFORMER;
    }

    /**
     * Every trainable parameter is a LoRA adapter ({@link dev.fudlr.model.djl.LoraLinear} on attention, and the
     * score adapter), and both accept per-sample stacks.
     * @return true.
     */
    @Override
    public boolean supportsPerSampleParameters() {
        return true;
    }

    // ------------------------------------------------------------------ base digest

    @Override
    protected BaseParameterDigest computeBaseParameterDigest() {
        return baseParameterDigest(config, items(), baseWeights);
    }

    /**
     * The base-parameter digest of a transformer with these weights, as {@link #baseParameterDigest()} of the model
     * would return it (so a trainer can record it before building the model): every non-LoRA tensor (groups
     * {@code item_embedding}, {@code position_embedding}, {@code item_bias}, {@code layerN}, {@code final_norm}), every
     * architecture setting, and the catalogue order.
     * @param config the architecture.
     * @param items the catalogue.
     * @param weights the weights by name; LoRA tensors are left out.
     * @return the digest.
     */
    static BaseParameterDigest baseParameterDigest(TransformerConfig config, ItemIndex items, Map<String, HostTensor> weights) {
        String s = BaseParameterDigest.SETTINGS;
        BaseParameterDigest.Builder b = baseDigestBuilder(items, config.maxHistory(), config.dataType())
            .setting(s, "num-items", Integer.toString(config.numItems()))
            .setting(s, "embedding-dim", Integer.toString(config.embeddingDim()))
            .setting(s, "num-layers", Integer.toString(config.numLayers()))
            .setting(s, "num-heads", Integer.toString(config.numHeads()))
            .setting(s, "ffn-dim", Integer.toString(config.ffnDim()))
            .setting(s, "lora-rank", Integer.toString(config.loraRank()))
            .setting(s, "lora-alpha", config.loraAlpha())
            .setting(s, "layer-norm-eps", config.layerNormEps())
            .setting(s, "output-lora", Boolean.toString(config.outputLora()));
        for (HostTensor t : new TreeMap<>(weights).values()) {
            if (!CausalTransformerBlock.isLoraParameter(t.name())) {
                b.tensor(BaseParameterDigest.transformerGroup(t.name()), t);
            }
        }
        return b.build();
    }

    // ------------------------------------------------------------------ native state

    @Override
    protected TransformerRuntime createRuntime(Device device) {
        return new TransformerRuntime(config, weights(), device);
    }

    /**
     * The live network, built on first use.
     * @return the runtime.
     */
    public TransformerRuntime runtime() {
        return (TransformerRuntime) liveRuntime();
    }

    @Override
    public NDArray encodeHistories(NDManager manager, List<? extends Example<Label>> batch) {
        return NativeArrays.create(manager, encoder().histories(batch), new Shape(batch.size(), config.maxHistory()));
    }

    // ------------------------------------------------------------------ accessors

    /** @return the architecture. */
    public TransformerConfig config() {
        return config;
    }

    /** @return all weights (base and LoRA) by name, sorted, unmodifiable. */
    public SortedMap<String, HostTensor> weights() {
        SortedMap<String, HostTensor> all = new TreeMap<>(baseWeights);
        all.putAll(trainableWeights());
        return Collections.unmodifiableSortedMap(all);
    }

    // ------------------------------------------------------------------ copies

    @Override
    public DjlRecommenderModel copyWithTrainableParameters(float[] theta, ModelProvenance newProvenance) {
        return (DjlRecommenderModel) super.copyWithTrainableParameters(theta, newProvenance);
    }

    @Override
    public DjlRecommenderModel copyWithTrainableParameters(double[] theta, ModelProvenance newProvenance) {
        return (DjlRecommenderModel) super.copyWithTrainableParameters(theta, newProvenance);
    }

    @Override
    protected DjlRecommenderModel withTrainableWeights(SortedMap<String, HostTensor> lora, ModelProvenance newProvenance) {
        SortedMap<String, HostTensor> all = new TreeMap<>(baseWeights);
        all.putAll(lora);
        return new DjlRecommenderModel(name, newProvenance, featureIDMap, outputIDInfo, config, items(), all, deviceSpec());
    }

    @Override
    protected DjlRecommenderModel copy(String newName, ModelProvenance newProvenance) {
        return new DjlRecommenderModel(newName, newProvenance, featureIDMap, outputIDInfo, config, items(), weights(), deviceSpec());
    }

    // ------------------------------------------------------------------ protobuf

    @Override
    public ModelProto serialize() {
        ModelDataCarrier<Label> carrier = createDataCarrier();
        DjlRecommenderModelProto.Builder payload = DjlRecommenderModelProto.newBuilder()
            .setModelData(carrier.serialize().toByteString())
            .setConfig(configToProto(config))
            .addAllItemIds(items().ids())
            .setDevice(deviceSpec());
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
            .setOutputLora(c.outputLora())
            .build();
    }

    private static TransformerConfig configFromProto(TransformerConfigProto p) {
        return new TransformerConfig(p.getNumItems(), p.getEmbeddingDim(), p.getNumLayers(), p.getNumHeads(),
                                     p.getFfnDim(), p.getMaxHistory(), p.getLoraRank(), p.getLoraAlpha(),
                                     TransformerConfig.parseDataType(p.getDtype()), p.getLayerNormEps(), p.getOutputLora());
    }
}
