/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.debias;

import dev.fudlr.data.SampleEncoding;
import dev.fudlr.model.ItemIndex;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.classification.Label;

import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * What FUDLR needs of the whole training set apart from its passes over the samples, in one summary:
 * <ul>
 *     <li>item counts (popularity): how often each catalogue item is a training target;</li>
 *     <li>seen items of the audit users: every catalogue item in a user's training samples (the target, then the
 *     history items), in the order first seen over the samples in index order; only for the users asked for, as the
 *     audit needs no others;</li>
 *     <li>per sensitive attribute, the training samples in each group ({@link ReportDetails#groupOf}).</li>
 * </ul>
 * A {@link Builder} makes it in one pass. Parts of a training set summarise separately and {@link #merge} into the
 * whole's summary, which is how a store that keeps the samples elsewhere computes it without sending them (the Spark
 * module partitions by user, so each user's samples are in one part, in index order).
 */
public final class TrainingSummary implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    private final long samples;
    private final long[] itemCounts;
    private final LinkedHashMap<String, int[]> seen;
    private final TreeMap<String, TreeMap<String, Integer>> groups;

    private TrainingSummary(long samples, long[] itemCounts, LinkedHashMap<String, int[]> seen,
                            TreeMap<String, TreeMap<String, Integer>> groups) {
        this.samples = samples;
        this.itemCounts = itemCounts;
        this.seen = seen;
        this.groups = groups;
    }

    /**
     * Summarises a list of training samples (one pass, in list order).
     * @param items the model's catalogue.
     * @param train the training samples, in index order.
     * @param users the users whose seen items are kept, or null for all.
     * @param attributes the sensitive attributes whose groups are counted.
     * @return the summary.
     */
    public static TrainingSummary of(ItemIndex items, List<? extends Example<Label>> train, Collection<String> users,
                                     List<String> attributes) {
        Builder b = builder(items, users, attributes);
        for (Example<Label> ex : train) {
            b.add(ex);
        }
        return b.build();
    }

    /**
     * A builder.
     * @param items the model's catalogue.
     * @param users the users whose seen items are kept, or null for all.
     * @param attributes the sensitive attributes whose groups are counted.
     * @return the builder.
     */
    public static Builder builder(ItemIndex items, Collection<String> users, List<String> attributes) {
        return new Builder(items, users, attributes);
    }

    /**
     * The users of an audit list (their {@code user} metadata), the set to summarise seen items for.
     * @param audit the audit samples.
     * @return the users, in order of first appearance.
     */
    public static Set<String> users(List<? extends Example<Label>> audit) {
        Set<String> out = new LinkedHashSet<>();
        for (Example<Label> ex : audit) {
            String user = SampleEncoding.metadata(ex, SampleEncoding.USER);
            if (user != null) {
                out.add(user);
            }
        }
        return out;
    }

    /**
     * The summary of two parts of a training set, {@code later}'s samples after {@code earlier}'s in index order:
     * counts added, seen items in first-seen order ({@code earlier}'s, then {@code later}'s new ones). With each user's
     * samples in one part the order of the parts does not matter.
     * @param earlier a part.
     * @param later the part after it.
     * @return the summary of both.
     * @throws IllegalArgumentException if the parts count different catalogues or attributes.
     */
    public static TrainingSummary merge(TrainingSummary earlier, TrainingSummary later) {
        if (earlier.itemCounts.length != later.itemCounts.length || !earlier.groups.keySet().equals(later.groups.keySet())) {
            throw new IllegalArgumentException("Cannot merge summaries of " + earlier.itemCounts.length + " and " + later.itemCounts.length
                                               + " items with attributes " + earlier.groups.keySet() + " and " + later.groups.keySet());
        }
        long[] counts = earlier.itemCounts.clone();
        for (int i = 0; i < counts.length; i++) {
            counts[i] += later.itemCounts[i];
        }
        LinkedHashMap<String, int[]> seen = new LinkedHashMap<>(earlier.seen);
        for (Map.Entry<String, int[]> e : later.seen.entrySet()) {
            int[] first = seen.get(e.getKey());
            if (first == null) {
                seen.put(e.getKey(), e.getValue());
            } else {
                LinkedHashSet<Integer> union = new LinkedHashSet<>();
                for (int i : first) {
                    union.add(i);
                }
                for (int i : e.getValue()) {
                    union.add(i);
                }
                seen.put(e.getKey(), union.stream().mapToInt(Integer::intValue).toArray());
            }
        }
        TreeMap<String, TreeMap<String, Integer>> groups = new TreeMap<>();
        for (String a : earlier.groups.keySet()) {
            TreeMap<String, Integer> g = new TreeMap<>(earlier.groups.get(a));
            later.groups.get(a).forEach((k, v) -> g.merge(k, v, Integer::sum));
            groups.put(a, g);
        }
        return new TrainingSummary(earlier.samples + later.samples, counts, seen, groups);
    }

    /** @return the training samples summarised. */
    public long samples() {
        return samples;
    }

    /** @return per catalogue item, how often it is a training target (a copy). */
    public long[] itemCounts() {
        return itemCounts.clone();
    }

    /**
     * The catalogue items a user saw in training, in first-seen order.
     * @param user a user id (one the summary was built for: others answer empty, as users without training samples).
     * @return the item indices.
     */
    public int[] seenItems(String user) {
        int[] s = seen.get(user);
        return s == null ? new int[0] : s.clone();
    }

    /** @return the attributes whose groups are counted. */
    public Set<String> attributes() {
        return Collections.unmodifiableSet(groups.keySet());
    }

    /**
     * Training samples per group of an attribute.
     * @param attribute a summarised attribute.
     * @return group to count, by group name.
     * @throws IllegalArgumentException if the attribute was not summarised.
     */
    public Map<String, Integer> groupCounts(String attribute) {
        TreeMap<String, Integer> g = groups.get(attribute);
        if (g == null) {
            throw new IllegalArgumentException("The training summary counts no groups of '" + attribute + "'; it counts " + groups.keySet());
        }
        return Collections.unmodifiableMap(g);
    }

    /**
     * The catalogue items among an example's history features.
     * @param ex a sample.
     * @param items the catalogue.
     * @return their indices, in feature order.
     */
    static List<Integer> historyItems(Example<Label> ex, ItemIndex items) {
        List<Integer> out = new ArrayList<>();
        for (Feature f : ex) {
            String name = f.getName();
            if (name.startsWith(SampleEncoding.ITEM_FEATURE_PREFIX)) {
                int i = items.index(name.substring(SampleEncoding.ITEM_FEATURE_PREFIX.length()));
                if (i >= 0) {
                    out.add(i);
                }
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "TrainingSummary(samples=" + samples + ", items=" + itemCounts.length + ", users=" + seen.size() + ", attributes="
               + groups.keySet() + ")";
    }

    /** One pass over training samples in index order. Not thread-safe. */
    public static final class Builder {
        private final ItemIndex items;
        /** null = every user. */
        private final HashSet<String> users;
        private final long[] counts;
        private final LinkedHashMap<String, LinkedHashSet<Integer>> seen = new LinkedHashMap<>();
        private final TreeMap<String, TreeMap<String, Integer>> groups = new TreeMap<>();
        private long samples;

        private Builder(ItemIndex items, Collection<String> users, List<String> attributes) {
            this.items = Objects.requireNonNull(items, "items");
            this.users = users == null ? null : new HashSet<>(users);
            this.counts = new long[items.size()];
            for (String a : Objects.requireNonNull(attributes, "attributes")) {
                groups.put(a, new TreeMap<>());
            }
        }

        /**
         * Adds the next training sample.
         * @param ex the sample.
         * @return this.
         */
        public Builder add(Example<Label> ex) {
            samples++;
            int t = items.index(ex.getOutput().getLabel());
            if (t >= 0) {
                counts[t]++;
            }
            String user = SampleEncoding.metadata(ex, SampleEncoding.USER);
            if (user != null && (users == null || users.contains(user))) {
                Set<Integer> s = seen.computeIfAbsent(user, u -> new LinkedHashSet<>());
                if (t >= 0) {
                    s.add(t);
                }
                s.addAll(historyItems(ex, items));
            }
            for (Map.Entry<String, TreeMap<String, Integer>> g : groups.entrySet()) {
                g.getValue().merge(ReportDetails.groupOf(ex, g.getKey()), 1, Integer::sum);
            }
            return this;
        }

        /** @return the summary of the samples added. */
        public TrainingSummary build() {
            LinkedHashMap<String, int[]> s = new LinkedHashMap<>();
            seen.forEach((u, set) -> s.put(u, set.stream().mapToInt(Integer::intValue).toArray()));
            TreeMap<String, TreeMap<String, Integer>> g = new TreeMap<>();
            groups.forEach((a, m) -> g.put(a, new TreeMap<>(m)));
            return new TrainingSummary(samples, counts.clone(), s, g);
        }
    }
}
