/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.model.minilm;

import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.config.property.SimpleProperty;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import dev.fudlr.data.ItemInfo;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.tribuo.test.Helpers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Configuration of {@link MiniLmRecommenderTrainer}: the shipped example XML and validation. Training is covered by
 * {@link MiniLmRecommenderModelTest} and {@code LmRecommenderTrainerTest} (backbone = minilm).
 */
public class MiniLmRecommenderTrainerTest {

    private static final Path EXAMPLE_CONFIG =
        Paths.get("..", "examples", "src", "main", "resources", "dev", "fudlr", "examples", "minilm-trainer.xml");

    /** The example XML loads (with the real ML-100K item titles) and holds the documented settings. */
    @Test
    public void loadsTheExampleXmlConfiguration() {
        assertTrue(Files.isRegularFile(EXAMPLE_CONFIG), "missing " + EXAMPLE_CONFIG.toAbsolutePath());
        String dir = System.getProperty("fudlr.ml100k.dir");
        Assumptions.assumeTrue(dir != null && Files.isRegularFile(Path.of(dir, "u.item")), "ML-100K not available");
        ConfigurationManager cm = new ConfigurationManager(EXAMPLE_CONFIG.toString());
        try {
            cm.overrideConfigurableProperty("ml100k-items", "directory", new SimpleProperty(dir));
            MiniLmRecommenderTrainer trainer = (MiniLmRecommenderTrainer) cm.lookup("minilm-trainer");
            Map<String, Provenance> p = trainer.getProvenance().getConfiguredParameters();
            assertEquals("6", p.get("numLayers").toString());
            assertEquals("8", p.get("loraRank").toString());
            assertEquals("16.0", p.get("loraAlpha").toString());
            assertEquals("20.0", p.get("scoreScale").toString());
            assertEquals("false", p.get("useHead").toString());
            assertEquals("true", p.get("useItemBias").toString());
            assertEquals("10", p.get("maxHistory").toString());
            assertEquals("96", p.get("maxTokens").toString());
            assertEquals("1024", p.get("fewShotSamples").toString());
            assertEquals("1", p.get("epochs").toString());
            assertEquals("16", p.get("batchSize").toString());
            assertEquals("0.001", p.get("learningRate").toString());
            assertEquals("1", p.get("seed").toString());
            assertEquals("auto", p.get("device").toString());
            assertEquals("float32", p.get("dtype").toString());
            // The catalogue source is nested in the provenance, so the configuration can be rebuilt from it.
            assertTrue(p.get("catalogueSource").toString().contains("ml-100k"), p.get("catalogueSource").toString());
            // ML-100K has 1,682 movies; their titles are the prompt vocabulary.
            assertEquals(1682, trainer.itemCount());
            Helpers.testConfigurableRoundtrip(trainer);
        } finally {
            cm.close();
        }
    }

    @Test
    public void validationNamesTheBadField() {
        Map<Integer, ItemInfo> info = Map.of(1, new ItemInfo(1, "Fargo (1996)", 1996, List.of("Crime")));
        assertBad("numLayers", () -> new MiniLmRecommenderTrainer(info, 7, 8, 1, 4, 1e-3, 1L));
        assertBad("fewShotSamples", () -> new MiniLmRecommenderTrainer(info, 2, -1, 1, 4, 1e-3, 1L));
        assertBad("batchSize", () -> new MiniLmRecommenderTrainer(info, 2, 8, 1, 0, 1e-3, 1L));
        assertBad("learningRate", () -> new MiniLmRecommenderTrainer(info, 2, 8, 1, 4, 0, 1L));
    }

    private static void assertBad(String field, org.junit.jupiter.api.function.Executable build) {
        PropertyException e = assertThrows(PropertyException.class, build);
        assertEquals(field, e.getProperty(), e.getMessage());
    }
}
