/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.model.spi;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.ListProvenance;
import com.oracle.labs.mlrg.olcut.provenance.MapProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import dev.fudlr.model.AbstractDjlRecommenderModel;
import dev.fudlr.model.BaseParameterDigest;
import dev.fudlr.model.ItemIndex;
import dev.fudlr.model.djl.HostTensor;
import dev.fudlr.model.protos.NetworkRecommenderModelProto;
import dev.fudlr.model.protos.TensorProto;
import org.tribuo.Example;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.classification.Label;
import org.tribuo.impl.ModelDataCarrier;
import org.tribuo.protos.core.ModelDataProto;
import org.tribuo.protos.core.ModelProto;
import org.tribuo.provenance.ModelProvenance;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A Tribuo model around a user's {@link RecommenderNetwork}: what {@link NetworkRecommenderTrainer} produces and what
 * FUDLR, {@code fudlr verify} and the CLI take like any built-in backbone (everything but the network is
 * {@link AbstractDjlRecommenderModel}'s: predictions, ranking, the flat vector of the unlearnable parameters, host
 * losses and gradients, the device override).
 * <p>
 * Every parameter's values are held on the host and stored in the protobuf form (version {@value #CURRENT_VERSION})
 * with the network's class and OLCUT configuration, from which the block is rebuilt when the model is loaded; the
 * frozen base is digested for {@code verify} tensor by tensor, with the network's configuration as settings.
 */
public final class NetworkRecommenderModel extends AbstractDjlRecommenderModel {
    private static final long serialVersionUID = 1L;

    /** Protobuf serialization version. */
    public static final int CURRENT_VERSION = 0;

    /** Samples per native pass in the host-level methods. */
    public static final int CHUNK_SIZE = 256;

    private final RecommenderNetwork network;
    // Never mutated after construction; shared with copies.
    private final SortedMap<String, HostTensor> baseWeights;

    /**
     * Creates a model.
     * @param name the model name.
     * @param provenance the provenance.
     * @param featureIDMap the feature domain of the training data.
     * @param outputIDInfo the output domain; must contain a label for every catalogue item.
     * @param network the network (configured).
     * @param items the catalogue.
     * @param maxHistory the history length L.
     * @param dataType float32 or float64.
     * @param weights every parameter of the network's block, by full name.
     * @param deviceSpec where to run: auto, cpu, gpu or gpu:i.
     */
    NetworkRecommenderModel(String name, ModelProvenance provenance, ImmutableFeatureMap featureIDMap,
                            ImmutableOutputInfo<Label> outputIDInfo, RecommenderNetwork network, ItemIndex items,
                            int maxHistory, DataType dataType, Map<String, HostTensor> weights, String deviceSpec) {
        super(name, provenance, featureIDMap, outputIDInfo, items, maxHistory, dataType,
              checkedUnlearnable(network, items, maxHistory, dataType, weights), deviceSpec, CHUNK_SIZE);
        this.network = network;
        // The unlearnable half was checked against the block above; the rest is the base.
        SortedMap<String, HostTensor> base = new TreeMap<>(weights);
        base.keySet().removeIf(network::isUnlearnable);
        this.baseWeights = Collections.unmodifiableSortedMap(base);
    }

    /** Checks the weights name exactly the block's parameters and returns the unlearnable ones. */
    private static SortedMap<String, HostTensor> checkedUnlearnable(RecommenderNetwork network, ItemIndex items, int maxHistory,
                                                                    DataType dataType, Map<String, HostTensor> weights) {
        Objects.requireNonNull(network, "network");
        // Building a block allocates no native memory until it is initialized.
        Block block = network.newBlock(items.size(), maxHistory, dataType);
        TreeSet<String> names = new TreeSet<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            names.add(p.getKey());
        }
        if (!names.equals(new TreeSet<>(weights.keySet()))) {
            throw new IllegalArgumentException("Weights " + new TreeSet<>(weights.keySet()) + " do not match the parameters " + names
                                               + " of " + network.getClass().getName() + "'s block");
        }
        SortedMap<String, HostTensor> out = new TreeMap<>();
        for (Map.Entry<String, HostTensor> e : weights.entrySet()) {
            if (!e.getValue().name().equals(e.getKey())) {
                throw new IllegalArgumentException("Weight stored under " + e.getKey() + " is named " + e.getValue().name());
            }
            if (network.isUnlearnable(e.getKey())) {
                out.put(e.getKey(), e.getValue());
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(network.getClass().getName() + ".isUnlearnable selects none of " + names);
        }
        return out;
    }

    // ------------------------------------------------------------------ network

    @Override
    protected NetworkRuntime createRuntime(Device device) {
        return new NetworkRuntime(network, items().size(), maxHistory(), dataType(), weights(), device, null);
    }

    @Override
    public NDArray encodeHistories(NDManager manager, List<? extends Example<Label>> batch) {
        return network.inputEncoder(items(), maxHistory()).encode(manager, batch);
    }

    @Override
    public boolean supportsPerSampleParameters() {
        return network.supportsPerSampleParameters();
    }

    /** @return the network's class name: the base of a network trained from scratch is its architecture. */
    @Override
    public String baseModelName() {
        return network.getClass().getName();
    }

    @Override
    protected BaseParameterDigest computeBaseParameterDigest() {
        return baseParameterDigest(network, items(), maxHistory(), dataType(), baseWeights);
    }

    /**
     * The digest {@link #baseParameterDigest()} reports, computable before the model exists (the trainer records it):
     * each frozen tensor as its own group, and as settings the network's class and every configured field.
     * @param network the network.
     * @param items the catalogue.
     * @param maxHistory the history length.
     * @param dataType the precision.
     * @param weights the weights (unlearnable ones are left out).
     * @return the digest.
     */
    static BaseParameterDigest baseParameterDigest(RecommenderNetwork network, ItemIndex items, int maxHistory,
                                                   DataType dataType, Map<String, HostTensor> weights) {
        String s = BaseParameterDigest.SETTINGS;
        BaseParameterDigest.Builder b = baseDigestBuilder(items, maxHistory, dataType)
            .setting(s, "network-class", network.getClass().getName());
        for (Map.Entry<String, Provenance> e : new TreeMap<>(network.getProvenance().getConfiguredParameters()).entrySet()) {
            b.setting(s, "network." + e.getKey(), configuration(e.getValue()));
        }
        for (HostTensor t : new TreeMap<>(weights).values()) {
            if (!network.isUnlearnable(t.name())) {
                b.tensor(t.name(), t);
            }
        }
        return b.build();
    }

    /**
     * A configured value as text, nested components by their configuration only: their instance values (such as a
     * data source's creation time) say when, not what, and would make equal networks digest differently.
     */
    private static String configuration(Provenance p) {
        if (p instanceof ConfiguredObjectProvenance o) {
            StringBuilder sb = new StringBuilder(o.getClassName()).append('(');
            for (Map.Entry<String, Provenance> e : new TreeMap<>(o.getConfiguredParameters()).entrySet()) {
                sb.append(e.getKey()).append('=').append(configuration(e.getValue())).append(';');
            }
            return sb.append(')').toString();
        }
        if (p instanceof ListProvenance<?> l) {
            StringBuilder sb = new StringBuilder("[");
            for (Provenance x : l.getList()) {
                sb.append(configuration(x)).append(';');
            }
            return sb.append(']').toString();
        }
        if (p instanceof MapProvenance<?> m) {
            StringBuilder sb = new StringBuilder("{");
            for (Map.Entry<String, ? extends Provenance> e : new TreeMap<>(m.getMap()).entrySet()) {
                sb.append(e.getKey()).append('=').append(configuration(e.getValue())).append(';');
            }
            return sb.append('}').toString();
        }
        return String.valueOf(p);
    }

    // ------------------------------------------------------------------ accessors

    /** @return the network (its configuration; the live block is {@link #block()}). */
    public RecommenderNetwork network() {
        return network;
    }

    /** @return every parameter's values (base and unlearnable) by name, sorted, unmodifiable. */
    public SortedMap<String, HostTensor> weights() {
        SortedMap<String, HostTensor> all = new TreeMap<>(baseWeights);
        all.putAll(trainableWeights());
        return Collections.unmodifiableSortedMap(all);
    }

    // ------------------------------------------------------------------ copies

    @Override
    public NetworkRecommenderModel copyWithTrainableParameters(float[] theta, ModelProvenance newProvenance) {
        return (NetworkRecommenderModel) super.copyWithTrainableParameters(theta, newProvenance);
    }

    @Override
    public NetworkRecommenderModel copyWithTrainableParameters(double[] theta, ModelProvenance newProvenance) {
        return (NetworkRecommenderModel) super.copyWithTrainableParameters(theta, newProvenance);
    }

    @Override
    protected NetworkRecommenderModel withTrainableWeights(SortedMap<String, HostTensor> trainable, ModelProvenance newProvenance) {
        SortedMap<String, HostTensor> all = new TreeMap<>(baseWeights);
        all.putAll(trainable);
        return new NetworkRecommenderModel(name, newProvenance, featureIDMap, outputIDInfo, network, items(), maxHistory(),
                                           dataType(), all, deviceSpec());
    }

    @Override
    protected NetworkRecommenderModel copy(String newName, ModelProvenance newProvenance) {
        return new NetworkRecommenderModel(newName, newProvenance, featureIDMap, outputIDInfo, network, items(), maxHistory(),
                                           dataType(), weights(), deviceSpec());
    }

    // ------------------------------------------------------------------ protobuf

    @Override
    public ModelProto serialize() {
        ModelDataCarrier<Label> carrier = createDataCarrier();
        NetworkRecommenderModelProto.Builder b = NetworkRecommenderModelProto.newBuilder()
            .setModelData(carrier.serialize().toByteString())
            .setNetworkClass(network.getClass().getName())
            .setNetworkProvenance(NetworkConfigurations.toBytes(network))
            .addAllItemIds(items().ids())
            .setMaxHistory(maxHistory())
            .setDtype(dataType() == DataType.FLOAT64 ? "float64" : "float32")
            .setDevice(deviceSpec());
        for (HostTensor t : weights().values()) {
            b.addWeights(tensorToProto(t));
        }
        return ModelProto.newBuilder().setVersion(CURRENT_VERSION).setClassName(NetworkRecommenderModel.class.getName())
            .setSerializedData(Any.pack(b.build())).build();
    }

    /**
     * Deserialization factory (called reflectively by Tribuo's {@code ProtoUtil}). Rebuilds the network from its
     * recorded configuration; its class must be on the class path.
     * @param version the serialized version.
     * @param className the class name.
     * @param message the payload.
     * @return the model.
     * @throws InvalidProtocolBufferException if the payload cannot be parsed.
     */
    public static NetworkRecommenderModel deserializeFromProto(int version, String className, Any message)
        throws InvalidProtocolBufferException {
        if (version < 0 || version > CURRENT_VERSION) {
            throw new IllegalArgumentException("Unknown version " + version + ", this class supports at most " + CURRENT_VERSION);
        }
        NetworkRecommenderModelProto p = message.unpack(NetworkRecommenderModelProto.class);
        RecommenderNetwork network = NetworkConfigurations.fromBytes(p.getNetworkClass(), p.getNetworkProvenance());
        ModelDataCarrier<?> carrier = ModelDataCarrier.deserialize(ModelDataProto.parseFrom(p.getModelData()));
        if (carrier.outputDomain().size() == 0 || !(carrier.outputDomain().getOutput(0) instanceof Label)) {
            throw new IllegalStateException("Invalid protobuf, output domain is not a label domain");
        }
        @SuppressWarnings("unchecked") // checked above
        ImmutableOutputInfo<Label> outputs = (ImmutableOutputInfo<Label>) carrier.outputDomain();
        DataType dt = switch (p.getDtype()) {
            case "float64" -> DataType.FLOAT64;
            case "float32" -> DataType.FLOAT32;
            default -> throw new IllegalStateException("Invalid protobuf, dtype '" + p.getDtype() + "'");
        };
        SortedMap<String, HostTensor> weights = new TreeMap<>();
        for (TensorProto t : p.getWeightsList()) {
            HostTensor h = tensorFromProto(t, dt);
            if (weights.put(h.name(), h) != null) {
                throw new IllegalStateException("Invalid protobuf, tensor " + h.name() + " appears twice");
            }
        }
        return new NetworkRecommenderModel(carrier.name(), carrier.provenance(), carrier.featureDomain(), outputs, network,
                                           ItemIndex.ofOrdered(p.getItemIdsList()), p.getMaxHistory(), dt, weights,
                                           p.getDevice().isEmpty() ? "auto" : p.getDevice());
    }
}
