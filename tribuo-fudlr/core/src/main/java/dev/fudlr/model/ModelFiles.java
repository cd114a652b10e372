/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.model;

import com.google.protobuf.InvalidProtocolBufferException;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.protos.core.ModelProto;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Loads Tribuo protobuf model files with a {@link ModelFileException} that names the file and the problem, checked in
 * this order before any model is built:
 * <ol>
 *     <li>missing, unreadable or empty file;</li>
 *     <li>a Java-serialized model (refused: Java deserialization of a file runs code chosen by whoever wrote it);</li>
 *     <li>truncated or corrupt bytes (not a {@link ModelProto});</li>
 *     <li>a model class that is not on the class path, is not a Tribuo model, or is not the expected class;</li>
 *     <li>a serialization version newer than the class reads (its {@code CURRENT_VERSION});</li>
 *     <li>what the model class's own deserializer finds incompatible with this build ({@link IncompatibleModelException}),
 *     e.g. a MiniLM model for a base model (Maven coordinates and SHA-256 of the ONNX file) other than the one on the
 *     class path, checked before any weight is imported;</li>
 * </ol>
 * and finally anything the class's own deserialization rejects (inconsistent shapes, invalid payload), with its root
 * cause. Plain {@link Model#deserializeFromFile} reports most of these as reflection errors or fails only at first use.
 */
public final class ModelFiles {

    private ModelFiles() {}

    /**
     * Loads a model of an expected class.
     * @param file the model file (Tribuo protobuf).
     * @param expected the expected class (e.g. {@link DjlRecommenderModel}, or {@code Model.class} for any).
     * @param <M> the class.
     * @return the model.
     * @throws ModelFileException naming the file and the problem.
     */
    public static <M extends Model<?>> M load(Path file, Class<M> expected) {
        return load(read(file), file, expected);
    }

    /**
     * Loads a model of an expected class from the bytes of a model file (e.g. broadcast to a Spark executor), with
     * the same checks as {@link #load(Path, Class)}.
     * @param bytes the bytes of a Tribuo protobuf model file.
     * @param file where the bytes come from, named in error messages (the file, or a descriptive path).
     * @param expected the expected class.
     * @param <M> the class.
     * @return the model.
     * @throws ModelFileException naming the origin and the problem.
     */
    public static <M extends Model<?>> M load(byte[] bytes, Path file, Class<M> expected) {
        checkBytes(bytes, file);
        ModelProto proto;
        try {
            proto = ModelProto.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new ModelFileException(file, "truncated or corrupt, not a Tribuo protobuf model file (" + e.getMessage() + ")", e);
        }
        String className = proto.getClassName();
        if (className.isEmpty() || !proto.hasSerializedData()) {
            throw new ModelFileException(file, "truncated or corrupt, not a Tribuo protobuf model file (no "
                + (className.isEmpty() ? "model class name" : "model data") + ")");
        }
        Class<?> type;
        try {
            type = Class.forName(className, false, ModelFiles.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new ModelFileException(file, "holds a " + className + ", which is not on the class path (a model of another "
                + "library or version)", e);
        }
        if (!Model.class.isAssignableFrom(type)) {
            throw new ModelFileException(file, "holds a " + className + ", which is not a Tribuo model");
        }
        if (!expected.isAssignableFrom(type)) {
            throw new ModelFileException(file, "holds a " + className + ", expected a " + expected.getName());
        }
        Integer current = currentVersion(type);
        if (proto.getVersion() < 0) {
            throw new ModelFileException(file, "invalid serialization version " + proto.getVersion());
        }
        if (current != null && proto.getVersion() > current) {
            throw new ModelFileException(file, "was written by a newer version of " + type.getSimpleName() + " (serialization version "
                + proto.getVersion() + "; this build reads versions up to " + current + "); use a newer tribuo-fudlr");
        }
        Model<?> model;
        try {
            model = Model.deserialize(proto);
        } catch (RuntimeException e) {
            IncompatibleModelException incompatible = incompatible(e);
            if (incompatible != null) {
                throw new ModelFileException(file, incompatible.getMessage(), e);
            }
            Throwable root = root(e);
            throw new ModelFileException(file, "invalid " + type.getSimpleName() + " data: " + root.getClass().getSimpleName()
                + (root.getMessage() == null ? "" : ": " + root.getMessage()), e);
        }
        if (!expected.isInstance(model)) {
            throw new ModelFileException(file, "deserialized to a " + model.getClass().getName() + ", expected a " + expected.getName());
        }
        return expected.cast(model);
    }

    /**
     * Loads a recommender: any model whose outputs are {@link Label}s (item ids).
     * @param file the model file.
     * @return the model.
     * @throws ModelFileException naming the file and the problem (also when the model predicts another output type).
     */
    @SuppressWarnings("unchecked") // checked by validate
    public static Model<Label> loadRecommender(Path file) {
        @SuppressWarnings("rawtypes")
        Model<?> m = load(file, Model.class);
        if (!m.validate(Label.class)) {
            throw new ModelFileException(file, "holds a " + m.getClass().getName() + " that does not predict Labels (item ids), "
                + "so it is not a recommender");
        }
        return (Model<Label>) m;
    }

    private static byte[] read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ModelFileException(file, "file not found", e);
        } catch (IOException e) {
            throw new ModelFileException(file, "cannot read: " + e, e);
        }
        return bytes;
    }

    /** Refuses empty and Java-serialized bytes before any parsing. */
    private static void checkBytes(byte[] bytes, Path file) {
        if (bytes.length == 0) {
            throw new ModelFileException(file, "empty file (0 bytes): an interrupted write?");
        }
        if (bytes.length >= 2 && bytes[0] == (byte) 0xAC && bytes[1] == (byte) 0xED) {
            throw new ModelFileException(file, "a Java-serialized model; only protobuf model files are read (Java deserialization of "
                + "a file runs code chosen by its author). Re-save it with Model.serializeToFile");
        }
    }

    /** The public static final int CURRENT_VERSION of a model class, or null if it has none. */
    private static Integer currentVersion(Class<?> type) {
        try {
            Field f = type.getField("CURRENT_VERSION");
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == int.class) {
                return f.getInt(null);
            }
        } catch (NoSuchFieldException | IllegalAccessException e) {
            // Tribuo's own models keep the constant private; their deserializers check the version themselves.
        }
        return null;
    }

    /** The deserializer's report that the file needs what this build lacks (e.g. another base model), or null. */
    private static IncompatibleModelException incompatible(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof IncompatibleModelException i) {
                return i;
            }
        }
        return null;
    }

    private static Throwable root(Throwable t) {
        Throwable r = t;
        while (r.getCause() != null && r.getCause() != r) {
            r = r.getCause();
        }
        return r;
    }
}
