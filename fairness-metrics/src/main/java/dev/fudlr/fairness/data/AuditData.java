/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.data;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Everything an audit knows about its users and the catalogue except the recommendations themselves:
 * targets, sensitive attributes, the audit users' history, items never to recommend, training item counts
 * and named item groupings. Engine-free and immutable; build it with {@link #builder(int, int)}.
 * <p>
 * Users are indexed {@code 0 .. numUsers-1} like the rows of a {@link ScoreMatrix} or {@link TopKLists};
 * items {@code 0 .. numItems-1} like its columns. Every part except the sizes is optional; a metric that
 * needs a missing part fails with a message naming the part.
 * <p>
 * Item groupings are named by a spec resolved by {@link #itemGroups(String)}:
 * <ul>
 *     <li>{@code pop} (= {@code pop5}) or {@code popG}: {@link ItemGroups#bySizeQuantiles}, G equal-size popularity
 *     groups (IFairLRS's quintiles for G = 5);</li>
 *     <li>{@code popmass} (= {@code popmass5}) or {@code popmassG}: {@link ItemGroups#byPopularityMass}, G groups of
 *     equal interaction mass (ours);</li>
 *     <li>{@code headtail} (= {@code headtail20}) or {@code headtailP}: {@link ItemGroups#headTail} with
 *     the P% most popular items in the head;</li>
 *     <li>{@code recbole-tail} (= {@code recbole-tail10}) and {@code elliot-tail} (= {@code elliot-tail80}):
 *     {@link ItemGroups#recBoleTail} and {@link ItemGroups#elliotShortHead}, the peers' own tail definitions;</li>
 *     <li>any other name: a grouping added with {@link Builder#itemGroups(ItemGroups)} (genres, ...).</li>
 * </ul>
 * The first two need training item counts.
 */
public final class AuditData implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Default number of popularity groups. */
    public static final int DEFAULT_POPULARITY_GROUPS = 5;
    /** Default head share of items, in percent. */
    public static final int DEFAULT_HEAD_PERCENT = 20;

    private static final Pattern POP = Pattern.compile("pop(mass)?(\\d*)");
    private static final Pattern HEADTAIL = Pattern.compile("headtail(\\d*)");
    /** Peers' head/tail splits, so their tail metrics can be reproduced by name (see docs/metrics.md, conformance). */
    private static final Pattern PEER_TAIL = Pattern.compile("(recbole|elliot)-tail(\\d*)");

    private final int numUsers;
    private final int numItems;
    private final Targets targets;
    private final Map<String, UserAttribute> attributes;
    private final int[][] history;
    private final int[][] exclusions;
    private final long[] itemCounts;
    private final Map<String, ItemGroups> namedGroupings;
    // Derived groupings and intersections, computed once on demand; invisible to callers (immutability kept).
    private final Map<String, ItemGroups> derivedGroupings = new ConcurrentHashMap<>();
    private final Map<String, UserAttribute> intersections = new ConcurrentHashMap<>();

    private AuditData(Builder b) {
        this.numUsers = b.numUsers;
        this.numItems = b.numItems;
        this.targets = b.targets;
        this.attributes = Collections.unmodifiableMap(new LinkedHashMap<>(b.attributes));
        this.history = b.history;
        this.exclusions = b.exclusions;
        this.itemCounts = b.itemCounts;
        this.namedGroupings = Collections.unmodifiableMap(new LinkedHashMap<>(b.groupings));
    }

    /** A row selection of {@code source}; see {@link #rows(int[])}. */
    private AuditData(AuditData source, int[] rows) {
        this.numUsers = rows.length;
        this.numItems = source.numItems;
        this.targets = source.targets == null ? null : source.targets.rows(rows);
        Map<String, UserAttribute> attrs = new LinkedHashMap<>();
        for (Map.Entry<String, UserAttribute> e : source.attributes.entrySet()) {
            attrs.put(e.getKey(), e.getValue().select(rows));
        }
        this.attributes = Collections.unmodifiableMap(attrs);
        // Per-user arrays are never written after construction, so selections share them.
        this.history = select(source.history, rows);
        this.exclusions = select(source.exclusions, rows);
        // Item-side data does not depend on the users: shared as is, derived groupings included.
        this.itemCounts = source.itemCounts;
        this.namedGroupings = source.namedGroupings;
        this.derivedGroupings.putAll(source.derivedGroupings);
        // select() of an intersection equals the intersection of the selected parts (same groups, same cells).
        for (Map.Entry<String, UserAttribute> e : source.intersections.entrySet()) {
            intersections.put(e.getKey(), e.getValue().select(rows));
        }
    }

    private static int[][] select(int[][] perUser, int[] rows) {
        if (perUser == null) {
            return null;
        }
        int[][] out = new int[rows.length][];
        for (int r = 0; r < rows.length; r++) {
            out[r] = perUser[rows[r]];
        }
        return out;
    }

    /**
     * The audit data of a selection of users, for bootstrap resamples and per-split audits: new user
     * {@code r} is old user {@code rows[r]}, with its targets, history, exclusions and attribute values.
     * Repeated rows are separate users (a bootstrap resample counts a drawn user as often as it is drawn).
     * <p>
     * Every attribute keeps all its groups, including {@value UserAttribute#UNKNOWN} and groups no selected
     * user belongs to (reported with a count of 0, as for any empty group). The catalogue, training item
     * counts and item groupings (named and derived) are unchanged, so popularity groups stay those of the
     * training data rather than being recomputed per selection.
     * @param rows old user indices, one per new user (repeats allowed).
     * @return the selected audit data.
     * @throws IllegalArgumentException if rows is empty or holds an index outside the users.
     */
    public AuditData rows(int[] rows) {
        Rows.check(rows, numUsers, "the audit data");
        return new AuditData(this, rows);
    }

    /**
     * Starts an audit description.
     * @param numUsers number of audit users (rows), at least 1.
     * @param numItems catalogue size (columns), at least 1.
     * @return a builder.
     */
    public static Builder builder(int numUsers, int numItems) {
        return new Builder(numUsers, numItems);
    }

    /**
     * Number of audit users.
     * @return the number of users.
     */
    public int numUsers() {
        return numUsers;
    }

    /**
     * Catalogue size.
     * @return the number of items.
     */
    public int numItems() {
        return numItems;
    }

    /**
     * Whether targets were given.
     * @return true if present.
     */
    public boolean hasTargets() {
        return targets != null;
    }

    /**
     * The targets.
     * @param metric the asking metric, for the message.
     * @return the targets.
     * @throws IllegalStateException if none were given.
     */
    public Targets targets(String metric) {
        if (targets == null) {
            throw new IllegalStateException("Metric " + metric + " needs per-user targets, but the audit data has none");
        }
        return targets;
    }

    /**
     * The names of the given attributes.
     * @return attribute names in insertion order.
     */
    public List<String> attributeNames() {
        return new ArrayList<>(attributes.keySet());
    }

    /**
     * An attribute or an intersection of attributes.
     * @param spec an attribute name, or names joined by {@value UserAttribute#INTERSECTION}.
     * @return the attribute.
     * @throws IllegalArgumentException if an attribute is unknown.
     */
    public UserAttribute attribute(String spec) {
        List<String> parts = UserAttribute.parts(spec);
        if (parts.size() == 1) {
            UserAttribute a = attributes.get(spec);
            if (a == null) {
                throw new IllegalArgumentException("The audit data has no user attribute '" + spec + "'; it has " + attributes.keySet());
            }
            return a;
        }
        return intersections.computeIfAbsent(spec, s -> {
            List<UserAttribute> list = new ArrayList<>();
            for (String p : parts) {
                list.add(attribute(p));
            }
            return UserAttribute.intersect(list);
        });
    }

    /**
     * Whether the audit users' history was given.
     * @return true if present.
     */
    public boolean hasHistory() {
        return history != null;
    }

    /**
     * The number of history interactions of a user.
     * @param metric the asking metric, for the message.
     * @param user the user.
     * @return the history length.
     */
    public int historyLength(String metric, int user) {
        return requireHistory(metric)[user].length;
    }

    /**
     * One history interaction.
     * @param user the user.
     * @param j an index below the history length.
     * @return the item index.
     */
    public int historyItem(int user, int j) {
        return history[user][j];
    }

    /**
     * A copy of a user's history.
     * @param user the user.
     * @return item indices (empty if no history was given).
     */
    public int[] history(int user) {
        return history == null ? new int[0] : history[user].clone();
    }

    private int[][] requireHistory(String metric) {
        if (history == null) {
            throw new IllegalStateException("Metric " + metric + " needs the audit users' history, but the audit data has none");
        }
        return history;
    }

    /**
     * The items never recommended to a user.
     * @param user the user.
     * @return item indices (a copy; empty if none).
     */
    public int[] exclusions(int user) {
        return exclusions == null || exclusions[user] == null ? new int[0] : exclusions[user].clone();
    }

    /**
     * Whether any exclusions were given.
     * @return true if present.
     */
    public boolean hasExclusions() {
        return exclusions != null;
    }

    /**
     * All exclusions, for top-K selection.
     * @return a deep copy, or null when none.
     */
    public int[][] exclusionsArray() {
        if (exclusions == null) {
            return null;
        }
        int[][] out = new int[exclusions.length][];
        for (int u = 0; u < out.length; u++) {
            out[u] = exclusions[u] == null ? null : exclusions[u].clone();
        }
        return out;
    }

    /**
     * Whether training item counts were given.
     * @return true if present.
     */
    public boolean hasItemCounts() {
        return itemCounts != null;
    }

    /**
     * The training interaction count of an item.
     * @param metric the asking metric, for the message.
     * @param item the item.
     * @return the count.
     */
    public long itemCount(String metric, int item) {
        if (itemCounts == null) {
            throw new IllegalStateException("Metric " + metric + " needs training item counts, but the audit data has none");
        }
        return itemCounts[item];
    }

    /**
     * All training item counts.
     * @param metric the asking metric, for the message.
     * @return a copy.
     */
    public long[] itemCounts(String metric) {
        if (itemCounts == null) {
            throw new IllegalStateException("Metric " + metric + " needs training item counts, but the audit data has none");
        }
        return itemCounts.clone();
    }

    /**
     * The names of the user-supplied item groupings.
     * @return names in insertion order.
     */
    public List<String> itemGroupingNames() {
        return new ArrayList<>(namedGroupings.keySet());
    }

    /**
     * Resolves an item grouping spec (see the class documentation).
     * @param spec {@code pop}, {@code popG}, {@code headtail}, {@code headtailP} or a user-supplied name.
     * @return the grouping.
     */
    public ItemGroups itemGroups(String spec) {
        Objects.requireNonNull(spec, "item grouping");
        ItemGroups named = namedGroupings.get(spec);
        if (named != null) {
            return named;
        }
        Matcher pop = POP.matcher(spec);
        Matcher ht = HEADTAIL.matcher(spec);
        Matcher peer = PEER_TAIL.matcher(spec);
        if (!pop.matches() && !ht.matches() && !peer.matches()) {
            throw new IllegalArgumentException("Unknown item grouping '" + spec + "': use pop, pop<G>, popmass, popmass<G>, headtail, "
                    + "headtail<percent>, recbole-tail, elliot-tail or one of "
                    + namedGroupings.keySet());
        }
        if (itemCounts == null) {
            throw new IllegalStateException("Item grouping '" + spec + "' needs training item counts, but the audit data has none");
        }
        return derivedGroupings.computeIfAbsent(spec, s -> {
            if (pop.matches()) {
                int g = pop.group(2).isEmpty() ? DEFAULT_POPULARITY_GROUPS : parseCount(spec, pop.group(2));
                return pop.group(1) == null ? ItemGroups.bySizeQuantiles(itemCounts, g) : ItemGroups.byPopularityMass(itemCounts, g);
            }
            if (peer.matches()) {
                boolean recBole = peer.group(1).equals("recbole");
                int p = peer.group(2).isEmpty() ? (recBole ? 10 : 80) : parseCount(spec, peer.group(2));
                return recBole ? ItemGroups.recBoleTail(itemCounts, p) : ItemGroups.elliotShortHead(itemCounts, p);
            }
            int p = ht.group(1).isEmpty() ? DEFAULT_HEAD_PERCENT : parseCount(spec, ht.group(1));
            if (p < 1 || p > 99) {
                throw new IllegalArgumentException("Head share in '" + spec + "' must be 1..99 percent");
            }
            return ItemGroups.headTail(itemCounts, p);
        });
    }

    private static int parseCount(String spec, String digits) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Item grouping '" + spec + "': " + digits + " is too large");
        }
    }

    /**
     * Checks that a score matrix or top-K lists match these users and items.
     * @param users rows of the recommendations.
     * @param items columns of the recommendations.
     */
    public void checkShape(int users, int items) {
        if (users != numUsers || items != numItems) {
            throw new IllegalArgumentException("Recommendations are " + users + " users x " + items + " items but the audit data describes "
                    + numUsers + " users x " + numItems + " items");
        }
    }

    @Override
    public String toString() {
        return "AuditData(users=" + numUsers + ", items=" + numItems + ", targets=" + (targets != null) + ", attributes=" + attributes.keySet()
                + ", history=" + (history != null) + ", exclusions=" + (exclusions != null) + ", itemCounts=" + (itemCounts != null)
                + ", groupings=" + namedGroupings.keySet() + ")";
    }

    /**
     * Builds {@link AuditData}; every setter validates sizes against the declared users and items.
     */
    public static final class Builder {
        private final int numUsers;
        private final int numItems;
        private Targets targets;
        private final Map<String, UserAttribute> attributes = new LinkedHashMap<>();
        private int[][] history;
        private int[][] exclusions;
        private long[] itemCounts;
        private final Map<String, ItemGroups> groupings = new LinkedHashMap<>();

        private Builder(int numUsers, int numItems) {
            if (numUsers < 1 || numItems < 1) {
                throw new IllegalArgumentException("Audit data needs at least one user and one item, got " + numUsers + " x " + numItems);
            }
            this.numUsers = numUsers;
            this.numItems = numItems;
        }

        /**
         * Sets the targets.
         * @param targets one set per user.
         * @return this.
         */
        public Builder targets(Targets targets) {
            if (targets.numUsers() != numUsers || targets.numItems() != numItems) {
                throw new IllegalArgumentException("Targets cover " + targets.numUsers() + " users x " + targets.numItems()
                        + " items, expected " + numUsers + " x " + numItems);
            }
            this.targets = targets;
            return this;
        }

        /**
         * Sets one target per user.
         * @param targets item index per user, -1 for a target the model cannot rank.
         * @return this.
         */
        public Builder targets(int[] targets) {
            return targets(Targets.single(targets, numItems));
        }

        /**
         * Adds a sensitive attribute.
         * @param attribute one group per user.
         * @return this.
         */
        public Builder attribute(UserAttribute attribute) {
            if (attribute.numUsers() != numUsers) {
                throw new IllegalArgumentException("Attribute '" + attribute.name() + "' has " + attribute.numUsers()
                        + " users, expected " + numUsers);
            }
            if (attribute.name().contains(UserAttribute.INTERSECTION)) {
                throw new IllegalArgumentException("Add the parts of intersection '" + attribute.name() + "'; intersections are derived");
            }
            if (attributes.putIfAbsent(attribute.name(), attribute) != null) {
                throw new IllegalArgumentException("Attribute '" + attribute.name() + "' was already added");
            }
            return this;
        }

        /**
         * Adds a sensitive attribute from values.
         * @param name the attribute name.
         * @param values one value per user ({@value UserAttribute#UNKNOWN} when missing).
         * @return this.
         */
        public Builder attribute(String name, String... values) {
            return attribute(UserAttribute.of(name, values));
        }

        /**
         * Sets the audit users' history (the interactions behind GP^hist).
         * @param history per user the item indices interacted with (copied; may repeat across users).
         * @return this.
         */
        public Builder history(int[][] history) {
            this.history = checkedRows(history, "history", false);
            return this;
        }

        /**
         * Sets the items never recommended (typically the users' already-seen items).
         * @param exclusions per user null or item indices (copied).
         * @return this.
         */
        public Builder exclusions(int[][] exclusions) {
            this.exclusions = checkedRows(exclusions, "exclusions", true);
            return this;
        }

        /**
         * Uses the history (which must be set) as the exclusions.
         * @return this.
         */
        public Builder excludeHistory() {
            if (history == null) {
                throw new IllegalStateException("Set the history before excluding it");
            }
            this.exclusions = checkedRows(history, "exclusions", true);
            return this;
        }

        /**
         * Sets the training interaction count of every item (popularity).
         * @param counts one non-negative count per item (copied).
         * @return this.
         */
        public Builder itemCounts(long[] counts) {
            if (counts.length != numItems) {
                throw new IllegalArgumentException("Item counts cover " + counts.length + " items, expected " + numItems);
            }
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] < 0) {
                    throw new IllegalArgumentException("Item " + i + " has a negative training count " + counts[i]);
                }
            }
            this.itemCounts = counts.clone();
            return this;
        }

        /**
         * Adds a named item grouping (genres or any user-supplied mapping).
         * @param groups the grouping; its name must not look like {@code pop..} or {@code headtail..}.
         * @return this.
         */
        public Builder itemGroups(ItemGroups groups) {
            if (groups.numItems() != numItems) {
                throw new IllegalArgumentException("Item grouping '" + groups.name() + "' covers " + groups.numItems()
                        + " items, expected " + numItems);
            }
            if (POP.matcher(groups.name()).matches() || HEADTAIL.matcher(groups.name()).matches()
                || PEER_TAIL.matcher(groups.name()).matches()) {
                throw new IllegalArgumentException("Item grouping name '" + groups.name() + "' is reserved for derived popularity groupings");
            }
            if (groupings.putIfAbsent(groups.name(), groups) != null) {
                throw new IllegalArgumentException("Item grouping '" + groups.name() + "' was already added");
            }
            return this;
        }

        /**
         * Builds the audit data.
         * @return the immutable audit data.
         */
        public AuditData build() {
            return new AuditData(this);
        }

        private int[][] checkedRows(int[][] rows, String what, boolean nullRowsAllowed) {
            if (rows == null || rows.length != numUsers) {
                throw new IllegalArgumentException("The " + what + " cover " + (rows == null ? 0 : rows.length) + " users, expected " + numUsers);
            }
            int[][] copy = new int[numUsers][];
            for (int u = 0; u < numUsers; u++) {
                if (rows[u] == null) {
                    if (!nullRowsAllowed) {
                        throw new IllegalArgumentException("The " + what + " of user " + u + " is null (use an empty array)");
                    }
                    continue;
                }
                for (int item : rows[u]) {
                    if (item < 0 || item >= numItems) {
                        throw new IllegalArgumentException("The " + what + " of user " + u + " hold item " + item
                                + ", outside the catalogue of " + numItems + " items");
                    }
                }
                copy[u] = rows[u].clone();
            }
            return copy;
        }
    }
}
