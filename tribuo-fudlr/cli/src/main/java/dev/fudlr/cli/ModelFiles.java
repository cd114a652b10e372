/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.cli;

import dev.fudlr.model.UnlearnableRecommender;
import org.tribuo.Model;
import org.tribuo.classification.Label;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loads model files for the commands, turning every failure into one {@link IllegalArgumentException} that names the
 * file and what is wrong with it (missing, not a Tribuo protobuf model, or the wrong kind of model).
 */
final class ModelFiles {

    private ModelFiles() {}

    /**
     * Loads any Tribuo model.
     * @param file the file.
     * @param role how the command calls it (for messages), e.g. {@code "MODEL"}.
     * @return the model.
     */
    @SuppressWarnings("unchecked")
    static Model<?> load(Path file, String role) {
        if (!Files.exists(file)) {
            throw new IllegalArgumentException(role + " " + file + " does not exist");
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalArgumentException(role + " " + file + " is not a readable file");
        }
        // The library's checked loader: Java serialization refused, corrupt files and foreign classes named (ModelFileException).
        return dev.fudlr.model.ModelFiles.load(file, Model.class);
    }

    /**
     * Loads a recommender (a {@code Model<Label>}).
     * @param file the file.
     * @param role how the command calls it.
     * @return the model.
     */
    @SuppressWarnings("unchecked")
    static Model<Label> loadRecommender(Path file, String role) {
        Model<?> m = load(file, role);
        if (!m.validate(Label.class)) {
            close(m);
            throw new IllegalArgumentException(role + " " + file + " holds a " + m.getClass().getName()
                                               + " whose outputs are not item labels; a recommender (Model<Label>) is needed");
        }
        return (Model<Label>) m;
    }

    /**
     * Loads a recommender with trainable parameters ({@link UnlearnableRecommender}).
     * @param file the file.
     * @param role how the command calls it.
     * @param why what the command needs it for (for the message).
     * @return the model (also an {@link UnlearnableRecommender}).
     */
    static Model<Label> loadUnlearnable(Path file, String role, String why) {
        Model<Label> m = loadRecommender(file, role);
        if (!(m instanceof UnlearnableRecommender)) {
            close(m);
            throw new IllegalArgumentException(role + " " + file + " holds a " + m.getClass().getSimpleName() + "; " + why
                                               + " needs a model with trainable parameters such as a DjlRecommenderModel "
                                               + "(train one with `fudlr train`)");
        }
        return m;
    }

    /**
     * Frees a model's native memory, if it holds any.
     * @param m the model, or null.
     */
    static void close(Model<?> m) {
        if (m instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception ignored) {
                // Native memory is freed with the JVM anyway.
            }
        }
    }
}
