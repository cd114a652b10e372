/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.cli;

import dev.fudlr.debias.RecommenderAudit;
import dev.fudlr.fairness.data.AuditData;
import dev.fudlr.fairness.data.Recommendations;
import dev.fudlr.fairness.data.ScoreMatrix;
import dev.fudlr.fairness.metric.FairnessMetric;
import dev.fudlr.fairness.metric.MetricResult;
import dev.fudlr.model.ItemIndex;
import dev.fudlr.model.UnlearnableRecommender;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Exact metrics of a recommender on audit examples, computed the way {@code FudlrTransformer} records them in a
 * debiased model's provenance: audit data from {@link RecommenderAudit} (users' already-seen items excluded),
 * top-K lists from the model's scores, each metric's value under its name and each breakdown entry under
 * {@code <name>/<entry>}, and, for models with a training loss, the mean audit cross-entropy under
 * {@value #VALIDATION_LOSS}. Used by {@code fudlr audit} and {@code fudlr verify}.
 */
final class ModelAudit {

    /** Key of the mean audit loss (as in the FUDLR report). */
    static final String VALIDATION_LOSS = "validation-loss";

    /**
     * The metrics of one model.
     * @param results each metric's result, by name, in request order.
     * @param values flat values: name, name/breakdown entry, and {@value #VALIDATION_LOSS} when available.
     * @param rows audit examples.
     * @param items catalogue size.
     */
    record Result(Map<String, MetricResult> results, Map<String, Double> values, int rows, int items) {}

    private ModelAudit() {}

    /**
     * Computes the metrics.
     * @param model the recommender.
     * @param train the training examples (item popularity and users' seen items).
     * @param audit the audit examples.
     * @param attributes sensitive attribute metadata keys.
     * @param metrics the metrics.
     * @param minCutoff the top-K list length at least (the lists are as long as the largest metric cut-off otherwise).
     * @return the result.
     */
    static Result run(Model<Label> model, List<Example<Label>> train, List<Example<Label>> audit, List<String> attributes,
                      List<FairnessMetric> metrics, int minCutoff) {
        if (audit.isEmpty()) {
            throw new IllegalArgumentException("the audit split has no examples");
        }
        ItemIndex items = model instanceof UnlearnableRecommender r ? r.items() : ItemIndex.of(labelNames(model));
        AuditData auditData = RecommenderAudit.build(items, train, audit, attributes);
        int cutoff = minCutoff;
        for (FairnessMetric m : metrics) {
            cutoff = Math.max(cutoff, m.cutoff());
        }
        Recommendations recs = Recommendations.fromScores(scores(model, items, audit), auditData, cutoff);
        Map<String, MetricResult> results = new LinkedHashMap<>();
        Map<String, Double> values = new LinkedHashMap<>();
        for (FairnessMetric m : metrics) {
            MetricResult r;
            try {
                r = m.compute(recs);
            } catch (IllegalStateException e) {
                throw new IllegalArgumentException("metric " + m.name() + " cannot be computed on this data: " + e.getMessage(), e);
            }
            results.put(m.name(), r);
            values.put(m.name(), r.value());
            for (Map.Entry<String, Double> e : r.breakdown().entrySet()) {
                values.put(m.name() + "/" + e.getKey(), e.getValue());
            }
        }
        if (model instanceof UnlearnableRecommender r) {
            values.put(VALIDATION_LOSS, Arrays.stream(r.perSampleLossAsDouble(audit)).average().orElse(Double.NaN));
        }
        return new Result(Collections.unmodifiableMap(results), Collections.unmodifiableMap(values), audit.size(), items.size());
    }

    private static List<String> labelNames(Model<Label> model) {
        List<String> names = new ArrayList<>();
        for (Label l : model.getOutputIDInfo().getDomain()) {
            names.add(l.getLabel());
        }
        return names;
    }

    private static ScoreMatrix scores(Model<Label> model, ItemIndex items, List<Example<Label>> audit) {
        int cols = items.size();
        float[] flat = new float[audit.size() * cols];
        if (model instanceof UnlearnableRecommender r) {
            float[][] s = r.scores(audit);
            for (int row = 0; row < s.length; row++) {
                System.arraycopy(s[row], 0, flat, row * cols, cols);
            }
        } else {
            // A plain Tribuo model: its prediction's output scores; an item it does not score ranks last.
            Arrays.fill(flat, -Float.MAX_VALUE);
            List<Prediction<Label>> predictions = model.predict(audit);
            for (int row = 0; row < predictions.size(); row++) {
                for (Map.Entry<String, Label> e : predictions.get(row).getOutputScores().entrySet()) {
                    int col = items.index(e.getKey());
                    if (col >= 0) {
                        flat[row * cols + col] = (float) e.getValue().getScore();
                    }
                }
            }
        }
        return ScoreMatrix.ofFloats(flat, audit.size(), cols);
    }
}
