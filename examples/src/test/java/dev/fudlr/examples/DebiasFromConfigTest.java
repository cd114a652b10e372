/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.examples;

import com.oracle.labs.mlrg.olcut.provenance.ListProvenance;
import com.oracle.labs.mlrg.olcut.provenance.MapProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import dev.fudlr.PostTrainingModelProvenance;
import dev.fudlr.debias.FudlrReport;
import dev.fudlr.debias.FudlrTransformer;
import dev.fudlr.model.UnlearnableRecommender;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.tribuo.Model;
import org.tribuo.classification.Label;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DebiasFromConfigTest {

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {"popularity;mgu@10", "gender;ndcg-gap@10:gender", "both;mgu@10,ndcg-gap@10:gender"})
    void trainsAndDebiasesFromEachConfig(String name, String objectives) {
        Model<Label> model = DebiasFromConfig.trainAndDebias(DebiasFromConfig.CONFIGS.get(name), DebiasFromConfig.tinyOverrides());
        try {
            PostTrainingModelProvenance p = assertInstanceOf(PostTrainingModelProvenance.class, model.getProvenance());
            assertEquals(FudlrTransformer.class.getName(), p.getTransformerProvenance().getClassName());
            // The overrides reached the components: the recorded trainer is the width-8 one.
            assertEquals("8", p.getTrainerProvenance().getConfiguredParameters().get("embeddingDim").toString());
            assertEquals("true", p.getTransformerProvenance().getConfiguredParameters().get("force").toString());
            Map<String, ? extends Provenance> values = p.getInstanceProvenance().getMap();
            // The audit measured every objective of the configuration, before and after.
            MapProvenance<?> before = (MapProvenance<?>) values.get(FudlrReport.METRICS_BEFORE);
            MapProvenance<?> after = (MapProvenance<?>) values.get(FudlrReport.METRICS_AFTER);
            for (String objective : objectives.split(",")) {
                assertTrue(before.getMap().containsKey(objective), objective + " not in " + before);
                assertTrue(after.getMap().containsKey(objective), objective + " not in " + after);
            }
            ListProvenance<?> ids = (ListProvenance<?>) values.get(FudlrReport.UNLEARNED_IDS);
            assertEquals(values.get(FudlrReport.UNLEARNED_COUNT).toString(), Integer.toString(ids.getList().size()));
            List<String> configured = Arrays.asList(objectives.split(","));
            assertTrue(p.getTransformerProvenance().getConfiguredParameters().get("objectives").toString()
                           .contains(configured.get(configured.size() - 1)));
        } finally {
            ((UnlearnableRecommender) model).close();
        }
    }

    @Test
    void malformedOverrideIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> DebiasFromConfig.trainAndDebias(DebiasFromConfig.CONFIGS.get("popularity"), Map.of("epochs", "1")));
        assertTrue(e.getMessage().contains("epochs"), e.getMessage());
    }

    @Test
    void configurationsWithExternalEntitiesAreRefused(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path secret = java.nio.file.Files.writeString(dir.resolve("secret.txt"), "EXAMPLE-SECRET");
        java.nio.file.Path config = java.nio.file.Files.writeString(dir.resolve("evil.xml"),
            "<?xml version=\"1.0\"?>\n<!DOCTYPE config [<!ENTITY e SYSTEM \"" + secret.toUri() + "\">]>\n"
            + "<config><component name=\"trainer\" type=\"dev.fudlr.model.LmRecommenderTrainer\">"
            + "<property name=\"deviceSpec\" value=\"&e;\"/></component></config>\n");
        dev.fudlr.reliability.UnsafeXmlException e = assertThrows(dev.fudlr.reliability.UnsafeXmlException.class,
            () -> DebiasFromConfig.trainAndDebias(config.toString(), Map.of()));
        assertEquals("DOCTYPE", e.construct());
        assertTrue(!e.getMessage().contains("EXAMPLE-SECRET"), e.getMessage());
    }
}
