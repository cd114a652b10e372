/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.evaluation;

import org.tribuo.Output;
import org.tribuo.Prediction;
import org.tribuo.evaluation.Evaluation;
import org.tribuo.evaluation.metrics.MetricID;
import org.tribuo.provenance.EvaluationProvenance;

import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The merged report of an {@link EvaluatorChain}: every part's evaluation by name, and one map of all metric
 * values.
 * <p>
 * Merging rule for {@link #asMap()}: a metric id reported by one part, or by several parts with the same
 * value, appears once under its own id. Ids reported by several parts with different values are replaced by
 * ids qualified with the part's name, {@code "<part>/<metric name>"} (same target), one per part, and a
 * warning is logged; the unqualified values stay available through {@link #get(String)}.
 * @param <T> the output type.
 */
public final class ChainedEvaluation<T extends Output<T>> implements Evaluation<T> {

    private static final Logger logger = Logger.getLogger(ChainedEvaluation.class.getName());

    private final Map<String, Evaluation<T>> parts;
    private final Map<MetricID<T>, Double> merged;
    private final List<Prediction<T>> predictions;
    private final EvaluationProvenance provenance;

    ChainedEvaluation(Map<String, Evaluation<T>> parts, List<Prediction<T>> predictions, EvaluationProvenance provenance) {
        this.parts = Collections.unmodifiableMap(new LinkedHashMap<>(parts));
        this.predictions = predictions;
        this.provenance = provenance;
        this.merged = Collections.unmodifiableMap(merge(parts));
    }

    private static <T extends Output<T>> Map<MetricID<T>, Double> merge(Map<String, Evaluation<T>> parts) {
        Map<MetricID<T>, Double> first = new HashMap<>();
        Set<MetricID<T>> clashing = new HashSet<>();
        for (Evaluation<T> e : parts.values()) {
            for (Map.Entry<MetricID<T>, Double> m : e.asMap().entrySet()) {
                Double prev = first.putIfAbsent(m.getKey(), m.getValue());
                if (prev != null && Double.compare(prev, m.getValue()) != 0) {
                    clashing.add(m.getKey());
                }
            }
        }
        Map<MetricID<T>, Double> out = new LinkedHashMap<>();
        for (Map.Entry<String, Evaluation<T>> e : parts.entrySet()) {
            for (Map.Entry<MetricID<T>, Double> m : e.getValue().asMap().entrySet()) {
                MetricID<T> id = m.getKey();
                if (clashing.contains(id)) {
                    out.put(new MetricID<>(id.getA(), e.getKey() + "/" + id.getB()), m.getValue());
                } else {
                    out.putIfAbsent(id, m.getValue());
                }
            }
        }
        if (!clashing.isEmpty()) {
            logger.warning("Chained evaluators report different values for " + clashing + "; they are qualified by evaluator name");
        }
        return out;
    }

    /**
     * The part evaluations by name.
     * @return an unmodifiable ordered map.
     */
    public Map<String, Evaluation<T>> parts() {
        return parts;
    }

    /**
     * One part's evaluation.
     * @param name the part's name in the chain.
     * @return the evaluation.
     */
    public Evaluation<T> get(String name) {
        Evaluation<T> e = parts.get(name);
        if (e == null) {
            throw new IllegalArgumentException("No evaluator '" + name + "' in the chain; parts are " + parts.keySet());
        }
        return e;
    }

    /**
     * One part's evaluation with its own type.
     * @param name the part's name.
     * @param type the expected evaluation class.
     * @param <E> the evaluation type.
     * @return the evaluation.
     */
    public <E extends Evaluation<T>> E get(String name, Class<E> type) {
        Evaluation<T> e = get(name);
        if (!type.isInstance(e)) {
            throw new IllegalArgumentException("Evaluator '" + name + "' produced a " + e.getClass().getName() + ", not a " + type.getName());
        }
        return type.cast(e);
    }

    @Override
    public Map<MetricID<T>, Double> asMap() {
        return merged;
    }

    @Override
    public List<Prediction<T>> getPredictions() {
        return predictions;
    }

    @Override
    public EvaluationProvenance getProvenance() {
        return provenance;
    }

    /**
     * Each part's own report, under its name.
     * @return the report.
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ChainedEvaluation(" + predictions.size() + " predictions)");
        for (Map.Entry<String, Evaluation<T>> e : parts.entrySet()) {
            sb.append(String.format("%n== %s ==%n", e.getKey())).append(e.getValue());
        }
        return sb.toString();
    }
}
