/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.model;

import ai.djl.ndarray.types.DataType;
import dev.fudlr.model.train.Precision;
import dev.fudlr.model.transformer.CausalTransformerBlock;
import dev.fudlr.model.djl.HostTensor;
import dev.fudlr.model.transformer.TransformerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The base-parameter digest of the tiny transformer: it changes when any bit of any frozen value changes (naming the
 * group), or a setting that shapes the scores; it does not change with the trainable (LoRA) values; and the trainer
 * records it at training time. Float32 and untrained (no epochs), so it runs in about a second.
 */
class BaseParameterDigestTest {

    private static DjlRecommenderModel model;

    @BeforeAll
    static void build() {
        MutableDataset<Label> data = SyntheticData.dataset(SyntheticData.successorSamples(10, 20, 6, 4, 1L), "successor");
        model = (DjlRecommenderModel) LmRecommenderTrainer.builder()
            .embeddingDim(8).numLayers(2).numHeads(2).ffnDim(16).maxHistory(4).loraRank(2).loraAlpha(4)
            .pretrainEpochs(0).epochs(0).seed(5).device("cpu").dtype(Precision.FLOAT32).outputLora(true)
            .build().train(data);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    /** The model with other weights (every other weight, base and LoRA, as in {@link #model}). */
    private static DjlRecommenderModel withWeights(TransformerConfig config, Map<String, HostTensor> weights) {
        return new DjlRecommenderModel(model.getName(), model.getProvenance(), model.getFeatureIDMap(), model.getOutputIDInfo(),
                                       config, model.items(), weights, "cpu");
    }

    /** The tensor with the lowest bit of value {@code index} flipped. */
    private static HostTensor flipLowestBit(HostTensor t, int index) {
        float[] v = t.toFloatArray();
        v[index] = Float.intBitsToFloat(Float.floatToRawIntBits(v[index]) ^ 1);
        return HostTensor.ofFloats(t.name(), t.shape(), v);
    }

    private static BaseParameterDigest digest(DjlRecommenderModel m) {
        return m.baseParameterDigest().orElseThrow();
    }

    @Test
    void everyFrozenTensorChangesItsOwnGroupOnly() {
        BaseParameterDigest before = digest(model);
        SortedMap<String, HostTensor> weights = model.weights();
        List<String> frozen = new ArrayList<>();
        for (HostTensor t : weights.values()) {
            if (CausalTransformerBlock.isLoraParameter(t.name())) {
                continue;
            }
            frozen.add(t.name());
            for (int index : new int[]{0, t.size() - 1}) {
                Map<String, HostTensor> changed = new TreeMap<>(weights);
                changed.put(t.name(), flipLowestBit(t, index));
                try (DjlRecommenderModel m = withWeights(model.config(), changed)) {
                    BaseParameterDigest after = digest(m);
                    assertNotEquals(before.sha256(), after.sha256(), t.name() + "[" + index + "]");
                    assertEquals(List.of(BaseParameterDigest.transformerGroup(t.name())), after.changedGroups(before.groups()),
                                 t.name());
                }
            }
        }
        // Every kind of frozen tensor was covered, in groups that say what changed.
        assertTrue(frozen.containsAll(List.of("item_embedding", "position_embedding", "item_bias", "final_norm_gamma")), frozen.toString());
        assertTrue(before.groups().keySet().containsAll(List.of("item_embedding", "position_embedding", "item_bias", "layer0",
                                                                  "layer1", "final_norm", BaseParameterDigest.SETTINGS,
                                                                  BaseParameterDigest.CATALOGUE)), before.groups().toString());
    }

    @Test
    void trainableValuesDoNotChangeIt() {
        BaseParameterDigest before = digest(model);
        SortedMap<String, HostTensor> weights = model.weights();
        Map<String, HostTensor> changed = new TreeMap<>(weights);
        for (HostTensor t : weights.values()) {
            if (CausalTransformerBlock.isLoraParameter(t.name())) {
                changed.put(t.name(), flipLowestBit(t, 0));
            }
        }
        try (DjlRecommenderModel m = withWeights(model.config(), changed)) {
            assertNotEquals(model.trainableParametersAsDouble()[0], m.trainableParametersAsDouble()[0]);
            assertEquals(before, digest(m));
        }
        double[] theta = model.trainableParametersAsDouble();
        theta[theta.length - 1] += 0.5;
        try (DjlRecommenderModel copy = model.copyWithTrainableParameters(theta, model.getProvenance())) {
            assertEquals(before.sha256(), digest(copy).sha256());
        }
    }

    @Test
    void settingsThatShapeTheScoresChangeIt() {
        TransformerConfig c = model.config();
        TransformerConfig otherAlpha = new TransformerConfig(c.numItems(), c.embeddingDim(), c.numLayers(), c.numHeads(), c.ffnDim(),
                                                             c.maxHistory(), c.loraRank(), c.loraAlpha() * 2, c.dataType(),
                                                             c.layerNormEps(), c.outputLora());
        try (DjlRecommenderModel m = withWeights(otherAlpha, model.weights())) {
            assertEquals(List.of(BaseParameterDigest.SETTINGS), digest(m).changedGroups(digest(model).groups()));
        }
    }

    @Test
    void isRecordedAtTrainingAndSurvivesSerialization() {
        String recorded = model.getProvenance().getInstanceProvenance().getMap()
            .get(LmRecommenderTrainer.BASE_PARAMETERS_SHA256).toString();
        assertEquals(digest(model).sha256(), recorded);
        assertEquals(64, recorded.length());
        try (DjlRecommenderModel again = (DjlRecommenderModel) Model.deserialize(model.serialize())) {
            assertEquals(digest(model), digest(again));
        }
    }

    @Test
    void entryOrderDoesNotMatterButDtypeAndShapeDo() {
        HostTensor x = HostTensor.ofDoubles("x", new long[]{2}, new double[]{1, 2});
        BaseParameterDigest one = BaseParameterDigest.builder().setting("g", "b", "2").setting("g", "a", "1").tensor("t", x).build();
        // The digest of a group is of its entries in name order, whatever the order they were added in.
        BaseParameterDigest two = BaseParameterDigest.builder().tensor("t", x).setting("g", "a", "1").setting("g", "b", "2").build();
        assertEquals(one.sha256(), two.sha256());
        // The same values as float32, or in another shape, are another tensor.
        HostTensor f32 = HostTensor.of("x", new long[]{2}, new double[]{1, 2}, DataType.FLOAT32);
        HostTensor reshaped = HostTensor.ofDoubles("x", new long[]{1, 2}, new double[]{1, 2});
        for (HostTensor other : List.of(f32, reshaped)) {
            BaseParameterDigest d = BaseParameterDigest.builder().tensor("t", other).setting("g", "a", "1").setting("g", "b", "2").build();
            assertEquals(List.of("t"), d.changedGroups(one.groups()), other.toString());
        }
        // A setting's value counts too.
        BaseParameterDigest otherSetting = BaseParameterDigest.builder().tensor("t", x).setting("g", "a", "1").setting("g", "b", "3").build();
        assertEquals(List.of("g"), otherSetting.changedGroups(one.groups()));
    }
}
