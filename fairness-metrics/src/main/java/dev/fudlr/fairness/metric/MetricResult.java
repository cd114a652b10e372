/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.metric;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The exact value of one metric on one set of recommendations, with its per-group breakdown (group shares,
 * group means, group sizes including the unknown group) and any flags raised (for example groups under the
 * four-fifths impact ratio).
 * <p>
 * Breakdown keys read {@code quantity[group]}, for example {@code "ndcg[F]"}, {@code "count[unknown]"} or
 * {@code "gu[pop1]"}. An undefined entry (the mean utility of an empty group) is NaN.
 */
public final class MetricResult {

    private final String name;
    private final Direction direction;
    private final double value;
    private final Map<String, Double> breakdown;
    private final List<String> flags;

    private MetricResult(String name, Direction direction, double value, Map<String, Double> breakdown, List<String> flags) {
        this.name = name;
        this.direction = direction;
        this.value = value;
        this.breakdown = Collections.unmodifiableMap(new LinkedHashMap<>(breakdown));
        this.flags = Collections.unmodifiableList(new ArrayList<>(flags));
    }

    /**
     * A result with no breakdown.
     * @param name the metric name.
     * @param direction how to read the value.
     * @param value the value.
     * @return the result.
     */
    public static MetricResult of(String name, Direction direction, double value) {
        return builder(name, direction).value(value).build();
    }

    /**
     * Starts a result.
     * @param name the metric name.
     * @param direction how to read the value.
     * @return a builder.
     */
    public static Builder builder(String name, Direction direction) {
        return new Builder(name, direction);
    }

    /**
     * The metric's name (its registry spec).
     * @return the name.
     */
    public String name() {
        return name;
    }

    /**
     * How to read the value.
     * @return the direction.
     */
    public Direction direction() {
        return direction;
    }

    /**
     * The value.
     * @return the metric value.
     */
    public double value() {
        return value;
    }

    /**
     * The distance from the ideal ({@link Direction#distance}).
     * @return the distance.
     */
    public double distance() {
        return direction.distance(value);
    }

    /**
     * The per-group breakdown.
     * @return an unmodifiable ordered map.
     */
    public Map<String, Double> breakdown() {
        return breakdown;
    }

    /**
     * One breakdown entry.
     * @param key for example {@code "ndcg[F]"}.
     * @return the value.
     * @throws IllegalArgumentException if absent.
     */
    public double breakdown(String key) {
        Double v = breakdown.get(key);
        if (v == null) {
            throw new IllegalArgumentException("Metric " + name + " has no breakdown entry '" + key + "'; it has " + breakdown.keySet());
        }
        return v;
    }

    /**
     * Human-readable flags (for example a group under the impact-ratio threshold).
     * @return an unmodifiable list.
     */
    public List<String> flags() {
        return flags;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%s = %.6f (%s)", name, value, direction));
        for (Map.Entry<String, Double> e : breakdown.entrySet()) {
            sb.append(String.format(Locale.ROOT, "%n  %-28s %.6f", e.getKey(), e.getValue()));
        }
        for (String f : flags) {
            sb.append(String.format("%n  FLAG %s", f));
        }
        return sb.toString();
    }

    /**
     * Builds a {@link MetricResult}.
     */
    public static final class Builder {
        private final String name;
        private final Direction direction;
        private double value = Double.NaN;
        private final Map<String, Double> breakdown = new LinkedHashMap<>();
        private final List<String> flags = new ArrayList<>();

        private Builder(String name, Direction direction) {
            this.name = Objects.requireNonNull(name, "name");
            this.direction = Objects.requireNonNull(direction, "direction");
        }

        /**
         * Sets the value.
         * @param value the value (not NaN).
         * @return this.
         */
        public Builder value(double value) {
            if (Double.isNaN(value)) {
                throw new IllegalStateException("Metric " + name + " computed NaN");
            }
            this.value = value;
            return this;
        }

        /**
         * Adds a breakdown entry {@code quantity[group]}.
         * @param quantity what is measured (for example {@code "ndcg"}).
         * @param group the group.
         * @param v the value.
         * @return this.
         */
        public Builder put(String quantity, String group, double v) {
            breakdown.put(quantity + "[" + group + "]", v);
            return this;
        }

        /**
         * Adds a breakdown entry under a plain key.
         * @param key the key.
         * @param v the value.
         * @return this.
         */
        public Builder put(String key, double v) {
            breakdown.put(key, v);
            return this;
        }

        /**
         * Adds a flag.
         * @param flag a human-readable message.
         * @return this.
         */
        public Builder flag(String flag) {
            flags.add(flag);
            return this;
        }

        /**
         * Builds the result.
         * @return the result.
         */
        public MetricResult build() {
            if (Double.isNaN(value)) {
                throw new IllegalStateException("Metric " + name + " has no value");
            }
            return new MetricResult(name, direction, value, breakdown, flags);
        }
    }
}
