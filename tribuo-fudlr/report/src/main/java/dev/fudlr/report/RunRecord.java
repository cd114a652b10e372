/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.report;

import com.oracle.labs.mlrg.olcut.provenance.ListProvenance;
import com.oracle.labs.mlrg.olcut.provenance.MapProvenance;
import com.oracle.labs.mlrg.olcut.provenance.PrimitiveProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import dev.fudlr.debias.FudlrReport;
import dev.fudlr.debias.ReportKey;
import dev.fudlr.debias.FudlrTransformer;
import org.tribuo.provenance.ModelProvenance;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;

/**
 * A typed, read-only view of the values one FUDLR run recorded (the {@value FudlrTransformer#PREFIX} instance values
 * of a debiased model's provenance, or {@link FudlrReport#provenanceValues()}). Accessors return empty results for
 * absent or differently typed keys instead of throwing, so a report renders whatever a run recorded (older runs
 * lack newer keys). Immutable.
 */
public final class RunRecord {

    private final Map<String, Provenance> values;

    private RunRecord(Map<String, Provenance> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    /**
     * The FUDLR values among a model provenance's instance values.
     * @param provenance a debiased model's provenance.
     * @return the record.
     * @throws IllegalArgumentException if it holds no FUDLR value (the model was not debiased by FUDLR).
     */
    public static RunRecord of(ModelProvenance provenance) {
        if (provenance == null) {
            throw new IllegalArgumentException("provenance is null");
        }
        return of(provenance.getInstanceProvenance().getMap(), provenance.getClassName());
    }

    /**
     * The FUDLR values of a map of instance values.
     * @param instanceValues instance values (other keys are ignored).
     * @return the record.
     * @throws IllegalArgumentException if it holds no FUDLR value.
     */
    public static RunRecord of(Map<String, ? extends Provenance> instanceValues) {
        return of(instanceValues, "the given values");
    }

    private static RunRecord of(Map<String, ? extends Provenance> instanceValues, String what) {
        Map<String, Provenance> out = new TreeMap<>();
        for (Map.Entry<String, ? extends Provenance> e : instanceValues.entrySet()) {
            if (e.getKey().startsWith(FudlrTransformer.PREFIX)) {
                out.put(e.getKey(), e.getValue());
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("No FUDLR run is recorded in " + what + " (no instance value starts with '"
                                               + FudlrTransformer.PREFIX + "'); only a model debiased by FUDLR has a report");
        }
        return new RunRecord(out);
    }

    /** @return every recorded key, sorted. */
    public Set<String> keys() {
        return values.keySet();
    }

    /**
     * @param key a full key.
     * @return whether it is recorded.
     */
    public boolean has(String key) {
        return values.containsKey(key);
    }

    /**
     * @param key a full key.
     * @return the raw provenance.
     */
    public Optional<Provenance> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /**
     * A numeric value (double, float, int or long provenance).
     * @param key a full key.
     * @return the value, or empty.
     */
    public OptionalDouble number(String key) {
        Double d = asNumber(values.get(key));
        return d == null ? OptionalDouble.empty() : OptionalDouble.of(d);
    }

    /**
     * A string-valued primitive (any primitive prints as its value).
     * @param key a full key.
     * @return the value, or empty.
     */
    public Optional<String> string(String key) {
        Provenance p = values.get(key);
        if (p instanceof PrimitiveProvenance<?> pp && pp.getValue() != null) {
            return Optional.of(pp.getValue().toString());
        }
        return Optional.empty();
    }

    /**
     * A boolean value.
     * @param key a full key.
     * @return the value, or empty.
     */
    public Optional<Boolean> flag(String key) {
        Provenance p = values.get(key);
        if (p instanceof PrimitiveProvenance<?> pp && pp.getValue() instanceof Boolean b) {
            return Optional.of(b);
        }
        return Optional.empty();
    }

    /**
     * A list of primitives as strings.
     * @param key a full key.
     * @return the values (empty when absent).
     */
    public List<String> strings(String key) {
        List<String> out = new ArrayList<>();
        if (values.get(key) instanceof ListProvenance<?> list) {
            for (Provenance p : list.getList()) {
                out.add(p instanceof PrimitiveProvenance<?> pp && pp.getValue() != null ? pp.getValue().toString() : p.toString());
            }
        }
        return out;
    }

    /**
     * A list of numbers (non-numeric entries are NaN).
     * @param key a full key.
     * @return the values (length 0 when absent).
     */
    public double[] numbers(String key) {
        if (!(values.get(key) instanceof ListProvenance<?> list)) {
            return new double[0];
        }
        double[] out = new double[list.getList().size()];
        for (int i = 0; i < out.length; i++) {
            Double d = asNumber(list.getList().get(i));
            out[i] = d == null ? Double.NaN : d;
        }
        return out;
    }

    /**
     * A map of numbers, sorted by key (a provenance map's iteration order is not stable across a round trip).
     * @param key a full key.
     * @return the map (empty when absent); non-numeric entries are left out.
     */
    public Map<String, Double> numberMap(String key) {
        Map<String, Double> out = new TreeMap<>();
        if (values.get(key) instanceof MapProvenance<?> map) {
            for (Map.Entry<String, ? extends Provenance> e : map.getMap().entrySet()) {
                Double d = asNumber(e.getValue());
                if (d != null) {
                    out.put(e.getKey(), d);
                }
            }
        }
        return out;
    }

    /** @return the exact audit metrics before the step (metric, then metric/breakdown keys). */
    public Map<String, Double> metricsBefore() {
        return numberMap(FudlrReport.METRICS_BEFORE);
    }

    /** @return the exact audit metrics after the step. */
    public Map<String, Double> metricsAfter() {
        return numberMap(FudlrReport.METRICS_AFTER);
    }

    /** @return the sorted unlearned sample ids. */
    public List<String> unlearnedIds() {
        return strings(FudlrReport.UNLEARNED_IDS);
    }

    /**
     * Keys under a prefix, with the prefix removed (e.g. the objective names of {@code fudlr.tradeoff.predicted-change.}).
     * @param prefix a full key prefix.
     * @return the suffixes, sorted.
     */
    public List<String> suffixes(String prefix) {
        List<String> out = new ArrayList<>();
        for (String k : values.keySet()) {
            if (k.startsWith(prefix) && k.length() > prefix.length()) {
                out.add(k.substring(prefix.length()));
            }
        }
        return out;
    }

    /**
     * The objectives with a recorded surrogate check ({@code fudlr.surrogate.<objective>.sign-agreement}).
     * @return objective names, sorted.
     */
    public List<String> surrogateObjectives() {
        List<String> out = new ArrayList<>();
        String prefix = ReportKey.Family.SURROGATE.prefix();
        String suffix = ".sign-agreement";
        for (String k : values.keySet()) {
            if (k.startsWith(prefix) && k.endsWith(suffix) && k.length() > prefix.length() + suffix.length()) {
                out.add(k.substring(prefix.length(), k.length() - suffix.length()));
            }
        }
        return out;
    }

    /** @return the raw values (unmodifiable, sorted by key). */
    public Map<String, Provenance> values() {
        return values;
    }

    private static Double asNumber(Provenance p) {
        if (p instanceof PrimitiveProvenance<?> pp && pp.getValue() instanceof Number n) {
            return n.doubleValue();
        }
        return null;
    }

    @Override
    public String toString() {
        return "RunRecord(" + values.size() + " values)";
    }
}
