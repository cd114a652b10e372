/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.debias;

import dev.fudlr.data.SampleEncoding;
import dev.fudlr.fairness.data.AuditData;
import dev.fudlr.fairness.data.UserAttribute;
import dev.fudlr.model.ItemIndex;
import org.tribuo.Example;
import org.tribuo.classification.Label;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Builds the fairness-metrics {@link AuditData} of an audit sample list for a recommender over an {@link ItemIndex}:
 * rows are the audit examples, columns the model's items.
 * <ul>
 *     <li>targets: each example's label (-1 when the model cannot rank it);</li>
 *     <li>item counts (popularity): how often each item is a training target;</li>
 *     <li>history (behind GP^hist) and exclusions: the items a user has already seen, i.e. every item in the user's
 *     training samples (targets and histories, matched by the {@code user} metadata) plus the audit example's own
 *     history; the history row is filled for a user's first audit example only, so users count once. An example's own
 *     target is never excluded (as in the ranking evaluator);</li>
 *     <li>sensitive attributes: metadata values under the given keys ({@value UserAttribute#UNKNOWN} when missing).</li>
 * </ul>
 */
public final class RecommenderAudit {

    private RecommenderAudit() {}

    /**
     * The audit examples whose target is in the model's catalogue: the others (items never seen in training, e.g. 2 of
     * ML-100K's 943 validation samples) have no score and no loss, so every audit (FUDLR's, {@code fudlr audit},
     * {@code fudlr verify}) leaves them out by this one rule and counts them.
     * @param items the model's catalogue.
     * @param audit the audit examples.
     * @return those with a target in the catalogue, in order.
     */
    public static List<Example<Label>> inCatalogue(ItemIndex items, List<? extends Example<Label>> audit) {
        List<Example<Label>> out = new ArrayList<>(audit.size());
        for (Example<Label> e : audit) {
            if (items.index(e.getOutput().getLabel()) >= 0) {
                out.add(e);
            }
        }
        return out;
    }

    /**
     * Builds the audit data of a recommender.
     * @param items the model's item index (score columns).
     * @param train the training samples (item counts, seen items).
     * @param audit the audit samples, one row each.
     * @param attributeKeys metadata keys of the sensitive attributes.
     * @return the audit data.
     */
    public static AuditData build(ItemIndex items, List<? extends Example<Label>> train, List<? extends Example<Label>> audit,
                           List<String> attributeKeys) {
        return build(items, TrainingSummary.of(items, train, TrainingSummary.users(audit), List.of()), audit, attributeKeys);
    }

    /**
     * Builds the audit data of a recommender from a summary of its training samples.
     * @param items the model's item index (score columns).
     * @param training the training samples' item counts and the audit users' seen items.
     * @param audit the audit samples, one row each.
     * @param attributeKeys metadata keys of the sensitive attributes.
     * @return the audit data.
     * @throws IllegalArgumentException if the summary is of another catalogue.
     */
    public static AuditData build(ItemIndex items, TrainingSummary training, List<? extends Example<Label>> audit,
                                  List<String> attributeKeys) {
        int numItems = items.size();
        long[] counts = training.itemCounts();
        if (counts.length != numItems) {
            throw new IllegalArgumentException("The training summary counts " + counts.length + " items, the model's catalogue has " + numItems);
        }
        int rows = audit.size();
        int[] targets = new int[rows];
        int[][] history = new int[rows][];
        int[][] exclusions = new int[rows][];
        Set<String> users = new HashSet<>();
        for (int r = 0; r < rows; r++) {
            Example<Label> ex = audit.get(r);
            targets[r] = items.index(ex.getOutput().getLabel());
            String user = SampleEncoding.metadata(ex, SampleEncoding.USER);
            Set<Integer> s = new LinkedHashSet<>();
            if (user != null) {
                for (int i : training.seenItems(user)) {
                    s.add(i);
                }
            }
            s.addAll(TrainingSummary.historyItems(ex, items));
            boolean first = user == null || users.add(user);
            history[r] = first ? s.stream().mapToInt(Integer::intValue).toArray() : new int[0];
            final int target = targets[r];
            exclusions[r] = s.stream().mapToInt(Integer::intValue).filter(i -> i != target).toArray();
        }
        AuditData.Builder b = AuditData.builder(rows, numItems).targets(targets).history(history).exclusions(exclusions)
            .itemCounts(counts);
        for (String key : attributeKeys) {
            String[] values = new String[rows];
            for (int r = 0; r < rows; r++) {
                String v = SampleEncoding.metadata(audit.get(r), key);
                values[r] = v == null || v.isEmpty() ? UserAttribute.UNKNOWN : v;
            }
            b.attribute(key, values);
        }
        return b.build();
    }
}
