/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.debias.baselines;

import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import dev.fudlr.PostTrainingModelProvenance;
import dev.fudlr.PostTrainingResult;
import dev.fudlr.PostTrainingTrainer;
import dev.fudlr.PostTrainingTransformers;
import dev.fudlr.data.SampleEncoding;
import dev.fudlr.model.DjlRecommenderModel;
import dev.fudlr.model.ItemIndex;
import dev.fudlr.model.LmRecommenderTrainer;
import dev.fudlr.model.djl.HostTensor;
import dev.fudlr.model.networks.TransformerNetwork;
import dev.fudlr.model.spi.NetworkRecommenderModel;
import dev.fudlr.model.spi.NetworkRecommenderTrainer;
import dev.fudlr.model.train.Precision;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.DataSource;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.test.Helpers;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Retraining without S on small synthetic data: cold is bit-identical to training from scratch on the retained
 * samples with the same trainer and seed; warm moves only LoRA; the original is untouched; provenance round-trips.
 */
class RetrainWithoutTest {

    static final Path EXAMPLES = Paths.get("..", "examples", "src", "main", "resources", "dev", "fudlr", "examples");

    static BaselineFixture fx;
    static DjlRecommenderModel original;
    static SortedMap<String, HostTensor> originalWeights;
    static List<String> removedIds;
    static List<Example<Label>> retained;

    @BeforeAll
    static void setUp() {
        fx = new BaselineFixture();
        original = fx.trainOriginal();
        originalWeights = original.weights();
        removedIds = new ArrayList<>();
        retained = new ArrayList<>();
        List<Example<Label>> all = fx.train.getData();
        for (int i = 0; i < all.size(); i++) {
            if (i % 9 == 4) {
                removedIds.add(SampleEncoding.metadata(all.get(i), SampleEncoding.SAMPLE));
            } else {
                retained.add(all.get(i));
            }
        }
    }

    @AfterAll
    static void tearDown() {
        original.close();
    }

    @Test
    void coldEqualsTrainingFromScratchWithoutS() throws Exception {
        // Ids in another order and with a duplicate: S is a set.
        List<String> shuffled = new ArrayList<>(removedIds);
        java.util.Collections.reverse(shuffled);
        shuffled.add(removedIds.get(0));
        RetrainWithout step = RetrainWithout.builder().sampleIds(shuffled).build();
        PostTrainingResult<Label> r = step.transform(original, fx.train, fx.validation);
        MutableDataset<Label> filtered = BaselineFixture.dataset(retained, "retained");
        DjlRecommenderModel scratch = BaselineFixture.trainer().build().trainTransformer(filtered);
        DjlRecommenderModel cold = (DjlRecommenderModel) r.model();
        try {
            // Precondition of a bit-for-bit comparison: S removes no item from the catalogue.
            assertEquals(ItemIndex.fromDataset(fx.train).ids(), ItemIndex.fromDataset(filtered).ids());
            BaselineFixture.assertSameWeights(scratch, cold);
            assertNotEquals(originalWeights, cold.weights());
            assertEquals(originalWeights, original.weights());

            PostTrainingModelProvenance p = assertInstanceOf(PostTrainingModelProvenance.class, cold.getProvenance());
            assertEquals(original.getProvenance(), p.getOriginalModelProvenance());
            assertEquals(RetrainWithout.class.getName(), p.getTransformerProvenance().getClassName());
            Map<String, ? extends Provenance> v = p.getInstanceProvenance().getMap();
            assertEquals(Integer.toString(removedIds.size()), v.get(RetrainWithout.PREFIX + "removed-count").toString());
            assertEquals(Integer.toString(retained.size()), v.get(RetrainWithout.PREFIX + "retained-count").toString());
            // The digest is that of the sorted ids joined by newlines (FUDLR's unlearned-ids-sha256).
            String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(String.join("\n", new TreeSet<>(removedIds)).getBytes(StandardCharsets.UTF_8)));
            assertEquals(expected, v.get(RetrainWithout.PREFIX + "removed-ids-sha256").toString());
            assertEquals("cold", v.get(RetrainWithout.PREFIX + "mode").toString());
            assertEquals("2", v.get(RetrainWithout.PREFIX + "epochs").toString());
            assertEquals(LmRecommenderTrainer.class.getName(), v.get(RetrainWithout.PREFIX + "trainer").toString());
            assertEquals(original.getProvenance().getInstanceProvenance().getMap().get(LmRecommenderTrainer.RUN_SEED).toString(),
                         v.get(RetrainWithout.PREFIX + "run-seed").toString());
            assertTrue(Double.parseDouble(v.get(RetrainWithout.PREFIX + "wall-seconds").toString()) > 0);
            Helpers.testProvenanceMarshalling(p);
            Model<?> back = Model.deserialize(cold.serialize());
            try {
                assertEquals(p, back.getProvenance());
            } finally {
                ((DjlRecommenderModel) back).close();
            }
        } finally {
            scratch.close();
            cold.close();
        }
    }

    /** Warm from a file of ids: only LoRA moves, the base weights are the original's, the original is untouched. */
    @Test
    void warmFromAnIdsFileChangesOnlyLora(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("unlearned-ids.txt");
        List<String> lines = new ArrayList<>();
        lines.add("# FUDLR's unlearned ids");
        lines.addAll(removedIds);
        lines.add("");
        Files.write(file, lines, StandardCharsets.UTF_8);
        RetrainWithout step = RetrainWithout.builder().idsFile(file).mode(RetrainingMode.WARM).warmEpochs(2).build();
        assertEquals(RemovalSet.of(removedIds), step.removalSet());
        PostTrainingResult<Label> r = step.transform(original, fx.train, fx.validation);
        DjlRecommenderModel warm = (DjlRecommenderModel) r.model();
        try {
            assertEquals(originalWeights, original.weights());
            int loraChanged = 0;
            for (Map.Entry<String, HostTensor> e : originalWeights.entrySet()) {
                if (e.getKey().contains("lora")) {
                    loraChanged += e.getValue().equals(warm.weights().get(e.getKey())) ? 0 : 1;
                } else {
                    assertEquals(e.getValue(), warm.weights().get(e.getKey()), e.getKey());
                }
            }
            assertTrue(loraChanged > 0);
            Map<String, ? extends Provenance> v = warm.getProvenance().getInstanceProvenance().getMap();
            assertEquals("warm", v.get(RetrainWithout.PREFIX + "mode").toString());
            assertEquals("2", v.get(RetrainWithout.PREFIX + "epochs").toString());
            assertEquals(RemovalSet.of(removedIds).sha256(), v.get(RetrainWithout.PREFIX + "removed-ids-sha256").toString());
            assertEquals(Digest.sha256(original.trainableParametersAsDouble()), v.get(RetrainWithout.PREFIX + "theta-sha256-before").toString());
            assertEquals(Digest.sha256(warm.trainableParametersAsDouble()), v.get(RetrainWithout.PREFIX + "theta-sha256-after").toString());
            Helpers.testProvenanceMarshalling(warm.getProvenance());
        } finally {
            warm.close();
        }
    }

    /**
     * Warm retraining of a network of the recommender SPI: the trainer rebuilt from the model's provenance continues
     * its unlearnable parameters on the retained samples, exactly as the SPI trainer's own continueTraining does.
     */
    @Test
    void warmRetrainsANetworkOfTheSpi() {
        NetworkRecommenderTrainer trainer = new NetworkRecommenderTrainer(new TransformerNetwork(8, 1, 2, 16, 2, 4.0, false), 5, 2, 1,
                                                                          32, 1e-2, 7, "cpu", Precision.FLOAT64);
        try (NetworkRecommenderModel base = trainer.train(fx.train)) {
            RetrainWithout step = RetrainWithout.builder().sampleIds(removedIds).mode(RetrainingMode.WARM).warmEpochs(1).build();
            PostTrainingResult<Label> r = step.transform(base, fx.train, fx.validation);
            NetworkRecommenderTrainer same = new NetworkRecommenderTrainer(new TransformerNetwork(8, 1, 2, 16, 2, 4.0, false), 5, 2, 1,
                                                                           32, 1e-2, 7, "cpu", Precision.FLOAT64);
            try (NetworkRecommenderModel warm = (NetworkRecommenderModel) r.model();
                 NetworkRecommenderModel expected = same.continueTraining(base, BaselineFixture.dataset(retained, "retained"), 1)) {
                assertEquals(expected.weights(), warm.weights());
                for (String name : base.weights().keySet()) {
                    boolean unlearnable = base.network().isUnlearnable(name);
                    assertEquals(!unlearnable, base.weights().get(name).equals(warm.weights().get(name)), name);
                }
                assertEquals("warm", warm.getProvenance().getInstanceProvenance().getMap().get(RetrainWithout.PREFIX + "mode").toString());
            }
        }
    }

    @Test
    void badRemovalSetsAreRefused() {
        PropertyException none = assertThrows(PropertyException.class, () -> RetrainWithout.builder().build());
        assertEquals("sampleIds", none.getProperty());
        assertThrows(PropertyException.class, () -> RetrainWithout.builder().sampleIds("1:1").mode(null).build());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
            () -> RetrainWithout.builder().sampleIds("1:1", "no-such-sample").build().transform(original, fx.train, fx.validation));
        assertTrue(unknown.getMessage().contains("no-such-sample"), unknown.getMessage());
        List<String> everything = new ArrayList<>();
        for (Example<Label> e : fx.train) {
            everything.add(SampleEncoding.metadata(e, SampleEncoding.SAMPLE));
        }
        IllegalArgumentException all = assertThrows(IllegalArgumentException.class,
            () -> RetrainWithout.builder().sampleIds(everything).build().transform(original, fx.train, fx.validation));
        assertTrue(all.getMessage().contains("nothing to retrain"), all.getMessage());
        // The registry gives an unconfigured instance, which says what is missing.
        RetrainWithout fromRegistry = assertInstanceOf(RetrainWithout.class, PostTrainingTransformers.lookup(RetrainWithout.NAME));
        IllegalStateException missing = assertThrows(IllegalStateException.class, () -> fromRegistry.transform(original, fx.train, fx.validation));
        assertTrue(missing.getMessage().contains("sampleIds"), missing.getMessage());
        assertThrows(IllegalArgumentException.class,
            () -> RetrainWithout.builder().idsFile(Paths.get("/no/such/ids.txt")).build().removalSet());
    }

    /** The example configuration loads, and (shrunk) trains then retrains in one PostTrainingTrainer call. */
    @Test
    @SuppressWarnings("unchecked")
    void exampleConfigRuns(@TempDir Path tmp) throws Exception {
        String xml = Files.readString(EXAMPLES.resolve("baseline-retrain-without.xml"), StandardCharsets.UTF_8);
        ConfigurationManager full = new ConfigurationManager(EXAMPLES.resolve("baseline-retrain-without.xml").toString());
        RetrainWithout configured = (RetrainWithout) full.lookup("retrain-without");
        assertEquals(10, configured.removalSet().size());
        assertEquals(configured, ((PostTrainingTrainer<?>) full.lookup("trainer")).getSteps().get(0));
        full.close();
        String shrunk = xml.replace("<property name=\"seed\" value=\"42\"/>", "<property name=\"seed\" value=\"42\"/>"
                                    + "<property name=\"syntheticUsers\" value=\"30\"/><property name=\"syntheticItems\" value=\"30\"/>"
                                    + "<property name=\"syntheticMaxPerUser\" value=\"12\"/>")
            .replace("\"embeddingDim\" value=\"32\"", "\"embeddingDim\" value=\"8\"")
            .replace("\"ffnDim\" value=\"64\"", "\"ffnDim\" value=\"16\"")
            .replace("\"pretrainEpochs\" value=\"5\"", "\"pretrainEpochs\" value=\"2\"")
            .replace("\"device\" value=\"auto\"", "\"device\" value=\"cpu\"");
        Path file = tmp.resolve("retrain-tiny.xml");
        Files.writeString(file, shrunk, StandardCharsets.UTF_8);
        ConfigurationManager cm = new ConfigurationManager(file.toString());
        PostTrainingTrainer<Label> trainer = (PostTrainingTrainer<Label>) cm.lookup("trainer");
        MutableDataset<Label> data = new MutableDataset<>((DataSource<Label>) cm.lookup("train-source"));
        Model<Label> model = trainer.train(data);
        try {
            PostTrainingModelProvenance p = assertInstanceOf(PostTrainingModelProvenance.class, model.getProvenance());
            assertEquals(RetrainWithout.class.getName(), p.getTransformerProvenance().getClassName());
            assertEquals("10", p.getInstanceProvenance().getMap().get(RetrainWithout.PREFIX + "removed-count").toString());
            assertEquals(data.size() - 10, Integer.parseInt(p.getInstanceProvenance().getMap().get(RetrainWithout.PREFIX + "retained-count").toString()));
            Helpers.testProvenanceMarshalling(p);
        } finally {
            ((DjlRecommenderModel) model).close();
            cm.close();
        }
    }
}
