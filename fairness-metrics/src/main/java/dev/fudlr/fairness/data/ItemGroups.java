/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.data;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * A partition of the catalogue into named item groups (popularity groups, head / long tail, genres, or any
 * user-supplied mapping): every item belongs to exactly one group.
 * <p>
 * Items with several natural labels (a film with three genres) must be mapped to one group by the caller,
 * for example by their first listed genre; fractional membership is not supported.
 */
public final class ItemGroups implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Name of the head group of {@link #headTail}. */
    public static final String HEAD = "head";
    /** Name of the long-tail group of {@link #headTail}. */
    public static final String TAIL = "tail";

    private final String name;
    private final List<String> groups;
    private final int[] groupOf;
    private final int[] sizes;

    private ItemGroups(String name, List<String> groups, int[] groupOf) {
        this.name = name;
        this.groups = Collections.unmodifiableList(new ArrayList<>(groups));
        this.groupOf = groupOf;
        this.sizes = new int[groups.size()];
        for (int g : groupOf) {
            sizes[g]++;
        }
    }

    /**
     * Popularity groups of equal size, the grouping of MGU@K / DGU@K as IFairLRS defines it (Jiang et al., WWW 2024:
     * "five equal-size quintiles of items ranked by popularity"; its ML-1M group file covers the whole catalogue).
     * <p>
     * Items are sorted by training count, most popular first, ties by lower index; the item at 0-based rank
     * {@code r} of {@code n} goes to group {@code floor(G r / n)}, so group sizes differ by at most one. Group
     * {@code pop1} is the most popular. Items never seen in training (count 0) rank last, so they fall in the last
     * group(s). IFairLRS's published ML-1M file has groups of 772..782 items, so its tie rule differs slightly at the
     * group edges (documented in docs/metrics.md).
     * @param counts training interaction count per item index (non-negative, not all zero).
     * @param numGroups G, at least 1 (with fewer items than groups, some groups are empty).
     * @return groups named {@code pop1 .. popG}, in that order; the grouping is named {@code popG}.
     */
    public static ItemGroups bySizeQuantiles(long[] counts, int numGroups) {
        if (numGroups < 1) {
            throw new IllegalArgumentException("The number of popularity groups must be >= 1, got " + numGroups);
        }
        checkCounts(counts);
        Integer[] order = popularityOrder(counts);
        int[] groupOf = new int[counts.length];
        for (int r = 0; r < order.length; r++) {
            // Exact integer arithmetic: floor(G r / n).
            groupOf[order[r]] = (int) ((long) numGroups * r / counts.length);
        }
        return new ItemGroups("pop" + numGroups, popNames(numGroups), groupOf);
    }

    /**
     * Popularity groups with equal interaction mass (<b>ours</b>, {@code popmassG}): each group holds about
     * {@code 1/G} of all training interactions, so the head groups are a few very popular items and the last group
     * most of the catalogue. It measures the spread of recommendation <em>mass</em> rather than of items; not the
     * IFairLRS grouping, so its MGU is not comparable with published MGU values.
     * <p>
     * Items are sorted by training count, most popular first (ties by lower index). Walking that order, an
     * item whose preceding items hold a cumulative count {@code c} goes to group {@code min(G-1, floor(G c / total))}.
     * Group {@code pop1} is the most popular; a single item holding more than {@code 1/G} of the mass leaves the next
     * group(s) empty. Items never seen in training land in the last group.
     * @param counts training interaction count per item index (non-negative, not all zero).
     * @param numGroups G, at least 1.
     * @return groups named {@code pop1 .. popG}, in that order; the grouping is named {@code popmassG}.
     */
    public static ItemGroups byPopularityMass(long[] counts, int numGroups) {
        if (numGroups < 1) {
            throw new IllegalArgumentException("The number of popularity groups must be >= 1, got " + numGroups);
        }
        long total = checkCounts(counts);
        Integer[] order = popularityOrder(counts);
        int[] groupOf = new int[counts.length];
        long before = 0;
        for (Integer item : order) {
            // Exact integer arithmetic: floor(G * before / total) without floating rounding at group edges.
            long g = Math.multiplyExact(numGroups, before) / total;
            groupOf[item] = (int) Math.min(numGroups - 1, g);
            before += counts[item];
        }
        return new ItemGroups("popmass" + numGroups, popNames(numGroups), groupOf);
    }

    private static List<String> popNames(int numGroups) {
        List<String> names = new ArrayList<>();
        for (int g = 1; g <= numGroups; g++) {
            names.add("pop" + g);
        }
        return names;
    }

    /**
     * The short head and the long tail: the {@code ceil(P n / 100)} most popular items (ties by lower index) form
     * {@value #HEAD}, all others {@value #TAIL} (Abdollahpouri et al.'s split; P = 20 by default in the metrics).
     * Computed in integers, so P = 7 of 100 items is 7 head items (a floating-point product 7.000000000000001 used to
     * round up to 8).
     * @param counts training interaction count per item index (non-negative, not all zero).
     * @param headPercent P, the share of items in the head in percent, 1..99.
     * @return groups {@value #HEAD} and {@value #TAIL}.
     */
    public static ItemGroups headTail(long[] counts, int headPercent) {
        if (headPercent < 1 || headPercent > 99) {
            throw new IllegalArgumentException("The head share must be 1..99 percent, got " + headPercent);
        }
        checkCounts(counts);
        Integer[] order = popularityOrder(counts);
        int head = (int) (((long) headPercent * counts.length + 99) / 100);
        int[] groupOf = new int[counts.length];
        for (int r = 0; r < order.length; r++) {
            groupOf[order[r]] = r < head ? 0 : 1;
        }
        return new ItemGroups("headtail", List.of(HEAD, TAIL), groupOf);
    }

    /**
     * RecBole's tail (its {@code TailPercentage} metric with {@code tail_ratio < 1}): among the items seen in training
     * (count above 0), sorted by count ascending, ties by lower index, the first {@code max(floor(P m / 100), 1)} of
     * the {@code m} seen items are {@value #TAIL}; every other item is {@value #HEAD}, items never seen in training
     * included (RecBole's count table has no entry for them). RecBole's default {@code tail_ratio} is 0.1 (P = 10).
     * @param counts training interaction count per item index (non-negative, not all zero).
     * @param tailPercent P, 1..99.
     * @return groups {@value #HEAD} and {@value #TAIL}; the grouping is named {@code recbole-tailP}.
     */
    public static ItemGroups recBoleTail(long[] counts, int tailPercent) {
        if (tailPercent < 1 || tailPercent > 99) {
            throw new IllegalArgumentException("The tail share must be 1..99 percent, got " + tailPercent);
        }
        checkCounts(counts);
        // Seen items in ascending count, ties by lower index.
        List<Integer> ascending = new ArrayList<>();
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 0) {
                ascending.add(i);
            }
        }
        ascending.sort((a, b) -> counts[a] != counts[b] ? Long.compare(counts[a], counts[b]) : Integer.compare(a, b));
        int tail = Math.max((int) ((long) tailPercent * ascending.size() / 100), 1);
        int[] groupOf = new int[counts.length];
        for (int r = 0; r < tail; r++) {
            groupOf[ascending.get(r)] = 1;
        }
        return new ItemGroups("recbole-tail" + tailPercent, List.of(HEAD, TAIL), groupOf);
    }

    /**
     * Elliot's short head and long tail (its {@code APLT}/{@code ARP} novelty metrics): items sorted by training
     * popularity descending, ties by lower index; the short head is the shortest prefix whose cumulative count
     * reaches {@code P%} of all training interactions (the item that reaches it included); every other catalogue item
     * is long tail, items never seen in training included. Elliot's default is P = 80.
     * @param counts training interaction count per item index (non-negative, not all zero).
     * @param headMassPercent P, 1..99.
     * @return groups {@value #HEAD} and {@value #TAIL}; the grouping is named {@code elliot-tailP}.
     */
    public static ItemGroups elliotShortHead(long[] counts, int headMassPercent) {
        if (headMassPercent < 1 || headMassPercent > 99) {
            throw new IllegalArgumentException("The head mass must be 1..99 percent, got " + headMassPercent);
        }
        long total = checkCounts(counts);
        Integer[] order = popularityOrder(counts);
        int[] groupOf = new int[counts.length];
        java.util.Arrays.fill(groupOf, 1);
        long cumulative = 0;
        for (Integer item : order) {
            groupOf[item] = 0;
            cumulative += counts[item];
            // In integers: cumulative >= P% of total.
            if (cumulative * 100 >= (long) headMassPercent * total) {
                break;
            }
        }
        return new ItemGroups("elliot-tail" + headMassPercent, List.of(HEAD, TAIL), groupOf);
    }

    /**
     * A user-supplied grouping with groups named by the labels (sorted by name).
     * @param name the grouping name (for example {@code "genre"}).
     * @param labelOfItem the group of every item index; none may be null.
     * @return the grouping.
     */
    public static ItemGroups of(String name, String[] labelOfItem) {
        return of(name, labelOfItem, Collections.emptyList());
    }

    /**
     * A user-supplied grouping with declared groups (which may be empty) followed by any other labels,
     * sorted.
     * @param name the grouping name.
     * @param labelOfItem the group of every item index; none may be null.
     * @param declaredGroups groups in report order.
     * @return the grouping.
     */
    public static ItemGroups of(String name, String[] labelOfItem, List<String> declaredGroups) {
        Objects.requireNonNull(name, "grouping name");
        if (labelOfItem == null || labelOfItem.length == 0) {
            throw new IllegalArgumentException("Item grouping '" + name + "' needs at least one item");
        }
        LinkedHashSet<String> order = new LinkedHashSet<>(declaredGroups);
        TreeSet<String> extra = new TreeSet<>();
        for (int i = 0; i < labelOfItem.length; i++) {
            if (labelOfItem[i] == null) {
                throw new IllegalArgumentException("Item " + i + " has no group in item grouping '" + name + "'");
            }
            if (!order.contains(labelOfItem[i])) {
                extra.add(labelOfItem[i]);
            }
        }
        order.addAll(extra);
        List<String> groups = new ArrayList<>(order);
        Map<String, Integer> index = new HashMap<>();
        for (int g = 0; g < groups.size(); g++) {
            index.put(groups.get(g), g);
        }
        int[] groupOf = new int[labelOfItem.length];
        for (int i = 0; i < labelOfItem.length; i++) {
            groupOf[i] = index.get(labelOfItem[i]);
        }
        return new ItemGroups(name, groups, groupOf);
    }

    private static long checkCounts(long[] counts) {
        if (counts == null || counts.length == 0) {
            throw new IllegalArgumentException("Item counts need at least one item");
        }
        long total = 0;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] < 0) {
                throw new IllegalArgumentException("Item " + i + " has a negative training count " + counts[i]);
            }
            total = Math.addExact(total, counts[i]);
        }
        if (total == 0) {
            throw new IllegalArgumentException("All " + counts.length + " items have a training count of 0: popularity is undefined");
        }
        return total;
    }

    private static Integer[] popularityOrder(long[] counts) {
        Integer[] order = new Integer[counts.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> counts[a] != counts[b] ? Long.compare(counts[b], counts[a]) : Integer.compare(a, b));
        return order;
    }

    /**
     * The grouping's name.
     * @return the name.
     */
    public String name() {
        return name;
    }

    /**
     * Number of items.
     * @return the catalogue size.
     */
    public int numItems() {
        return groupOf.length;
    }

    /**
     * Number of groups.
     * @return G.
     */
    public int numGroups() {
        return groups.size();
    }

    /**
     * The group names in order.
     * @return an unmodifiable list.
     */
    public List<String> groups() {
        return groups;
    }

    /**
     * A group's name.
     * @param group the group index.
     * @return the name.
     */
    public String group(int group) {
        return groups.get(group);
    }

    /**
     * The index of a named group.
     * @param group a group name.
     * @return the index.
     * @throws IllegalArgumentException if the grouping has no such group.
     */
    public int indexOf(String group) {
        int g = groups.indexOf(group);
        if (g < 0) {
            throw new IllegalArgumentException("Item grouping '" + name + "' has no group '" + group + "'; groups are " + groups);
        }
        return g;
    }

    /**
     * The group of an item.
     * @param item the item index.
     * @return the group index.
     */
    public int groupOf(int item) {
        return groupOf[item];
    }

    /**
     * Number of items in a group.
     * @param group the group index.
     * @return the size.
     */
    public int size(int group) {
        return sizes[group];
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ItemGroups(").append(name).append(": ");
        for (int g = 0; g < groups.size(); g++) {
            sb.append(g == 0 ? "" : ", ").append(groups.get(g)).append('=').append(sizes[g]);
        }
        return sb.append(')').toString();
    }
}
