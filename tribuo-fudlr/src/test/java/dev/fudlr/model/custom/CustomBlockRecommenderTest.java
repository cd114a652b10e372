/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.model.custom;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import dev.fudlr.data.SampleEncoding;
import dev.fudlr.model.ItemIndex;
import dev.fudlr.model.djl.HostTensor;
import dev.fudlr.model.djl.LoraLinear;
import dev.fudlr.model.djl.NativeArrays;
import org.junit.jupiter.api.Test;
import org.tribuo.Example;
import org.tribuo.classification.Label;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A user block written against plain DJL (a bag-of-items embedding followed by a LoRA'd linear layer) wrapped as
 * an unlearnable recommender.
 */
public class CustomBlockRecommenderTest {

    private static final int NUM_ITEMS = 12;
    private static final int DIM = 6;
    private static final int MAX_HISTORY = 3;

    /**
     * The user's block: input (batch, L) item indices padded with NUM_ITEMS; user vector = sum of the items'
     * embeddings (a frozen table); scores = LoRA'd linear layer of it.
     */
    static final class BagOfItemsBlock extends AbstractBlock {
        private final Parameter embedding;
        private final LoraLinear head;

        BagOfItemsBlock() {
            embedding = addParameter(Parameter.builder().setName("embedding").setType(Parameter.Type.WEIGHT)
                                         .optShape(new Shape(NUM_ITEMS + 1, DIM)).build());
            head = addChildBlock("head", new LoraLinear(DIM, NUM_ITEMS, 2, 2.0));
        }

        @Override
        protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
            NDArray ids = inputs.singletonOrThrow();
            NDArray e = store.getValue(embedding, ids.getDevice(), training);
            NDArray bag = ids.oneHot(NUM_ITEMS + 1).toType(e.getDataType(), false).sum(new int[]{1});
            return head.forward(store, new NDList(bag.matMul(e)), training, params);
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            head.initialize(manager, dataType, new Shape(inputShapes[0].get(0), DIM));
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return new Shape[]{new Shape(inputShapes[0].get(0), NUM_ITEMS)};
        }
    }

    /** Seeded Java-side initializer (deterministic across runs, unlike the engine's RNG). */
    private static Initializer seeded(long seed) {
        Random rng = new Random(seed);
        return (m, shape, dt) -> {
            double[] v = new double[(int) shape.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = 0.5 * rng.nextGaussian();
            }
            return HostTensor.of("init", shape.getShape(), v, dt).toNDArray(m);
        };
    }

    private static ItemIndex items() {
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= NUM_ITEMS; i++) {
            ids.add(Integer.toString(i));
        }
        return ItemIndex.of(ids);
    }

    private static CustomBlockRecommender build(DataType dt, long seed, Map<String, HostTensor> values) {
        BagOfItemsBlock block = new BagOfItemsBlock();
        block.setInitializer(seeded(seed), Parameter.Type.WEIGHT);
        return CustomBlockRecommender.builder(block, items()).maxHistory(MAX_HISTORY).trainable(n -> n.contains("lora_"))
            .dataType(dt).device("cpu").initialValues(values).build();
    }

    /** Successor task: after items (i-2, i-1, i) comes i+1. */
    private static List<Example<Label>> samples(int n, long seed) {
        Random rng = new Random(seed);
        List<Example<Label>> out = new ArrayList<>();
        for (int s = 0; s < n; s++) {
            int last = 3 + rng.nextInt(NUM_ITEMS - 3);
            out.add(SampleEncoding.encode(new int[]{last - 2, last - 1, last}, last % NUM_ITEMS + 1,
                                          Map.of(SampleEncoding.USER, "u" + s, SampleEncoding.SAMPLE, "u" + s + ":3")));
        }
        return out;
    }

    @Test
    public void scoresHaveOneColumnPerItemAndLossIsTheirCrossEntropy() {
        try (CustomBlockRecommender r = build(DataType.FLOAT64, 1, Map.of())) {
            List<Example<Label>> batch = samples(5, 2);
            float[][] s = r.scores(batch);
            assertEquals(5, s.length);
            double[] loss = r.perSampleLossAsDouble(batch);
            for (int i = 0; i < s.length; i++) {
                assertEquals(NUM_ITEMS, s[i].length);
                double max = Double.NEGATIVE_INFINITY;
                for (float v : s[i]) {
                    max = Math.max(max, v);
                }
                double z = 0;
                for (float v : s[i]) {
                    z += Math.exp(v - max);
                }
                int target = r.items().index(batch.get(i).getOutput().getLabel());
                assertEquals(-(s[i][target] - max - Math.log(z)), loss[i], 1e-5);
            }
            // Histories differ, so do the scores.
            assertNotEquals(s[0][0], s[1][0]);
        }
    }

    @Test
    public void gradientMatchesFiniteDifferencesInFloat64() {
        try (CustomBlockRecommender r = build(DataType.FLOAT64, 3, Map.of())) {
            List<Example<Label>> batch = samples(7, 4);
            double[] theta = r.trainableParametersAsDouble();
            double[] g = r.lossGradientAsDouble(batch);
            Random rng = new Random(5);
            for (int trial = 0; trial < 3; trial++) {
                double[] v = new double[theta.length];
                for (int i = 0; i < v.length; i++) {
                    v[i] = rng.nextGaussian();
                }
                double eps = 1e-5;
                double[] plus = theta.clone();
                double[] minus = theta.clone();
                for (int i = 0; i < v.length; i++) {
                    plus[i] += eps * v[i];
                    minus[i] -= eps * v[i];
                }
                r.setTrainableParameters(plus);
                double lp = sum(r.perSampleLossAsDouble(batch));
                r.setTrainableParameters(minus);
                double lm = sum(r.perSampleLossAsDouble(batch));
                r.setTrainableParameters(theta);
                double fd = (lp - lm) / (2 * eps);
                double analytic = 0;
                for (int i = 0; i < v.length; i++) {
                    analytic += g[i] * v[i];
                }
                assertEquals(analytic, fd, 1e-6 * Math.max(1, Math.abs(analytic)), "directional derivative " + trial);
            }
            // Gradients do not accumulate across calls.
            assertArrayEquals(g, r.lossGradientAsDouble(batch), 1e-12);
        }
    }

    @Test
    public void trainableParametersAreTheLoraAdaptersAndRoundTrip() {
        try (CustomBlockRecommender r = build(DataType.FLOAT64, 6, Map.of())) {
            assertEquals(List.of("01head_lora_a", "01head_lora_b"), r.trainableParameterNames());
            assertTrue(r.parameterNames().contains("embedding"), r.parameterNames().toString());
            assertEquals(2 * DIM + NUM_ITEMS * 2, r.numTrainableParameters());
            assertArrayEquals(new long[]{2, DIM}, r.trainableParameterShapes().get(0));
            double[] theta = new double[r.numTrainableParameters()];
            for (int i = 0; i < theta.length; i++) {
                theta[i] = i * 0.01 - 0.1;
            }
            r.setTrainableParameters(theta);
            assertArrayEquals(theta, r.trainableParametersAsDouble(), 0.0);
            assertThrows(IllegalArgumentException.class, () -> r.setTrainableParameters(new double[3]));
            // Fine-tuning lowers the loss and moves only the adapters.
            List<Example<Label>> data = samples(40, 7);
            double before = sum(r.perSampleLossAsDouble(data));
            float[] embeddingBefore = r.block().getParameters().get("embedding").getArray().toType(DataType.FLOAT32, false).toFloatArray();
            r.fit(data, 15, 8, 0.05, 1L);
            assertTrue(sum(r.perSampleLossAsDouble(data)) < before, "fit did not lower the loss");
            assertArrayEquals(embeddingBefore,
                              r.block().getParameters().get("embedding").getArray().toType(DataType.FLOAT32, false).toFloatArray());
            // The trained adapters rebuild the same model on a fresh block with the same frozen initialisation.
            SortedMap<String, HostTensor> trained = r.trainableWeights();
            try (CustomBlockRecommender again = build(DataType.FLOAT64, 6, trained)) {
                assertArrayEquals(r.trainableParametersAsDouble(), again.trainableParametersAsDouble(), 0.0);
                assertArrayEquals(r.perSampleLossAsDouble(data), again.perSampleLossAsDouble(data), 1e-12);
            }
        }
    }

    @Test
    public void badSetupsAreRejectedWithTheirCause() {
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
            () -> CustomBlockRecommender.builder(seededBlock(), items()).trainable(n -> n.contains("adapter")).build());
        assertTrue(none.getMessage().contains("embedding"), none.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
            () -> CustomBlockRecommender.builder(seededBlock(), items()).trainable(n -> true)
                .initialValues(Map.of("nope", HostTensor.ofFloats("nope", new long[]{1}, new float[]{1}))).build());
        assertTrue(unknown.getMessage().contains("nope"), unknown.getMessage());
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
            () -> CustomBlockRecommender.builder(seededBlock(), items()).trainable(n -> true)
                .initialValues(Map.of("embedding", HostTensor.ofFloats("embedding", new long[]{1}, new float[]{1}))).build());
        assertTrue(shape.getMessage().contains("embedding"), shape.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CustomBlockRecommender.builder(seededBlock(), items()).build(),
                     "no trainable predicate");
        BagOfItemsBlock block = seededBlock();
        CustomBlockRecommender r = CustomBlockRecommender.builder(block, items()).maxHistory(MAX_HISTORY)
            .trainable(n -> n.contains("lora_")).device("cpu").build();
        r.close();
        assertThrows(IllegalStateException.class, () -> r.scores(samples(1, 1)));
        IllegalArgumentException reused = assertThrows(IllegalArgumentException.class,
            () -> CustomBlockRecommender.builder(block, items()).trainable(n -> true).build());
        assertTrue(reused.getMessage().contains("already initialized"), reused.getMessage());
    }

    private static BagOfItemsBlock seededBlock() {
        BagOfItemsBlock block = new BagOfItemsBlock();
        block.setInitializer(seeded(1), Parameter.Type.WEIGHT);
        return block;
    }

    /** The documented NativeArrays rule holds for user blocks too; here a sanity check that scalar() is usable. */
    @Test
    public void nativeScalarMatchesTheBlockDtype() {
        try (CustomBlockRecommender r = build(DataType.FLOAT64, 1, Map.of()); NDManager m = r.manager().newSubManager()) {
            NDArray x = r.encodeHistories(m, samples(2, 1));
            assertEquals(new Shape(2, MAX_HISTORY), x.getShape());
            assertEquals(DataType.INT64, x.getDataType());
            assertEquals(DataType.FLOAT64, NativeArrays.scalar(r.trainableDjlParameters().get(0).getArray(), 2.0).getDataType());
        }
    }

    private static double sum(double[] a) {
        double s = 0;
        for (double x : a) {
            s += x;
        }
        return s;
    }
}
