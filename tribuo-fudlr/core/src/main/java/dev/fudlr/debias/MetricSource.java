/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.debias;

import dev.fudlr.fairness.registry.MetricRegistry;

import java.util.ServiceLoader;

/**
 * Where FUDLR looks up its objectives by name: the metrics a {@link java.util.ServiceLoader} provider contributes
 * ({@code META-INF/services/dev.fudlr.debias.MetricSource}; the CDI integration registers one that adds the beans of a
 * running container), else the standard registry. The core thus runs without a CDI container and without the CDI
 * artifact on the class path.
 */
public interface MetricSource {

    /** @return the metric registry to parse objective names with. */
    MetricRegistry metrics();

    /**
     * The registry of the first provider on the class path, else {@link MetricRegistry#standard()}.
     * @return the registry.
     */
    static MetricRegistry current() {
        for (MetricSource s : ServiceLoader.load(MetricSource.class, MetricSource.class.getClassLoader())) {
            return s.metrics();
        }
        return MetricRegistry.standard();
    }
}
