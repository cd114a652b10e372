/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.data;

/**
 * One rating event.
 * @param user the user id.
 * @param item the item id.
 * @param rating the rating, 1 to 5.
 * @param timestamp unix time in seconds.
 */
public record Interaction(int user, int item, int rating, long timestamp) {
    /**
     * Validates the rating.
     * @param user see the record description.
     * @param item see the record description.
     * @param rating see the record description.
     * @param timestamp see the record description.
     * @throws IllegalArgumentException if the rating is outside 1..5.
     */
    public Interaction {
        if (rating < 1 || rating > 5) {
            throw new IllegalArgumentException("Rating must be in 1..5, found " + rating + " (user " + user + ", item " + item + ")");
        }
    }
}
