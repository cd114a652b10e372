/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.data;

import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.classification.Label;
import org.tribuo.impl.ArrayExample;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The contract between the data pipeline and every recommender: how one training sample
 * (a user's chronologically ordered history followed by a target item) is stored in a Tribuo
 * {@link Example}.
 * <ul>
 *     <li>Output: a {@link Label} whose name is the target item id (decimal, as in the source data).</li>
 *     <li>Features: one per history item, named {@code item:<itemId>}, whose value is the item's
 *     recency rank (1 = most recent). Tribuo sorts features by name, so the value, not the feature
 *     order, carries the sequence order; a history never repeats an item.</li>
 *     <li>Metadata (strings): {@link #USER}, {@link #SAMPLE}, {@link #TIMESTAMP}, {@link #SPLIT} and the
 *     user's sensitive attributes when known: {@link #GENDER}, {@link #AGE}, {@link #OCCUPATION} for MovieLens and
 *     synthetic data, the user table's column names for an {@link InteractionLogDataSource interaction log}
 *     ({@link #RESERVED_KEYS} are never attribute names).</li>
 * </ul>
 * Encoding the history as a bag of named features keeps the examples usable by ordinary Tribuo
 * trainers as well (a linear model sees a recency-weighted bag of items).
 */
public final class SampleEncoding {

    /** Prefix of history features. */
    public static final String ITEM_FEATURE_PREFIX = "item:";
    /** Metadata key: user id. */
    public static final String USER = "user";
    /** Metadata key: stable sample id, {@code <userId>:<position of the target in the user's sequence>}. */
    public static final String SAMPLE = "sample";
    /** Metadata key: unix time of the target interaction. */
    public static final String TIMESTAMP = "timestamp";
    /** Metadata key: split name ({@code train}, {@code validation}, {@code test}). */
    public static final String SPLIT = "split";
    /** Metadata key: gender (sensitive attribute). */
    public static final String GENDER = "gender";
    /** Metadata key: age in years, or the age bucket code for MovieLens-1M (sensitive attribute). */
    public static final String AGE = "age";
    /** Metadata key: occupation. */
    public static final String OCCUPATION = "occupation";
    /** The metadata keys that describe a sample rather than its user: never the name of a sensitive attribute. */
    public static final List<String> RESERVED_KEYS = List.of(USER, SAMPLE, TIMESTAMP, SPLIT);

    private SampleEncoding() {}

    /**
     * Builds the feature array of a history.
     * @param history item ids, oldest first.
     * @return features named {@code item:<id>} with value = recency rank (1 = most recent).
     * @throws IllegalArgumentException if an item repeats.
     */
    public static List<Feature> historyFeatures(int[] history) {
        List<Feature> features = new ArrayList<>(history.length);
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int i = 0; i < history.length; i++) {
            if (!seen.add(history[i])) {
                throw new IllegalArgumentException("History repeats item " + history[i] + " : " + Arrays.toString(history));
            }
            features.add(new Feature(ITEM_FEATURE_PREFIX + history[i], history.length - i));
        }
        return features;
    }

    /**
     * Creates an example for one sample.
     * @param history item ids, oldest first (may be empty).
     * @param target the target item id.
     * @param metadata metadata key/values (see the constants of this class).
     * @return the example.
     */
    public static Example<Label> encode(int[] history, int target, Map<String, String> metadata) {
        ArrayExample<Label> example = new ArrayExample<>(new Label(Integer.toString(target)));
        // One addAll: ArrayExample.add re-sorts after every feature, which dominated sample building.
        example.addAll(historyFeatures(history));
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            example.setMetadataValue(e.getKey(), e.getValue());
        }
        return example;
    }

    /**
     * Recovers the history of an example, oldest first. Features not named {@code item:*} are ignored.
     * @param example an example built by {@link #encode}.
     * @return item ids, oldest first.
     */
    public static int[] decodeHistory(Example<?> example) {
        List<double[]> pairs = new ArrayList<>();
        for (Feature f : example) {
            if (f.getName().startsWith(ITEM_FEATURE_PREFIX)) {
                pairs.add(new double[]{Integer.parseInt(f.getName().substring(ITEM_FEATURE_PREFIX.length())), f.getValue()});
            }
        }
        // Largest recency rank = oldest.
        pairs.sort(Comparator.comparingDouble((double[] p) -> p[1]).reversed());
        int[] out = new int[pairs.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (int) pairs.get(i)[0];
        }
        return out;
    }

    /**
     * Item id encoded in a target label.
     * @param label the label.
     * @return the item id.
     */
    public static int itemId(Label label) {
        return Integer.parseInt(label.getLabel());
    }

    /**
     * A metadata value as a string, or null when absent.
     * @param example the example.
     * @param key the metadata key.
     * @return the value or null.
     */
    public static String metadata(Example<?> example, String key) {
        return example.getMetadataValue(key).map(Object::toString).orElse(null);
    }
}
