/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Maps ages (whole years, as strings) to age-bucket groups, so that age can serve as a sensitive attribute.
 * <p>
 * Buckets are given by ascending edges: edges {@code 25, 35, 45} give {@code "<25"}, {@code "25-34"},
 * {@code "35-44"} and {@code "45+"} ({@link #DEFAULT}). MovieLens-1M stores bucket codes instead of ages
 * (1 = under 18, 18 = 18-24, 25, 35, 45, 50, 56); each code is the lower bound of its range, so the default
 * edges put them in the same four buckets as MovieLens-100K ages. {@code null} (unknown) stays
 * {@code null} for the caller to map to {@link UserAttribute#UNKNOWN}; a non-integer value is an error.
 */
public final class AgeBuckets implements UnaryOperator<String> {

    /** Edges 25, 35, 45: {@code <25, 25-34, 35-44, 45+}. */
    public static final AgeBuckets DEFAULT = of(25, 35, 45);

    private final int[] edges;
    private final List<String> labels;

    private AgeBuckets(int[] edges) {
        this.edges = edges;
        List<String> l = new ArrayList<>();
        l.add("<" + edges[0]);
        for (int i = 1; i < edges.length; i++) {
            l.add(edges[i - 1] + "-" + (edges[i] - 1));
        }
        l.add(edges[edges.length - 1] + "+");
        this.labels = Collections.unmodifiableList(l);
    }

    /**
     * Buckets with the given edges.
     * @param edges strictly ascending bucket lower bounds (at least one).
     * @return the bucketing.
     */
    public static AgeBuckets of(int... edges) {
        if (edges == null || edges.length == 0) {
            throw new IllegalArgumentException("Age buckets need at least one edge");
        }
        for (int i = 1; i < edges.length; i++) {
            if (edges[i] <= edges[i - 1]) {
                throw new IllegalArgumentException("Age bucket edges must be strictly ascending: " + Arrays.toString(edges));
            }
        }
        return new AgeBuckets(edges.clone());
    }

    /**
     * Parses edges written as {@code "25,35,45"}.
     * @param spec comma-separated integers.
     * @return the bucketing.
     */
    public static AgeBuckets parse(String spec) {
        String[] parts = spec.split(",");
        int[] edges = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                edges[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Age bucket edges '" + spec + "' must be comma-separated integers", e);
            }
        }
        return of(edges);
    }

    /**
     * The bucket labels in order (the groups of the resulting attribute).
     * @return an unmodifiable list.
     */
    public List<String> labels() {
        return labels;
    }

    /**
     * The bucket of an age.
     * @param age whole years (surrounding spaces allowed), or null.
     * @return the bucket label, or null for null.
     * @throws IllegalArgumentException if the value is not an integer.
     */
    @Override
    public String apply(String age) {
        if (age == null) {
            return null;
        }
        int years;
        try {
            years = Integer.parseInt(age.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Age '" + age + "' is not a whole number of years", e);
        }
        int b = 0;
        while (b < edges.length && years >= edges[b]) {
            b++;
        }
        return labels.get(b);
    }

    @Override
    public String toString() {
        return "AgeBuckets" + labels;
    }
}
