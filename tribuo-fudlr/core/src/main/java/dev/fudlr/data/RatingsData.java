/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.data;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An immutable ratings data set: users, items and interactions, plus the SHA-256 of each file it was read
 * from (for provenance).
 * <p>
 * Invariants, checked on construction: user and item ids are unique; every interaction refers to a known
 * user and a known item; ratings are in 1..5; a user rates an item at most once. Users and items are kept
 * in ascending id order; interactions in the order given.
 */
public final class RatingsData {

    private final String name;
    private final Map<Integer, UserInfo> users;
    private final Map<Integer, ItemInfo> items;
    private final List<Interaction> interactions;
    private final Map<String, String> fileHashes;
    // Computed on demand: only provenance needs it.
    private volatile String combinedSha256;

    /**
     * Creates a data set.
     * @param name a short name of the source, e.g. {@code "ml-100k"}, {@code "ml-1m"}, {@code "synthetic"}.
     * @param users the users.
     * @param items the items.
     * @param interactions the interactions.
     * @param fileHashes file name to lower-case hex SHA-256 of each file read (empty when nothing was read).
     * @throws IllegalArgumentException if an invariant is violated (the message says which and where).
     */
    public RatingsData(String name, Collection<UserInfo> users, Collection<ItemInfo> items,
                       List<Interaction> interactions, Map<String, String> fileHashes) {
        this.name = Objects.requireNonNull(name, "name");
        this.users = indexUsers(users);
        this.items = indexItems(items);
        this.interactions = List.copyOf(interactions);
        TreeMap<String, String> hashes = new TreeMap<>();
        for (Map.Entry<String, String> e : fileHashes.entrySet()) {
            if (!Digests.isSha256(e.getValue())) {
                throw new IllegalArgumentException("Hash of " + e.getKey() + " is not a lower-case hex SHA-256: " + e.getValue());
            }
            hashes.put(e.getKey(), e.getValue());
        }
        this.fileHashes = Collections.unmodifiableMap(hashes);
        int[] userIds = new int[this.interactions.size()];
        int[] itemIds = new int[this.interactions.size()];
        for (int i = 0; i < userIds.length; i++) {
            Interaction x = this.interactions.get(i);
            if (!this.users.containsKey(x.user())) {
                throw new IllegalArgumentException("Interaction " + i + " refers to unknown user " + x.user());
            }
            if (!this.items.containsKey(x.item())) {
                throw new IllegalArgumentException("Interaction " + i + " refers to unknown item " + x.item());
            }
            userIds[i] = x.user();
            itemIds[i] = x.item();
        }
        int[] dup = findDuplicatePair(userIds, itemIds);
        if (dup != null) {
            throw new IllegalArgumentException("User " + userIds[dup[0]] + " rates item " + itemIds[dup[0]]
                    + " twice (interactions " + dup[0] + " and " + dup[1] + ")");
        }
    }

    private static Map<Integer, UserInfo> indexUsers(Collection<UserInfo> users) {
        List<UserInfo> sorted = new ArrayList<>(users);
        sorted.sort((a, b) -> Integer.compare(a.id(), b.id()));
        Map<Integer, UserInfo> map = new LinkedHashMap<>(sorted.size() * 2);
        for (UserInfo u : sorted) {
            if (map.put(u.id(), u) != null) {
                throw new IllegalArgumentException("Duplicate user id " + u.id());
            }
        }
        return Collections.unmodifiableMap(map);
    }

    private static Map<Integer, ItemInfo> indexItems(Collection<ItemInfo> items) {
        List<ItemInfo> sorted = new ArrayList<>(items);
        sorted.sort((a, b) -> Integer.compare(a.id(), b.id()));
        Map<Integer, ItemInfo> map = new LinkedHashMap<>(sorted.size() * 2);
        for (ItemInfo it : sorted) {
            if (map.put(it.id(), it) != null) {
                throw new IllegalArgumentException("Duplicate item id " + it.id());
            }
        }
        return Collections.unmodifiableMap(map);
    }

    /**
     * Finds two interactions with the same (user, item) pair.
     * @param users user ids (positive).
     * @param items item ids (positive).
     * @return the indices of the first such pair (in input order), or null when there is none.
     */
    static int[] findDuplicatePair(int[] users, int[] items) {
        long[] keys = new long[users.length];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = key(users[i], items[i]);
        }
        long[] sorted = keys.clone();
        Arrays.sort(sorted);
        long dupKey = -1;
        for (int i = 1; i < sorted.length; i++) {
            if (sorted[i] == sorted[i - 1]) {
                dupKey = sorted[i];
                break;
            }
        }
        if (dupKey < 0) {
            return null;
        }
        // Rare path: locate the two occurrences, reporting the earliest repeated pair in input order.
        Map<Long, Integer> firstSeen = new java.util.HashMap<>();
        for (int i = 0; i < keys.length; i++) {
            Integer prev = firstSeen.putIfAbsent(keys[i], i);
            if (prev != null) {
                return new int[]{prev, i};
            }
        }
        throw new IllegalStateException("unreachable");
    }

    private static long key(int user, int item) {
        return ((long) user << 32) | (item & 0xffffffffL);
    }

    /**
     * The source name.
     * @return e.g. {@code "ml-100k"}.
     */
    public String name() {
        return name;
    }

    /**
     * Users by id, in ascending id order.
     * @return an unmodifiable map.
     */
    public Map<Integer, UserInfo> users() {
        return users;
    }

    /**
     * Items by id, in ascending id order.
     * @return an unmodifiable map.
     */
    public Map<Integer, ItemInfo> items() {
        return items;
    }

    /**
     * All interactions, in source order.
     * @return an unmodifiable list.
     */
    public List<Interaction> interactions() {
        return interactions;
    }

    /**
     * The SHA-256 (lower-case hex) of each file read, by file name.
     * @return an unmodifiable map sorted by file name; empty for generated data.
     */
    public Map<String, String> fileHashes() {
        return fileHashes;
    }

    /**
     * One digest identifying the data: the SHA-256 of the sorted {@code name=hash} lines of
     * {@link #fileHashes()}, or, when no file was read (generated data), the SHA-256 of a canonical
     * text form of the users, items and interactions.
     * @return lower-case hex SHA-256.
     */
    public String combinedSha256() {
        String h = combinedSha256;
        if (h == null) {
            h = fileHashes.isEmpty() ? contentSha256() : Digests.combine(fileHashes);
            combinedSha256 = h;
        }
        return h;
    }

    private String contentSha256() {
        MessageDigest md = Digests.sha256();
        StringBuilder sb = new StringBuilder(64);
        for (UserInfo u : users.values()) {
            sb.setLength(0);
            sb.append("U|").append(u.id()).append('|').append(u.age()).append('|').append(u.gender())
                    .append('|').append(u.occupation()).append('|').append(u.zip());
            // Named attributes only when present, so the hashes of MovieLens-style users stay as they were.
            u.attributes().forEach((k, v) -> sb.append('|').append(k).append('=').append(v));
            sb.append('\n');
            md.update(sb.toString().getBytes(StandardCharsets.UTF_8));
        }
        for (ItemInfo it : items.values()) {
            sb.setLength(0);
            sb.append("I|").append(it.id()).append('|').append(it.title()).append('|').append(it.year())
                    .append('|').append(String.join(",", it.genres())).append('\n');
            md.update(sb.toString().getBytes(StandardCharsets.UTF_8));
        }
        for (Interaction x : interactions) {
            sb.setLength(0);
            sb.append("R|").append(x.user()).append('|').append(x.item()).append('|').append(x.rating())
                    .append('|').append(x.timestamp()).append('\n');
            md.update(sb.toString().getBytes(StandardCharsets.UTF_8));
        }
        return Digests.hex(md.digest());
    }

    @Override
    public String toString() {
        return "RatingsData(" + name + ", users=" + users.size() + ", items=" + items.size()
                + ", interactions=" + interactions.size() + ")";
    }
}
