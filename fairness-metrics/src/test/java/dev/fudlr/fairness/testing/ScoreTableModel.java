/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.testing;

import com.oracle.labs.mlrg.olcut.util.Pair;
import org.tribuo.Example;
import org.tribuo.Excuse;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Model;
import org.tribuo.MutableOutputInfo;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.provenance.ModelProvenance;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A hand-built recommender: each user (metadata "user") gets a fixed score per item id. Counts its
 * predictions so tests can check that predictions are made once.
 */
public final class ScoreTableModel extends Model<Label> {
    private static final long serialVersionUID = 1L;

    private final Map<String, Map<String, Double>> scoresByUser;
    private final transient AtomicInteger predictions = new AtomicInteger();

    /**
     * A model.
     * @param provenance its provenance.
     * @param features the feature map.
     * @param items the catalogue (item ids).
     * @param scoresByUser user to item id to score.
     */
    public ScoreTableModel(ModelProvenance provenance, ImmutableFeatureMap features, Collection<String> items,
                           Map<String, Map<String, Double>> scoresByUser) {
        super("score-table", provenance, features, catalogue(items), false);
        this.scoresByUser = scoresByUser;
    }

    private static ImmutableOutputInfo<Label> catalogue(Collection<String> items) {
        MutableOutputInfo<Label> info = new LabelFactory().generateInfo();
        for (String id : items) {
            info.observe(new Label(id));
        }
        return info.generateImmutableOutputInfo();
    }

    /**
     * Number of single-example predictions made so far.
     * @return the count.
     */
    public int predictionCount() {
        return predictions.get();
    }

    @Override
    public Prediction<Label> predict(Example<Label> example) {
        predictions.incrementAndGet();
        String user = example.getMetadataValue("user").map(Object::toString).orElseThrow();
        Map<String, Label> scores = new LinkedHashMap<>();
        Label best = null;
        for (Map.Entry<String, Double> e : scoresByUser.get(user).entrySet()) {
            Label l = new Label(e.getKey(), e.getValue());
            scores.put(e.getKey(), l);
            if (best == null || l.getScore() > best.getScore()) {
                best = l;
            }
        }
        return new Prediction<>(best, scores, example.size(), example, false);
    }

    @Override
    public Map<String, List<Pair<String, Double>>> getTopFeatures(int n) {
        return Collections.emptyMap();
    }

    @Override
    public Optional<Excuse<Label>> getExcuse(Example<Label> example) {
        return Optional.empty();
    }

    @Override
    protected Model<Label> copy(String newName, ModelProvenance newProvenance) {
        return new ScoreTableModel(newProvenance, featureIDMap, names(), scoresByUser);
    }

    private List<String> names() {
        List<String> out = new java.util.ArrayList<>();
        for (Label l : outputIDInfo.getDomain()) {
            out.add(l.getLabel());
        }
        return out;
    }
}
