/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.data;

import java.util.List;
import java.util.Objects;

/**
 * Descriptive record of one item (movie).
 * @param id the item id (positive).
 * @param title the title as written in the source, including the {@code "(year)"} suffix when the source has one,
 *              e.g. {@code "Toy Story (1995)"}.
 * @param year the release year (from the title, else from the release date); null when unknown.
 * @param genres genre names, in the source's order; never null, possibly empty; immutable.
 */
public record ItemInfo(int id, String title, Integer year, List<String> genres) {
    /**
     * Validates and copies.
     * @param id see the record description.
     * @param title see the record description.
     * @param year see the record description.
     * @param genres see the record description.
     * @throws IllegalArgumentException if the id is not positive.
     * @throws NullPointerException if title or genres are null.
     */
    public ItemInfo {
        if (id <= 0) {
            throw new IllegalArgumentException("Item id must be positive, found " + id);
        }
        Objects.requireNonNull(title, "title");
        genres = List.copyOf(genres);
    }
}
