/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.spark;

import dev.fudlr.model.AbstractDjlRecommenderModel;
import dev.fudlr.model.ItemIndex;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

import java.io.Serializable;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A trained recommender shipped to Spark executors: the driver serializes it with Tribuo's protobuf serialization
 * ({@code Model.serialize()}, the bytes a model file holds) and broadcasts the bytes with their SHA-256; an executor
 * JVM rebuilds the model once and caches it under that hash, and runs DJL work on it through
 * {@link ExecutorModels#withModel}. Small facts the driver needs for partitioning (the catalogue, the host-level chunk
 * size, the parameter count) travel with it.
 * <p>
 * Only the handle is serialized into task closures; the bytes move once per executor through Spark's broadcast.
 * {@link #destroy()} frees them on the cluster when the stages that need the model are done.
 */
public final class ModelBroadcast implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Broadcast<byte[]> bytes;
    private final Broadcast<ItemIndex> items;
    private final String sha256;
    private final String modelClass;
    private final int chunkSize;
    private final int parameters;

    private ModelBroadcast(Broadcast<byte[]> bytes, Broadcast<ItemIndex> items, String sha256, String modelClass, int chunkSize,
                           int parameters) {
        this.bytes = bytes;
        this.items = items;
        this.sha256 = sha256;
        this.modelClass = modelClass;
        this.chunkSize = chunkSize;
        this.parameters = parameters;
    }

    /**
     * Serializes a model and broadcasts it.
     * @param context the Spark context.
     * @param model the model (any DJL recommender with protobuf serialization).
     * @return the handle.
     */
    public static ModelBroadcast of(JavaSparkContext context, AbstractDjlRecommenderModel model) {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(model, "model");
        byte[] serialized = model.serialize().toByteArray();
        return new ModelBroadcast(context.broadcast(serialized), context.broadcast(model.items()), sha256(serialized),
                                  model.getClass().getName(), model.chunkSize(), model.numTrainableParameters());
    }

    /** @return the serialized model, checked against its hash by the cache. */
    byte[] bytes() {
        return bytes.value();
    }

    /** @return the model's catalogue (score columns). */
    public ItemIndex items() {
        return items.value();
    }

    /** @return hex SHA-256 of the serialized model: the cache key on executors. */
    public String sha256() {
        return sha256;
    }

    /** @return the model's class name. */
    public String modelClass() {
        return modelClass;
    }

    /** @return the model's host-level chunk size ({@link AbstractDjlRecommenderModel#chunkSize()}). */
    public int chunkSize() {
        return chunkSize;
    }

    /** @return the number of trainable parameters p. */
    public int parameters() {
        return parameters;
    }

    /** Removes the broadcast bytes from the driver and executors; the handle is unusable afterwards. */
    public void destroy() {
        bytes.destroy();
        items.destroy();
    }

    /**
     * Hex SHA-256.
     * @param data the bytes.
     * @return 64 lowercase hex digits.
     */
    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }

    @Override
    public String toString() {
        return "ModelBroadcast(" + modelClass + ", sha256=" + sha256 + ", parameters=" + parameters + ")";
    }
}
