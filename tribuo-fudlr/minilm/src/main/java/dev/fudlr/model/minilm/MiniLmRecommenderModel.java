/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.model.minilm;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.fudlr.model.AbstractDjlRecommenderModel;
import dev.fudlr.model.BaseParameterDigest;
import dev.fudlr.model.IncompatibleModelException;
import dev.fudlr.model.ItemIndex;
import dev.fudlr.model.protos.MiniLmRecommenderModelProto;
import dev.fudlr.model.protos.MiniLmSpecProto;
import dev.fudlr.model.protos.TensorProto;
import dev.fudlr.model.djl.HostTensor;
import org.tribuo.Example;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.classification.Label;
import org.tribuo.impl.ModelDataCarrier;
import org.tribuo.protos.core.ModelDataProto;
import org.tribuo.protos.core.ModelProto;
import org.tribuo.provenance.ModelProvenance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 * file's SHA-256 ({@link MiniLmArtifact#verify}); {@link #baseParameterDigest()} covers them with the item texts and
 * settings. The shared host-level behaviour (trainable vector, losses,
 * gradients, predictions, ranking) is documented on {@link AbstractDjlRecommenderModel}.
 * <p>
 * The native network is built lazily on first use (verifying the base artifact) and freed by {@link #close()}.
 */
public final class MiniLmRecommenderModel extends AbstractDjlRecommenderModel {
    private static final long serialVersionUID = 1L;

    /** Protobuf serialization version. */
    public static final int CURRENT_VERSION = 0;

    /** Samples per native pass in host-level methods. */
    public static final int CHUNK_SIZE = 64;

    /** Group of the base-parameter digest that identifies the pretrained encoder. */
    public static final String BASE_MODEL_GROUP = "base-model";

    private final MiniLmSpec spec;
    private final ItemCatalogue catalogue;
    private final String baseCoordinates;
    private final String baseSha256;

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
        super(name, provenance, featureIDMap, outputIDInfo, Objects.requireNonNull(catalogue, "catalogue").items(),
              Objects.requireNonNull(spec, "spec").maxHistory(), spec.dataType(), trainable, deviceSpec, CHUNK_SIZE);
        this.spec = spec;
        this.catalogue = catalogue;
        this.baseCoordinates = Objects.requireNonNull(baseCoordinates, "baseCoordinates");
        this.baseSha256 = Objects.requireNonNull(baseSha256, "baseSha256");
    }

    // ------------------------------------------------------------------ base digest

    /** @return the Maven coordinates of the pretrained MiniLM artifact (checked on load). */
    @Override
    public String baseModelName() {
        return MiniLmArtifact.COORDINATES;
    }

    @Override
    protected BaseParameterDigest computeBaseParameterDigest() {
        return baseParameterDigest(spec, catalogue, baseCoordinates, baseSha256);
    }

    /**
     * The base-parameter digest of a MiniLM-LoRA model, as {@link #baseParameterDigest()} would return it. The model
     * file stores no frozen tensor: the encoder weights are those of the ONNX file identified by its coordinates and
     * SHA-256 (checked against the file when the network is built) cut to {@code numLayers} (group
     * {@value #BASE_MODEL_GROUP}), and the frozen item embeddings are that encoder's embeddings of the item texts
     * (group {@value BaseParameterDigest#CATALOGUE}); every other setting of the spec is in
     * {@value BaseParameterDigest#SETTINGS}.
     * @param spec the settings.
     * @param catalogue the item texts.
     * @param baseCoordinates Maven coordinates of the base model.
     * @param baseSha256 SHA-256 of its ONNX file.
     * @return the digest.
     */
    static BaseParameterDigest baseParameterDigest(MiniLmSpec spec, ItemCatalogue catalogue, String baseCoordinates,
                                                   String baseSha256) {
        String s = BaseParameterDigest.SETTINGS;
        return baseDigestBuilder(catalogue.items(), spec.maxHistory(), spec.dataType())
            .setting(BASE_MODEL_GROUP, "coordinates", baseCoordinates)
            .setting(BASE_MODEL_GROUP, "onnx-sha256", baseSha256)
            .setting(BASE_MODEL_GROUP, "num-layers", Integer.toString(spec.numLayers()))
            .settings(BaseParameterDigest.CATALOGUE, "item-texts", catalogue.texts())
            .setting(s, "lora-rank", Integer.toString(spec.loraRank()))
            .setting(s, "lora-alpha", spec.loraAlpha())
            .setting(s, "score-scale", spec.scoreScale())
            .setting(s, "use-head", Boolean.toString(spec.useHead()))
            .setting(s, "use-item-bias", Boolean.toString(spec.useItemBias()))
            .setting(s, "max-tokens", Integer.toString(spec.maxTokens()))
            .setting(s, "include-genres", Boolean.toString(spec.includeGenres()))
            .setting(s, "prompt-prefix", spec.promptPrefix())
            .build();
    }

    // ------------------------------------------------------------------ native state

    @Override
    protected MiniLmRuntime createRuntime(Device device) {
        MiniLmArtifact.verify(baseCoordinates, baseSha256);
        BertWeights base = MiniLmArtifact.baseWeights();
        if (spec.numLayers() < base.config().numLayers()) {
            base = base.truncate(spec.numLayers());
        }
        return new MiniLmRuntime(spec, base, baseSha256, trainableWeights(), catalogue.texts(), device);
    }

    /**
     * The live network (verifies the base artifact and builds it on first use).
     * @return the runtime.
     */
    public MiniLmRuntime runtime() {
        return (MiniLmRuntime) liveRuntime();
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

    /**
     * LoRA adapters accept per-sample stacks ({@link dev.fudlr.model.djl.LoraLinear}) and so does the item
     * bias (a (batch, numItems) value adds row-wise to the scores); the projection head does not.
     * @return true unless the model has a projection head.
     */
    @Override
    public boolean supportsPerSampleParameters() {
        return !spec.useHead();
    }

    // ------------------------------------------------------------------ accessors

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

    // ------------------------------------------------------------------ copies

    @Override
    public MiniLmRecommenderModel copyWithTrainableParameters(float[] theta, ModelProvenance newProvenance) {
        return (MiniLmRecommenderModel) super.copyWithTrainableParameters(theta, newProvenance);
    }

    @Override
    public MiniLmRecommenderModel copyWithTrainableParameters(double[] theta, ModelProvenance newProvenance) {
        return (MiniLmRecommenderModel) super.copyWithTrainableParameters(theta, newProvenance);
    }

    @Override
    protected MiniLmRecommenderModel withTrainableWeights(SortedMap<String, HostTensor> trainable, ModelProvenance newProvenance) {
        return new MiniLmRecommenderModel(name, newProvenance, featureIDMap, outputIDInfo, spec, catalogue, baseCoordinates,
                                          baseSha256, trainable, deviceSpec());
    }

    @Override
    protected MiniLmRecommenderModel copy(String newName, ModelProvenance newProvenance) {
        return new MiniLmRecommenderModel(newName, newProvenance, featureIDMap, outputIDInfo, spec, catalogue, baseCoordinates,
                                          baseSha256, trainableWeights(), deviceSpec());
    }

    // ------------------------------------------------------------------ protobuf

    @Override
    public ModelProto serialize() {
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
            .setDevice(deviceSpec());
        for (HostTensor t : trainableWeights().values()) {
            b.addTrainable(tensorToProto(t));
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
    /**
     * Refuses a model file made for another base model than the MiniLM artifact on the class path, before any weight
     * is imported (the ONNX file is hashed, about 0.3 s).
     * @param coordinates the recorded Maven coordinates.
     * @param sha256 the recorded SHA-256 of the ONNX file.
     * @throws IncompatibleModelException naming what differs.
     */
    static void checkBase(String coordinates, String sha256) {
        if (!MiniLmArtifact.COORDINATES.equals(coordinates)) {
            throw new IncompatibleModelException("was trained on base model " + coordinates + ", this build provides "
                                                 + MiniLmArtifact.COORDINATES);
        }
        String actual = MiniLmArtifact.onnxFileSha256();
        if (!actual.equalsIgnoreCase(sha256)) {
            throw new IncompatibleModelException("base model SHA-256 mismatch: the model was trained on " + MiniLmArtifact.ONNX_RESOURCE
                                                 + " with SHA-256 " + sha256 + ", the class path has " + actual + " ("
                                                 + MiniLmArtifact.COORDINATES + ")");
        }
    }

    public static MiniLmRecommenderModel deserializeFromProto(int version, String className, Any message)
        throws InvalidProtocolBufferException {
        if (version < 0 || version > CURRENT_VERSION) {
            throw new IllegalArgumentException("Unknown version " + version + ", this class supports at most " + CURRENT_VERSION);
        }
        MiniLmRecommenderModelProto p = message.unpack(MiniLmRecommenderModelProto.class);
        checkBase(p.getBaseCoordinates(), p.getBaseSha256());
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
            HostTensor h = tensorFromProto(t, dt);
            if (trainable.put(h.name(), h) != null) {
                throw new IllegalStateException("Invalid protobuf, tensor " + h.name() + " appears twice");
            }
        }
        return new MiniLmRecommenderModel(carrier.name(), carrier.provenance(), carrier.featureDomain(), outputs, spec, catalogue,
                                          p.getBaseCoordinates(), p.getBaseSha256(), trainable,
                                          p.getDevice().isEmpty() ? "auto" : p.getDevice());
    }
}
