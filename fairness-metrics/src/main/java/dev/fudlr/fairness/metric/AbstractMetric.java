/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.metric;

import dev.fudlr.fairness.data.AuditData;
import dev.fudlr.fairness.data.ScoreMatrix;
import dev.fudlr.fairness.surrogate.Surrogate;
import dev.fudlr.fairness.surrogate.SurrogateResult;
import dev.fudlr.fairness.surrogate.SurrogateSettings;

import java.util.Objects;

/**
 * Common plumbing of metric classes: canonical name, direction and cut-off, equality by class and name,
 * and a one-line way to expose a surrogate.
 */
public abstract class AbstractMetric implements FairnessMetric {

    private final String name;
    private final Direction direction;
    private final int k;

    /**
     * Sets the identity of the metric.
     * @param spec the canonical spec (its string is the name).
     * @param direction how to read the value.
     * @param k the cut-off, at least 1.
     */
    protected AbstractMetric(MetricSpec spec, Direction direction, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("K must be >= 1 in metric " + spec + ", got " + k);
        }
        this.name = spec.toString();
        this.direction = Objects.requireNonNull(direction, "direction");
        this.k = k;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final Direction direction() {
        return direction;
    }

    @Override
    public final int cutoff() {
        return k;
    }

    /**
     * The computation behind a surrogate.
     */
    @FunctionalInterface
    protected interface SurrogateFunction {
        /**
         * Value and gradient.
         * @param scores the scores.
         * @param audit the audit data.
         * @param settings the smoothing.
         * @return the result.
         */
        SurrogateResult evaluate(ScoreMatrix scores, AuditData audit, SurrogateSettings settings);
    }

    /**
     * Wraps a computation as this metric's surrogate.
     * @param settings the smoothing.
     * @param function the computation.
     * @return the surrogate.
     */
    protected final Surrogate surrogateOf(SurrogateSettings settings, SurrogateFunction function) {
        Objects.requireNonNull(settings, "settings");
        return new Surrogate() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public SurrogateSettings settings() {
                return settings;
            }

            @Override
            public SurrogateResult evaluate(ScoreMatrix scores, AuditData audit) {
                return function.evaluate(scores, audit, settings);
            }

            @Override
            public String toString() {
                return "Surrogate(" + name + ", " + settings + ")";
            }
        };
    }

    /**
     * The error thrown by metrics without a surrogate.
     * @param why what to use instead.
     * @return the exception to throw.
     */
    protected final UnsupportedOperationException noSurrogate(String why) {
        return new UnsupportedOperationException("Metric " + name + " has no differentiable surrogate: " + why);
    }

    @Override
    public final boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && ((AbstractMetric) o).name.equals(name);
    }

    @Override
    public final int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return name;
    }
}
