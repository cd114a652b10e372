/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.model.baseline;

import com.oracle.labs.mlrg.olcut.util.Pair;
import org.tribuo.Example;
import org.tribuo.Excuse;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.protos.core.ModelProto;
import org.tribuo.provenance.ModelProvenance;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The most-popular recommender: every user gets the same ranking, items ordered by their training
 * interaction count (see {@link MostPopularTrainer} for what is counted), ties by item id.
 * <p>
 * {@link #predict} ignores the example's features and returns the most popular item as the output, with the
 * counts of all catalogue items as output scores (not probabilities), so a ranking evaluator sees the full
 * ranking. Removing a user's already-seen items is the evaluator's job, not the model's.
 * <p>
 * Serialization: Java serialization works; protobuf ({@link #serialize()}) is not implemented for this
 * baseline and throws {@link UnsupportedOperationException}.
 */
public final class MostPopularModel extends Model<Label> {
    private static final long serialVersionUID = 1L;

    private final String[] rankedItems;
    private final double[] rankedCounts;
    // Shared by every prediction: immutable, and rebuilding it per example would cost O(catalogue) each time.
    private final Map<String, Label> scores;

    MostPopularModel(String name, ModelProvenance provenance, ImmutableFeatureMap featureIDMap,
                     ImmutableOutputInfo<Label> outputIDInfo, String[] rankedItems, double[] rankedCounts) {
        super(name, provenance, featureIDMap, outputIDInfo, false);
        if (rankedItems.length == 0 || rankedItems.length != rankedCounts.length) {
            throw new IllegalArgumentException("Need one count per item and at least one item, got " + rankedItems.length
                    + " items and " + rankedCounts.length + " counts");
        }
        this.rankedItems = rankedItems.clone();
        this.rankedCounts = rankedCounts.clone();
        Map<String, Label> s = new LinkedHashMap<>();
        for (int i = 0; i < rankedItems.length; i++) {
            s.put(rankedItems[i], new Label(rankedItems[i], rankedCounts[i]));
        }
        this.scores = Collections.unmodifiableMap(s);
    }

    /**
     * The catalogue, most popular first.
     * @return an unmodifiable list of item ids.
     */
    public List<String> getRankedItems() {
        return Collections.unmodifiableList(Arrays.asList(rankedItems.clone()));
    }

    /**
     * The training interaction counts.
     * @return item id to count, most popular first (unmodifiable).
     */
    public Map<String, Double> getCounts() {
        Map<String, Double> out = new LinkedHashMap<>();
        for (int i = 0; i < rankedItems.length; i++) {
            out.put(rankedItems[i], rankedCounts[i]);
        }
        return Collections.unmodifiableMap(out);
    }

    @Override
    public Prediction<Label> predict(Example<Label> example) {
        // No feature is used: the prediction is the same for every example.
        return new Prediction<>(scores.get(rankedItems[0]), scores, 0, example, false);
    }

    @Override
    public Map<String, List<Pair<String, Double>>> getTopFeatures(int n) {
        Map<String, List<Pair<String, Double>>> map = new HashMap<>();
        if (n != 0) {
            // Only the constant term matters, as for Tribuo's dummy models.
            map.put(Model.ALL_OUTPUTS, Collections.singletonList(new Pair<>(BIAS_FEATURE, 1.0)));
        }
        return map;
    }

    @Override
    public Optional<Excuse<Label>> getExcuse(Example<Label> example) {
        return Optional.of(new Excuse<>(example, predict(example), getTopFeatures(1)));
    }

    @Override
    public ModelProto serialize() {
        throw new UnsupportedOperationException("MostPopularModel has no protobuf form yet; use Java serialization");
    }

    @Override
    protected MostPopularModel copy(String newName, ModelProvenance newProvenance) {
        return new MostPopularModel(newName, newProvenance, featureIDMap, outputIDInfo, rankedItems, rankedCounts);
    }

    @Override
    public String toString() {
        int shown = Math.min(5, rankedItems.length);
        StringBuilder sb = new StringBuilder("MostPopularModel(items=" + rankedItems.length + ", top=[");
        for (int i = 0; i < shown; i++) {
            sb.append(i == 0 ? "" : ", ").append(rankedItems[i]).append('=').append(rankedCounts[i]);
        }
        return sb.append(shown < rankedItems.length ? ", ...])" : "])").toString();
    }
}
