/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.debias.baselines;

import com.oracle.labs.mlrg.olcut.provenance.ListProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.BooleanProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.DoubleProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.IntProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.LongProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.StringProvenance;
import dev.fudlr.PostTrainingReport;
import dev.fudlr.reliability.ProvenanceClock;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The report of a baseline post-training step: named run values, each recorded under {@code <prefix><key>} in the
 * new model's provenance instance values, and a summary listing them. Immutable.
 */
public final class BaselineReport implements PostTrainingReport {

    private final String title;
    private final Map<String, Provenance> values;
    private final String summary;

    private BaselineReport(Builder b) {
        this.title = b.title;
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(b.values));
        StringBuilder sb = new StringBuilder(title).append('\n');
        for (Map.Entry<String, Provenance> e : values.entrySet()) {
            String v = e.getValue().toString();
            sb.append("  ").append(e.getKey()).append(": ").append(v.length() > 200 ? v.substring(0, 200) + "..." : v).append('\n');
        }
        this.summary = sb.toString();
    }

    @Override
    public Map<String, Provenance> provenanceValues() {
        return values;
    }

    @Override
    public String summary() {
        return summary;
    }

    /**
     * A recorded value.
     * @param key the full key (with prefix).
     * @return the value, or null.
     */
    public Provenance value(String key) {
        return values.get(key);
    }

    @Override
    public String toString() {
        return summary;
    }

    /** Collects values under a key prefix. */
    static final class Builder {
        private final String prefix;
        private final String title;
        private final Map<String, Provenance> values = new LinkedHashMap<>();

        Builder(String prefix, String title) {
            this.prefix = prefix;
            this.title = title;
        }

        Builder put(String key, String v) {
            values.put(prefix + key, new StringProvenance(prefix + key, v));
            return this;
        }

        Builder put(String key, int v) {
            values.put(prefix + key, new IntProvenance(prefix + key, v));
            return this;
        }

        Builder put(String key, long v) {
            values.put(prefix + key, new LongProvenance(prefix + key, v));
            return this;
        }

        Builder put(String key, double v) {
            values.put(prefix + key, new DoubleProvenance(prefix + key, v));
            return this;
        }

        Builder put(String key, boolean v) {
            values.put(prefix + key, new BooleanProvenance(prefix + key, v));
            return this;
        }

        Builder put(String key, double[] v) {
            List<DoubleProvenance> list = new ArrayList<>(v.length);
            for (double d : v) {
                list.add(new DoubleProvenance(prefix + key, d));
            }
            values.put(prefix + key, new ListProvenance<>(list));
            return this;
        }

        Builder put(String key, List<String> v) {
            List<StringProvenance> list = new ArrayList<>(v.size());
            for (String s : v) {
                list.add(new StringProvenance(prefix + key, s));
            }
            values.put(prefix + key, new ListProvenance<>(list));
            return this;
        }

        Builder seconds(long startNanos) {
            // A measurement: left out of model files in reproducible mode (SOURCE_DATE_EPOCH), like FUDLR's stage times.
            return ProvenanceClock.isFixed() ? this : put("wall-seconds", (System.nanoTime() - startNanos) / 1e9);
        }

        BaselineReport build() {
            return new BaselineReport(this);
        }
    }
}
