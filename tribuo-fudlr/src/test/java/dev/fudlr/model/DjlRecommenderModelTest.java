/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.model;

import dev.fudlr.model.djl.Devices;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.fudlr.model.djl.HostTensor;
import dev.fudlr.model.train.Precision;
import dev.fudlr.model.transformer.TransformerRuntime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.provenance.ModelProvenance;
import org.tribuo.test.Helpers;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DjlRecommenderModelTest {

    private static final int NUM_ITEMS = 12;
    private static final int L = 4;

    private static MutableDataset<Label> dataset;
    private static List<Example<Label>> samples;
    private static DjlRecommenderModel model;
    private static DjlRecommenderModel untrained;

    static LmRecommenderTrainer.Builder tinyTrainer() {
        return LmRecommenderTrainer.builder()
            .embeddingDim(16).numLayers(1).numHeads(2).ffnDim(32).maxHistory(L)
            .loraRank(4).loraAlpha(8).pretrainEpochs(12).epochs(5).batchSize(32)
            .learningRate(1e-2).seed(42).device("cpu");
    }

    @BeforeAll
    static void train() {
        samples = SyntheticData.successorSamples(NUM_ITEMS, 40, 8, L, 1L);
        dataset = SyntheticData.dataset(samples, "successor task");
        model = (DjlRecommenderModel) tinyTrainer().build().train(dataset);
        untrained = (DjlRecommenderModel) tinyTrainer().pretrainEpochs(0).epochs(0).build().train(dataset);
    }

    @AfterAll
    static void close() {
        model.close();
        untrained.close();
    }

    private static double mean(double[] v) {
        return Arrays.stream(v).average().orElseThrow();
    }

    /** History (oldest first) ending at item {@code last} on the cycle. */
    private static Example<Label> historyEndingAt(int last, int length) {
        int[] h = new int[length];
        for (int i = 0; i < length; i++) {
            h[i] = Math.floorMod(last - length + i, NUM_ITEMS) + 1;
        }
        return SyntheticData.sample(h, last % NUM_ITEMS + 1, "probe", last);
    }

    @Test
    void trainingReducesLossAndLearnsTheSuccessor() {
        double before = mean(untrained.perSampleLossAsDouble(samples));
        double after = mean(model.perSampleLossAsDouble(samples));
        // Untrained scores are nearly uniform: loss close to log(12).
        assertEquals(Math.log(NUM_ITEMS), before, 0.1);
        assertTrue(after < 0.2 * before, "loss " + before + " -> " + after);
        for (int last = 1; last <= NUM_ITEMS; last++) {
            for (int length = 1; length <= L; length++) {
                Example<Label> probe = historyEndingAt(last, length);
                String expected = Integer.toString(last % NUM_ITEMS + 1);
                assertEquals(Collections.singletonList(expected), model.recommend(probe, 1, Collections.emptySet()),
                             "history of length " + length + " ending at " + last);
            }
        }
    }

    @Test
    void catalogueAndDomain() {
        assertEquals(NUM_ITEMS, model.items().size());
        assertEquals("1", model.items().id(0));
        assertEquals("12", model.items().id(11));
        assertEquals(NUM_ITEMS, model.getOutputIDInfo().size());
        assertEquals(L, model.maxHistory());
        // 1 layer x (query, value) x (A: 4x16 + B: 16x4)
        assertEquals(2 * (64 + 64), model.numTrainableParameters());
        assertEquals(Arrays.asList("layer0_attention_query_lora_a", "layer0_attention_query_lora_b",
                                   "layer0_attention_value_lora_a", "layer0_attention_value_lora_b"),
                     model.trainableParameterNames());
        assertArrayEquals(new long[]{4, 16}, model.trainableParameterShapes().get(0));
        assertArrayEquals(new long[]{16, 4}, model.trainableParameterShapes().get(1));
    }

    @Test
    void predictScoresEveryItem() {
        Example<Label> probe = historyEndingAt(5, 3);
        Prediction<Label> p = model.predict(probe);
        Map<String, Label> scores = p.getOutputScores();
        assertEquals(NUM_ITEMS, scores.size());
        assertEquals(1.0, scores.values().stream().mapToDouble(Label::getScore).sum(), 1e-9);
        assertEquals("6", p.getOutput().getLabel());
        assertEquals(3, p.getNumActiveFeatures());
        assertTrue(p.hasProbabilities());
        // The probabilities are the softmax of the raw scores.
        float[] raw = model.scores(Collections.singletonList(probe))[0];
        double z = 0;
        for (float s : raw) {
            z += Math.exp(s - raw[5]);
        }
        assertEquals(1.0 / z, scores.get("6").getScore(), 1e-5);
        assertTrue(model.getTopFeatures(5).isEmpty());
        assertFalse(model.getExcuse(probe).isPresent());
    }

    @Test
    void batchedPredictionsMatchSingleOnes() {
        List<Example<Label>> probes = new ArrayList<>();
        for (int last = 1; last <= NUM_ITEMS; last++) {
            probes.add(historyEndingAt(last, 1 + last % L));
        }
        List<Prediction<Label>> batched = model.predict(probes);
        assertEquals(probes.size(), batched.size());
        for (int i = 0; i < probes.size(); i++) {
            assertTrue(batched.get(i).distributionEquals(model.predict(probes.get(i)), 1e-6));
        }
    }

    @Test
    void recommendExcludesAndRanks() {
        Example<Label> probe = historyEndingAt(3, 2);
        List<String> top = model.recommend(probe, NUM_ITEMS, Collections.emptySet());
        assertEquals(NUM_ITEMS, new HashSet<>(top).size());
        float[] raw = model.scores(Collections.singletonList(probe))[0];
        for (int i = 1; i < top.size(); i++) {
            assertTrue(raw[model.items().index(top.get(i - 1))] >= raw[model.items().index(top.get(i))]);
        }
        List<String> excluded = model.recommend(probe, 3, new HashSet<>(Arrays.asList("4", "nonexistent")));
        assertEquals(top.subList(1, 4), excluded);
        int[][] batch = model.topK(Arrays.asList(probe, historyEndingAt(7, 4)), 2, true);
        assertEquals(2, batch[0].length);
        assertEquals(model.items().index("4"), batch[0][0]);
        // History items 2 and 3 are excluded when excludeHistory is set.
        for (int idx : model.topK(Collections.singletonList(probe), NUM_ITEMS, true)[0]) {
            assertFalse(model.items().id(idx).equals("2") || model.items().id(idx).equals("3"));
        }
        assertEquals(NUM_ITEMS - 2, model.topK(Collections.singletonList(probe), NUM_ITEMS, true)[0].length);
        assertThrows(IllegalArgumentException.class, () -> model.recommend(probe, 0, Collections.emptySet()));
    }

    @Test
    void trainableParametersRoundTripExactly() {
        DjlRecommenderModel copy = model.copyWithTrainableParameters(model.trainableParameters(), model.getProvenance());
        try {
            float[] theta = copy.trainableParameters();
            Random rng = new Random(9);
            float[] changed = theta.clone();
            for (int i = 0; i < changed.length; i++) {
                changed[i] += (float) rng.nextGaussian();
            }
            copy.setTrainableParameters(changed);
            assertArrayEquals(changed, copy.trainableParameters());
            double[] asDouble = copy.trainableParametersAsDouble();
            for (int i = 0; i < changed.length; i++) {
                assertEquals(changed[i], asDouble[i]);
            }
            assertThrows(IllegalArgumentException.class, () -> copy.setTrainableParameters(new float[3]));
            float[] nan = changed.clone();
            nan[7] = Float.NaN;
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> copy.setTrainableParameters(nan));
            assertTrue(e.getMessage().contains("7"), e.getMessage());
            // Setting back restores the exact scores of the original.
            copy.setTrainableParameters(theta);
            assertArrayEquals(model.scores(samples.subList(0, 5))[3], copy.scores(samples.subList(0, 5))[3]);
        } finally {
            copy.close();
        }
    }

    @Test
    void copyWithTrainableParametersLeavesOriginalUntouched() {
        float[] theta = model.trainableParameters();
        float[][] before = model.scores(samples.subList(0, 4));
        float[] zero = new float[theta.length];
        DjlRecommenderModel adapted = model.copyWithTrainableParameters(zero, model.getProvenance());
        try {
            assertNotSame(model, adapted);
            assertArrayEquals(zero, adapted.trainableParameters());
            assertArrayEquals(theta, model.trainableParameters());
            assertArrayEquals(before[2], model.scores(samples.subList(0, 4))[2]);
            assertFalse(Arrays.equals(before[2], adapted.scores(samples.subList(0, 4))[2]));
            // Zero LoRA = the pre-trained base: equal to a copy of the base weights.
            for (Map.Entry<String, HostTensor> e : adapted.weights().entrySet()) {
                if (!e.getKey().contains("lora")) {
                    assertEquals(model.weights().get(e.getKey()), e.getValue());
                }
            }
        } finally {
            adapted.close();
        }
    }

    @Test
    void onlyLoraParametersReceiveGradients() {
        TransformerRuntime rt = model.runtime();
        int arraysBefore = model.manager().getManagedArrays().size();
        model.zeroGradients();
        try (NDManager step = model.manager().newSubManager();
             GradientCollector gc = Engine.getEngine(Devices.ENGINE).newGradientCollector()) {
            List<Example<Label>> batch = samples.subList(0, 16);
            NDArray loss = model.perSampleLoss(rt.newParameterStore(step), model.encodeHistories(step, batch),
                                               model.encodeTargets(step, batch), true).sum();
            gc.backward(loss);
        }
        Set<String> withGradient = rt.parametersWithNonZeroGradient();
        model.zeroGradients();
        assertEquals(new HashSet<>(model.trainableParameterNames()), withGradient);
        // Repeated host-level gradients do not grow the model's native memory.
        for (int i = 0; i < 3; i++) {
            model.lossGradient(samples.subList(0, 16));
        }
        assertEquals(arraysBefore, model.manager().getManagedArrays().size());
    }

    @Test
    void lossGradientIsTheGradientOfTheSummedLoss() {
        float[] g = model.lossGradient(samples.subList(0, 10));
        float[] g1 = model.lossGradient(samples.subList(0, 4));
        float[] g2 = model.lossGradient(samples.subList(4, 10));
        for (int i = 0; i < g.length; i++) {
            assertEquals(g[i], g1[i] + g2[i], 1e-4 * (1 + Math.abs(g[i])));
        }
        assertArrayEquals(new float[g.length], model.lossGradient(Collections.emptyList()));
        Example<Label> unknown = SyntheticData.sample(new int[]{1}, 99, "x", 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> model.lossGradient(Collections.singletonList(unknown)));
        assertTrue(e.getMessage().contains("'99'") && e.getMessage().contains("x:1"), e.getMessage());
    }

    /**
     * Checks {@code lossGradientAsDouble} against central finite differences of {@code perSampleLossAsDouble} for
     * every trainable coordinate of a tiny float64 model whose LoRA adapters are non-zero.
     * <p>
     * Tolerance: with step 1e-6 the truncation error is O(1e-12) and the rounding error about
     * 1e-16 * |sum of losses| / 1e-6 ~ 1e-9, so |fd - g| <= 1e-7 + 1e-6 |g| leaves a wide margin while still failing
     * for any wrong term (those are O(|g|)).
     */
    @Test
    void lossGradientMatchesFiniteDifferencesInFloat64() {
        checkGradientAgainstFiniteDifferences(false);
    }

    /** The same check with the LoRA adapter on the item scores (its A and B are among the coordinates). */
    @Test
    void lossGradientWithScoreAdapterMatchesFiniteDifferencesInFloat64() {
        checkGradientAgainstFiniteDifferences(true);
    }

    private static void checkGradientAgainstFiniteDifferences(boolean outputLora) {
        List<Example<Label>> small = SyntheticData.successorSamples(NUM_ITEMS, 6, 5, 3, 4L);
        DjlRecommenderModel m = (DjlRecommenderModel) LmRecommenderTrainer.builder()
            .embeddingDim(8).numLayers(1).numHeads(2).ffnDim(16).maxHistory(3).loraRank(2).loraAlpha(4).outputLora(outputLora)
            .pretrainEpochs(2).epochs(3).batchSize(8).learningRate(5e-2).seed(3).device("cpu").dtype(Precision.FLOAT64)
            .build().train(SyntheticData.dataset(small, "fd"));
        try {
            assertEquals(outputLora, m.config().outputLora());
            assertEquals(outputLora, m.trainableParameterNames().contains("score_lora_b"));
            // 4 adapters of 2 x 8 + 8 x 2, plus the score adapter's 2 x 8 + 12 x 2.
            assertEquals(64 + (outputLora ? 16 + 2 * NUM_ITEMS : 0), m.numTrainableParameters());
            List<Example<Label>> batch = small.subList(0, 12);
            double[] theta = m.trainableParametersAsDouble();
            assertTrue(Arrays.stream(theta).filter(v -> v != 0).count() == theta.length, "LoRA B must be trained away from 0");
            double[] g = m.lossGradientAsDouble(batch);
            double eps = 1e-6;
            double maxAbs = 0;
            double maxErr = 0;
            for (int k = 0; k < theta.length; k++) {
                double[] plus = theta.clone();
                plus[k] += eps;
                m.setTrainableParameters(plus);
                double lp = Arrays.stream(m.perSampleLossAsDouble(batch)).sum();
                double[] minus = theta.clone();
                minus[k] -= eps;
                m.setTrainableParameters(minus);
                double lm = Arrays.stream(m.perSampleLossAsDouble(batch)).sum();
                double fd = (lp - lm) / (2 * eps);
                assertEquals(fd, g[k], 1e-7 + 1e-6 * Math.abs(g[k]), "coordinate " + k + " " + m.trainableParameterNames());
                maxAbs = Math.max(maxAbs, Math.abs(g[k]));
                maxErr = Math.max(maxErr, Math.abs(fd - g[k]));
            }
            java.util.logging.Logger.getLogger(DjlRecommenderModelTest.class.getName()).info(
                theta.length + " coordinates, max |gradient| " + maxAbs + ", max |fd - gradient| " + maxErr);
            assertTrue(maxAbs > 1e-3, "gradient is trivially small: " + maxAbs);
            m.setTrainableParameters(theta);
            assertArrayEquals(g, m.lossGradientAsDouble(batch), 0.0);
        } finally {
            m.close();
        }
    }

    @Test
    void protobufRoundTripKeepsPredictions() {
        assertProtobufRoundTrip(model);
    }

    /** Tribuo's protobuf round trip keeps weights, catalogue, architecture and every score. */
    private static void assertProtobufRoundTrip(DjlRecommenderModel m) {
        Model<Label> deser = Helpers.testModelProtoSerialization(m, Label.class, dataset);
        assertTrue(deser instanceof DjlRecommenderModel);
        DjlRecommenderModel d = (DjlRecommenderModel) deser;
        try {
            assertEquals(m.weights(), d.weights());
            assertEquals(m.items(), d.items());
            assertEquals(m.config(), d.config());
            assertArrayEquals(m.trainableParameters(), d.trainableParameters());
            float[][] a = m.scores(samples);
            float[][] b = d.scores(samples);
            for (int i = 0; i < a.length; i++) {
                assertArrayEquals(a[i], b[i]);
            }
        } finally {
            d.close();
        }
    }

    @Test
    void scoreAdapterIsTrainedAndSurvivesTheProtobufRoundTrip() {
        DjlRecommenderModel m = (DjlRecommenderModel) tinyTrainer().outputLora(true).build().train(dataset);
        try {
            assertTrue(m.config().outputLora());
            double[] b = m.weights().get("score_lora_b").toDoubleArray();
            assertTrue(Arrays.stream(b).anyMatch(v -> v != 0), "the LoRA epochs must move the score adapter's B off 0");
            // The base weights are the default model's: same seed, per-name initialisation, LoRA frozen in pre-training.
            assertEquals(model.weights().get("item_embedding"), m.weights().get("item_embedding"));
            assertProtobufRoundTrip(m);
        } finally {
            m.close();
        }
    }

    @Test
    void fileRoundTrip(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("model.tribuo");
        model.serializeToFile(file);
        Model<?> loaded = Model.deserializeFromFile(file);
        assertTrue(loaded instanceof DjlRecommenderModel);
        DjlRecommenderModel d = (DjlRecommenderModel) loaded;
        try {
            assertEquals(model.getProvenance(), d.getProvenance());
            assertArrayEquals(model.scores(samples.subList(0, 3))[1], d.scores(samples.subList(0, 3))[1]);
        } finally {
            d.close();
        }
    }

    @Test
    void javaSerializationRebuildsNativeState() throws Exception {
        Helpers.testModelSerialization(model, Label.class);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(model);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            DjlRecommenderModel d = (DjlRecommenderModel) in.readObject();
            try {
                assertArrayEquals(model.scores(samples.subList(0, 2))[0], d.scores(samples.subList(0, 2))[0]);
                // close() frees native memory; the model re-materialises on demand.
                d.close();
                assertArrayEquals(model.scores(samples.subList(0, 2))[0], d.scores(samples.subList(0, 2))[0]);
            } finally {
                d.close();
            }
        }
    }

    @Test
    void copyKeepsWeightsWithNewProvenance() {
        Model<Label> c = model.copy();
        assertTrue(c instanceof DjlRecommenderModel);
        DjlRecommenderModel d = (DjlRecommenderModel) c;
        try {
            assertEquals(model.weights(), d.weights());
            ModelProvenance p = d.getProvenance();
            assertEquals(model.getProvenance().getTrainerProvenance(), p.getTrainerProvenance());
        } finally {
            d.close();
        }
    }
}
