/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.data;

import java.util.List;

/**
 * An interaction log read by {@link InteractionLogReader}: the ratings with dense integer ids, and the original
 * (string) id of each integer id.
 * <p>
 * Id rule: users and items are numbered 1, 2, 3, ... in the order of their first appearance in the interactions file
 * (every data row counts, also rows that {@code minRating} drops); items that appear only in the item table follow, in
 * table order. Users that appear only in the user table are left out (they have no interactions). The same files give
 * the same ids, so sample ids ({@code <user>:<position>}) are stable.
 * <p>
 * Immutable.
 */
public final class InteractionLog {

    private final RatingsData ratings;
    private final List<String> userIds;
    private final List<String> itemIds;
    private final List<String> attributes;
    private final boolean timestamped;

    InteractionLog(RatingsData ratings, List<String> userIds, List<String> itemIds, List<String> attributes, boolean timestamped) {
        this.ratings = ratings;
        this.userIds = List.copyOf(userIds);
        this.itemIds = List.copyOf(itemIds);
        this.attributes = List.copyOf(attributes);
        this.timestamped = timestamped;
    }

    /**
     * The data with dense integer ids; the file hashes are keyed by role ({@code interactions}, {@code users},
     * {@code items}).
     * @return the ratings.
     */
    public RatingsData ratings() {
        return ratings;
    }

    /**
     * The original id of a user.
     * @param user the integer id (1-based).
     * @return the id as written in the files.
     * @throws IllegalArgumentException if there is no such user.
     */
    public String originalUserId(int user) {
        return original(userIds, user, "user");
    }

    /**
     * The original id of an item.
     * @param item the integer id (1-based).
     * @return the id as written in the files.
     * @throws IllegalArgumentException if there is no such item.
     */
    public String originalItemId(int item) {
        return original(itemIds, item, "item");
    }

    private static String original(List<String> ids, int id, String what) {
        if (id < 1 || id > ids.size()) {
            throw new IllegalArgumentException("No " + what + " " + id + " (ids are 1.." + ids.size() + ")");
        }
        return ids.get(id - 1);
    }

    /**
     * The sensitive attributes: the user table's columns other than the user id, in file order.
     * @return the metadata keys (empty without a user table).
     */
    public List<String> attributes() {
        return attributes;
    }

    /**
     * Whether the interactions have timestamps. Without them each interaction's timestamp is its data-row number in
     * the file (1-based, header excluded), so each user's interactions are ordered as in the file.
     * @return true when a timestamp column was read.
     */
    public boolean timestamped() {
        return timestamped;
    }

    @Override
    public String toString() {
        return "InteractionLog(" + ratings + ", attributes=" + attributes + ", timestamped=" + timestamped + ")";
    }
}
