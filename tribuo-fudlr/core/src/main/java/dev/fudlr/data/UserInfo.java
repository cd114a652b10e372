/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.data;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Demographic record of one user. Unknown values are null (or, in {@code attributes}, absent).
 * <p>
 * MovieLens and synthetic users have the fixed fields {@code age}, {@code gender}, {@code occupation}, {@code zip};
 * users of an {@link InteractionLogDataSource interaction log} have named {@code attributes} of any name instead (the
 * columns of its user table) and null fixed fields.
 * @param id the user id (positive).
 * @param age age in years (MovieLens-100K, synthetic) or the MovieLens-1M age bucket code
 *            (1, 18, 25, 35, 45, 50, 56); null when unknown.
 * @param gender {@code "M"} or {@code "F"}; null when unknown.
 * @param occupation the occupation name; null when unknown.
 * @param zip the zip code as written in the source; null when unknown.
 * @param attributes further sensitive attributes by metadata key, in the source's column order; known values only
 *                   (never null or empty); immutable.
 */
public record UserInfo(int id, Integer age, String gender, String occupation, String zip, Map<String, String> attributes) {
    /**
     * Validates the id and copies the attributes.
     * @param id see the record description.
     * @param age see the record description.
     * @param gender see the record description.
     * @param occupation see the record description.
     * @param zip see the record description.
     * @param attributes see the record description; null means none.
     * @throws IllegalArgumentException if the id is not positive or an attribute value is null or empty.
     */
    public UserInfo {
        if (id <= 0) {
            throw new IllegalArgumentException("User id must be positive, found " + id);
        }
        Map<String, String> copy = new LinkedHashMap<>();
        if (attributes != null) {
            for (Map.Entry<String, String> e : attributes.entrySet()) {
                if (e.getValue() == null || e.getValue().isEmpty()) {
                    throw new IllegalArgumentException("User " + id + ": attribute " + e.getKey() + " has no value (leave unknown values out)");
                }
                copy.put(Objects.requireNonNull(e.getKey(), "attribute name"), e.getValue());
            }
        }
        attributes = Collections.unmodifiableMap(copy);
    }

    /**
     * A user with the MovieLens fields only.
     * @param id see the record description.
     * @param age see the record description.
     * @param gender see the record description.
     * @param occupation see the record description.
     * @param zip see the record description.
     * @throws IllegalArgumentException if the id is not positive.
     */
    public UserInfo(int id, Integer age, String gender, String occupation, String zip) {
        this(id, age, gender, occupation, zip, Map.of());
    }

    /**
     * The user's known sensitive attributes as sample metadata ({@link SampleEncoding}): {@code gender}, {@code age} and
     * {@code occupation} when known, then {@link #attributes()}.
     * @return metadata key to value, in that order; unknown values are left out.
     */
    public Map<String, String> sensitiveAttributes() {
        Map<String, String> out = new LinkedHashMap<>();
        if (gender != null) {
            out.put(SampleEncoding.GENDER, gender);
        }
        if (age != null) {
            out.put(SampleEncoding.AGE, age.toString());
        }
        if (occupation != null) {
            out.put(SampleEncoding.OCCUPATION, occupation);
        }
        out.putAll(attributes);
        return out;
    }
}
