/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.metric;

import dev.fudlr.fairness.data.Recommendations;
import dev.fudlr.fairness.surrogate.Surrogate;
import dev.fudlr.fairness.surrogate.SurrogateSettings;

/**
 * A metric of recommendations: the plug-in point of the FUDLR mask objective and of every report.
 * <p>
 * One class per metric provides both halves:
 * <ul>
 *     <li>the exact value on top-K lists ({@link #compute}), with a per-group breakdown;</li>
 *     <li>a differentiable surrogate on the score matrix ({@link #surrogate}) with its analytic gradient,
 *     for metrics that can serve as debiasing objectives ({@link #hasSurrogate()}).</li>
 * </ul>
 * Fairness metrics follow the convention "0 = fair, larger = worse" ({@link Direction#UNFAIRNESS}) or are
 * signed with distance {@code |value|} ({@link Direction#SIGNED}); accuracy and other metrics say how to read
 * them through {@link #direction()}, and {@link Direction#distance} turns any of them into something to
 * minimise. Implementations are immutable and thread-safe.
 * <p>
 * To add a metric, write one class implementing this interface with a static
 * {@link MetricFamily} that parses its name, and list the family in
 * {@link dev.fudlr.fairness.registry.MetricRegistry#BUILT_IN} (or register it through
 * {@link java.util.ServiceLoader}).
 */
public interface FairnessMetric {

    /**
     * The canonical name, which the registry parses back into an equal metric (for example
     * {@code "ndcg-gap@10:gender"}).
     * @return the name.
     */
    String name();

    /**
     * How to read the value.
     * @return the direction.
     */
    Direction direction();

    /**
     * The largest list prefix the metric reads.
     * @return K.
     */
    int cutoff();

    /**
     * The exact value, with breakdown.
     * @param recs top-K lists (at least {@link #cutoff()} long where possible) and audit data.
     * @return the result.
     * @throws IllegalArgumentException if the lists are too short for the cut-off.
     * @throws IllegalStateException if the audit data lacks a part the metric needs.
     */
    MetricResult compute(Recommendations recs);

    /**
     * The exact value alone.
     * @param recs top-K lists and audit data.
     * @return the value.
     */
    default double value(Recommendations recs) {
        return compute(recs).value();
    }

    /**
     * Whether {@link #surrogate} is supported.
     * @return true for metrics usable as debiasing objectives.
     */
    default boolean hasSurrogate() {
        return true;
    }

    /**
     * The differentiable surrogate.
     * @param settings the smoothing.
     * @return the surrogate.
     * @throws UnsupportedOperationException if {@link #hasSurrogate()} is false.
     */
    Surrogate surrogate(SurrogateSettings settings);
}
