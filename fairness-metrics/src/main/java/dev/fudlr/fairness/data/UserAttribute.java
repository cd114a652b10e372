/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.data;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * One sensitive attribute of the audit users (gender, an age bucket, an intersection of attributes, ...):
 * a partition of the users into named groups.
 * <p>
 * A user whose value is not known belongs to the explicit group {@value #UNKNOWN}: it is counted and reported
 * like any other group, and each metric decides (by its unknown policy) whether it also takes part in the
 * comparison. A {@code null} value is an error, so that a missing value is never dropped silently.
 * <p>
 * Groups are ordered: the declared order if groups were declared, otherwise sorted by name with
 * {@value #UNKNOWN} last. A declared group may have no users (an empty group); metrics report it with a count
 * of 0 and leave it out of comparisons.
 */
public final class UserAttribute implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The name of the group of users whose attribute value is not known. */
    public static final String UNKNOWN = "unknown";

    /** Separator of attribute names in an intersection ({@code "gender*age"}). */
    public static final String INTERSECTION = "*";

    /** Separator of group names in an intersection cell ({@code "F|25-34"}). */
    public static final String CELL = "|";

    private final String name;
    private final List<String> groups;
    private final boolean[] unknown;
    private final int[] groupOf;
    private final int[] counts;

    private UserAttribute(String name, List<String> groups, boolean[] unknown, int[] groupOf) {
        this.name = name;
        this.groups = Collections.unmodifiableList(new ArrayList<>(groups));
        this.unknown = unknown;
        this.groupOf = groupOf;
        this.counts = new int[groups.size()];
        for (int g : groupOf) {
            counts[g]++;
        }
    }

    /**
     * An attribute whose groups are the distinct values (sorted, {@value #UNKNOWN} last).
     * @param name the attribute name (no {@value #INTERSECTION}).
     * @param values one value per user; {@value #UNKNOWN} for a missing value; never null.
     * @return the attribute.
     */
    public static UserAttribute of(String name, String[] values) {
        return of(name, values, Collections.emptyList());
    }

    /**
     * An attribute with declared groups (which may include groups no user belongs to); values outside the
     * declared groups are added after them, sorted.
     * @param name the attribute name (no {@value #INTERSECTION}).
     * @param values one value per user; {@value #UNKNOWN} for a missing value; never null.
     * @param declaredGroups groups in the order to report them (may be empty).
     * @return the attribute.
     */
    public static UserAttribute of(String name, String[] values, Collection<String> declaredGroups) {
        checkName(name);
        if (values == null || values.length == 0) {
            throw new IllegalArgumentException("Attribute '" + name + "' has no users");
        }
        LinkedHashSet<String> order = new LinkedHashSet<>();
        for (String g : declaredGroups) {
            if (g == null || g.isEmpty()) {
                throw new IllegalArgumentException("Attribute '" + name + "' declares a null or empty group");
            }
            order.add(g);
        }
        TreeSet<String> extra = new TreeSet<>();
        for (int u = 0; u < values.length; u++) {
            String v = values[u];
            if (v == null) {
                throw new IllegalArgumentException("User " + u + " has no group for attribute '" + name
                        + "' (use UserAttribute.UNKNOWN, \"" + UNKNOWN + "\", for a missing value)");
            }
            if (v.isEmpty()) {
                throw new IllegalArgumentException("User " + u + " has an empty group name for attribute '" + name + "'");
            }
            if (!order.contains(v)) {
                extra.add(v);
            }
        }
        boolean hasUnknown = extra.remove(UNKNOWN);
        order.addAll(extra);
        if (hasUnknown) {
            order.add(UNKNOWN);
        }
        List<String> groups = new ArrayList<>(order);
        Map<String, Integer> index = new HashMap<>();
        for (int g = 0; g < groups.size(); g++) {
            index.put(groups.get(g), g);
        }
        int[] groupOf = new int[values.length];
        for (int u = 0; u < values.length; u++) {
            groupOf[u] = index.get(values[u]);
        }
        boolean[] unknown = new boolean[groups.size()];
        for (int g = 0; g < groups.size(); g++) {
            unknown[g] = UNKNOWN.equals(groups.get(g));
        }
        return new UserAttribute(name, groups, unknown, groupOf);
    }

    /**
     * The intersection of attributes (for example gender x age bucket): one group per combination of their
     * groups (all combinations, so empty cells are reported with a count of 0). A cell is unknown when any
     * of its components is unknown.
     * @param parts two or more attributes over the same users.
     * @return the attribute named {@code a*b*...} with cells named {@code ga|gb|...}.
     */
    public static UserAttribute intersect(List<UserAttribute> parts) {
        if (parts.size() < 2) {
            throw new IllegalArgumentException("An intersection needs at least two attributes, got " + parts.size());
        }
        int users = parts.get(0).numUsers();
        StringBuilder name = new StringBuilder();
        for (UserAttribute p : parts) {
            if (p.numUsers() != users) {
                throw new IllegalArgumentException("Attribute '" + p.name + "' has " + p.numUsers() + " users, '"
                        + parts.get(0).name + "' has " + users);
            }
            name.append(name.length() == 0 ? "" : INTERSECTION).append(p.name);
        }
        // Mixed-radix cell index, first attribute most significant, so cells are ordered like their parts.
        int cells = 1;
        for (UserAttribute p : parts) {
            cells = Math.multiplyExact(cells, p.numGroups());
        }
        List<String> cellNames = new ArrayList<>(cells);
        boolean[] unknown = new boolean[cells];
        for (int c = 0; c < cells; c++) {
            int rest = c;
            String[] names = new String[parts.size()];
            boolean unk = false;
            for (int j = parts.size() - 1; j >= 0; j--) {
                UserAttribute p = parts.get(j);
                int g = rest % p.numGroups();
                rest /= p.numGroups();
                names[j] = p.groups.get(g);
                unk |= p.unknown[g];
            }
            cellNames.add(String.join(CELL, names));
            unknown[c] = unk;
        }
        int[] groupOf = new int[users];
        for (int u = 0; u < users; u++) {
            int c = 0;
            for (UserAttribute p : parts) {
                c = c * p.numGroups() + p.groupOf[u];
            }
            groupOf[u] = c;
        }
        return new UserAttribute(name.toString(), cellNames, unknown, groupOf);
    }

    private static void checkName(String name) {
        Objects.requireNonNull(name, "attribute name");
        if (name.isEmpty() || name.contains(INTERSECTION)) {
            throw new IllegalArgumentException("Attribute name '" + name + "' must be non-empty and must not contain '" + INTERSECTION + "'");
        }
    }

    /**
     * The attribute name ({@code a*b} for an intersection).
     * @return the name.
     */
    public String name() {
        return name;
    }

    /**
     * Number of users.
     * @return the number of users.
     */
    public int numUsers() {
        return groupOf.length;
    }

    /**
     * Number of groups, including empty and unknown ones.
     * @return the number of groups.
     */
    public int numGroups() {
        return groups.size();
    }

    /**
     * The groups in report order.
     * @return an unmodifiable list of group names.
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
     * The group of a user.
     * @param user the user.
     * @return the group index.
     */
    public int groupOf(int user) {
        return groupOf[user];
    }

    /**
     * Whether a group is the unknown group (or an intersection cell with an unknown component).
     * @param group the group index.
     * @return true if unknown.
     */
    public boolean isUnknown(int group) {
        return unknown[group];
    }

    /**
     * Number of users in a group.
     * @param group the group index.
     * @return the count (0 for an empty group).
     */
    public int count(int group) {
        return counts[group];
    }

    /**
     * Number of users per group (per intersection cell), in group order, unknown and empty groups included.
     * @return group name to count.
     */
    public Map<String, Integer> counts() {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (int g = 0; g < groups.size(); g++) {
            out.put(groups.get(g), counts[g]);
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * Number of users whose value is unknown.
     * @return the count over all unknown groups.
     */
    public int unknownCount() {
        int n = 0;
        for (int g = 0; g < groups.size(); g++) {
            if (unknown[g]) {
                n += counts[g];
            }
        }
        return n;
    }

    /**
     * The group index of every user, with the groups a metric leaves out of its comparison marked -1.
     * @param includeUnknown whether unknown groups take part.
     * @return a new array, one entry per user.
     */
    public int[] comparedGroups(boolean includeUnknown) {
        int[] out = groupOf.clone();
        if (!includeUnknown) {
            for (int u = 0; u < out.length; u++) {
                if (unknown[out[u]]) {
                    out[u] = -1;
                }
            }
        }
        return out;
    }

    /**
     * The attribute restricted to a subset of users, keeping all groups (for bootstrap and per-split audits).
     * @param users user indices, in the new order (may repeat).
     * @return the restricted attribute.
     * @throws IllegalArgumentException if users is empty or holds an index outside the users.
     */
    public UserAttribute select(int[] users) {
        Rows.check(users, groupOf.length, "attribute '" + name + "'");
        int[] g = new int[users.length];
        for (int j = 0; j < users.length; j++) {
            g[j] = groupOf[users[j]];
        }
        return new UserAttribute(name, groups, unknown, g);
    }

    @Override
    public String toString() {
        return "UserAttribute(" + name + ", users=" + groupOf.length + ", counts=" + counts() + ")";
    }

    /**
     * Names of the parts of an attribute spec.
     * @param spec {@code "gender"} or {@code "gender*age"}.
     * @return the part names.
     */
    public static List<String> parts(String spec) {
        Objects.requireNonNull(spec, "attribute");
        List<String> parts = Arrays.asList(spec.split("\\" + INTERSECTION, -1));
        Set<String> seen = new LinkedHashSet<>();
        for (String p : parts) {
            if (p.isEmpty()) {
                throw new IllegalArgumentException("Attribute spec '" + spec + "' has an empty part");
            }
            if (!seen.add(p)) {
                throw new IllegalArgumentException("Attribute spec '" + spec + "' repeats '" + p + "'");
            }
        }
        return parts;
    }
}
