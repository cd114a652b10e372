/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.metric;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The named family of a metric: the names it answers to, its syntax and a factory from a parsed
 * {@link MetricSpec}. Each metric class exposes one as a static {@code FAMILY} field, which the
 * {@link dev.fudlr.fairness.registry.MetricRegistry} indexes by name.
 */
public interface MetricFamily {

    /**
     * The family names (for example {@code ["ndcg-gap", "hr-gap", "recall-gap", "mrr-gap"]}).
     * @return one or more lower-case names.
     */
    List<String> names();

    /**
     * The syntax, for help texts (for example {@code "mgu@K[;items=pop|popG|<grouping>]"}).
     * @return the syntax.
     */
    String syntax();

    /**
     * A one-line description.
     * @return the description.
     */
    String description();

    /**
     * Creates the metric a spec names.
     * @param spec a spec whose family is one of {@link #names()}.
     * @return the metric.
     * @throws IllegalArgumentException if the spec's cut-off, argument or parameters are wrong.
     */
    FairnessMetric create(MetricSpec spec);

    /**
     * A family from its parts.
     * @param names the family names.
     * @param syntax the syntax.
     * @param description the description.
     * @param factory the factory.
     * @return the family.
     */
    static MetricFamily of(List<String> names, String syntax, String description, Function<MetricSpec, FairnessMetric> factory) {
        Objects.requireNonNull(factory, "factory");
        List<String> copy = List.copyOf(names);
        return new MetricFamily() {
            @Override
            public List<String> names() {
                return copy;
            }

            @Override
            public String syntax() {
                return syntax;
            }

            @Override
            public String description() {
                return description;
            }

            @Override
            public FairnessMetric create(MetricSpec spec) {
                return factory.apply(spec);
            }

            @Override
            public String toString() {
                return "MetricFamily" + copy;
            }
        };
    }
}
