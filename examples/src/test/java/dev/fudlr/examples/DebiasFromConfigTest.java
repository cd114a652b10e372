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

    /**
     * The interaction-log configuration, on a small generated log in the default layout (string ids, no timestamps, a
     * user table with region and missing values, an item table), with the tiny model settings and the file paths
     * overridden.
     */
    @Test
    void trainsAndDebiasesAnInteractionLogFromItsConfig(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.util.Random rng = new java.util.Random(4);
        List<String> log = new java.util.ArrayList<>(List.of("user,item"));
        List<String> users = new java.util.ArrayList<>(List.of("user,region"));
        for (int u = 0; u < 80; u++) {
            users.add("c" + u + "," + (u % 10 == 9 ? "" : List.of("east", "west", "coast").get(u % 3)));
            java.util.Set<Integer> seen = new java.util.LinkedHashSet<>();
            int n = 10 + rng.nextInt(10);
            while (seen.size() < n) {
                // Squaring a uniform draw skews the choice towards the low item numbers: a popular head.
                seen.add((int) (40 * Math.pow(rng.nextDouble(), u % 2 == 0 ? 3 : 1)));
            }
            for (int i : seen) {
                log.add("c" + u + ",p" + i);
            }
        }
        List<String> items = new java.util.ArrayList<>(List.of("item,title,categories"));
        for (int i = 0; i < 40; i++) {
            items.add("p" + i + ",\"Product " + i + ", blue\"," + (i % 2 == 0 ? "home|garden" : "toys"));
        }
        Map<String, String> overrides = new java.util.LinkedHashMap<>(DebiasFromConfig.tinyOverrides());
        overrides.keySet().removeIf(k -> k.contains(".synthetic"));
        for (String source : List.of("train-source", "audit-source")) {
            overrides.put(source + ".interactionsFile", java.nio.file.Files.write(dir.resolve("interactions.csv"), log).toString());
            overrides.put(source + ".usersFile", java.nio.file.Files.write(dir.resolve("users.csv"), users).toString());
            overrides.put(source + ".itemsFile", java.nio.file.Files.write(dir.resolve("items.csv"), items).toString());
        }
        Model<Label> model = DebiasFromConfig.trainAndDebias("/dev/fudlr/examples/interactions-fudlr.xml", overrides);
        try {
            PostTrainingModelProvenance p = assertInstanceOf(PostTrainingModelProvenance.class, model.getProvenance());
            MapProvenance<?> before = (MapProvenance<?>) p.getInstanceProvenance().getMap().get(FudlrReport.METRICS_BEFORE);
            assertTrue(before.getMap().containsKey("ndcg-gap@10:region"), before.toString());
            assertTrue(before.getMap().keySet().stream().anyMatch(k -> k.startsWith("ndcg-gap@10:region/") && k.contains("coast")),
                       before.toString());
            assertEquals("dev.fudlr.data.InteractionLogDataSource",
                         p.getOriginalModelProvenance().getDatasetProvenance().getSourceProvenance().getClassName());
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
