/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.model.transformer;
import dev.fudlr.model.djl.Devices;
import dev.fudlr.model.djl.HostTensor;
import dev.fudlr.model.djl.NativeArrays;
import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CausalTransformerBlockTest {

    private static final int NUM_ITEMS = 11;
    private static final int L = 5;
    private static final int D = 8;
    private static final TransformerConfig CONFIG =
        new TransformerConfig(NUM_ITEMS, D, 2, 2, 16, L, 2, 4.0, DataType.FLOAT64);

    private static TransformerRuntime runtime;

    @BeforeAll
    static void setUp() {
        runtime = new TransformerRuntime(CONFIG, TransformerWeights.initialize(CONFIG, 7L), Device.cpu());
    }

    @AfterAll
    static void tearDown() {
        runtime.close();
    }

    private static double[] hidden(long[] tokens) {
        try (NDManager step = runtime.manager().newSubManager()) {
            NDArray h = runtime.block().hiddenStates(runtime.newParameterStore(step), runtime.tokens(step, tokens), false);
            assertEquals(new Shape(tokens.length / L, L, D), h.getShape());
            return h.toDoubleArray();
        }
    }

    private static double[] scores(long[] tokens) {
        try (NDManager step = runtime.manager().newSubManager()) {
            NDArray s = runtime.scores(runtime.newParameterStore(step), runtime.tokens(step, tokens), false);
            assertEquals(new Shape(tokens.length / L, NUM_ITEMS), s.getShape());
            assertEquals(DataType.FLOAT64, s.getDataType());
            return s.toDoubleArray();
        }
    }

    @Test
    void layoutNamesAndShapes() {
        Map<String, long[]> layout = TransformerWeights.layout(CONFIG);
        assertArrayEquals(new long[]{NUM_ITEMS + 1, D}, layout.get("item_embedding"));
        assertArrayEquals(new long[]{L, D}, layout.get("position_embedding"));
        assertArrayEquals(new long[]{NUM_ITEMS}, layout.get("item_bias"));
        assertArrayEquals(new long[]{2, D}, layout.get("layer1_attention_query_lora_a"));
        assertArrayEquals(new long[]{D, 2}, layout.get("layer1_attention_value_lora_b"));
        Set<String> lora = layout.keySet().stream().filter(CausalTransformerBlock::isLoraParameter).collect(Collectors.toSet());
        // query and value adapters (A and B) in each of the 2 layers
        assertEquals(8, lora.size());
        assertTrue(lora.stream().allMatch(n -> n.contains("_query_") || n.contains("_value_")));
        assertEquals(Arrays.asList("layer0_attention_query_lora_a", "layer0_attention_query_lora_b",
                                   "layer0_attention_value_lora_a", "layer0_attention_value_lora_b",
                                   "layer1_attention_query_lora_a", "layer1_attention_query_lora_b",
                                   "layer1_attention_value_lora_a", "layer1_attention_value_lora_b"),
                     runtime.trainableNames());
    }

    @Test
    void outputShapesForBatches() {
        long[] tokens = new long[3 * L];
        Arrays.fill(tokens, 1);
        assertEquals(3 * NUM_ITEMS, scores(tokens).length);
        assertEquals(3 * L * D, hidden(tokens).length);
        assertArrayEquals(new Shape[]{new Shape(3, NUM_ITEMS)}, runtime.block().getOutputShapes(new Shape[]{new Shape(3, L)}));
    }

    @Test
    void rejectsWrongSequenceLength() {
        try (NDManager step = runtime.manager().newSubManager()) {
            NDArray bad = step.create(new long[]{1, 2, 3}, new Shape(1, 3));
            assertThrows(IllegalArgumentException.class,
                () -> runtime.block().hiddenStates(runtime.newParameterStore(step), bad, false));
        }
    }

    @Test
    void laterTokensDoNotChangeEarlierPositions() {
        long[] a = {3, 1, 4, 5, 9};
        for (int changed = 1; changed < L; changed++) {
            long[] b = a.clone();
            b[changed] = 10;
            double[] ha = hidden(a);
            double[] hb = hidden(b);
            for (int pos = 0; pos < L; pos++) {
                double[] pa = Arrays.copyOfRange(ha, pos * D, (pos + 1) * D);
                double[] pb = Arrays.copyOfRange(hb, pos * D, (pos + 1) * D);
                if (pos < changed) {
                    assertArrayEquals(pa, pb, 0.0, "position " + pos + " changed when token " + changed + " changed");
                } else {
                    assertFalse(Arrays.equals(pa, pb), "position " + pos + " ignores token " + changed);
                }
            }
        }
    }

    @Test
    void paddingIsNeverAttended() {
        int pad = CONFIG.paddingToken();
        long[] tokens = {pad, pad, 2, 7, 4};
        double[] before = scores(tokens);
        HostTensor original = runtime.exportWeights().get("item_embedding");
        try {
            // Overwrite the padding row: real positions must not notice.
            double[] values = original.toDoubleArray();
            Random rng = new Random(3);
            for (int j = 0; j < D; j++) {
                values[pad * D + j] = rng.nextGaussian();
            }
            runtime.setWeight("item_embedding", HostTensor.ofDoubles("item_embedding", original.shape(), values));
            assertArrayEquals(before, scores(tokens), 1e-12);
            // ...while a history that is all padding does depend on it (sanity check of the overwrite).
            long[] empty = {pad, pad, pad, pad, pad};
            runtime.setWeight("item_embedding", original);
            double[] emptyBefore = scores(empty);
            runtime.setWeight("item_embedding", HostTensor.ofDoubles("item_embedding", original.shape(), values));
            assertFalse(Arrays.equals(emptyBefore, scores(empty)));
        } finally {
            runtime.setWeight("item_embedding", original);
        }
    }

    @Test
    void loraStartsAsIdentityAndBActivatesIt() {
        long[] tokens = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        double[] before = scores(tokens);
        SortedMap<String, HostTensor> saved = runtime.exportWeights();
        try {
            Random rng = new Random(11);
            for (String name : runtime.trainableNames()) {
                HostTensor t = saved.get(name);
                if (name.endsWith("lora_b")) {
                    assertTrue(Arrays.stream(t.toDoubleArray()).allMatch(v -> v == 0.0), name + " should start at zero");
                } else {
                    assertTrue(Arrays.stream(t.toDoubleArray()).anyMatch(v -> v != 0.0), name + " should be random");
                    runtime.setWeight(name, HostTensor.ofDoubles(name, t.shape(), rng.doubles(t.size()).toArray()));
                }
            }
            // Any A with B = 0: unchanged output.
            assertArrayEquals(before, scores(tokens), 1e-12);
            String b = "layer0_attention_value_lora_b";
            HostTensor bt = saved.get(b);
            runtime.setWeight(b, HostTensor.ofDoubles(b, bt.shape(), rng.doubles(bt.size()).toArray()));
            assertFalse(Arrays.equals(before, scores(tokens)));
        } finally {
            for (String name : runtime.trainableNames()) {
                runtime.setWeight(name, saved.get(name));
            }
        }
        assertArrayEquals(before, scores(tokens), 0.0);
    }

    @Test
    void onlyLoraReceivesGradientsAndStepsDoNotLeak() {
        int managedBefore = runtime.manager().getManagedArrays().size();
        Engine engine = Engine.getEngine(Devices.ENGINE);
        runtime.zeroGradients();
        for (int step = 0; step < 3; step++) {
            try (NDManager sub = runtime.manager().newSubManager();
                 GradientCollector gc = engine.newGradientCollector()) {
                NDArray tokens = runtime.tokens(sub, new long[]{1, 2, 3, 4, 5, 11, 11, 6, 7, 8});
                NDArray targets = sub.create(new long[]{6, 9});
                NDArray loss = runtime.perSampleLoss(runtime.newParameterStore(sub), tokens, targets, true).sum();
                gc.backward(loss);
            }
        }
        Set<String> withGradient = runtime.parametersWithNonZeroGradient();
        runtime.zeroGradients();
        assertTrue(runtime.trainableNames().containsAll(withGradient), "non-LoRA gradients: " + withGradient);
        // With B = 0 only B has a non-zero gradient (dL/dA is proportional to B).
        Set<String> expected = runtime.trainableNames().stream().filter(n -> n.endsWith("lora_b")).collect(Collectors.toSet());
        assertEquals(expected, withGradient);
        assertTrue(runtime.parametersWithNonZeroGradient().isEmpty());
        assertEquals(managedBefore, runtime.manager().getManagedArrays().size(), "arrays leaked into the model manager");
    }

    @Test
    void perSampleLoraStackMatchesSharedWeights() {
        // A (batch, ...) stack of identical adapters must reproduce the shared-adapter output.
        SortedMap<String, HostTensor> saved = runtime.exportWeights();
        Map<String, HostTensor> lora = new TreeMap<>();
        Random rng = new Random(5);
        for (String name : runtime.trainableNames()) {
            HostTensor t = saved.get(name);
            HostTensor r = HostTensor.ofDoubles(name, t.shape(), rng.doubles(t.size(), -0.5, 0.5).toArray());
            lora.put(name, r);
            runtime.setWeight(name, r);
        }
        try {
            long[] tokens = {1, 2, 3, 4, 5, 11, 11, 6, 7, 8};
            double[] shared = scores(tokens);
            try (NDManager step = runtime.manager().newSubManager()) {
                ai.djl.training.ParameterStore stacked = stackedStore(step, "lora", 2);
                NDArray out = runtime.scores(stacked, runtime.tokens(step, tokens), false);
                assertArrayEquals(shared, out.toDoubleArray(), 1e-12);
            }
        } finally {
            for (String name : runtime.trainableNames()) {
                runtime.setWeight(name, saved.get(name));
            }
        }
    }

    /**
     * Regression test: DJL's {@code NDArray.mul(Number)} frees the scalar's Java buffer while the autograd graph
     * still reads it in backward, so a GC between forward and backward corrupted the LoRA and attention-scale
     * gradients. The blocks use step-owned scalars instead (NativeArrays.scalar).
     */
    @Test
    void gradientsSurviveGarbageCollectionBetweenForwardAndBackward() throws InterruptedException {
        SortedMap<String, HostTensor> saved = runtime.exportWeights();
        Random rng = new Random(8);
        for (String name : runtime.trainableNames()) {
            HostTensor t = saved.get(name);
            runtime.setWeight(name, HostTensor.ofDoubles(name, t.shape(), rng.doubles(t.size(), -0.5, 0.5).toArray()));
        }
        try {
            double[] reference = null;
            for (int rep = 0; rep < 4; rep++) {
                runtime.zeroGradients();
                try (NDManager sub = runtime.manager().newSubManager();
                     GradientCollector gc = Engine.getEngine(Devices.ENGINE).newGradientCollector()) {
                    NDArray tokens = runtime.tokens(sub, new long[]{1, 2, 3, 4, 5, 11, 11, 6, 7, 8});
                    NDArray loss = runtime.perSampleLoss(runtime.newParameterStore(sub), tokens,
                                                         runtime.targets(sub, new long[]{6, 9}), true).sum();
                    if (rep > 0) {
                        System.gc();
                        Thread.sleep(5);
                        for (int i = 0; i < 200; i++) {
                            java.nio.ByteBuffer.allocateDirect(8).putDouble(0, 1e30);
                        }
                    }
                    gc.backward(loss);
                }
                double[] grads = runtime.trainableParameters().stream()
                    .flatMapToDouble(p -> {
                        try (NDArray g = p.getArray().getGradient()) {
                            return Arrays.stream(g.toDoubleArray());
                        }
                    }).toArray();
                if (reference == null) {
                    reference = grads;
                    assertTrue(Arrays.stream(grads).anyMatch(v -> v != 0));
                } else {
                    assertArrayEquals(reference, grads, 0.0, "gradients changed after a GC, rep " + rep);
                }
            }
        } finally {
            runtime.zeroGradients();
            for (String name : runtime.trainableNames()) {
                runtime.setWeight(name, saved.get(name));
            }
        }
    }

    @Test
    void nativeArraysAreAligned() {
        for (int n : new int[]{1, 3, 17, 1000}) {
            assertEquals(0, NativeArrays.alignedBuffer(n).alignmentOffset(0, NativeArrays.ALIGNMENT));
            assertEquals(n, NativeArrays.alignedBuffer(n).capacity());
        }
        try (NDManager step = runtime.manager().newSubManager()) {
            assertArrayEquals(new double[]{1.5, -2}, NativeArrays.create(step, new double[]{1.5, -2}, new Shape(2)).toDoubleArray());
            assertArrayEquals(new long[]{7, 8, 9}, NativeArrays.create(step, new long[]{7, 8, 9}, new Shape(3)).toLongArray());
            NDArray like = NativeArrays.create(step, new float[]{1f}, new Shape(1));
            NDArray s = NativeArrays.scalar(like, 0.25);
            assertEquals(DataType.FLOAT32, s.getDataType());
            assertEquals(0.25f, s.getFloat());
        }
    }

    /**
     * The score adapter ({@code outputLora}): the same base weights as the default network, identity while B = 0,
     * and then exactly {@code scale (h A^T) B^T} on top of the default scores (computed here on the host from the
     * hidden states); a per-sample stack of identical adapters gives the same scores.
     */
    @Test
    void scoreAdapterAddsScaledLowRankScores() {
        TransformerConfig withAdapter = CONFIG.withOutputLora(true);
        assertFalse(CONFIG.outputLora());
        assertFalse(CONFIG.equals(withAdapter));
        Map<String, long[]> layout = TransformerWeights.layout(withAdapter);
        int r = CONFIG.loraRank();
        assertArrayEquals(new long[]{r, D}, layout.get("score_lora_a"));
        assertArrayEquals(new long[]{NUM_ITEMS, r}, layout.get("score_lora_b"));
        assertTrue(CausalTransformerBlock.isLoraParameter("score_lora_a") && CausalTransformerBlock.isLoraParameter("score_lora_b"));
        assertFalse(TransformerWeights.layout(CONFIG).containsKey("score_lora_a"));
        SortedMap<String, HostTensor> weights = TransformerWeights.initialize(withAdapter, 7L);
        SortedMap<String, HostTensor> shared = runtime.exportWeights();
        for (Map.Entry<String, HostTensor> e : shared.entrySet()) {
            assertEquals(e.getValue(), weights.get(e.getKey()), e.getKey());
        }
        long[] tokens = {1, 2, 3, 4, 5, 11, 11, 6, 7, 8};
        int batch = tokens.length / L;
        try (TransformerRuntime rt = new TransformerRuntime(withAdapter, weights, Device.cpu())) {
            assertTrue(rt.trainableNames().containsAll(List.of("score_lora_a", "score_lora_b")));
            double[] plain = scores(tokens);
            assertArrayEquals(plain, scores(rt, tokens), 0.0, "B = 0 must leave the scores unchanged");
            Random rng = new Random(13);
            double[] a = rng.doubles(r * D, -0.5, 0.5).toArray();
            double[] b = rng.doubles(NUM_ITEMS * r, -0.5, 0.5).toArray();
            rt.setWeight("score_lora_a", HostTensor.ofDoubles("score_lora_a", new long[]{r, D}, a));
            rt.setWeight("score_lora_b", HostTensor.ofDoubles("score_lora_b", new long[]{NUM_ITEMS, r}, b));
            double[] h = hidden(tokens);
            double[] expected = plain.clone();
            for (int s = 0; s < batch; s++) {
                int last = (s * L + L - 1) * D;
                for (int item = 0; item < NUM_ITEMS; item++) {
                    double sum = 0;
                    for (int k = 0; k < r; k++) {
                        double low = 0;
                        for (int j = 0; j < D; j++) {
                            low += h[last + j] * a[k * D + j];
                        }
                        sum += low * b[item * r + k];
                    }
                    expected[s * NUM_ITEMS + item] += CONFIG.loraScale() * sum;
                }
            }
            double[] got = scores(rt, tokens);
            assertArrayEquals(expected, got, 1e-12);
            // Per-sample stacks of the score adapter (as the per-sample gradient pass feeds them).
            try (NDManager step = rt.manager().newSubManager()) {
                ai.djl.training.ParameterStore stacked = stackedStore(step, "score_lora", batch);
                assertArrayEquals(got, rt.scores(stacked, rt.tokens(step, tokens), false).toDoubleArray(), 1e-12);
            }
        }
    }

    /** A store that returns, for parameters whose own name starts with {@code prefix}, {@code batch} stacked copies. */
    private static ai.djl.training.ParameterStore stackedStore(NDManager step, String prefix, int batch) {
        return new ai.djl.training.ParameterStore(step, false) {
            @Override
            public NDArray getValue(ai.djl.nn.Parameter parameter, Device device, boolean training) {
                NDArray v = super.getValue(parameter, device, training);
                if (!parameter.getName().startsWith(prefix)) {
                    return v;
                }
                NDArray stack = v.expandDims(0).repeat(0, batch);
                stack.attach(step);
                return stack;
            }
        };
    }

    private static double[] scores(TransformerRuntime rt, long[] tokens) {
        try (NDManager step = rt.manager().newSubManager()) {
            return rt.scores(rt.newParameterStore(step), rt.tokens(step, tokens), false).toDoubleArray();
        }
    }

    @Test
    void configValidationNamesTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> new TransformerConfig(10, 10, 1, 3, 8, 4, 2, 1.0, DataType.FLOAT32));
        assertTrue(e.getMessage().contains("embeddingDim"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
            () -> new TransformerConfig(10, 8, 1, 2, 8, 4, 0, 1.0, DataType.FLOAT32));
        assertTrue(e.getMessage().contains("loraRank"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
            () -> new TransformerConfig(10, 8, 1, 2, 8, 4, 2, 1.0, DataType.INT32));
        assertTrue(e.getMessage().contains("dataType"), e.getMessage());
    }
}
