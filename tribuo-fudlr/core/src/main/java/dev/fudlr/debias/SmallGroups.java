/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.debias;

import dev.fudlr.data.SampleEncoding;
import org.tribuo.Example;
import org.tribuo.classification.Label;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Small-group suppression (k-anonymity style) for what reports and provenance publish about user groups: a group-level
 * statistic of a group with fewer than {@code k} users is, in effect, a statistic of one or a few users, so its value
 * is left out (and listed as {@linkplain #label suppressed}) while the group's size is still reported.
 * <ul>
 *     <li>{@link #metrics}: metric breakdowns {@code metric/quantity[group]}. A metric whose breakdown counts users
 *     per group ({@code metric/count[group]}, as every user-group fairness metric records) loses every entry naming a
 *     group with {@code 0 < count < k} (also pair entries such as {@code share[F,pop1]} or {@code distance[F,M]});
 *     counts, scalars and metrics without user counts (item-group metrics) are kept.</li>
 *     <li>{@link #unlearnedGroupsSuppressed}: the per-group counts of the unlearned samples, which sit next to the
 *     listed unlearned ids. They are withheld for an attribute when a group holds between 1 and {@code k - 1} distinct
 *     unlearned users (a single withheld cell could be recovered from the total, so all cells go), or when every
 *     unlearned user is in one group (then each listed id would reveal its user's group).</li>
 * </ul>
 * {@code k = 1} disables suppression. Stateless. See {@code docs/data-protection.md} for what this does not protect.
 */
public final class SmallGroups {

    /** Default minimum group size. */
    public static final int DEFAULT_MIN_GROUP_SIZE = 5;

    private static final Pattern ENTRY = Pattern.compile("^(.+)/([^/\\[]+)\\[(.*)]$");
    private static final String COUNT = "count";

    private SmallGroups() {}

    /**
     * The text shown instead of a suppressed value.
     * @param k the minimum group size.
     * @return {@code "suppressed (n < k)"}.
     */
    public static String label(int k) {
        return String.format(Locale.ROOT, "suppressed (n < %d)", k);
    }

    /**
     * Metric values without the per-group values of small user groups.
     * @param metrics metric values and breakdown entries ({@code metric/quantity[group]}).
     * @param k the minimum group size, at least 1.
     * @param suppressed receives the keys left out.
     * @return the kept values, in the input order.
     */
    public static Map<String, Double> metrics(Map<String, Double> metrics, int k, Collection<String> suppressed) {
        checkK(k);
        Map<String, Map<String, Double>> counts = new HashMap<>();
        for (Map.Entry<String, Double> e : metrics.entrySet()) {
            Matcher m = ENTRY.matcher(e.getKey());
            if (m.matches() && COUNT.equals(m.group(2))) {
                counts.computeIfAbsent(m.group(1), x -> new HashMap<>()).put(m.group(3), e.getValue());
            }
        }
        Map<String, Double> out = new LinkedHashMap<>();
        for (Map.Entry<String, Double> e : metrics.entrySet()) {
            Matcher m = ENTRY.matcher(e.getKey());
            if (m.matches() && !COUNT.equals(m.group(2)) && counts.containsKey(m.group(1))
                && namesSmallGroup(m.group(3), counts.get(m.group(1)), k)) {
                suppressed.add(e.getKey());
            } else {
                out.put(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    private static boolean namesSmallGroup(String groups, Map<String, Double> counts, int k) {
        // A pair entry names a user group and an item group, or two user groups; item groups have no user count.
        for (String g : groups.split(",", -1)) {
            Double n = counts.get(g);
            if (n != null && n > 0 && n < k) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the unlearned-sample counts of an attribute must be withheld.
     * @param train the training samples.
     * @param unlearned the unlearned training indices.
     * @param attribute the attribute's metadata key.
     * @param k the minimum group size, at least 1.
     * @return true if some group has between 1 and k - 1 distinct unlearned users, or all unlearned users (at least
     * one, with k &gt; 1) share one group while the training data has several.
     */
    public static boolean unlearnedGroupsSuppressed(List<? extends Example<Label>> train, int[] unlearned, String attribute, int k) {
        Set<String> groups = new HashSet<>();
        for (Example<Label> ex : train) {
            groups.add(ReportDetails.groupOf(ex, attribute));
        }
        return unlearnedGroupsSuppressed(train, unlearned, attribute, k, groups.size());
    }

    /**
     * As {@link #unlearnedGroupsSuppressed(List, int[], String, int)}, with the number of groups in the training data
     * given (e.g. from a {@link TrainingSummary}): {@code train} is read only at the unlearned indices.
     * @param train the training samples (only the unlearned ones are read).
     * @param unlearned the unlearned training indices.
     * @param attribute the attribute's metadata key.
     * @param k the minimum group size, at least 1.
     * @param trainingGroups the number of groups of the attribute among all training samples.
     * @return as the other overload.
     */
    public static boolean unlearnedGroupsSuppressed(List<? extends Example<Label>> train, int[] unlearned, String attribute, int k,
                                                    int trainingGroups) {
        checkK(k);
        if (k == 1 || unlearned.length == 0) {
            return false;
        }
        Map<String, Set<String>> users = new TreeMap<>();
        for (int i : unlearned) {
            Example<Label> ex = train.get(i);
            String user = SampleEncoding.metadata(ex, SampleEncoding.USER);
            // Without a user id each sample stands for its own user (the cautious reading).
            users.computeIfAbsent(ReportDetails.groupOf(ex, attribute), g -> new HashSet<>()).add(user == null ? "sample:" + i : user);
        }
        if (users.size() == 1 && trainingGroups > 1) {
            return true;
        }
        return users.values().stream().anyMatch(s -> s.size() < k);
    }

    /**
     * Checks a minimum group size.
     * @param k the size.
     * @throws IllegalArgumentException if it is below 1.
     */
    static void checkK(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("The minimum group size must be >= 1 (1 = no suppression), found " + k);
        }
    }
}
