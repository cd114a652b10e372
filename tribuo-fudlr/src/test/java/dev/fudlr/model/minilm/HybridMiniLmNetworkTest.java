/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.model.minilm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.config.property.SimpleProperty;
import dev.fudlr.data.MovieLensDataSource;
import dev.fudlr.data.SampleBuilder;
import dev.fudlr.data.SampleSplits;
import dev.fudlr.data.SyntheticGenerator;
import dev.fudlr.influence.GradientEngine;
import dev.fudlr.influence.RecommenderObjectives;
import dev.fudlr.influence.SampleLoss;
import dev.fudlr.model.GradientChecks;
import dev.fudlr.model.djl.HostTensor;
import dev.fudlr.model.spi.NetworkModelChecks;
import dev.fudlr.model.spi.NetworkRecommenderModel;
import dev.fudlr.model.spi.NetworkRecommenderTrainer;
import dev.fudlr.model.train.Precision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.datasource.ListDataSource;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hybrid-prompt MiniLM backbone through the SPI, on the real pretrained weights (one or two layers, to stay
 * fast): what training changes and what it keeps as imported, exact per-sample gradients, the item-token ablations
 * and the model file.
 */
class HybridMiniLmNetworkTest {

    private static final int MAX_HISTORY = 6;
    private static final SyntheticGenerator.Config DATA = SyntheticGenerator.Config.defaults().withSizes(60, 40, 8, 16);

    private static MovieLensDataSource source() {
        return new MovieLensDataSource(DATA, SampleSplits.TRAIN, new SampleBuilder(MAX_HISTORY, 0, 3));
    }

    private static MutableDataset<Label> dataset(List<Example<Label>> samples) {
        LabelFactory f = new LabelFactory();
        return new MutableDataset<>(new ListDataSource<>(samples, f, new SimpleDataSourceProvenance("hybrid test", f)));
    }

    private static NetworkRecommenderModel train(HybridMiniLmNetwork.ItemTokens tokens, int layers, Precision dtype) {
        MovieLensDataSource source = source();
        HybridMiniLmNetwork network = new HybridMiniLmNetwork(source, tokens, true, layers, 2, 4.0);
        return new NetworkRecommenderTrainer(network, MAX_HISTORY, 4, 1, 32, 1e-3, 5, "cpu", dtype)
            .train(dataset(source.getSplits().train()));
    }

    @Test
    void trainsProjectionIdsAndAdaptersAndKeepsTheEncoderAndTextEmbeddingsAsImported() {
        MovieLensDataSource source = source();
        HybridMiniLmNetwork network = new HybridMiniLmNetwork(source, HybridMiniLmNetwork.ItemTokens.TEXT_AND_ID, true, 2, 2, 4.0);
        try (NetworkRecommenderModel m = train(HybridMiniLmNetwork.ItemTokens.TEXT_AND_ID, 2, Precision.FLOAT32)) {
            Map<String, HostTensor> start = network.initialValues(m.items(), MAX_HISTORY, DataType.FLOAT32, 0L);
            SortedMap<String, HostTensor> w = m.weights();
            assertEquals(start.keySet(), w.keySet());
            for (String fixed : List.of("layer0_query_weight", "layer1_output_weight", "embeddings_position",
                                        "embeddings_norm_gamma", HybridMiniLmBlock.ITEM_TEXT)) {
                assertTrue(network.isFixed(fixed), fixed);
                assertArrayEquals(start.get(fixed).toFloatArray(), w.get(fixed).toFloatArray(), 0f, fixed + " must stay as imported");
            }
            // The imported encoder is MiniLM's own.
            assertArrayEquals(MiniLmArtifact.baseWeights().tensors().get("layer1_output_weight").toFloatArray(),
                              w.get("layer1_output_weight").toFloatArray(), 0f);
            for (String learned : List.of("projection_weight", HybridMiniLmBlock.ITEM_ID, "head_weight", HybridMiniLmBlock.ITEM_BIAS,
                                          "layer0_query_lora_b", "layer1_value_lora_b")) {
                assertFalse(java.util.Arrays.equals(start.get(learned).toFloatArray(), w.get(learned).toFloatArray()), learned + " must be trained");
            }
            assertEquals(List.of("layer0_query_lora_a", "layer0_query_lora_b", "layer0_value_lora_a", "layer0_value_lora_b",
                                 "layer1_query_lora_a", "layer1_query_lora_b", "layer1_value_lora_a", "layer1_value_lora_b"),
                         m.trainableParameterNames());
            // Fits its training data well beyond uniform guessing: training moved the scores, not only the parameters.
            // (Held-out accuracy on real data is the benchmarks' job: docs/benchmarks.md.)
            double loss = java.util.Arrays.stream(m.perSampleLossAsDouble(source.getSplits().train())).average().orElseThrow();
            assertTrue(loss < Math.log(m.items().size()) - 0.15, "training loss " + loss + " vs uniform " + Math.log(m.items().size()));
        }
    }

    @Test
    void perSampleGradientsAreEachSamplesOwnAndMatchFiniteDifferences() {
        try (NetworkRecommenderModel m = train(HybridMiniLmNetwork.ItemTokens.TEXT_AND_ID, 1, Precision.FLOAT64)) {
            assertTrue(m.supportsPerSampleParameters());
            // Histories of different lengths in one chunk: padding must not leak between samples.
            List<Example<Label>> data = source().getSplits().train().subList(0, 9);
            SampleLoss loss = RecommenderObjectives.loss(m, data);
            double[][] rows = new double[data.size()][];
            try (GradientEngine engine = new GradientEngine(RecommenderObjectives.space(m), m.manager(), 4)) {
                int[] all = java.util.stream.IntStream.range(0, data.size()).toArray();
                engine.perSampleGradients(loss, all, null, (start, g) -> {
                    for (int r = 0; r < g.getShape().get(0); r++) {
                        rows[start + r] = g.get(r).toType(DataType.FLOAT64, false).toDoubleArray();
                    }
                });
            }
            for (int i = 0; i < data.size(); i++) {
                assertArrayEquals(m.lossGradientAsDouble(List.of(data.get(i))), rows[i], 1e-9, "sample " + i);
            }
            // FUDLR's scoring pass: directional derivatives through the adapters' tangents (no per-sample gradient),
            // in chunks that split the samples unevenly, against the rows times the directions.
            double[][] dirs = new double[2][rows[0].length];
            Random dr = new Random(11);
            for (double[] d : dirs) {
                for (int k = 0; k < d.length; k++) {
                    d[k] = dr.nextGaussian();
                }
            }
            try (GradientEngine engine = new GradientEngine(RecommenderObjectives.space(m), m.manager(), 4)) {
                NDArray[] v = {engine.space().fromHost(engine.vectors(), dirs[0]), engine.space().fromHost(engine.vectors(), dirs[1])};
                double[][] d = engine.directionalDerivatives(loss, java.util.stream.IntStream.range(0, data.size()).toArray(), v,
                                                             GradientEngine.DirectionalMode.EXACT, null);
                assertEquals(GradientEngine.DirectionalKernel.TANGENT, engine.lastDirectionalKernel());
                for (int i = 0; i < data.size(); i++) {
                    for (int k = 0; k < 2; k++) {
                        double expected = 0;
                        for (int j = 0; j < dirs[k].length; j++) {
                            expected += rows[i][j] * dirs[k][j];
                        }
                        assertEquals(expected, d[i][k], 1e-9 * Math.max(1, Math.abs(expected)), "sample " + i + ", direction " + k);
                    }
                }
            }
            Random rng = new Random(3);
            for (int i : new int[]{0, 5}) {
                double[] v = GradientChecks.gaussian(rows[i].length, rng);
                double analytic = GradientChecks.dot(rows[i], v);
                assertEquals(GradientChecks.centralDifference(m, List.of(data.get(i)), v, 1e-5), analytic,
                             1e-6 * Math.max(1, Math.abs(analytic)), "sample " + i);
            }
        }
    }

    @Test
    void itemTokenAblationsHaveOnlyTheirParts() {
        try (NetworkRecommenderModel text = train(HybridMiniLmNetwork.ItemTokens.TEXT, 1, Precision.FLOAT32);
             NetworkRecommenderModel id = train(HybridMiniLmNetwork.ItemTokens.ID, 1, Precision.FLOAT32)) {
            assertTrue(text.weights().containsKey(HybridMiniLmBlock.ITEM_TEXT));
            assertFalse(text.weights().containsKey(HybridMiniLmBlock.ITEM_ID));
            assertFalse(id.weights().containsKey(HybridMiniLmBlock.ITEM_TEXT));
            assertFalse(id.weights().containsKey("projection_weight"));
            assertTrue(id.weights().containsKey(HybridMiniLmBlock.ITEM_ID));
            List<Example<Label>> batch = source().getSplits().validation().subList(0, 4);
            assertNotEquals(text.scores(batch)[0][0], id.scores(batch)[0][0]);
        }
    }

    @Test
    void roundTripsThroughItsModelFileAndItsConfiguration(@TempDir Path dir) throws IOException {
        try (NetworkRecommenderModel m = train(HybridMiniLmNetwork.ItemTokens.TEXT_AND_ID, 1, Precision.FLOAT32)) {
            HybridMiniLmNetwork loaded = (HybridMiniLmNetwork) NetworkModelChecks.assertFileRoundTrip(m, dir, source().getSplits().test().subList(0, 6));
            assertEquals(HybridMiniLmNetwork.ItemTokens.TEXT_AND_ID, loaded.itemTokens());
            assertTrue(NetworkModelChecks.trainerFromProvenance(m).getNetwork() instanceof HybridMiniLmNetwork);
        }
    }

    /**
     * The shipped example configuration builds this backbone's trainer; with the catalogue switched to the embedded
     * synthetic data and a one-layer encoder (overrides, so the test needs no data files) it trains.
     */
    @Test
    void theExampleXmlTrainsTheBackbone() {
        Path xml = Path.of("..", "examples", "src", "main", "resources", "dev", "fudlr", "examples", "hybrid-minilm-trainer.xml");
        ConfigurationManager cm = new ConfigurationManager(xml.toString());
        try {
            cm.overrideConfigurableProperty("ml100k-items", "format", new SimpleProperty("synthetic"));
            cm.overrideConfigurableProperty("ml100k-items", "syntheticUsers", new SimpleProperty("60"));
            cm.overrideConfigurableProperty("ml100k-items", "syntheticItems", new SimpleProperty("40"));
            cm.overrideConfigurableProperty("hybrid-minilm", "numLayers", new SimpleProperty("1"));
            NetworkRecommenderTrainer trainer = (NetworkRecommenderTrainer) cm.lookup("hybrid-minilm-trainer");
            HybridMiniLmNetwork network = (HybridMiniLmNetwork) trainer.getNetwork();
            assertEquals(HybridMiniLmNetwork.ItemTokens.TEXT_AND_ID, network.itemTokens());
            MovieLensDataSource data = (MovieLensDataSource) cm.lookup("ml100k-items");
            try (NetworkRecommenderModel m = trainer.train(dataset(data.getSplits().train()))) {
                // One layer: LoRA r = 8 on query and value, A (8 x 384) and B (384 x 8) each.
                assertEquals(2 * (8 * 384 + 384 * 8), m.trainableParameterNames().stream()
                    .mapToLong(n -> m.weights().get(n).toFloatArray().length).sum());
            }
        } finally {
            cm.close();
        }
    }

    @Test
    void badSettingsNameTheirField() {
        PropertyException e = assertThrows(PropertyException.class,
            () -> new HybridMiniLmNetwork(source(), HybridMiniLmNetwork.ItemTokens.TEXT, true, 7, 2, 4.0));
        assertEquals("numLayers", e.getProperty());
        e = assertThrows(PropertyException.class, () -> new HybridMiniLmNetwork(null, HybridMiniLmNetwork.ItemTokens.TEXT, true, 1, 2, 4.0));
        assertEquals("catalogueSource", e.getProperty());
    }
}
