/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.ranking;

import com.oracle.labs.mlrg.olcut.util.Pair;
import org.tribuo.Example;
import org.tribuo.Excuse;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.provenance.ModelProvenance;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A hand-built test model: each user (metadata "user") gets a fixed score per item.
 */
final class FixedScoresModel extends Model<Label> {
    private static final long serialVersionUID = 1L;

    private final Map<String, Map<String, Double>> scoresByUser;

    FixedScoresModel(ModelProvenance provenance, ImmutableFeatureMap features, ImmutableOutputInfo<Label> items,
                     Map<String, Map<String, Double>> scoresByUser) {
        super("fixed-scores", provenance, features, items, false);
        this.scoresByUser = scoresByUser;
    }

    @Override
    public Prediction<Label> predict(Example<Label> example) {
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
        return new FixedScoresModel(newProvenance, featureIDMap, outputIDInfo, scoresByUser);
    }
}
