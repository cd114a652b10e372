/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.data;

/**
 * Demographic record of one user. Unknown values are null.
 * @param id the user id (positive).
 * @param age age in years (MovieLens-100K, synthetic) or the MovieLens-1M age bucket code
 *            (1, 18, 25, 35, 45, 50, 56); null when unknown.
 * @param gender {@code "M"} or {@code "F"}; null when unknown.
 * @param occupation the occupation name; null when unknown.
 * @param zip the zip code as written in the source; null when unknown.
 */
public record UserInfo(int id, Integer age, String gender, String occupation, String zip) {
    /**
     * Validates the id.
     * @param id see the record description.
     * @param age see the record description.
     * @param gender see the record description.
     * @param occupation see the record description.
     * @param zip see the record description.
     * @throws IllegalArgumentException if the id is not positive.
     */
    public UserInfo {
        if (id <= 0) {
            throw new IllegalArgumentException("User id must be positive, found " + id);
        }
    }
}
