/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.metric;

import dev.fudlr.fairness.data.AuditData;
import dev.fudlr.fairness.data.ScoreMatrix;
import dev.fudlr.fairness.surrogate.SeparableSurrogate;
import dev.fudlr.fairness.surrogate.SoftTopK;
import dev.fudlr.fairness.surrogate.Surrogate;
import dev.fudlr.fairness.surrogate.SurrogateResult;
import dev.fudlr.fairness.surrogate.SurrogateSettings;

import java.io.Serializable;
import java.util.Objects;
import java.util.Optional;

/**
 * Common plumbing of metric classes: canonical name, direction and cut-off, equality by class and name,
 * and a one-line way to expose a surrogate as sums over users ({@link #separableSurrogateOf}; a metric whose surrogate
 * has no such form implements {@link Surrogate} itself). Metrics are serializable (names, cut-offs and settings only), so that a
 * separable surrogate bound to an audit can be sent where the score rows are.
 */
public abstract class AbstractMetric implements FairnessMetric, Serializable {

    private static final long serialVersionUID = 1L;

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
     * The computation behind a surrogate of sums over users.
     */
    @FunctionalInterface
    protected interface SeparableFunction {
        /**
         * Binds the surrogate to an audit.
         * @param audit the whole audit.
         * @param settings the smoothing.
         * @return the separable surrogate.
         */
        SeparableSurrogate bind(AuditData audit, SurrogateSettings settings);
    }

    /**
     * What every metric's {@link SeparableSurrogate} holds: the metric (its name, cut-off and parameters) and the
     * smoothing; the surrogate's name is the metric's, and {@link #softTopK} gives a block's memberships. A subclass
     * adds the constants it binds from the whole audit, and {@link #size}, {@link #forward}, {@link #value} and
     * {@link #adjoint}. Serializable, as the metric and the settings are.
     * @param <M> the metric's class, whose parameters and helpers the subclass reads.
     */
    protected abstract static class SeparableBase<M extends AbstractMetric> implements SeparableSurrogate {
        private static final long serialVersionUID = 1L;

        /** The metric whose surrogate this is. */
        protected final M metric;
        private final SurrogateSettings settings;

        /**
         * Holds the metric and the smoothing.
         * @param metric the metric.
         * @param settings the smoothing.
         */
        protected SeparableBase(M metric, SurrogateSettings settings) {
            this.metric = Objects.requireNonNull(metric, "metric");
            this.settings = Objects.requireNonNull(settings, "settings");
        }

        @Override
        public final String name() {
            return metric.name();
        }

        /**
         * A block's soft top-K memberships at the metric's cut-off with this smoothing.
         * @param scores the block's users x items scores.
         * @param block the block's audit data.
         * @return the memberships.
         */
        protected final SoftTopK softTopK(ScoreMatrix scores, AuditData block) {
            return SoftTopK.compute(scores, block, metric.cutoff(), settings);
        }
    }

    /**
     * Wraps a separable computation as this metric's surrogate: {@link Surrogate#evaluate} runs it over one block of
     * all users, and {@link Surrogate#separable} offers it for blocks processed elsewhere.
     * @param settings the smoothing.
     * @param function the computation.
     * @return the surrogate.
     */
    protected final Surrogate separableSurrogateOf(SurrogateSettings settings, SeparableFunction function) {
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
                return SeparableSurrogate.evaluate(function.bind(audit, settings), scores, audit);
            }

            @Override
            public Optional<SeparableSurrogate> separable(AuditData audit) {
                return Optional.of(function.bind(audit, settings));
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
