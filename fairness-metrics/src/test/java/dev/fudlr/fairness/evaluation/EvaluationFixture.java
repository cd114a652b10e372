/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.evaluation;

import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.StringProvenance;
import dev.fudlr.fairness.testing.ScoreTableModel;
import dev.fudlr.fairness.testing.TestData;
import org.tribuo.Feature;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.ModelProvenance;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.provenance.impl.EmptyTrainerProvenance;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The small hand-computed case of {@link TestData} as a Tribuo model and dataset: item index i is item id
 * {@code i + 1}; users u0..u3 with metadata user, gender (missing for u3) and raw age.
 */
final class EvaluationFixture {

    static final OffsetDateTime TIME = OffsetDateTime.of(2026, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC);
    static final String[] AGES = {"20", "22", "50", "61"};

    final MutableDataset<Label> data;
    final ScoreTableModel model;

    /**
     * @param u3Target the label of u3 ("99" = outside the catalogue, as in the small case).
     */
    EvaluationFixture(String u3Target) {
        this(u3Target, AGES);
    }

    /**
     * @param u3Target the label of u3.
     * @param ages raw age metadata of u0..u3.
     */
    EvaluationFixture(String u3Target, String[] ages) {
        data = new MutableDataset<>(new SimpleDataSourceProvenance("fairness-test", TIME, new LabelFactory()), new LabelFactory());
        Map<String, Map<String, Double>> scores = new HashMap<>();
        for (int u = 0; u < 4; u++) {
            String target = u == 3 ? u3Target : Integer.toString(TestData.TARGETS[u] + 1);
            ArrayExample<Label> ex = new ArrayExample<>(new Label(target));
            for (int h : TestData.HISTORY[u]) {
                ex.add(new Feature("item:" + (h + 1), 1.0));
            }
            ex.setMetadataValue("user", "u" + u);
            if (u != 3) {
                ex.setMetadataValue("gender", TestData.GENDER[u]);
            }
            ex.setMetadataValue("age", ages[u]);
            data.add(ex);
            Map<String, Double> s = new LinkedHashMap<>();
            for (int i = 0; i < 6; i++) {
                s.put(Integer.toString(i + 1), -(double) i);
            }
            for (int p = 0; p < TestData.LISTS[u].length; p++) {
                s.put(Integer.toString(TestData.LISTS[u][p] + 1), 10.0 - p);
            }
            scores.put("u" + u, s);
        }
        Map<String, Provenance> instance = new HashMap<>();
        instance.put("debiased-by", new StringProvenance("debiased-by", "fudlr-test"));
        ModelProvenance prov = new ModelProvenance(ScoreTableModel.class.getName(), TIME, data.getProvenance(), new EmptyTrainerProvenance(), instance);
        model = new ScoreTableModel(prov, data.getFeatureIDMap(), List.of("1", "2", "3", "4", "5", "6"), scores);
    }

    static Map<String, Long> itemCounts() {
        Map<String, Long> m = new HashMap<>();
        for (int i = 0; i < 6; i++) {
            m.put(Integer.toString(i + 1), TestData.COUNTS[i]);
        }
        m.put("777", 1000L);
        return m;
    }

    static Map<String, List<String>> history() {
        Map<String, List<String>> m = new HashMap<>();
        for (int u = 0; u < 4; u++) {
            List<String> h = new ArrayList<>();
            for (int i : TestData.HISTORY[u]) {
                h.add(Integer.toString(i + 1));
            }
            m.put("u" + u, h);
        }
        return m;
    }
}
