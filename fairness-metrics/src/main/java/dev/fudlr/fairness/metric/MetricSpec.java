/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.metric;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed metric name: {@code family[@K][:argument][;key=value]...}, for example {@code "mgu@10"},
 * {@code "ndcg-gap@10:gender*age;agg=mad"} or {@code "item-exposure@20;items=pop10;reference=relevance"}.
 * <p>
 * Family names are lower case letters, digits and dashes; the argument names a user attribute (or an
 * intersection {@code a*b}) or an item group; parameters are unordered. The canonical form ({@link #toString()})
 * lists parameters sorted by key, so equal specs print equally. Names are case-sensitive except the family.
 */
public final class MetricSpec {

    /**
     * Largest cut-off K of a metric name (1,000). Top-K metrics read lists of at most a few hundred items; the lists cost
     * K entries per audited user, and K beyond the catalogue is refused when the catalogue is known.
     */
    public static final int MAX_CUTOFF = 1_000;

    private static final Pattern SPEC = Pattern.compile("([a-z][a-z0-9-]*)(?:@(\\d+))?(?::([^;@:]+))?((?:;[^;=]+=[^;=]*)*)");

    private final String family;
    private final Integer k;
    private final String argument;
    private final Map<String, String> params;

    private MetricSpec(String family, Integer k, String argument, Map<String, String> params) {
        this.family = family;
        this.k = k;
        this.argument = argument;
        this.params = Collections.unmodifiableMap(new TreeMap<>(params));
    }

    /**
     * Parses a metric name.
     * @param name the name (surrounding spaces ignored).
     * @return the spec.
     * @throws IllegalArgumentException if it does not follow the grammar.
     */
    public static MetricSpec parse(String name) {
        Objects.requireNonNull(name, "metric name");
        String trimmed = name.trim();
        Matcher m = SPEC.matcher(lowerFamily(trimmed));
        if (!m.matches()) {
            throw new IllegalArgumentException("Metric name '" + name + "' does not read family[@K][:argument][;key=value]..., "
                    + "for example mgu@10 or ndcg-gap@10:gender;agg=mad");
        }
        Integer k = null;
        if (m.group(2) != null) {
            try {
                k = Integer.valueOf(m.group(2));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Cut-off in metric name '" + name + "' is too large", e);
            }
        }
        Map<String, String> params = new TreeMap<>();
        String rest = m.group(4);
        if (rest != null && !rest.isEmpty()) {
            for (String kv : rest.substring(1).split(";")) {
                int eq = kv.indexOf('=');
                String key = kv.substring(0, eq).trim();
                String value = kv.substring(eq + 1).trim();
                if (key.isEmpty() || value.isEmpty()) {
                    throw new IllegalArgumentException("Metric name '" + name + "' has an empty parameter key or value in '" + kv + "'");
                }
                if (params.put(key, value) != null) {
                    throw new IllegalArgumentException("Metric name '" + name + "' repeats parameter '" + key + "'");
                }
            }
        }
        return new MetricSpec(m.group(1), k, m.group(3) == null ? null : m.group(3).trim(), params);
    }

    private static String lowerFamily(String s) {
        int end = 0;
        while (end < s.length() && s.charAt(end) != '@' && s.charAt(end) != ':' && s.charAt(end) != ';') {
            end++;
        }
        return s.substring(0, end).toLowerCase(Locale.ROOT) + s.substring(end);
    }

    /**
     * Starts a spec (for metrics building their canonical name).
     * @param family the family name.
     * @return a builder.
     */
    public static Builder builder(String family) {
        return new Builder(family);
    }

    /**
     * The family name.
     * @return the family.
     */
    public String family() {
        return family;
    }

    /**
     * The cut-off, if given.
     * @return K or null.
     */
    public Integer k() {
        return k;
    }

    /**
     * The cut-off, which must be given.
     * @return K, in 1..{@value #MAX_CUTOFF}.
     */
    public int requireK() {
        if (k == null) {
            throw new IllegalArgumentException("Metric '" + this + "' needs a cut-off, for example " + family + "@10");
        }
        if (k < 1) {
            throw new IllegalArgumentException("Metric '" + this + "' has cut-off " + k + "; K must be >= 1");
        }
        if (k > MAX_CUTOFF) {
            throw new IllegalArgumentException("Metric '" + this + "' has cut-off " + k + "; K must be at most " + MAX_CUTOFF
                    + " (MetricSpec.MAX_CUTOFF)");
        }
        return k;
    }

    /**
     * The argument, if given.
     * @return the argument or null.
     */
    public String argument() {
        return argument;
    }

    /**
     * The argument, which must be given.
     * @param what what the argument names, for the message (for example "a user attribute").
     * @return the argument.
     */
    public String requireArgument(String what) {
        if (argument == null) {
            throw new IllegalArgumentException("Metric '" + this + "' needs " + what + " after ':', for example " + family + "@10:gender");
        }
        return argument;
    }

    /**
     * Fails if an argument was given.
     */
    public void noArgument() {
        if (argument != null) {
            throw new IllegalArgumentException("Metric family '" + family + "' takes no ':' argument, got '" + argument + "'");
        }
    }

    /**
     * The parameters.
     * @return an unmodifiable sorted map.
     */
    public Map<String, String> params() {
        return params;
    }

    /**
     * Checks that only known parameters are present.
     * @param allowed the known keys.
     */
    public void allowParams(Set<String> allowed) {
        for (String key : params.keySet()) {
            if (!allowed.contains(key)) {
                throw new IllegalArgumentException("Metric '" + this + "' has unknown parameter '" + key + "'; allowed: "
                        + (allowed.isEmpty() ? "none" : new java.util.TreeSet<>(allowed).toString()));
            }
        }
    }

    /**
     * A string parameter.
     * @param key the key.
     * @param defaultValue used when absent.
     * @return the value.
     */
    public String param(String key, String defaultValue) {
        return params.getOrDefault(key, defaultValue);
    }

    /**
     * A numeric parameter.
     * @param key the key.
     * @param defaultValue used when absent.
     * @return the value.
     */
    public double doubleParam(String key, double defaultValue) {
        String v = params.get(key);
        if (v == null) {
            return defaultValue;
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Parameter '" + key + "' of metric '" + this + "' must be a number, got '" + v + "'", e);
        }
    }

    /**
     * An enum parameter, matched ignoring case.
     * @param key the key.
     * @param type the enum class.
     * @param defaultValue used when absent.
     * @param <E> the enum type.
     * @return the value.
     */
    public <E extends Enum<E>> E enumParam(String key, Class<E> type, E defaultValue) {
        String v = params.get(key);
        if (v == null) {
            return defaultValue;
        }
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(v)) {
                return e;
            }
        }
        StringBuilder allowed = new StringBuilder();
        for (E e : type.getEnumConstants()) {
            allowed.append(allowed.length() == 0 ? "" : ", ").append(e.name().toLowerCase(Locale.ROOT));
        }
        throw new IllegalArgumentException("Parameter '" + key + "' of metric '" + this + "' must be one of " + allowed + ", got '" + v + "'");
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof MetricSpec)) {
            return false;
        }
        MetricSpec that = (MetricSpec) o;
        return family.equals(that.family) && Objects.equals(k, that.k) && Objects.equals(argument, that.argument) && params.equals(that.params);
    }

    @Override
    public int hashCode() {
        return Objects.hash(family, k, argument, params);
    }

    /**
     * The canonical name.
     * @return {@code family[@K][:argument][;key=value]...} with keys sorted.
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(family);
        if (k != null) {
            sb.append('@').append(k);
        }
        if (argument != null) {
            sb.append(':').append(argument);
        }
        for (Map.Entry<String, String> e : params.entrySet()) {
            sb.append(';').append(e.getKey()).append('=').append(e.getValue());
        }
        return sb.toString();
    }

    /**
     * Builds a canonical {@link MetricSpec}.
     */
    public static final class Builder {
        private final String family;
        private Integer k;
        private String argument;
        private final Map<String, String> params = new TreeMap<>();

        private Builder(String family) {
            this.family = Objects.requireNonNull(family, "family");
        }

        /**
         * Sets the cut-off.
         * @param k K.
         * @return this.
         */
        public Builder k(int k) {
            this.k = k;
            return this;
        }

        /**
         * Sets the argument.
         * @param argument the argument (null for none).
         * @return this.
         */
        public Builder argument(String argument) {
            this.argument = argument;
            return this;
        }

        /**
         * Adds a parameter unless it equals its default (canonical names omit defaults).
         * @param key the key.
         * @param value the value.
         * @param defaultValue the default.
         * @return this.
         */
        public Builder param(String key, Object value, Object defaultValue) {
            if (!value.equals(defaultValue)) {
                params.put(key, value instanceof Enum ? ((Enum<?>) value).name().toLowerCase(Locale.ROOT) : value.toString());
            }
            return this;
        }

        /**
         * Builds the spec.
         * @return the spec.
         */
        public MetricSpec build() {
            return new MetricSpec(family, k, argument, params);
        }
    }
}
