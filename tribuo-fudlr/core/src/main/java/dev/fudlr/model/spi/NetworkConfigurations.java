/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.model.spi;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.oracle.labs.mlrg.olcut.config.Configurable;
import com.oracle.labs.mlrg.olcut.config.ConfigurationData;
import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.protobuf.ProtoProvenanceSerialization;
import com.oracle.labs.mlrg.olcut.config.protobuf.protos.RootProvenanceProto;
import com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import dev.fudlr.model.IncompatibleModelException;

import java.util.List;

/**
 * Stores a {@link RecommenderNetwork}'s configuration in a model file and rebuilds the network from it, the way
 * Tribuo re-instantiates a configured object from provenance: OLCUT provenance, marshalled to protobuf, turned back
 * into configuration data and looked up in a fresh {@link ConfigurationManager}. Only {@link Configurable} classes
 * on the class path are instantiated, through their no-argument constructors and {@code @Config} fields.
 */
final class NetworkConfigurations {

    private static final ProtoProvenanceSerialization SERIALIZATION = new ProtoProvenanceSerialization(false);

    private NetworkConfigurations() {}

    /**
     * @param network the network.
     * @return its configuration as protobuf bytes.
     */
    static ByteString toBytes(RecommenderNetwork network) {
        return SERIALIZATION.serializeToProto(ProvenanceUtil.marshalProvenance(network.getProvenance())).toByteString();
    }

    /**
     * Rebuilds a network.
     * @param className the recorded implementation class.
     * @param bytes the recorded configuration.
     * @return a new network of that class with that configuration.
     * @throws IncompatibleModelException if the class is missing or not a {@link RecommenderNetwork}, or the
     *                                    configuration cannot be applied to it.
     * @throws InvalidProtocolBufferException if the bytes are not a provenance record.
     */
    static RecommenderNetwork fromBytes(String className, ByteString bytes) throws InvalidProtocolBufferException {
        requireConfigurable(className, RecommenderNetwork.class);
        ObjectProvenance provenance = ProvenanceUtil.unmarshalProvenance(
            SERIALIZATION.deserializeFromProto(RootProvenanceProto.parseFrom(bytes)));
        List<ConfigurationData> data = ProvenanceUtil.extractConfiguration(provenance);
        for (ConfigurationData d : data) {
            requireConfigurable(d.getClassName(), Configurable.class);
        }
        String name = ProvenanceUtil.computeName(provenance, 0);
        Configurable c;
        try {
            ConfigurationManager cm = new ConfigurationManager();
            cm.addConfiguration(data);
            c = cm.lookup(name);
        } catch (RuntimeException e) {
            throw new IncompatibleModelException("records a " + className + " configuration that this build cannot apply ("
                                                 + e.getMessage() + ")");
        }
        if (c == null || !c.getClass().getName().equals(className)) {
            throw new IncompatibleModelException("records a network of class " + className + " but its configuration builds "
                                                 + (c == null ? "nothing" : c.getClass().getName()));
        }
        return (RecommenderNetwork) c;
    }

    private static void requireConfigurable(String className, Class<?> expected) {
        Class<?> type;
        try {
            type = Class.forName(className, false, NetworkConfigurations.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IncompatibleModelException("needs the network class " + className + ", which is not on the class path "
                                                 + "(add the jar that defines it)");
        }
        if (!expected.isAssignableFrom(type)) {
            throw new IncompatibleModelException("names " + className + " in its network configuration, which is not a "
                                                 + expected.getSimpleName());
        }
    }
}
