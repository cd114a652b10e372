/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.influence;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.fudlr.data.SampleEncoding;
import dev.fudlr.model.DjlRecommenderModel;
import dev.fudlr.model.LmRecommenderTrainer;
import dev.fudlr.model.train.Precision;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.datasource.ListDataSource;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Gradients, per-sample gradients (LoRA per-sample zero copies) and directional derivatives on the tiny transformer
 * (float64), checked against the model's own host gradient and one-at-a-time gradients.
 */
class PerSampleGradientsTest {

    static DjlRecommenderModel model;
    static List<Example<Label>> samples;

    static List<Example<Label>> randomSamples(int numItems, int n, int length, long seed) {
        Random rng = new Random(seed);
        List<Example<Label>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int[] history = new int[1 + rng.nextInt(length)];
            List<Integer> pool = new ArrayList<>();
            for (int it = 1; it <= numItems; it++) {
                pool.add(it);
            }
            java.util.Collections.shuffle(pool, rng);
            for (int t = 0; t < history.length; t++) {
                history[t] = pool.get(t);
            }
            int target = (history[history.length - 1] % numItems) + 1;
            if (rng.nextDouble() < 0.3) {
                target = 1 + rng.nextInt(numItems);
            }
            Map<String, String> meta = new HashMap<>();
            meta.put(SampleEncoding.USER, "u" + (i / 5));
            meta.put(SampleEncoding.SAMPLE, "u" + (i / 5) + ":" + (i % 5));
            meta.put(SampleEncoding.SPLIT, "train");
            out.add(SampleEncoding.encode(history, target, meta));
        }
        return out;
    }

    static MutableDataset<Label> dataset(List<Example<Label>> s) {
        LabelFactory f = new LabelFactory();
        return new MutableDataset<>(new ListDataSource<>(s, f, new SimpleDataSourceProvenance("influence test",
            OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC), f)));
    }

    @BeforeAll
    static void train() {
        samples = randomSamples(12, 40, 4, 3);
        model = (DjlRecommenderModel) LmRecommenderTrainer.builder().embeddingDim(8).numLayers(1).numHeads(2).ffnDim(16).maxHistory(4)
            .loraRank(2).loraAlpha(4).pretrainEpochs(3).epochs(3).batchSize(16).learningRate(1e-2).seed(5)
            .device("cpu").dtype(Precision.FLOAT64).build().train(dataset(samples));
    }

    @AfterAll
    static void close() {
        if (model != null) {
            model.close();
        }
    }

    static double maxAbsDiff(double[] a, double[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    @Test
    void gradientMatchesModelGradient() {
        ParameterSpace space = RecommenderObjectives.space(model);
        assertEquals(model.numTrainableParameters(), space.size());
        assertEquals(DataType.FLOAT64, space.dataType());
        try (GradientEngine engine = new GradientEngine(space, model.manager(), 7)) {
            assertEquals(0.0, maxAbsDiff(space.toHost(engine.theta()), model.trainableParametersAsDouble()));
            SampleLoss loss = RecommenderObjectives.loss(model, samples);
            double[] got = space.toHost(engine.gradient(loss, GradientEngine.range(samples.size()), 1.0, null));
            double[] expected = model.lossGradientAsDouble(samples);
            assertTrue(maxAbsDiff(got, expected) < 1e-10, "diff " + maxAbsDiff(got, expected));
            double[] l = engine.losses(loss, GradientEngine.range(samples.size()), null);
            assertTrue(maxAbsDiff(l, model.perSampleLossAsDouble(samples)) < 1e-12);
        }
    }

    @Test
    void perSampleGradientsMatchOneAtATime() {
        checkPerSampleGradients(model);
    }

    /** With the LoRA adapter on the item scores, whose per-sample stacks take another path through the block. */
    @Test
    void perSampleGradientsWithScoreAdapterMatchOneAtATime() {
        try (DjlRecommenderModel m = (DjlRecommenderModel) LmRecommenderTrainer.builder().embeddingDim(8).numLayers(1).numHeads(2)
            .ffnDim(16).maxHistory(4).loraRank(2).loraAlpha(4).outputLora(true).pretrainEpochs(3).epochs(3).batchSize(16)
            .learningRate(1e-2).seed(5).device("cpu").dtype(Precision.FLOAT64).build().train(dataset(samples))) {
            assertTrue(m.trainableParameterNames().contains("score_lora_a"));
            checkPerSampleGradients(m);
        }
    }

    private static void checkPerSampleGradients(DjlRecommenderModel model) {
        ParameterSpace space = RecommenderObjectives.space(model);
        try (GradientEngine engine = new GradientEngine(space, model.manager(), 16)) {
            SampleLoss loss = RecommenderObjectives.loss(model, samples);
            assertTrue(loss.supportsPerSampleParameters());
            int[] idx = {0, 3, 5, 7, 11, 12, 19, 20, 21, 30, 39, 2, 2};
            NDArray rows = engine.perSampleGradientMatrix(loss, idx, null);
            double[] flat = rows.toDoubleArray();
            int p = space.size();
            for (int r = 0; r < idx.length; r++) {
                double[] expected = model.lossGradientAsDouble(List.of(samples.get(idx[r])));
                double[] got = java.util.Arrays.copyOfRange(flat, r * p, (r + 1) * p);
                assertTrue(maxAbsDiff(got, expected) < 1e-10, "row " + r + " diff " + maxAbsDiff(got, expected));
            }
            // Directional derivatives, exact and by finite differences.
            NDArray v1 = space.fromHost(engine.vectors(), CurvatureBackendsTest.randomVector(p, 1));
            NDArray v2 = space.fromHost(engine.vectors(), CurvatureBackendsTest.randomVector(p, 2));
            double[][] exact = engine.directionalDerivatives(loss, idx, new NDArray[]{v1, v2}, GradientEngine.DirectionalMode.EXACT, null);
            // The LoRA blocks are tangent-aware: no per-sample gradient is formed.
            assertEquals(GradientEngine.DirectionalKernel.TANGENT, engine.lastDirectionalKernel());
            double[][] fd = engine.directionalDerivatives(loss, idx, new NDArray[]{v1, v2}, GradientEngine.DirectionalMode.FINITE_DIFFERENCE, null);
            // Across chunk boundaries (13 samples in chunks of 5), with the gradient sum the same pass yields.
            double[] gradientSum = new double[p];
            double[][] chunked;
            try (GradientEngine small = new GradientEngine(space, model.manager(), 5)) {
                chunked = small.directionalDerivatives(loss, idx, new NDArray[]{v1, v2}, GradientEngine.DirectionalMode.EXACT, null, gradientSum);
                assertEquals(GradientEngine.DirectionalKernel.TANGENT, small.lastDirectionalKernel());
            }
            double[] rowSum = new double[p];
            for (int r = 0; r < idx.length; r++) {
                for (int j = 0; j < p; j++) {
                    rowSum[j] += flat[r * p + j];
                }
                assertEquals(exact[r][0], chunked[r][0], 1e-12);
                assertEquals(exact[r][1], chunked[r][1], 1e-12);
            }
            assertTrue(maxAbsDiff(rowSum, gradientSum) < 1e-10, "gradient sum diff " + maxAbsDiff(rowSum, gradientSum));
            double[] h1 = space.toHost(v1);
            double[] h2 = space.toHost(v2);
            for (int r = 0; r < idx.length; r++) {
                double[] g = java.util.Arrays.copyOfRange(flat, r * p, (r + 1) * p);
                double d1 = 0;
                double d2 = 0;
                for (int j = 0; j < p; j++) {
                    d1 += g[j] * h1[j];
                    d2 += g[j] * h2[j];
                }
                assertEquals(d1, exact[r][0], 1e-10);
                assertEquals(d2, exact[r][1], 1e-10);
                assertEquals(d1, fd[r][0], 1e-6 * Math.max(1, Math.abs(d1)));
                assertEquals(d2, fd[r][1], 1e-6 * Math.max(1, Math.abs(d2)));
            }
        }
    }

    @Test
    void perSampleFallbackForBlocksWithoutStacks() {
        try (SoftmaxHeadProblem pr = new SoftmaxHeadProblem(20, 4, 3, 3, DataType.FLOAT64, 2);
             GradientEngine engine = new GradientEngine(pr.space, pr.manager, 8)) {
            SampleLoss stacked = pr.loss(0, pr.n);
            SampleLoss plain = new SampleLoss() {
                @Override
                public int size() {
                    return stacked.size();
                }

                @Override
                public NDArray losses(ai.djl.training.ParameterStore store, ai.djl.ndarray.NDManager step, int[] indices) {
                    return stacked.losses(store, step, indices);
                }
            };
            int[] idx = GradientEngine.range(pr.n);
            double[] a = engine.perSampleGradientMatrix(stacked, idx, null).toDoubleArray();
            double[] b = engine.perSampleGradientMatrix(plain, idx, null).toDoubleArray();
            assertTrue(maxAbsDiff(a, b) < 1e-12);
            // A block that is not tangent-aware: the exact directional derivatives fall back to gradient rows.
            int p = pr.space.size();
            NDArray v = pr.space.fromHost(engine.vectors(), CurvatureBackendsTest.randomVector(p, 4));
            double[] hv = pr.space.toHost(v);
            double[][] d = engine.directionalDerivatives(plain, idx, new NDArray[]{v}, GradientEngine.DirectionalMode.EXACT, null);
            assertEquals(GradientEngine.DirectionalKernel.ONE_AT_A_TIME, engine.lastDirectionalKernel());
            engine.directionalDerivatives(stacked, idx, new NDArray[]{v}, GradientEngine.DirectionalMode.EXACT, null);
            assertEquals(GradientEngine.DirectionalKernel.PER_SAMPLE_PARAMETERS, engine.lastDirectionalKernel());
            for (int r = 0; r < pr.n; r++) {
                double expected = 0;
                for (int j = 0; j < p; j++) {
                    expected += a[r * p + j] * hv[j];
                }
                assertEquals(expected, d[r][0], 1e-10);
            }
        }
    }
}
