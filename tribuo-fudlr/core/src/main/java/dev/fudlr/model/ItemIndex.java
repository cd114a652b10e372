/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.model;

import dev.fudlr.data.SampleEncoding;
import org.tribuo.Dataset;
import org.tribuo.VariableInfo;
import org.tribuo.classification.Label;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The item catalogue of a recommender: item id strings to dense indices {@code 0 .. size()-1} and back.
 * <p>
 * The order is stable and documented: when every id is a decimal integer (as in MovieLens) ids are sorted
 * numerically, otherwise lexicographically ({@link String#compareTo}). Score vectors, embedding rows and
 * recommendation indices all use this order.
 */
public final class ItemIndex implements Serializable {
    private static final long serialVersionUID = 1L;

    private final List<String> ids;
    private final Map<String, Integer> indices;

    private ItemIndex(List<String> orderedIds) {
        List<String> copy = new ArrayList<>(orderedIds);
        Map<String, Integer> map = new HashMap<>(copy.size() * 2);
        for (int i = 0; i < copy.size(); i++) {
            String id = Objects.requireNonNull(copy.get(i), "item id");
            if (map.put(id, i) != null) {
                throw new IllegalArgumentException("Duplicate item id '" + id + "' in catalogue");
            }
        }
        this.ids = Collections.unmodifiableList(copy);
        this.indices = map;
    }

    /**
     * A catalogue of the given ids in the canonical order (numeric if all ids are integers, else lexicographic);
     * duplicates are merged.
     * @param itemIds the ids.
     * @return the catalogue.
     */
    public static ItemIndex of(Collection<String> itemIds) {
        TreeSet<String> unique = new TreeSet<>(itemIds);
        List<String> sorted = new ArrayList<>(unique);
        if (sorted.stream().allMatch(ItemIndex::isInteger)) {
            sorted.sort(Comparator.comparingLong(Long::parseLong));
        }
        return new ItemIndex(sorted);
    }

    /**
     * A catalogue in exactly the given order (used when deserializing).
     * @param orderedIds ids in index order, no duplicates.
     * @return the catalogue.
     */
    public static ItemIndex ofOrdered(List<String> orderedIds) {
        return new ItemIndex(orderedIds);
    }

    /**
     * The items seen in a training dataset: every output label plus every history feature
     * ({@code item:<id>}, see {@link SampleEncoding}).
     * @param dataset the dataset.
     * @return the catalogue.
     */
    public static ItemIndex fromDataset(Dataset<Label> dataset) {
        List<String> found = new ArrayList<>();
        for (Label l : dataset.getOutputInfo().getDomain()) {
            found.add(l.getLabel());
        }
        for (VariableInfo v : dataset.getFeatureMap()) {
            if (v.getName().startsWith(SampleEncoding.ITEM_FEATURE_PREFIX)) {
                found.add(v.getName().substring(SampleEncoding.ITEM_FEATURE_PREFIX.length()));
            }
        }
        if (found.isEmpty()) {
            throw new IllegalArgumentException("Dataset " + dataset.getSourceDescription() + " contains no items");
        }
        return of(found);
    }

    private static boolean isInteger(String s) {
        if (s.isEmpty() || s.length() > 18) {
            return false;
        }
        int start = s.charAt(0) == '-' ? 1 : 0;
        if (start == s.length()) {
            return false;
        }
        for (int i = start; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        // "007" and "7" would collide numerically; only canonical forms count as integers.
        return Long.toString(Long.parseLong(s)).equals(s);
    }

    /** @return the number of items. */
    public int size() {
        return ids.size();
    }

    /**
     * The id at an index.
     * @param index a dense index.
     * @return the item id.
     */
    public String id(int index) {
        return ids.get(index);
    }

    /**
     * The index of an id.
     * @param id an item id.
     * @return its index, or -1 if the item is not in the catalogue.
     */
    public int index(String id) {
        Integer i = indices.get(id);
        return i == null ? -1 : i;
    }

    /**
     * Whether an id is in the catalogue.
     * @param id the id.
     * @return true if present.
     */
    public boolean contains(String id) {
        return indices.containsKey(id);
    }

    /** @return all ids in index order (unmodifiable). */
    public List<String> ids() {
        return ids;
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof ItemIndex && ids.equals(((ItemIndex) o).ids));
    }

    @Override
    public int hashCode() {
        return ids.hashCode();
    }

    @Override
    public String toString() {
        return "ItemIndex(size=" + ids.size() + ")";
    }
}
