/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.debias;

import com.oracle.labs.mlrg.olcut.provenance.ListProvenance;
import com.oracle.labs.mlrg.olcut.provenance.MapProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.DoubleProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.IntProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.StringProvenance;
import dev.fudlr.data.SampleEncoding;
import dev.fudlr.fairness.data.AgeBuckets;
import dev.fudlr.fairness.data.UserAttribute;
import dev.fudlr.mask.Selection;
import org.tribuo.Example;
import org.tribuo.classification.Label;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Extra values of a FUDLR run that only the audit report needs, computed from what the run already has in memory
 * (mask values and per-sample effects), so that recording them costs no model evaluation:
 * <ul>
 *     <li>{@link #thresholdTradeOff}: for a grid of mask thresholds, the selection size and the influence-predicted
 *     change of every objective's surrogate and of the validation loss (the fairness-accuracy trade-off curve of the
 *     threshold);</li>
 *     <li>{@link #unlearnedSamples}: the highest-mask unlearned samples (id, mask value, target item, predicted
 *     changes) and, per sensitive attribute, how many unlearned and how many training samples fall in each group.
 *     Group-level counts only: no user's attribute value is recorded (see issue 9, data minimisation).</li>
 * </ul>
 * Both return instance values (keys prefixed {@value FudlrTransformer#PREFIX}) for
 * {@code FudlrReport.Builder#details}. Stateless.
 */
public final class ReportDetails {

    /** Key: the mask thresholds of the trade-off curve (ascending). */
    public static final String TRADEOFF_THRESHOLDS = FudlrTransformer.PREFIX + "tradeoff.thresholds";
    /** Key: the selection size at each threshold (after the removal cap). */
    public static final String TRADEOFF_SELECTED = FudlrTransformer.PREFIX + "tradeoff.selected";
    /** Key prefix (+ objective name): predicted surrogate change at each threshold. */
    public static final String TRADEOFF_PREDICTED_CHANGE = FudlrTransformer.PREFIX + "tradeoff.predicted-change.";
    /** Key: predicted validation-loss change at each threshold. */
    public static final String TRADEOFF_PREDICTED_LOSS_CHANGE = FudlrTransformer.PREFIX + "tradeoff.predicted-validation-loss-change";
    /** Key: ids of the highest-mask unlearned samples, in mask order. */
    public static final String TOP_IDS = FudlrTransformer.PREFIX + "unlearned.top.ids";
    /** Key: their mask values. */
    public static final String TOP_MASK_VALUES = FudlrTransformer.PREFIX + "unlearned.top.mask-values";
    /** Key: their target items. */
    public static final String TOP_TARGET_ITEMS = FudlrTransformer.PREFIX + "unlearned.top.target-items";
    /** Key prefix (+ objective name): their predicted surrogate changes. */
    public static final String TOP_PREDICTED_CHANGE = FudlrTransformer.PREFIX + "unlearned.top.predicted-change.";
    /** Key: their predicted validation-loss changes. */
    public static final String TOP_PREDICTED_LOSS_CHANGE = FudlrTransformer.PREFIX + "unlearned.top.predicted-validation-loss-change";
    /** Key prefix (+ attribute): unlearned samples per group of the attribute. */
    public static final String UNLEARNED_GROUPS = FudlrTransformer.PREFIX + "unlearned.groups.";
    /**
     * Key: attributes whose unlearned-sample counts were withheld ({@link SmallGroups#unlearnedGroupsSuppressed}); their
     * {@link #UNLEARNED_GROUPS} entry is absent, their {@link #TRAIN_GROUPS} entry present.
     */
    public static final String UNLEARNED_GROUPS_SUPPRESSED = FudlrTransformer.PREFIX + "unlearned.groups-suppressed";
    /** Key prefix (+ attribute): training samples per group of the attribute. */
    public static final String TRAIN_GROUPS = FudlrTransformer.PREFIX + "train.groups.";

    /** Default threshold grid: 0.05, 0.10, ..., 0.95. */
    public static final double[] DEFAULT_THRESHOLDS = defaultThresholds();

    /** Default number of top samples recorded. */
    public static final int DEFAULT_TOP = 20;

    private ReportDetails() {}

    private static double[] defaultThresholds() {
        double[] t = new double[19];
        for (int i = 0; i < t.length; i++) {
            // Rounded so the recorded values print as 0.05, 0.1, ... rather than 0.15000000000000002.
            t[i] = Math.round((i + 1) * 5.0) / 100.0;
        }
        return t;
    }

    /**
     * The fairness-accuracy trade-off of the mask threshold, predicted by the influence effects: for each threshold
     * t the selection {@code S_t} (mask above t, capped as in the run), {@code |S_t|}, {@code sum_{i in S_t} a_ik} per
     * objective and {@code sum_{i in S_t} b_i}.
     * @param mask the final mask values m_i (length n).
     * @param effects n rows of {a_i1..a_iK, b_i}: per-objective surrogate effects, then the validation-loss effect.
     * @param objectives the K objective names.
     * @param maxRemovalFraction the run's removal cap, in [0, 1].
     * @param thresholds ascending thresholds in (0, 1).
     * @return instance values to record.
     */
    public static Map<String, Provenance> thresholdTradeOff(double[] mask, double[][] effects, List<String> objectives,
                                                            double maxRemovalFraction, double[] thresholds) {
        checkShapes(mask, effects, objectives);
        if (thresholds.length == 0) {
            throw new IllegalArgumentException("thresholds is empty");
        }
        for (int t = 0; t < thresholds.length; t++) {
            if (!(thresholds[t] > 0 && thresholds[t] < 1) || (t > 0 && !(thresholds[t] > thresholds[t - 1]))) {
                throw new IllegalArgumentException("thresholds must be ascending in (0, 1), found " + Arrays.toString(thresholds));
            }
        }
        int k = objectives.size();
        List<DoubleProvenance> ts = new ArrayList<>();
        List<IntProvenance> sizes = new ArrayList<>();
        List<List<DoubleProvenance>> changes = new ArrayList<>();
        for (int j = 0; j <= k; j++) {
            changes.add(new ArrayList<>());
        }
        for (double t : thresholds) {
            Selection s = Selection.byThreshold(mask, t, maxRemovalFraction);
            double[] sum = new double[k + 1];
            for (int i : s.indices()) {
                for (int j = 0; j <= k; j++) {
                    sum[j] += effects[i][j];
                }
            }
            ts.add(new DoubleProvenance("threshold", t));
            sizes.add(new IntProvenance("selected", s.size()));
            for (int j = 0; j <= k; j++) {
                changes.get(j).add(new DoubleProvenance("predicted-change", sum[j]));
            }
        }
        Map<String, Provenance> out = new LinkedHashMap<>();
        out.put(TRADEOFF_THRESHOLDS, new ListProvenance<>(ts));
        out.put(TRADEOFF_SELECTED, new ListProvenance<>(sizes));
        for (int j = 0; j < k; j++) {
            out.put(TRADEOFF_PREDICTED_CHANGE + objectives.get(j), new ListProvenance<>(changes.get(j)));
        }
        out.put(TRADEOFF_PREDICTED_LOSS_CHANGE, new ListProvenance<>(changes.get(k)));
        return out;
    }

    /**
     * The unlearned samples' details: the {@code top} with the highest mask values (ids, mask values, target items,
     * predicted changes) and, for each attribute, unlearned and training sample counts per group (missing values
     * count as {@value UserAttribute#UNKNOWN}).
     * @param train the training examples (indexed as in the run).
     * @param unlearned the unlearned training indices (any order; reported in mask order).
     * @param mask the final mask values (length = train size).
     * @param effects per-sample effects as in {@link #thresholdTradeOff}.
     * @param objectives the objective names.
     * @param attributes the sensitive attribute metadata keys to count.
     * @param top how many samples to describe, &gt;= 0.
     * @return instance values to record.
     */
    public static Map<String, Provenance> unlearnedSamples(List<? extends Example<Label>> train, int[] unlearned, double[] mask,
                                                           double[][] effects, List<String> objectives, List<String> attributes,
                                                           int top) {
        return unlearnedSamples(train, unlearned, mask, effects, objectives, attributes, top, 1);
    }

    /**
     * As {@link #unlearnedSamples(List, int[], double[], double[][], List, List, int)}, withholding the unlearned-sample
     * counts of an attribute whose groups are too small to publish next to the unlearned ids
     * ({@link SmallGroups#unlearnedGroupsSuppressed}); those attributes are listed under
     * {@value #UNLEARNED_GROUPS_SUPPRESSED} and keep their training counts.
     * @param train the training examples (indexed as in the run).
     * @param unlearned the unlearned training indices.
     * @param mask the final mask values.
     * @param effects per-sample effects.
     * @param objectives the objective names.
     * @param attributes the sensitive attribute metadata keys to count.
     * @param top how many samples to describe, &gt;= 0.
     * @param minGroupSize the minimum group size k (1 = no suppression).
     * @return instance values to record.
     */
    public static Map<String, Provenance> unlearnedSamples(List<? extends Example<Label>> train, int[] unlearned, double[] mask,
                                                           double[][] effects, List<String> objectives, List<String> attributes,
                                                           int top, int minGroupSize) {
        Map<String, Map<String, Integer>> groups = new LinkedHashMap<>();
        for (String attribute : attributes) {
            Map<String, Integer> all = new TreeMap<>();
            for (Example<Label> ex : train) {
                all.merge(groupOf(ex, attribute), 1, Integer::sum);
            }
            groups.put(attribute, all);
        }
        return unlearnedSamples(train, groups, unlearned, mask, effects, objectives, top, minGroupSize);
    }

    /**
     * As {@link #unlearnedSamples(List, int[], double[], double[][], List, List, int, int)}, with the training samples'
     * group counts from a summary: {@code train} is read only at the unlearned indices (their ids, target items and
     * attributes), so it may hold only those.
     * @param train the training examples (indexed as in the run; only the unlearned ones are read).
     * @param training the summary counting the groups of every attribute to report.
     * @param attributes the sensitive attribute metadata keys to count (each counted by {@code training}).
     * @param unlearned the unlearned training indices.
     * @param mask the final mask values.
     * @param effects per-sample effects.
     * @param objectives the objective names.
     * @param top how many samples to describe, &gt;= 0.
     * @param minGroupSize the minimum group size k (1 = no suppression).
     * @return instance values to record.
     */
    public static Map<String, Provenance> unlearnedSamples(List<? extends Example<Label>> train, TrainingSummary training,
                                                           List<String> attributes, int[] unlearned, double[] mask, double[][] effects,
                                                           List<String> objectives, int top, int minGroupSize) {
        Map<String, Map<String, Integer>> groups = new LinkedHashMap<>();
        for (String attribute : attributes) {
            groups.put(attribute, training.groupCounts(attribute));
        }
        return unlearnedSamples(train, groups, unlearned, mask, effects, objectives, top, minGroupSize);
    }

    private static Map<String, Provenance> unlearnedSamples(List<? extends Example<Label>> train, Map<String, Map<String, Integer>> trainingGroups,
                                                            int[] unlearned, double[] mask, double[][] effects, List<String> objectives,
                                                            int top, int minGroupSize) {
        SmallGroups.checkK(minGroupSize);
        checkShapes(mask, effects, objectives);
        if (train.size() != mask.length) {
            throw new IllegalArgumentException("train has " + train.size() + " examples but the mask " + mask.length + " values");
        }
        if (top < 0) {
            throw new IllegalArgumentException("top must be >= 0, found " + top);
        }
        for (int i : unlearned) {
            if (i < 0 || i >= mask.length) {
                throw new IllegalArgumentException("unlearned index " + i + " is outside [0, " + mask.length + ")");
            }
        }
        // Mask order with ties by index, as Selection orders its members.
        Integer[] members = Arrays.stream(unlearned).boxed().toArray(Integer[]::new);
        Arrays.sort(members, (a, b) -> mask[a] != mask[b] ? Double.compare(mask[b], mask[a]) : Integer.compare(a, b));
        int k = objectives.size();
        int shown = Math.min(top, members.length);
        List<StringProvenance> ids = new ArrayList<>();
        List<DoubleProvenance> values = new ArrayList<>();
        List<StringProvenance> targets = new ArrayList<>();
        List<List<DoubleProvenance>> changes = new ArrayList<>();
        for (int j = 0; j <= k; j++) {
            changes.add(new ArrayList<>());
        }
        for (int r = 0; r < shown; r++) {
            int i = members[r];
            Example<Label> ex = train.get(i);
            String id = SampleEncoding.metadata(ex, SampleEncoding.SAMPLE);
            ids.add(new StringProvenance("id", id == null ? "index:" + i : id));
            values.add(new DoubleProvenance("mask", mask[i]));
            targets.add(new StringProvenance("target", ex.getOutput().getLabel()));
            for (int j = 0; j <= k; j++) {
                changes.get(j).add(new DoubleProvenance("predicted-change", effects[i][j]));
            }
        }
        Map<String, Provenance> out = new LinkedHashMap<>();
        out.put(TOP_IDS, new ListProvenance<>(ids));
        out.put(TOP_MASK_VALUES, new ListProvenance<>(values));
        out.put(TOP_TARGET_ITEMS, new ListProvenance<>(targets));
        for (int j = 0; j < k; j++) {
            out.put(TOP_PREDICTED_CHANGE + objectives.get(j), new ListProvenance<>(changes.get(j)));
        }
        out.put(TOP_PREDICTED_LOSS_CHANGE, new ListProvenance<>(changes.get(k)));
        List<StringProvenance> withheld = new ArrayList<>();
        for (Map.Entry<String, Map<String, Integer>> e : trainingGroups.entrySet()) {
            String attribute = e.getKey();
            Map<String, Integer> removed = new TreeMap<>();
            Map<String, Integer> all = e.getValue();
            for (int i : unlearned) {
                removed.merge(groupOf(train.get(i), attribute), 1, Integer::sum);
            }
            for (String g : all.keySet()) {
                removed.putIfAbsent(g, 0);
            }
            if (SmallGroups.unlearnedGroupsSuppressed(train, unlearned, attribute, minGroupSize, all.size())) {
                withheld.add(new StringProvenance("attribute", attribute));
            } else {
                out.put(UNLEARNED_GROUPS + attribute, counts(removed));
            }
            out.put(TRAIN_GROUPS + attribute, counts(all));
        }
        if (!withheld.isEmpty()) {
            out.put(UNLEARNED_GROUPS_SUPPRESSED, new ListProvenance<>(withheld));
        }
        return out;
    }

    /**
     * The group of an example's user for an attribute: the metadata value, ages bucketed as the fairness evaluator
     * buckets them ({@link AgeBuckets#DEFAULT}: counts per exact age would be needlessly fine-grained), and
     * {@value UserAttribute#UNKNOWN} when missing.
     * @param ex a sample.
     * @param attribute a metadata key.
     * @return the group name.
     */
    public static String groupOf(Example<?> ex, String attribute) {
        String v = SampleEncoding.metadata(ex, attribute);
        if (v == null || v.isEmpty()) {
            return UserAttribute.UNKNOWN;
        }
        if (SampleEncoding.AGE.equals(attribute)) {
            try {
                String bucket = AgeBuckets.DEFAULT.apply(v);
                return bucket == null ? UserAttribute.UNKNOWN : bucket;
            } catch (IllegalArgumentException e) {
                // Not a whole number of years: keep the value as its own group.
                return v;
            }
        }
        return v;
    }

    private static MapProvenance<IntProvenance> counts(Map<String, Integer> m) {
        Map<String, IntProvenance> out = new TreeMap<>();
        m.forEach((g, c) -> out.put(g, new IntProvenance(g, c)));
        return new MapProvenance<>(out);
    }

    private static void checkShapes(double[] mask, double[][] effects, List<String> objectives) {
        if (mask.length != effects.length) {
            throw new IllegalArgumentException("mask has " + mask.length + " values but effects " + effects.length + " rows");
        }
        for (int i = 0; i < effects.length; i++) {
            if (effects[i].length != objectives.size() + 1) {
                throw new IllegalArgumentException("effects row " + i + " has " + effects[i].length + " columns, expected "
                                                   + (objectives.size() + 1) + " (one per objective, then the validation loss)");
            }
        }
    }
}
