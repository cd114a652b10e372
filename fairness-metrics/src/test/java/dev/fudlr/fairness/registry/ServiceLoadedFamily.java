/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.registry;

import dev.fudlr.fairness.metric.FairnessMetric;
import dev.fudlr.fairness.metric.MetricFamily;
import dev.fudlr.fairness.metric.MetricSpec;
import dev.fudlr.fairness.metric.popularity.ItemCoverage;

import java.util.List;

/**
 * A metric family registered through {@link java.util.ServiceLoader} (test resources), as another module
 * would add one: {@code test-coverage@K} is item coverage under another name.
 */
public final class ServiceLoadedFamily implements MetricFamily {

    @Override
    public List<String> names() {
        return List.of("test-coverage");
    }

    @Override
    public String syntax() {
        return "test-coverage@K";
    }

    @Override
    public String description() {
        return "Item coverage, registered through ServiceLoader (test only).";
    }

    @Override
    public FairnessMetric create(MetricSpec spec) {
        return new ItemCoverage(spec.requireK());
    }
}
