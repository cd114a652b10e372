/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.registry;

import dev.fudlr.fairness.metric.FairnessMetric;
import dev.fudlr.fairness.metric.MetricFamily;
import dev.fudlr.fairness.metric.MetricSpec;
import dev.fudlr.fairness.metric.accuracy.AccuracyMetric;
import dev.fudlr.fairness.metric.composite.CompositeMetric;
import dev.fudlr.fairness.metric.item.ItemExposureFairness;
import dev.fudlr.fairness.metric.popularity.AverageRecommendationPopularity;
import dev.fudlr.fairness.metric.popularity.ExposureGini;
import dev.fudlr.fairness.metric.popularity.GroupProportion;
import dev.fudlr.fairness.metric.popularity.GroupUnfairness;
import dev.fudlr.fairness.metric.popularity.GroupUnfairnessDisparity;
import dev.fudlr.fairness.metric.popularity.ItemCoverage;
import dev.fudlr.fairness.metric.popularity.LongTailShare;
import dev.fudlr.fairness.metric.popularity.MeanGroupUnfairness;
import dev.fudlr.fairness.metric.user.ExposureParity;
import dev.fudlr.fairness.metric.user.ImpactRatio;
import dev.fudlr.fairness.metric.user.UtilityGap;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.logging.Logger;

/**
 * Metrics by name, so that configuration files and the command line can name them:
 * {@code registry.parse("mgu@10")}, {@code registry.parse("ndcg-gap@10:gender*age;agg=mad")}, or a composite
 * {@code registry.parse("0.7*mgu@10/0.082+0.3*ndcg-gap@10:gender/0.02")}.
 * <p>
 * The grammar is {@code family[@K][:argument][;key=value]...} (see {@link MetricSpec}); each family is
 * provided by the metric class itself ({@link MetricFamily}, its static {@code FAMILY} field). Built-in
 * families are listed in {@link #BUILT_IN}; {@link #standard()} adds any {@link MetricFamily} found through
 * {@link ServiceLoader}, so another module adds a metric with one class and one service entry.
 * Every metric's {@link FairnessMetric#name()} parses back to an equal metric.
 */
public final class MetricRegistry {

    private static final Logger logger = Logger.getLogger(MetricRegistry.class.getName());

    /** The families of this module, in help order. */
    public static final List<MetricFamily> BUILT_IN = List.of(
            AccuracyMetric.FAMILY,
            GroupProportion.FAMILY,
            GroupUnfairness.FAMILY,
            MeanGroupUnfairness.FAMILY,
            GroupUnfairnessDisparity.FAMILY,
            AverageRecommendationPopularity.FAMILY,
            LongTailShare.FAMILY,
            ExposureGini.FAMILY,
            ItemCoverage.FAMILY,
            UtilityGap.FAMILY,
            ExposureParity.FAMILY,
            ImpactRatio.FAMILY,
            ItemExposureFairness.FAMILY);

    private static final MetricRegistry STANDARD = create(true);

    private final Map<String, MetricFamily> families;

    private MetricRegistry(Map<String, MetricFamily> families) {
        this.families = Collections.unmodifiableMap(new LinkedHashMap<>(families));
    }

    /**
     * The built-in families plus those registered through {@link ServiceLoader} (loaded once).
     * @return the shared registry.
     */
    public static MetricRegistry standard() {
        return STANDARD;
    }

    /**
     * A registry of the given families only.
     * @param families families; names must not collide.
     * @return the registry.
     */
    public static MetricRegistry of(List<MetricFamily> families) {
        Map<String, MetricFamily> map = new LinkedHashMap<>();
        for (MetricFamily f : families) {
            add(map, f);
        }
        return new MetricRegistry(map);
    }

    private static MetricRegistry create(boolean serviceLoader) {
        Map<String, MetricFamily> map = new LinkedHashMap<>();
        for (MetricFamily f : BUILT_IN) {
            add(map, f);
        }
        if (serviceLoader) {
            for (MetricFamily f : ServiceLoader.load(MetricFamily.class)) {
                add(map, f);
                logger.fine(() -> "Registered metric family " + f.names() + " from " + f.getClass().getName());
            }
        }
        return new MetricRegistry(map);
    }

    private static void add(Map<String, MetricFamily> map, MetricFamily f) {
        for (String name : f.names()) {
            if (!name.equals(name.toLowerCase(Locale.ROOT)) || !name.matches("[a-z][a-z0-9-]*")) {
                throw new IllegalArgumentException("Metric family name '" + name + "' must be lower case letters, digits and dashes");
            }
            MetricFamily previous = map.putIfAbsent(name, f);
            if (previous != null) {
                throw new IllegalArgumentException("Metric family name '" + name + "' is provided twice: " + previous + " and " + f);
            }
        }
    }

    /**
     * A registry with one more family.
     * @param family the family.
     * @return a new registry.
     */
    public MetricRegistry with(MetricFamily family) {
        Map<String, MetricFamily> map = new LinkedHashMap<>(families);
        add(map, family);
        return new MetricRegistry(map);
    }

    /**
     * Creates the metric a name denotes (a plain metric or a composite).
     * @param name for example {@code "mgu@10"}.
     * @return the metric.
     * @throws IllegalArgumentException naming the problem if the name is not understood.
     */
    public FairnessMetric parse(String name) {
        if (name == null || name.trim().isEmpty()) {
            throw new IllegalArgumentException("Metric name is empty");
        }
        if (CompositeMetric.isComposite(name)) {
            return CompositeMetric.parse(name, this::parsePlain);
        }
        return parsePlain(name);
    }

    /**
     * Creates several metrics.
     * @param names metric names.
     * @return the metrics, in order.
     */
    public List<FairnessMetric> parseAll(List<String> names) {
        List<FairnessMetric> out = new ArrayList<>();
        for (String n : names) {
            out.add(parse(n));
        }
        return out;
    }

    private FairnessMetric parsePlain(String name) {
        MetricSpec spec = MetricSpec.parse(name);
        MetricFamily family = families.get(spec.family());
        if (family == null) {
            throw new IllegalArgumentException("Unknown metric family '" + spec.family() + "' in '" + name + "'; known: " + families.keySet());
        }
        return family.create(spec);
    }

    /**
     * The family names.
     * @return names, in registration order.
     */
    public List<String> familyNames() {
        return new ArrayList<>(families.keySet());
    }

    /**
     * A help text: one line per family with its syntax and description.
     * @return the text.
     */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        MetricFamily last = null;
        for (MetricFamily f : families.values()) {
            if (f == last) {
                continue;
            }
            last = f;
            sb.append(f.syntax()).append(System.lineSeparator()).append("    ").append(f.description()).append(System.lineSeparator());
        }
        sb.append("w1*metric1/ref1+w2*metric2/ref2...").append(System.lineSeparator())
                .append("    Weighted sum of distances from ideal, each divided by its reference (composite).").append(System.lineSeparator());
        return sb.toString();
    }

    @Override
    public String toString() {
        return "MetricRegistry" + families.keySet();
    }
}
