/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.cdi;

import dev.fudlr.debias.MetricSource;
import dev.fudlr.fairness.registry.MetricRegistry;

/**
 * FUDLR's metric lookup when this artifact is on the class path: the built-in metrics plus those of the running CDI
 * container's beans ({@link FudlrComponents#current()}). Registered in
 * {@code META-INF/services/dev.fudlr.debias.MetricSource}.
 */
public final class ContainerMetricSource implements MetricSource {

    @Override
    public MetricRegistry metrics() {
        return FudlrComponents.current().metrics();
    }
}
