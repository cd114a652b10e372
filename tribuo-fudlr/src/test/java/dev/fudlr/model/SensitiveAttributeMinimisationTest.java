/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.model;

import com.oracle.labs.mlrg.olcut.config.json.JsonProvenanceSerialization;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import dev.fudlr.data.MovieLensDataSource;
import dev.fudlr.data.SampleBuilder;
import dev.fudlr.data.SampleEncoding;
import dev.fudlr.data.SyntheticGenerator;
import dev.fudlr.data.UserInfo;
import org.junit.jupiter.api.Test;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.VariableInfo;
import org.tribuo.classification.Label;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sensitive attributes are for auditing only (docs/data-protection.md): the training samples carry them as metadata,
 * never as features, so a trained model's feature domain is item ids only, and neither the model file nor its
 * provenance (as JSON) holds any user's attribute value.
 */
class SensitiveAttributeMinimisationTest {

    @Test
    void modelsAndProvenanceHoldNoUserAttributes() throws Exception {
        SyntheticGenerator.Config config = new SyntheticGenerator.Config(19, 40, 50, 5, 15, 1.0, 0.4, 4, 0.3, 0.5, 2.0);
        MovieLensDataSource source = new MovieLensDataSource(config, "train", new SampleBuilder(3, 0, 3));
        MutableDataset<Label> train = new MutableDataset<>(source);
        // The samples do carry the attributes (as metadata, for the audit).
        Example<Label> first = train.getExample(0);
        assertTrue(first.getMetadata().containsKey(SampleEncoding.GENDER) && first.getMetadata().containsKey(SampleEncoding.OCCUPATION),
                   first.getMetadata().toString());
        try (DjlRecommenderModel model = LmRecommenderTrainer.builder().embeddingDim(8).numLayers(1).numHeads(2).ffnDim(16)
                .maxHistory(3).loraRank(2).loraAlpha(4).pretrainEpochs(1).epochs(1).batchSize(32).seed(3).device("cpu").build()
                .trainTransformer(train)) {
            for (VariableInfo f : model.getFeatureIDMap()) {
                assertTrue(f.getName().startsWith(SampleEncoding.ITEM_FEATURE_PREFIX), "a non-item feature: " + f.getName());
            }
            String file = new String(model.serialize().toByteArray(), StandardCharsets.ISO_8859_1);
            String json = new JsonProvenanceSerialization(true).serializeToString(ProvenanceUtil.marshalProvenance(model.getProvenance()));
            // Occupation names occur only in user records; long ones cannot occur by chance in bytes or JSON.
            Set<String> occupations = new TreeSet<>();
            for (UserInfo u : source.getSplits().ratings().users().values()) {
                if (u.occupation() != null && u.occupation().length() >= 7) {
                    occupations.add(u.occupation());
                }
            }
            assertTrue(occupations.size() >= 5, occupations.toString());
            for (String o : occupations) {
                assertFalse(file.contains(o), "model file holds '" + o + "'");
                assertFalse(json.contains(o), "provenance holds '" + o + "'");
            }
            for (String key : new String[]{SampleEncoding.GENDER, SampleEncoding.AGE, SampleEncoding.OCCUPATION}) {
                assertFalse(json.contains("\"" + key + "\""), "provenance has a '" + key + "' entry");
            }
            assertEquals(train.getFeatureMap().size(), model.getFeatureIDMap().size());
        }
    }
}
