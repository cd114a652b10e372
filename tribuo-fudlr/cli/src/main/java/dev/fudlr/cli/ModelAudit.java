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
import dev.fudlr.reliability.MemoryBudget;
import dev.fudlr.reliability.ResourceLimitException;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Exact metrics of a recommender on audit examples, computed the way {@code FudlrTransformer} records them in a
 * debiased model's provenance: audit data from {@link RecommenderAudit} (users' already-seen items excluded),
 * top-K lists from the model's scores, each metric's value under its name and each breakdown entry under
 * {@code <name>/<entry>}, and, for models with a training loss, the mean audit cross-entropy under
 * {@value #VALIDATION_LOSS}. Audit examples whose target item is outside the model's catalogue (never seen in training)
 * are left out and counted, as FUDLR leaves them out of its own audit ({@code fudlr.audit-skipped-unknown-targets}).
 * Used by {@code fudlr audit} and {@code fudlr verify}.
 */
final class ModelAudit {

    /** Key of the mean audit loss (as in the FUDLR report). */
    static final String VALIDATION_LOSS = "validation-loss";

    /**
     * The metrics of one model.
     * @param results each metric's result, by name, in request order.
     * @param values flat values: name, name/breakdown entry, and {@value #VALIDATION_LOSS} when available.
     * @param rows audit examples scored (those whose target is in the catalogue).
     * @param items catalogue size.
     * @param skippedUnknownTargets audit examples left out because their target is outside the catalogue.
     */
    record Result(Map<String, MetricResult> results, Map<String, Double> values, int rows, int items, int skippedUnknownTargets) {}

    private ModelAudit() {}

    /**
     * Computes the metrics.
     * @param model the recommender.
     * @param train the training examples (item popularity and users' seen items).
     * @param allAudit the audit examples.
     * @param attributes sensitive attribute metadata keys.
     * @param metrics the metrics.
     * @param minCutoff the top-K list length at least (the lists are as long as the largest metric cut-off otherwise).
     * @return the result.
     * @throws IllegalArgumentException if no audit example targets a catalogue item, or a cut-off exceeds the catalogue.
     * @throws dev.fudlr.reliability.ResourceLimitException if the score matrix would not fit the memory budget or heap.
     */
    static Result run(Model<Label> model, List<Example<Label>> train, List<Example<Label>> allAudit, List<String> attributes,
                      List<FairnessMetric> metrics, int minCutoff) {
        if (allAudit.isEmpty()) {
            throw new IllegalArgumentException("the audit split has no examples");
        }
        ItemIndex items = model instanceof UnlearnableRecommender r ? r.items() : ItemIndex.of(labelNames(model));
        // A target never seen in training has no score column and no loss: left out and counted, as FUDLR does, so that
        // verify recomputes what FUDLR recorded (other MovieLens releases have such targets).
        List<Example<Label>> audit = RecommenderAudit.inCatalogue(items, allAudit);
        int skipped = allAudit.size() - audit.size();
        if (audit.isEmpty()) {
            throw new IllegalArgumentException("none of the " + allAudit.size() + " audit examples targets an item of the model's "
                                               + "catalogue of " + items.size() + " items; is --data the model's training data?");
        }
        int cutoff = minCutoff;
        for (FairnessMetric m : metrics) {
            cutoff = Math.max(cutoff, m.cutoff());
        }
        if (cutoff > items.size()) {
            throw new IllegalArgumentException("metric cut-off K = " + cutoff + " is larger than the model's catalogue of " + items.size()
                                               + " items; lower -k or the metrics' @K");
        }
        checkScoreMemory(audit.size(), items.size());
        AuditData auditData = RecommenderAudit.build(items, train, audit, attributes);
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
        return new Result(Collections.unmodifiableMap(results), Collections.unmodifiableMap(values), audit.size(), items.size(), skipped);
    }

    /** Refuses a score matrix (rows x items floats, held twice while it is copied) that the budget or heap cannot hold. */
    private static void checkScoreMemory(int rows, int cols) {
        long cells = (long) rows * cols;
        long bytes = MemoryBudget.denseBytes(2, rows, cols, Float.BYTES);
        String what = String.format(Locale.ROOT, "The audit score matrix (%,d examples x %,d items)", rows, cols);
        if (cells > Integer.MAX_VALUE - 8) {
            throw new ResourceLimitException(what + " has more cells than a Java array holds; audit a smaller split", bytes,
                                             (Integer.MAX_VALUE - 8L) * Float.BYTES);
        }
        MemoryBudget.defaults().check(what, bytes, "Audit a smaller split");
        MemoryBudget.checkHeap(what, bytes, "Audit a smaller split");
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
