/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.model.minilm;

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
import dev.fudlr.model.ItemIndex;
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
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The prompt-text MiniLM backbone through the SPI, on the real pretrained weights (one layer, to stay fast): it
 * computes what {@link MiniLmRecommenderTrainer}'s model computes, starts from the popularity prior, has exact
 * per-sample gradients, trains only its adapters, head and biases, and round-trips through its model file.
 */
class PromptMiniLmNetworkTest {

    private static final int MAX_HISTORY = 6;
    private static final SyntheticGenerator.Config DATA = SyntheticGenerator.Config.defaults().withSizes(30, 30, 6, 10);

    private static MovieLensDataSource source() {
        return new MovieLensDataSource(DATA, SampleSplits.TRAIN, new SampleBuilder(MAX_HISTORY, 0, 3));
    }

    private static MutableDataset<Label> dataset(List<Example<Label>> samples) {
        LabelFactory f = new LabelFactory();
        return new MutableDataset<>(new ListDataSource<>(samples, f, new SimpleDataSourceProvenance("prompt test", f)));
    }

    private static NetworkRecommenderModel train(MovieLensDataSource source, int epochs, Precision dtype) {
        return new NetworkRecommenderTrainer(new PromptMiniLmNetwork(source, 1, 2, 4.0, false), MAX_HISTORY, 0, epochs, 16,
                                             1e-2, 5, "cpu", dtype).train(dataset(source.getSplits().train()));
    }

    /**
     * With the same trainable values, the SPI model scores and losses are those of the MiniLM trainer's own model
     * (same prompts, tokens, encoder, item embeddings, parameter names and layout).
     */
    @Test
    void computesWhatTheMiniLmTrainersModelComputes() {
        MovieLensDataSource source = source();
        MutableDataset<Label> train = dataset(source.getSplits().train());
        MiniLmRecommenderTrainer legacy = new MiniLmRecommenderTrainer(source.getSplits().ratings().items(), 1, 0, 1, 16, 1e-2, 3L);
        try (MiniLmRecommenderModel reference = legacy.train(train);
             NetworkRecommenderModel spi = new NetworkRecommenderTrainer(new PromptMiniLmNetwork(source, 1, 8, 16.0, false), 10, 0, 0,
                                                                         16, 1e-2, 5, "cpu", Precision.FLOAT32).train(train)) {
            assertEquals(reference.items().ids(), spi.items().ids());
            assertEquals(reference.trainableParameterNames(), spi.trainableParameterNames());
            assertTrue(spi.supportsPerSampleParameters());
            spi.setTrainableParameters(reference.trainableParametersAsDouble());
            List<Example<Label>> batch = source.getSplits().test();
            float[][] expected = reference.scores(batch);
            float[][] actual = spi.scores(batch);
            for (int i = 0; i < expected.length; i++) {
                assertArrayEquals(expected[i], actual[i], 1e-4f, "user " + i);
            }
            assertArrayEquals(reference.perSampleLossAsDouble(batch), spi.perSampleLossAsDouble(batch), 1e-5);
        }
    }

    /** Before any epoch: the adapted encoder is the pretrained one and the item bias is the log popularity prior. */
    @Test
    void startsAtThePretrainedEncoderAndThePopularityPrior() {
        MovieLensDataSource source = source();
        List<Example<Label>> samples = source.getSplits().train();
        try (NetworkRecommenderModel m = train(source, 0, Precision.FLOAT32)) {
            ItemIndex items = m.items();
            long[] counts = new long[items.size()];
            samples.forEach(e -> counts[items.index(e.getOutput().getLabel())]++);
            float[] bias = m.weights().get(MiniLmBlock.ITEM_BIAS).toFloatArray();
            for (int j = 0; j < counts.length; j++) {
                assertEquals(Math.log((counts[j] + 1.0) / (samples.size() + items.size())), bias[j], 1e-6, "item " + j);
            }
            for (String name : m.trainableParameterNames()) {
                if (name.endsWith("_lora_b")) {
                    assertTrue(Arrays.stream(m.weights().get(name).toDoubleArray()).allMatch(v -> v == 0), name);
                }
            }
            assertArrayEquals(MiniLmArtifact.baseWeights().tensors().get("layer0_output_weight").toFloatArray(),
                              m.weights().get(MiniLmRuntime.BERT_PREFIX + "layer0_output_weight").toFloatArray(), 0f);
        }
    }

    @Test
    void trainsTheAdaptersAndBiasesOnlyAndFitsItsData() {
        MovieLensDataSource source = source();
        List<Example<Label>> samples = source.getSplits().train();
        try (NetworkRecommenderModel start = train(source, 0, Precision.FLOAT32);
             NetworkRecommenderModel trained = train(source, 2, Precision.FLOAT32)) {
            for (String name : start.weights().keySet()) {
                boolean same = Arrays.equals(start.weights().get(name).toFloatArray(), trained.weights().get(name).toFloatArray());
                if (trained.trainableParameterNames().contains(name)) {
                    if (!name.endsWith("_lora_a")) {
                        assertFalse(same, name + " must be trained");
                    }
                } else {
                    assertTrue(same, name + " must stay as imported");
                }
            }
            double before = Arrays.stream(start.perSampleLossAsDouble(samples)).average().orElseThrow();
            double after = Arrays.stream(trained.perSampleLossAsDouble(samples)).average().orElseThrow();
            assertTrue(after < before - 0.05, "training loss " + before + " -> " + after);
        }
    }

    @Test
    void perSampleGradientsAreEachSamplesOwnAndMatchFiniteDifferences() {
        MovieLensDataSource source = source();
        try (NetworkRecommenderModel m = train(source, 1, Precision.FLOAT64)) {
            // Prompts of different lengths in one chunk: padding must not leak between samples.
            List<Example<Label>> data = source.getSplits().train().subList(0, 7);
            SampleLoss loss = RecommenderObjectives.loss(m, data);
            double[][] rows = new double[data.size()][];
            try (GradientEngine engine = new GradientEngine(RecommenderObjectives.space(m), m.manager(), 3)) {
                engine.perSampleGradients(loss, IntStream.range(0, data.size()).toArray(), null, (start, g) -> {
                    for (int r = 0; r < g.getShape().get(0); r++) {
                        rows[start + r] = g.get(r).toType(DataType.FLOAT64, false).toDoubleArray();
                    }
                });
            }
            for (int i = 0; i < data.size(); i++) {
                assertArrayEquals(m.lossGradientAsDouble(List.of(data.get(i))), rows[i], 1e-9, "sample " + i);
            }
            double[] v = GradientChecks.gaussian(rows[4].length, new Random(3));
            double analytic = GradientChecks.dot(rows[4], v);
            assertEquals(GradientChecks.centralDifference(m, List.of(data.get(4)), v, 1e-5), analytic, 1e-6 * Math.max(1, Math.abs(analytic)));
        }
    }

    @Test
    void roundTripsThroughItsModelFileAndItsConfiguration(@TempDir Path dir) throws IOException {
        MovieLensDataSource source = source();
        try (NetworkRecommenderModel m = train(source, 1, Precision.FLOAT32)) {
            assertTrue(NetworkModelChecks.assertFileRoundTrip(m, dir, source.getSplits().test().subList(0, 6)) instanceof PromptMiniLmNetwork);
            assertTrue(NetworkModelChecks.trainerFromProvenance(m).getNetwork() instanceof PromptMiniLmNetwork);
        }
    }

    /** The shipped example builds this backbone's trainer; on the embedded synthetic data with one layer it trains. */
    @Test
    void theExampleXmlTrainsTheBackbone() {
        Path xml = Path.of("..", "examples", "src", "main", "resources", "dev", "fudlr", "examples", "prompt-minilm-trainer.xml");
        ConfigurationManager cm = new ConfigurationManager(xml.toString());
        try {
            cm.overrideConfigurableProperty("ml100k-items", "format", new SimpleProperty("synthetic"));
            cm.overrideConfigurableProperty("ml100k-items", "syntheticUsers", new SimpleProperty("30"));
            cm.overrideConfigurableProperty("ml100k-items", "syntheticItems", new SimpleProperty("40"));
            cm.overrideConfigurableProperty("prompt-minilm", "numLayers", new SimpleProperty("1"));
            cm.overrideConfigurableProperty("prompt-minilm-trainer", "epochs", new SimpleProperty("0"));
            NetworkRecommenderTrainer trainer = (NetworkRecommenderTrainer) cm.lookup("prompt-minilm-trainer");
            assertTrue(trainer.getNetwork() instanceof PromptMiniLmNetwork);
            MovieLensDataSource data = (MovieLensDataSource) cm.lookup("ml100k-items");
            try (NetworkRecommenderModel m = trainer.train(dataset(data.getSplits().train()))) {
                // One layer: LoRA r = 8 on query and value, A (8 x 384) and B (384 x 8) each, plus one bias per item.
                assertEquals(2 * (8 * 384 + 384 * 8) + m.items().size(), m.trainableParameterNames().stream()
                    .mapToLong(n -> m.weights().get(n).toFloatArray().length).sum());
            }
        } finally {
            cm.close();
        }
    }

    @Test
    void badSettingsNameTheirField() {
        PropertyException e = assertThrows(PropertyException.class, () -> new PromptMiniLmNetwork(source(), 0, 2, 4.0, false));
        assertEquals("numLayers", e.getProperty());
        e = assertThrows(PropertyException.class, () -> new PromptMiniLmNetwork(source(), 1, 0, 4.0, false));
        assertEquals("loraRank", e.getProperty());
        e = assertThrows(PropertyException.class, () -> new PromptMiniLmNetwork(null, 1, 2, 4.0, false));
        assertEquals("catalogueSource", e.getProperty());
    }
}
