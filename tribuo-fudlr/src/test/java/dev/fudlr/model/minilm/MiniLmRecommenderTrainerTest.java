/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.model.minilm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.config.property.SimpleProperty;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import dev.fudlr.data.ItemInfo;
import dev.fudlr.data.MovieLensDataSource;
import dev.fudlr.model.djl.HostTensor;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.test.Helpers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Configuration of {@link MiniLmRecommenderTrainer}: the shipped example XML (loaded, and trained end to end as a
 * reduced model on real ML-100K samples), LoRA dropout, and validation. More training is covered by
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
            assertEquals("0.0", p.get("loraDropout").toString());
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
            assertEquals("FLOAT32", p.get("dtype").toString());
            // The catalogue source is nested in the provenance, so the configuration can be rebuilt from it.
            assertTrue(p.get("catalogueSource").toString().contains("ml-100k"), p.get("catalogueSource").toString());
            // ML-100K has 1,682 movies; their titles are the prompt vocabulary.
            assertEquals(1682, trainer.itemCount());
            Helpers.testConfigurableRoundtrip(trainer);
        } finally {
            cm.close();
        }
    }

    /**
     * The example XML trains end to end on real ML-100K data, reduced (2 layers, 16 few-shot samples, LoRA dropout on)
     * by overriding its properties as a user would on the command line.
     */
    @Test
    public void trainsAReducedModelFromTheExampleXml() {
        String dir = System.getProperty("fudlr.ml100k.dir");
        Assumptions.assumeTrue(dir != null && Files.isRegularFile(Path.of(dir, "u.item")), "ML-100K not available");
        ConfigurationManager cm = new ConfigurationManager(EXAMPLE_CONFIG.toString());
        try {
            cm.overrideConfigurableProperty("ml100k-items", "directory", new SimpleProperty(dir));
            Map<String, String> reduced = Map.of("numLayers", "2", "fewShotSamples", "16", "batchSize", "8", "maxTokens", "48",
                                                 "loraDropout", "0.1", "device", "cpu");
            reduced.forEach((k, v) -> cm.overrideConfigurableProperty("minilm-trainer", k, new SimpleProperty(v)));
            MiniLmRecommenderTrainer trainer = (MiniLmRecommenderTrainer) cm.lookup("minilm-trainer");
            MovieLensDataSource source = (MovieLensDataSource) cm.lookup("ml100k-items");
            MutableDataset<Label> train = new MutableDataset<>(source);
            try (MiniLmRecommenderModel m = trainer.train(train)) {
                assertEquals(2, m.spec().numLayers());
                assertEquals(8, m.spec().loraRank());
                // Every target item of the training data is in the catalogue, with its ML-100K title as text.
                assertTrue(train.getOutputInfo().getDomain().stream().allMatch(l -> m.items().contains(l.getLabel())));
                assertTrue(m.catalogue().texts().contains("Toy Story (1995)"), "ML-100K titles");
                assertTrue(Arrays.stream(m.trainableWeights().get("bert_layer0_query_lora_b").toDoubleArray()).anyMatch(v -> v != 0),
                           "LoRA B was not trained");
                Prediction<Label> p = m.predict(train.getExample(0));
                assertEquals(m.items().size(), p.getOutputScores().size());
                assertEquals("0.1", m.getProvenance().getTrainerProvenance().getConfiguredParameters().get("loraDropout").toString());
            }
        } finally {
            cm.close();
        }
    }

    /** Dropout is seeded (same seed, same model), changes training, and is never applied by the trained model. */
    @Test
    public void loraDropoutIsSeededAndOnlyUsedInTrainingSteps() {
        SortedMap<String, HostTensor> dropA = trainBackboneXml("0.5");
        SortedMap<String, HostTensor> dropB = trainBackboneXml("0.5");
        SortedMap<String, HostTensor> none = trainBackboneXml("0.0");
        assertEquals(dropA, dropB);
        assertNotEquals(dropA, none);
        ConfigurationManager cm = backboneXml("0.5");
        try (MiniLmRecommenderModel m = ((MiniLmRecommenderTrainer) cm.lookup("minilm-2"))
                 .train(new MutableDataset<>((MovieLensDataSource) cm.lookup("synthetic-train")))) {
            List<Example<Label>> batch = List.of(((MovieLensDataSource) cm.lookup("synthetic-train")).getSplits().train().get(0));
            // Training-mode passes with a plain store (as every influence computation makes) equal evaluation passes.
            try (NDManager step = m.manager().newSubManager()) {
                NDArray ids = m.encodeHistories(step, batch);
                NDArray targets = m.encodeTargets(step, batch);
                NDArray train = m.perSampleLoss(new ParameterStore(step, false), ids, targets, true);
                NDArray eval = m.perSampleLoss(new ParameterStore(step, false), ids, targets, false);
                assertArrayEquals(eval.toType(DataType.FLOAT64, false).toDoubleArray(),
                                  train.toType(DataType.FLOAT64, false).toDoubleArray(), 0.0);
            }
        } finally {
            cm.close();
        }
    }

    private static ConfigurationManager backboneXml(String dropout) {
        ConfigurationManager cm = new ConfigurationManager("/dev/fudlr/model/minilm-backbone.xml");
        cm.overrideConfigurableProperty("minilm-2", "loraDropout", new SimpleProperty(dropout));
        cm.overrideConfigurableProperty("minilm-2", "learningRate", new SimpleProperty("0.05"));
        return cm;
    }

    private static SortedMap<String, HostTensor> trainBackboneXml(String dropout) {
        ConfigurationManager cm = backboneXml(dropout);
        try (MiniLmRecommenderModel m = ((MiniLmRecommenderTrainer) cm.lookup("minilm-2"))
                 .train(new MutableDataset<>((MovieLensDataSource) cm.lookup("synthetic-train")))) {
            return m.trainableWeights();
        } finally {
            cm.close();
        }
    }

    /** The MiniLM trainer from XML (its own component, one trainer per model): provenance names it and rebuilds it. */
    @Test
    public void trainsFromXmlWithProvenanceThatRebuildsTheTrainer() {
        ConfigurationManager cm = backboneXml("0.0");
        MiniLmRecommenderTrainer trainer = (MiniLmRecommenderTrainer) cm.lookup("minilm-2");
        MutableDataset<Label> train = new MutableDataset<>((MovieLensDataSource) cm.lookup("synthetic-train"));
        MiniLmRecommenderModel m = trainer.train(train);
        try {
            assertEquals(2, m.spec().numLayers());
            // 2 layers x {query, value} x {a, b} + item bias.
            assertEquals(9, m.trainableParameterNames().size(), m.trainableParameterNames().toString());
            assertTrue(Arrays.stream(m.trainableWeights().get("bert_layer1_value_lora_b").toDoubleArray()).anyMatch(v -> v != 0));
            assertEquals(MiniLmRecommenderTrainer.class.getName(), m.getProvenance().getTrainerProvenance().getClassName());
            Helpers.testProvenanceMarshalling(m.getProvenance());
            ConfigurationManager rebuilt = new ConfigurationManager();
            rebuilt.addConfiguration(ProvenanceUtil.extractConfiguration(m.getProvenance()));
            MiniLmRecommenderTrainer again = (MiniLmRecommenderTrainer) rebuilt.lookupAll(MiniLmRecommenderTrainer.class).get(0);
            assertEquals(trainer.toString(), again.toString());
            rebuilt.close();
            // Example weights are refused rather than silently ignored.
            MutableDataset<Label> weighted = new MutableDataset<>((MovieLensDataSource) cm.lookup("synthetic-train"));
            weighted.getExample(0).setWeight(2f);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> trainer.train(weighted));
            assertTrue(e.getMessage().contains("example weights"), e.getMessage());
            // Predictions survive a protobuf round trip.
            MiniLmRecommenderModel deser = (MiniLmRecommenderModel) Helpers.testModelProtoSerialization(m, Label.class, train, 1e-6);
            deser.close();
        } finally {
            m.close();
            cm.close();
        }
    }

    @Test
    public void badLoraDropoutIsReportedWithItsField() {
        ConfigurationManager cm = backboneXml("1.0");
        try {
            PropertyException e = assertThrows(PropertyException.class, () -> cm.lookup("minilm-2"));
            assertEquals("loraDropout", e.getProperty(), e.getMessage());
        } finally {
            cm.close();
        }
    }

    /** itemScope = catalogue ranks every item with a record, also those the (few-shot) training data never names. */
    @Test
    public void catalogueScopeRanksItemsTheTrainingDataNeverNames() {
        Map<Integer, ItemInfo> info = MiniLmTestSupport.itemInfo(6);
        MutableDataset<Label> ds = new MutableDataset<>(new org.tribuo.provenance.SimpleDataSourceProvenance("two samples",
                                                                                                            new org.tribuo.classification.LabelFactory()),
                                                        new org.tribuo.classification.LabelFactory());
        ds.add(dev.fudlr.data.SampleEncoding.encode(new int[]{1, 2}, 3, Map.of()));
        ds.add(dev.fudlr.data.SampleEncoding.encode(new int[]{2}, 1, Map.of()));
        // Zero epochs: only the catalogue matters here.
        try (MiniLmRecommenderModel named = new MiniLmRecommenderTrainer(info, 1, 0, 0, 4, 1e-3, 1L).train(ds);
             MiniLmRecommenderModel all = new MiniLmRecommenderTrainer(info, 1, 0, 0, 4, 1e-3, 1L,
                                                                       MiniLmRecommenderTrainer.ITEMS_CATALOGUE).train(ds)) {
            assertEquals(List.of("1", "2", "3"), named.items().ids());
            assertEquals(List.of("1", "2", "3", "4", "5", "6"), all.items().ids());
            assertEquals(6, all.scores(List.of(ds.getExample(0)))[0].length);
            assertTrue(all.catalogue().texts().contains(info.get(6).title()), all.catalogue().texts().toString());
            assertEquals(MiniLmRecommenderTrainer.ITEMS_CATALOGUE,
                         all.getProvenance().getTrainerProvenance().getConfiguredParameters().get("itemScope").toString());
        }
        assertBad("itemScope", () -> new MiniLmRecommenderTrainer(info, 1, 0, 0, 4, 1e-3, 1L, "everything"));
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
