/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.model;

import dev.fudlr.model.train.Precision;
import dev.fudlr.model.train.TrainingData;
import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import dev.fudlr.data.MovieLensDataSource;
import dev.fudlr.model.minilm.MiniLmRecommenderModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.provenance.TrainerProvenance;
import org.tribuo.test.Helpers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LmRecommenderTrainerTest {

    private static final Path EXAMPLE_CONFIG =
        Paths.get("..", "examples", "src", "main", "resources", "dev", "fudlr", "examples", "transformer-trainer.xml");

    private static LmRecommenderTrainer.Builder tiny() {
        return LmRecommenderTrainer.builder().embeddingDim(8).numLayers(1).numHeads(2).ffnDim(16).maxHistory(3)
            .loraRank(2).loraAlpha(4).pretrainEpochs(2).epochs(2).batchSize(16).learningRate(1e-2).seed(77)
            .device("cpu");
    }

    private static MutableDataset<Label> data() {
        return SyntheticData.dataset(SyntheticData.successorSamples(10, 12, 6, 3, 5L), "trainer test");
    }

    private static void assertBadField(String field, Executable build) {
        PropertyException e = assertThrows(PropertyException.class, build);
        assertEquals(field, e.getProperty(), e.getMessage());
        assertTrue(e.getMessage().contains(field), e.getMessage());
    }

    @Test
    void validationNamesTheBadField() {
        assertBadField("embeddingDim", () -> tiny().embeddingDim(0).build());
        assertBadField("numLayers", () -> tiny().numLayers(0).build());
        assertBadField("numHeads", () -> tiny().numHeads(-1).build());
        assertBadField("numHeads", () -> tiny().embeddingDim(8).numHeads(3).build());
        assertBadField("ffnDim", () -> tiny().ffnDim(0).build());
        assertBadField("maxHistory", () -> tiny().maxHistory(0).build());
        assertBadField("loraRank", () -> tiny().loraRank(0).build());
        assertBadField("loraAlpha", () -> tiny().loraAlpha(0).build());
        assertBadField("loraAlpha", () -> tiny().loraAlpha(Double.NaN).build());
        assertBadField("pretrainEpochs", () -> tiny().pretrainEpochs(-1).build());
        assertBadField("epochs", () -> tiny().epochs(-2).build());
        assertBadField("batchSize", () -> tiny().batchSize(0).build());
        assertBadField("learningRate", () -> tiny().learningRate(0).build());
        assertBadField("learningRate", () -> tiny().learningRate(Double.POSITIVE_INFINITY).build());
        assertBadField("weightDecay", () -> tiny().weightDecay(-1e-3).build());
        assertBadField("device", () -> tiny().device("tpu").build());
        assertBadField("device", () -> tiny().device("gpu:x").build());
        assertBadField("dtype", () -> tiny().dtype(null).build());
        // Valid corner values.
        tiny().pretrainEpochs(0).epochs(0).weightDecay(0).device("gpu:1").dtype(Precision.FLOAT64).build();
    }

    @Test
    void sameSeedGivesIdenticalParameters() {
        // Long enough that any run-to-run rounding difference (Adam amplifies them) shows up in the weights.
        MutableDataset<Label> d = data();
        DjlRecommenderModel a = (DjlRecommenderModel) tiny().pretrainEpochs(10).epochs(3).build().train(d);
        DjlRecommenderModel b = (DjlRecommenderModel) tiny().pretrainEpochs(10).epochs(3).build().train(d);
        LmRecommenderTrainer reused = tiny().pretrainEpochs(10).epochs(3).build();
        ((DjlRecommenderModel) reused.train(d)).close();
        DjlRecommenderModel c = (DjlRecommenderModel) reused.train(d);
        reused.setInvocationCount(0);
        DjlRecommenderModel e = (DjlRecommenderModel) reused.train(d);
        DjlRecommenderModel other = (DjlRecommenderModel) tiny().pretrainEpochs(10).epochs(3).seed(78).build().train(d);
        try {
            assertArrayEquals(a.trainableParameters(), b.trainableParameters());
            assertEquals(a.weights(), b.weights());
            assertEquals(a.weights(), e.weights());
            // A second invocation of the same trainer draws a new run seed (Tribuo semantics), as does another seed.
            assertFalse(Arrays.equals(a.trainableParameters(), c.trainableParameters()));
            assertFalse(Arrays.equals(a.trainableParameters(), other.trainableParameters()));
            assertEquals(1, ((Number) c.getProvenance().getTrainerProvenance().getInstanceValues()
                .get(TrainerProvenance.TRAIN_INVOCATION_COUNT).getValue()).intValue());
        } finally {
            a.close();
            b.close();
            c.close();
            e.close();
            other.close();
        }
    }

    @Test
    void lossDecreasesOverEpochs() {
        MutableDataset<Label> d = data();
        List<Example<Label>> samples = d.getData();
        DjlRecommenderModel none = (DjlRecommenderModel) tiny().pretrainEpochs(0).epochs(0).build().train(d);
        DjlRecommenderModel base = (DjlRecommenderModel) tiny().pretrainEpochs(8).epochs(0).build().train(d);
        DjlRecommenderModel tuned = (DjlRecommenderModel) tiny().pretrainEpochs(8).epochs(5).build().train(d);
        try {
            double l0 = Arrays.stream(none.perSampleLossAsDouble(samples)).average().orElseThrow();
            double l1 = Arrays.stream(base.perSampleLossAsDouble(samples)).average().orElseThrow();
            double l2 = Arrays.stream(tuned.perSampleLossAsDouble(samples)).average().orElseThrow();
            assertTrue(l1 < 0.7 * l0, l0 + " -> " + l1);
            assertTrue(l2 < l1, "LoRA fine-tuning should lower the training loss: " + l1 + " -> " + l2);
            // Without LoRA epochs the adapters are exactly identity (B stays 0); fine-tuning changes only LoRA.
            assertTrue(base.weights().entrySet().stream().filter(x -> x.getKey().endsWith("lora_b"))
                           .allMatch(x -> Arrays.stream(x.getValue().toDoubleArray()).allMatch(v -> v == 0)));
            base.weights().forEach((name, t) -> {
                if (!name.contains("lora")) {
                    assertEquals(t, tuned.weights().get(name), name + " changed during LoRA fine-tuning");
                }
            });
        } finally {
            none.close();
            base.close();
            tuned.close();
        }
    }

    @Test
    void historyOnlyItemsJoinTheCatalogueAndDomain() {
        // Item 50 only ever appears in a history, never as a target.
        List<Example<Label>> samples = new java.util.ArrayList<>(SyntheticData.successorSamples(6, 4, 4, 3, 2L));
        samples.add(SyntheticData.sample(new int[]{50, 1}, 2, "h", 1));
        DjlRecommenderModel m = (DjlRecommenderModel) tiny().pretrainEpochs(1).epochs(0).build().train(SyntheticData.dataset(samples, "history-only"));
        try {
            assertEquals(7, m.items().size());
            assertEquals("50", m.items().id(6));
            assertTrue(m.getOutputIDInfo().getID(new Label("50")) >= 0);
            assertEquals(7, m.predict(samples.get(0)).getOutputScores().size());
        } finally {
            m.close();
        }
    }

    @Test
    void rejectsEmptyDataset() {
        MutableDataset<Label> empty = SyntheticData.dataset(Collections.emptyList(), "empty");
        assertThrows(IllegalArgumentException.class, () -> tiny().build().train(empty));
    }

    @Test
    void provenanceMarshallsAndMatchesConfiguration() {
        LmRecommenderTrainer trainer = tiny().build();
        Helpers.testConfigurableRoundtrip(trainer);
        DjlRecommenderModel m = (DjlRecommenderModel) trainer.train(data());
        try {
            Helpers.testProvenanceMarshalling(m.getProvenance());
            Map<String, Provenance> configured = m.getProvenance().getTrainerProvenance().getConfiguredParameters();
            assertEquals("8", configured.get("embeddingDim").toString());
            assertEquals("77", configured.get("seed").toString());
            assertEquals("cpu", configured.get("device").toString());
            assertEquals(DjlRecommenderModel.class.getName(), m.getProvenance().getClassName());
            Map<String, ? extends Provenance> instance = m.getProvenance().getInstanceProvenance().getMap();
            assertEquals(Long.toString(TrainingData.runSeed(77, 0)), instance.get(LmRecommenderTrainer.RUN_SEED).toString());
            assertEquals("cpu()", instance.get(LmRecommenderTrainer.RESOLVED_DEVICE).toString());
        } finally {
            m.close();
        }
    }

    @Test
    void loadsTheExampleXmlConfiguration() {
        assertTrue(Files.isRegularFile(EXAMPLE_CONFIG), "missing " + EXAMPLE_CONFIG.toAbsolutePath());
        ConfigurationManager cm = new ConfigurationManager(EXAMPLE_CONFIG.toString());
        LmRecommenderTrainer trainer = (LmRecommenderTrainer) cm.lookup("transformer-trainer");
        Map<String, Provenance> p = trainer.getProvenance().getConfiguredParameters();
        assertEquals("64", p.get("embeddingDim").toString());
        assertEquals("2", p.get("numLayers").toString());
        assertEquals("10", p.get("maxHistory").toString());
        assertEquals("8", p.get("loraRank").toString());
        assertEquals("16.0", p.get("loraAlpha").toString());
        assertEquals("false", p.get("outputLora").toString());
        assertFalse(trainer.isOutputLora());
        assertEquals("auto", p.get("device").toString());
        assertEquals("FLOAT32", p.get("dtype").toString());
        assertEquals(LmRecommenderTrainer.DEFAULT_PRETRAIN_EPOCHS, trainer.getPretrainEpochs());
        assertEquals(LmRecommenderTrainer.DEFAULT_EPOCHS, trainer.getEpochs());
        // The example's values are the programmatic defaults.
        assertEquals(LmRecommenderTrainer.builder().build().toString(), trainer.toString());
        cm.close();
    }

    @Test
    void loadsAClasspathConfigurationAndTrains() {
        ConfigurationManager cm = new ConfigurationManager("/dev/fudlr/model/tiny-trainer.xml");
        LmRecommenderTrainer trainer = (LmRecommenderTrainer) cm.lookup("tiny");
        assertEquals(77L, trainer.getSeed());
        assertEquals(3, trainer.getMaxHistory());
        DjlRecommenderModel fromXml = (DjlRecommenderModel) trainer.train(data());
        DjlRecommenderModel fromCode = (DjlRecommenderModel) tiny().weightDecay(0.001).build().train(data());
        try {
            assertEquals(fromCode.weights(), fromXml.weights());
        } finally {
            fromXml.close();
            fromCode.close();
            cm.close();
        }
    }

    @Test
    void badXmlValueIsReportedWithItsField() {
        ConfigurationManager cm = new ConfigurationManager("/dev/fudlr/model/tiny-trainer.xml");
        cm.overrideConfigurableProperty("tiny", "batchSize", new com.oracle.labs.mlrg.olcut.config.property.SimpleProperty("0"));
        PropertyException e = assertThrows(PropertyException.class, () -> cm.lookup("tiny"));
        assertTrue(e.getMessage().contains("batchSize"), e.getMessage());
        cm.close();
    }

    @Test
    void runSeedIsAFunctionOfSeedAndInvocation() {
        assertEquals(TrainingData.runSeed(1, 3), TrainingData.runSeed(1, 3));
        assertNotEquals(TrainingData.runSeed(1, 3), TrainingData.runSeed(1, 4));
        assertNotEquals(TrainingData.runSeed(1, 0), TrainingData.runSeed(2, 0));
    }

    @Test
    void backboneIsValidated() {
        assertBadField("backbone", () -> withBackbone("gpt").postConfig());
        assertEquals(LmRecommenderTrainer.BACKBONE_TRANSFORMER, tiny().build().getBackbone());
        assertTrue(tiny().outputLora(true).build().isOutputLora());
    }

    /** An XML written when this trainer also delegated to MiniLM fails and says what to write instead. */
    @Test
    void oldMinilmBackboneXmlSaysWhatToWriteInstead() {
        try (ConfigurationManager cm = new ConfigurationManager("/dev/fudlr/model/minilm-backbone.xml")) {
            PropertyException e = assertThrows(PropertyException.class, () -> cm.lookup("lm"));
            assertTrue(e.getMessage().contains("MiniLmRecommenderTrainer in package dev.fudlr.model.minilm")
                       && e.getMessage().contains("the trainer itself"), e.getMessage());
        }
    }

    /** A trainer whose backbone field is set, as OLCUT would set it from XML. */
    private static LmRecommenderTrainer withBackbone(String backbone) throws ReflectiveOperationException {
        LmRecommenderTrainer t = LmRecommenderTrainer.builder().build();
        java.lang.reflect.Field f = LmRecommenderTrainer.class.getDeclaredField("backbone");
        f.setAccessible(true);
        f.set(t, backbone);
        return t;
    }

    /** Largest absolute difference between two models' tensors (they must have the same layout). */
    private static double maxDifference(DjlRecommenderModel a, DjlRecommenderModel b) {
        assertEquals(a.weights().keySet(), b.weights().keySet());
        double max = 0;
        for (String name : a.weights().keySet()) {
            double[] x = a.weights().get(name).toDoubleArray();
            double[] y = b.weights().get(name).toDoubleArray();
            for (int i = 0; i < x.length; i++) {
                max = Math.max(max, Math.abs(x[i] - y[i]));
            }
        }
        return max;
    }

    private static List<Example<Label>> weighted(List<Example<Label>> samples, int index, float weight) {
        List<Example<Label>> out = new java.util.ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            Example<Label> c = samples.get(i).copy();
            if (index < 0 || i == index) {
                c.setWeight(weight);
            }
            out.add(c);
        }
        return out;
    }

    /**
     * Weight 0 on a sample is the same as removing it. Full-batch training (batchSize >= n) makes the batches of the
     * two runs hold the same samples (only the order inside the batch differs, so sums differ in the last bits).
     */
    @Test
    void zeroWeightEqualsRemovingTheSample() {
        List<Example<Label>> samples = data().getData();
        int removed = 7;
        List<Example<Label>> without = new java.util.ArrayList<>(samples);
        without.remove(removed);
        LmRecommenderTrainer.Builder fullBatch = tiny().dtype(Precision.FLOAT64).batchSize(1024).pretrainEpochs(4).epochs(3);
        MutableDataset<Label> zeroWeight = SyntheticData.dataset(weighted(samples, removed, 0f), "weight 0");
        MutableDataset<Label> removedSet = SyntheticData.dataset(without, "removed");
        DjlRecommenderModel a = (DjlRecommenderModel) fullBatch.build().train(zeroWeight);
        DjlRecommenderModel b = (DjlRecommenderModel) fullBatch.build().train(removedSet);
        DjlRecommenderModel all = (DjlRecommenderModel) fullBatch.build().train(data());
        DjlRecommenderModel doubled = (DjlRecommenderModel) fullBatch.build()
            .train(SyntheticData.dataset(weighted(samples, -1, 2f), "all weights 2"));
        try {
            assertEquals(a.items().ids(), b.items().ids());
            double diff = maxDifference(a, b);
            assertTrue(diff < 1e-10, "weight 0 vs removal differ by " + diff);
            // The removal matters (so the equality above is not vacuous) ...
            assertTrue(maxDifference(all, b) > 1e-4, "removing a sample changed nothing: " + maxDifference(all, b));
            // ... and equal weights are the unweighted run, bit for bit.
            assertEquals(all.weights(), doubled.weights());
        } finally {
            a.close();
            b.close();
            all.close();
            doubled.close();
        }
    }

    @Test
    void weightsAreValidated() {
        List<Example<Label>> samples = data().getData();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> tiny().build().train(SyntheticData.dataset(weighted(samples, 3, -1f), "negative")));
        assertTrue(e.getMessage().contains("weight -1.0") && e.getMessage().contains("sample"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
            () -> tiny().build().train(SyntheticData.dataset(weighted(samples, -1, 0f), "all zero")));
        assertTrue(e.getMessage().contains("are 0"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
            () -> tiny().build().train(SyntheticData.dataset(weighted(samples, 2, Float.NaN), "nan")));
    }

    /** Warm start: only LoRA moves, the start model is untouched, 0 epochs is the identity. */
    @Test
    void continueTrainingChangesOnlyLoraOfANewModel() {
        MutableDataset<Label> d = data();
        LmRecommenderTrainer trainer = tiny().dtype(Precision.FLOAT64).build();
        DjlRecommenderModel start = (DjlRecommenderModel) trainer.train(d);
        java.util.SortedMap<String, dev.fudlr.model.djl.HostTensor> before = start.weights();
        List<Example<Label>> half = d.getData().subList(0, d.size() / 2);
        DjlRecommenderModel warm = trainer.continueTraining(start, SyntheticData.dataset(half, "half"), 2);
        DjlRecommenderModel same = trainer.continueTraining(start, d, 0);
        try {
            assertEquals(before, start.weights());
            assertEquals(start.items().ids(), warm.items().ids());
            int changedLora = 0;
            for (String name : before.keySet()) {
                if (name.contains("lora")) {
                    changedLora += before.get(name).equals(warm.weights().get(name)) ? 0 : 1;
                } else {
                    assertEquals(before.get(name), warm.weights().get(name), name + " is not a LoRA parameter but changed");
                }
            }
            assertTrue(changedLora > 0, "no LoRA parameter moved");
            assertArrayEquals(start.trainableParametersAsDouble(), same.trainableParametersAsDouble(), 0.0);
            Map<String, ? extends Provenance> values = warm.getProvenance().getInstanceProvenance().getMap();
            assertEquals("2", values.get(LmRecommenderTrainer.CONTINUED_EPOCHS).toString());
            assertEquals(64, values.get(LmRecommenderTrainer.CONTINUED_FROM).toString().length());
            assertEquals(Long.toString(TrainingData.runSeed(77, 1)), values.get(LmRecommenderTrainer.RUN_SEED).toString());
            assertEquals(3, trainer.getInvocationCount());
            // A target outside the start model's catalogue cannot be trained on.
            MutableDataset<Label> unknown = SyntheticData.dataset(List.of(SyntheticData.sample(new int[]{1, 2}, 99, "x", 1)), "unknown");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> trainer.continueTraining(start, unknown, 1));
            assertTrue(e.getMessage().contains("'99'"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> trainer.continueTraining(start, d, -1));
        } finally {
            start.close();
            warm.close();
            same.close();
        }
    }
}
