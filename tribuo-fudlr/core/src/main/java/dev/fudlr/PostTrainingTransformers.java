/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr;


import java.util.Collections;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Registry of {@link PostTrainingTransformer}s by name, for the CLI and programmatic use (XML configurations name the
 * class directly). Built in, with default settings, through {@link PostTrainingTransformerProvider}s on the class path:
 * {@code fudlr} ({@code dev.fudlr.debias.FudlrTransformer}) and the baselines {@code retrain-without} (which needs a
 * removal set before use), {@code reweight-retrain} and {@code popularity-rerank} ({@code dev.fudlr.debias.baselines}).
 * Further implementations are added with a provider or with {@link #register}. Thread-safe.
 */
public final class PostTrainingTransformers {

    private static final Map<String, Supplier<? extends PostTrainingTransformer<?>>> REGISTRY = new ConcurrentHashMap<>();

    static {
        // The built-in transformers (FUDLR, the baselines) register themselves as providers, like any plug-in.
        for (PostTrainingTransformerProvider p : ServiceLoader.load(PostTrainingTransformerProvider.class,
                                                                    PostTrainingTransformers.class.getClassLoader())) {
            p.transformers().forEach(PostTrainingTransformers::register);
        }
    }

    private PostTrainingTransformers() {}

    /**
     * Registers a transformer factory.
     * @param name the name (lower case letters, digits and dashes).
     * @param factory creates a transformer with default settings.
     * @throws IllegalArgumentException if the name is malformed or already taken.
     */
    public static void register(String name, Supplier<? extends PostTrainingTransformer<?>> factory) {
        if (name == null || !name.matches("[a-z0-9][a-z0-9-]*")) {
            throw new IllegalArgumentException("Post-training transformer names are lower case letters, digits and dashes, got '" + name + "'");
        }
        if (factory == null) {
            throw new IllegalArgumentException("No factory given for post-training transformer '" + name + "'");
        }
        if (REGISTRY.putIfAbsent(name, factory) != null) {
            throw new IllegalArgumentException("A post-training transformer named '" + name + "' is already registered");
        }
    }

    /**
     * A new transformer with default settings.
     * @param name a registered name.
     * @return the transformer.
     * @throws IllegalArgumentException for an unknown name (the message lists the known ones).
     */
    public static PostTrainingTransformer<?> lookup(String name) {
        Supplier<? extends PostTrainingTransformer<?>> f = REGISTRY.get(name);
        if (f == null) {
            throw new IllegalArgumentException("Unknown post-training transformer '" + name + "', known: " + names());
        }
        return f.get();
    }

    /** @return the registered names, sorted. */
    public static Set<String> names() {
        return Collections.unmodifiableSet(new TreeSet<>(REGISTRY.keySet()));
    }
}
