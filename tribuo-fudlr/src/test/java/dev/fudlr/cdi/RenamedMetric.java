/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.cdi;

import dev.fudlr.fairness.data.Recommendations;
import dev.fudlr.fairness.metric.Direction;
import dev.fudlr.fairness.metric.FairnessMetric;
import dev.fudlr.fairness.metric.MetricResult;
import dev.fudlr.fairness.registry.MetricRegistry;
import dev.fudlr.fairness.surrogate.Surrogate;
import dev.fudlr.fairness.surrogate.SurrogateSettings;

/** Test support: a built-in metric under another name (the body of third-party metric beans in these tests). */
abstract class RenamedMetric implements FairnessMetric {
    private final String name;
    private final FairnessMetric delegate;

    RenamedMetric(String name, String delegate) {
        this.name = name;
        this.delegate = MetricRegistry.standard().parse(delegate);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Direction direction() {
        return delegate.direction();
    }

    @Override
    public int cutoff() {
        return delegate.cutoff();
    }

    @Override
    public MetricResult compute(Recommendations recs) {
        return delegate.compute(recs);
    }

    @Override
    public Surrogate surrogate(SurrogateSettings settings) {
        return delegate.surrogate(settings);
    }
}
