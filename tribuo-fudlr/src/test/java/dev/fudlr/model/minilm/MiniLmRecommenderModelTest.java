/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.model.minilm;

import dev.fudlr.data.ItemInfo;
import dev.fudlr.data.SampleEncoding;
import dev.fudlr.model.BaseParameterDigest;
import dev.fudlr.model.LmRecommenderTrainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.protos.core.ModelProto;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A reduced (2-layer) MiniLM-LoRA recommender trained for a few steps on a small catalogue of real titles.
 */
public class MiniLmRecommenderModelTest {

    private static MiniLmRecommenderModel model;
    private static List<Example<Label>> samples;

    @BeforeAll
    static void train() {
        List<String> titles = MiniLmTestSupport.titles(30);
        Map<Integer, ItemInfo> info = new HashMap<>();
        for (int i = 0; i < titles.size(); i++) {
            info.put(i + 1, new ItemInfo(i + 1, titles.get(i), null, List.of("Drama")));
        }
        // Successor task: after items (i-2, i-1, i) comes i+1.
        Random rng = new Random(7);
        samples = new ArrayList<>();
        for (int s = 0; s < 48; s++) {
            int last = 3 + rng.nextInt(titles.size() - 3);
            int[] history = {last - 2, last - 1, last};
            samples.add(SampleEncoding.encode(history, last % titles.size() + 1, Map.of(SampleEncoding.USER, "u" + s,
                                                                                      SampleEncoding.SAMPLE, "u" + s + ":3")));
        }
        MutableDataset<Label> ds = new MutableDataset<>(new SimpleDataSourceProvenance("successor", new LabelFactory()),
                                                        new LabelFactory());
        ds.addAll(samples);
        MiniLmRecommenderTrainer trainer = new MiniLmRecommenderTrainer(info, 2, 32, 2, 8, 1e-2, 3L);
        model = trainer.train(ds);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    public void trainableParametersAreLoraAndItemBias() {
        List<String> names = model.trainableParameterNames();
        // 2 layers x {query, value} x {a, b} + item bias.
        assertEquals(9, names.size(), names.toString());
        assertTrue(names.contains("bert_layer1_value_lora_b"));
        assertTrue(names.contains(MiniLmBlock.ITEM_BIAS));
        int expected = 2 * 2 * (8 * 384 + 384 * 8) + model.items().size();
        assertEquals(expected, model.numTrainableParameters());
        // Training moved the LoRA B matrices off zero.
        float[] b = model.trainableWeights().get("bert_layer0_query_lora_b").toFloatArray();
        double norm = 0;
        for (float v : b) {
            norm += v * v;
        }
        assertTrue(norm > 0, "LoRA B was not trained");
    }

    @Test
    public void gradientMatchesFiniteDifferences() {
        List<Example<Label>> batch = samples.subList(0, 4);
        double[] theta = model.trainableParametersAsDouble();
        double[] g = model.lossGradientAsDouble(batch);
        // Direction: random, restricted to LoRA B of layer 1 query and the item bias (well-conditioned in float32).
        Random rng = new Random(11);
        double[] v = new double[theta.length];
        int offset = 0;
        for (int i = 0; i < model.trainableParameterNames().size(); i++) {
            String name = model.trainableParameterNames().get(i);
            int size = (int) java.util.Arrays.stream(model.trainableParameterShapes().get(i)).reduce(1, (x, y) -> x * y);
            if (name.equals("bert_layer1_query_lora_b") || name.equals(MiniLmBlock.ITEM_BIAS)) {
                for (int j = 0; j < size; j++) {
                    v[offset + j] = rng.nextGaussian();
                }
            }
            offset += size;
        }
        double eps = 1e-2;
        double[] plus = theta.clone();
        double[] minus = theta.clone();
        for (int i = 0; i < theta.length; i++) {
            plus[i] += eps * v[i];
            minus[i] -= eps * v[i];
        }
        model.setTrainableParameters(plus);
        double lp = sum(model.perSampleLossAsDouble(batch));
        model.setTrainableParameters(minus);
        double lm = sum(model.perSampleLossAsDouble(batch));
        model.setTrainableParameters(theta);
        double fd = (lp - lm) / (2 * eps);
        double analytic = 0;
        for (int i = 0; i < v.length; i++) {
            analytic += g[i] * v[i];
        }
        assertEquals(analytic, fd, 2e-2 * Math.max(1, Math.abs(analytic)), "directional derivative");
        assertArrayEquals(theta, model.trainableParametersAsDouble(), 1e-7);
    }

    @Test
    public void protobufRoundTripKeepsScoresAndChecksTheBaseHash() throws Exception {
        ModelProto proto = model.serialize();
        Model<?> again = Model.deserialize(proto);
        assertTrue(again instanceof MiniLmRecommenderModel);
        try (MiniLmRecommenderModel m = (MiniLmRecommenderModel) again) {
            float[][] a = model.scores(samples.subList(0, 3));
            float[][] b = m.scores(samples.subList(0, 3));
            for (int i = 0; i < a.length; i++) {
                assertArrayEquals(a[i], b[i], 1e-5f);
            }
            // Only trainable tensors are stored: far smaller than the 90 MB base.
            assertTrue(proto.getSerializedSize() < 2_000_000, "serialized size " + proto.getSerializedSize());
        }
        MiniLmRecommenderModel wrongHash = new MiniLmRecommenderModel("x", model.getProvenance(), model.getFeatureIDMap(),
                                                                      model.getOutputIDInfo(), model.spec(), model.catalogue(),
                                                                      MiniLmArtifact.COORDINATES, "00" + model.baseSha256().substring(2),
                                                                      model.trainableWeights(), "cpu");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> wrongHash.scores(samples.subList(0, 1)));
        assertTrue(e.getMessage().contains(model.baseSha256()), e.getMessage());
    }

    @Test
    public void baseParameterDigestCoversTheBaseModelItemTextsAndSettings() {
        BaseParameterDigest d = model.baseParameterDigest().orElseThrow();
        assertEquals(d.sha256(), model.getProvenance().getInstanceProvenance().getMap()
            .get(LmRecommenderTrainer.BASE_PARAMETERS_SHA256).toString(), "recorded at training");
        // Built without the network: none of these models is ever run.
        List<String> texts = new ArrayList<>(model.catalogue().texts());
        texts.set(4, texts.get(4) + " (director's cut)");
        MiniLmSpec s = model.spec();
        MiniLmSpec otherScale = new MiniLmSpec(s.numLayers(), s.loraRank(), s.loraAlpha(), s.scoreScale() * 2, s.useHead(),
                                               s.useItemBias(), s.maxHistory(), s.maxTokens(), s.includeGenres(), s.promptPrefix(),
                                               s.dataType());
        MiniLmSpec fewerLayers = new MiniLmSpec(1, s.loraRank(), s.loraAlpha(), s.scoreScale(), s.useHead(), s.useItemBias(),
                                                s.maxHistory(), s.maxTokens(), s.includeGenres(), s.promptPrefix(), s.dataType());
        assertEquals(List.of(MiniLmRecommenderModel.BASE_MODEL_GROUP),
                     variant(s, model.catalogue(), "00" + model.baseSha256().substring(2)).changedGroups(d.groups()));
        assertEquals(List.of(MiniLmRecommenderModel.BASE_MODEL_GROUP), variant(fewerLayers, model.catalogue(), model.baseSha256())
            .changedGroups(d.groups()));
        assertEquals(List.of(BaseParameterDigest.CATALOGUE),
                     variant(s, new ItemCatalogue(model.items(), texts), model.baseSha256()).changedGroups(d.groups()));
        assertEquals(List.of(BaseParameterDigest.SETTINGS), variant(otherScale, model.catalogue(), model.baseSha256())
            .changedGroups(d.groups()));
        // The trainable values (LoRA, item bias) are not part of it.
        double[] theta = model.trainableParametersAsDouble();
        theta[0] += 1;
        try (MiniLmRecommenderModel m = model.copyWithTrainableParameters(theta, model.getProvenance())) {
            assertEquals(d, m.baseParameterDigest().orElseThrow());
        }
    }

    private static BaseParameterDigest variant(MiniLmSpec spec, ItemCatalogue catalogue, String sha) {
        try (MiniLmRecommenderModel m = new MiniLmRecommenderModel("x", model.getProvenance(), model.getFeatureIDMap(),
                                                                   model.getOutputIDInfo(), spec, catalogue, MiniLmArtifact.COORDINATES,
                                                                   sha, model.trainableWeights(), "cpu")) {
            return m.baseParameterDigest().orElseThrow();
        }
    }

    @Test
    public void provenanceMarshalsAndNamesTheTrainer() {
        org.tribuo.test.Helpers.testProvenanceMarshalling(model.getProvenance());
        assertEquals(MiniLmRecommenderTrainer.class.getName(), model.getProvenance().getTrainerProvenance().getClassName());
        assertEquals("2", model.getProvenance().getTrainerProvenance().getConfiguredParameters().get("numLayers").toString());
        // Telemetry's gen_ai.request.model: the pretrained artifact, named by the model itself.
        assertEquals(MiniLmArtifact.COORDINATES, model.baseModelName());
    }

    @Test
    public void promptsListMostRecentItemFirst() {
        String prompt = model.prompts(samples.subList(0, 1)).get(0);
        int[] history = SampleEncoding.decodeHistory(samples.get(0));
        String newest = model.catalogue().texts().get(model.items().index(Integer.toString(history[history.length - 1])));
        assertTrue(prompt.startsWith(newest), prompt);
        assertNotEquals(-1, prompt.indexOf(ItemCatalogue.SEPARATOR));
    }

    private static double sum(double[] a) {
        double s = 0;
        for (double x : a) {
            s += x;
        }
        return s;
    }
}
