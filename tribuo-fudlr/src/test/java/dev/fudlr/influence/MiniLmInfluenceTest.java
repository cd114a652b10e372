/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.influence;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.fudlr.model.minilm.MiniLmRecommenderModel;
import dev.fudlr.model.minilm.MiniLmTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tribuo.Example;
import org.tribuo.classification.Label;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.logging.Logger;

import static dev.fudlr.influence.CurvatureBackendsTest.randomVector;
import static dev.fudlr.influence.CurvatureBackendsTest.relErr;
import static dev.fudlr.influence.PerSampleGradientsTest.maxAbsDiff;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The influence engine on a reduced (2-layer) MiniLM-LoRA model built from the real pretrained weights, in float64,
 * with random LoRA A, B and item bias (see {@link MiniLmTestSupport#reducedModel}): gradients against central finite
 * differences of the model's losses, exact Hessian-vector products against central finite differences of the
 * model's gradients, and per-sample gradients (one backward pass with per-sample LoRA and bias stacks) against
 * one-at-a-time gradients and the batch gradient. The references use only the model's host API
 * ({@code setTrainableParameters}, {@code perSampleLossAsDouble}, {@code lossGradientAsDouble}), not the engine.
 * <p>
 * Finite-difference tolerances: float64 central differences with step h have truncation error O(h^2 f''') and
 * rounding error O(1e-16 |f| / h). With h = 1e-4 (loss) and h = 1e-4 (gradient) and O(1) losses both are below
 * 1e-8 relative, so 1e-6 relative leaves two orders of margin and still catches any real error (a wrong sign,
 * scale, missing term or stale graph gives O(1) relative error).
 */
class MiniLmInfluenceTest {
    private static final Logger logger = Logger.getLogger(MiniLmInfluenceTest.class.getName());

    static final int ITEMS = 16;
    static final double WD = 1e-2;

    static MiniLmRecommenderModel model;
    static List<Example<Label>> samples;

    @BeforeAll
    static void build() {
        samples = PerSampleGradientsTest.randomSamples(ITEMS, 12, 4, 17);
        model = MiniLmTestSupport.reducedModel(samples, ITEMS, DataType.FLOAT64, false, 5);
    }

    @AfterAll
    static void close() {
        if (model != null) {
            model.close();
        }
    }

    /** Mean training loss at theta (host API). */
    static double meanLoss(MiniLmRecommenderModel m, double[] theta, List<Example<Label>> batch) {
        m.setTrainableParameters(theta);
        return Arrays.stream(m.perSampleLossAsDouble(batch)).average().orElseThrow();
    }

    static double[] axpy(double[] x, double a, double[] v) {
        double[] out = x.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] += a * v[i];
        }
        return out;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    static double[] unit(double[] v) {
        double n = Math.sqrt(dot(v, v));
        return Arrays.stream(v).map(x -> x / n).toArray();
    }

    @Test
    void gradientMatchesCentralDifferencesOfTheLoss() {
        ParameterSpace space = RecommenderObjectives.space(model);
        assertEquals(DataType.FLOAT64, space.dataType());
        assertEquals(model.numTrainableParameters(), space.size());
        int n = samples.size();
        double[] theta = model.trainableParametersAsDouble();
        double[] g;
        try (GradientEngine engine = new GradientEngine(space, model.manager(), 5)) {
            SampleLoss loss = RecommenderObjectives.loss(model, samples);
            g = space.toHost(engine.gradient(loss, GradientEngine.range(n), 1.0 / n, null));
            double[] host = model.lossGradientAsDouble(samples);
            for (int i = 0; i < host.length; i++) {
                host[i] /= n;
            }
            assertTrue(relErr(g, host) < 1e-10, "engine vs model gradient " + relErr(g, host));
        }
        double h = 1e-4;
        try {
            // Random directions over every trainable value.
            for (int k = 0; k < 3; k++) {
                double[] v = unit(randomVector(theta.length, 40 + k));
                double fd = (meanLoss(model, axpy(theta, h, v), samples) - meanLoss(model, axpy(theta, -h, v), samples)) / (2 * h);
                double an = dot(g, v);
                logger.info(String.format("gradient . v%d = %.10e, central difference %.10e", k, an, fd));
                assertEquals(an, fd, 1e-6 * Math.max(1e-2, Math.abs(an)), "direction " + k);
            }
            // One coordinate of every tensor (LoRA A and B of each layer and projection, item bias).
            Random rng = new Random(8);
            int offset = 0;
            List<String> names = model.trainableParameterNames();
            for (int t = 0; t < names.size(); t++) {
                int size = (int) Arrays.stream(model.trainableParameterShapes().get(t)).reduce(1, (a, b) -> a * b);
                int j = offset + rng.nextInt(size);
                double[] e = new double[theta.length];
                e[j] = 1;
                double fd = (meanLoss(model, axpy(theta, h, e), samples) - meanLoss(model, axpy(theta, -h, e), samples)) / (2 * h);
                assertEquals(g[j], fd, 1e-6 * Math.max(1e-3, Math.abs(g[j])), names.get(t) + "[" + (j - offset) + "]");
                offset += size;
            }
            assertTrue(Arrays.stream(g).filter(x -> x != 0).count() > 0.9 * g.length, "most gradient entries are non-zero");
        } finally {
            model.setTrainableParameters(theta);
        }
    }

    @Test
    void exactHessianVectorProductsMatchCentralDifferencesOfGradients() {
        ParameterSpace space = RecommenderObjectives.space(model);
        int n = samples.size();
        double[] theta = model.trainableParametersAsDouble();
        int p = theta.length;
        double[] u = unit(randomVector(p, 61));
        double[] w = unit(randomVector(p, 62));
        double[][] exact = new double[2][];
        try (GradientEngine engine = new GradientEngine(space, model.manager(), 5)) {
            SampleLoss loss = RecommenderObjectives.loss(model, samples);
            int[] all = GradientEngine.range(n);
            CurvatureOperator hess = Curvatures.create(Curvatures.EXACT, engine, loss, all, WD);
            NDArray[] hv = hess.apply(space.fromHost(engine.vectors(), u), space.fromHost(engine.vectors(), w));
            exact[0] = space.toHost(hv[0]);
            exact[1] = space.toHost(hv[1]);
            // Repeated products on the same engine give the same answer (the stale-graph pitfall).
            double[] again = space.toHost(hess.apply(space.fromHost(engine.vectors(), w))[0]);
            assertTrue(relErr(again, exact[1]) < 1e-12, "repeated product " + relErr(again, exact[1]));
            // The finite-difference backend approximates the same operator.
            CurvatureOperator fdBackend = Curvatures.create(Curvatures.FINITE_DIFFERENCE, engine, loss, all, WD);
            double[] fdb = space.toHost(fdBackend.apply(space.fromHost(engine.vectors(), u))[0]);
            assertTrue(relErr(fdb, exact[0]) < 1e-5, "finite-difference backend " + relErr(fdb, exact[0]));
        }
        // Symmetry of the Hessian: u.(Hw) = w.(Hu).
        assertEquals(dot(u, exact[1]), dot(w, exact[0]), 1e-9 * Math.abs(dot(u, exact[1])) + 1e-14);
        double h = 1e-4;
        try {
            double[][] dirs = {u, w};
            for (int k = 0; k < 2; k++) {
                model.setTrainableParameters(axpy(theta, h, dirs[k]));
                double[] gp = model.lossGradientAsDouble(samples);
                model.setTrainableParameters(axpy(theta, -h, dirs[k]));
                double[] gm = model.lossGradientAsDouble(samples);
                double[] fd = new double[p];
                for (int i = 0; i < p; i++) {
                    fd[i] = (gp[i] - gm[i]) / (2 * h * n) + WD * dirs[k][i];
                }
                double e = relErr(exact[k], fd);
                logger.info(String.format("|Hv%d| = %.4e, relative error against finite differences of gradients %.3e",
                                          k, Math.sqrt(dot(exact[k], exact[k])), e));
                assertTrue(e < 1e-6, "H v against finite differences of gradients, vector " + k + ": relative error " + e);
            }
        } finally {
            model.setTrainableParameters(theta);
        }
    }

    @Test
    void perSampleGradientsMatchOneAtATimeAndAverageToTheBatchGradient() {
        ParameterSpace space = RecommenderObjectives.space(model);
        int p = space.size();
        try (GradientEngine engine = new GradientEngine(space, model.manager(), 5)) {
            SampleLoss loss = RecommenderObjectives.loss(model, samples);
            // LoRA adapters and the item bias take per-sample stacks: one backward pass per chunk.
            assertTrue(loss.supportsPerSampleParameters());
            int[] idx = GradientEngine.range(samples.size());
            double[] flat = engine.perSampleGradientMatrix(loss, idx, null).toDoubleArray();
            assertEquals(3, engine.passCount(), "one pass per chunk of 5");
            double[] mean = new double[p];
            for (int r = 0; r < idx.length; r++) {
                double[] row = Arrays.copyOfRange(flat, r * p, (r + 1) * p);
                double[] single = model.lossGradientAsDouble(List.of(samples.get(idx[r])));
                assertTrue(maxAbsDiff(row, single) < 1e-10 * Math.max(1, maxAbsDiff(single, new double[p])),
                           "row " + r + " diff " + maxAbsDiff(row, single));
                for (int j = 0; j < p; j++) {
                    mean[j] += row[j] / idx.length;
                }
            }
            double[] batch = space.toHost(engine.gradient(loss, idx, 1.0 / idx.length, null));
            assertTrue(relErr(mean, batch) < 1e-10, "mean of per-sample gradients vs batch gradient " + relErr(mean, batch));
            // Exact directional derivatives are the rows times the direction.
            double[] v = randomVector(p, 71);
            double[][] d = engine.directionalDerivatives(loss, idx, new NDArray[]{space.fromHost(engine.vectors(), v)},
                                                         GradientEngine.DirectionalMode.EXACT, null);
            for (int r = 0; r < idx.length; r++) {
                double expected = dot(Arrays.copyOfRange(flat, r * p, (r + 1) * p), v);
                assertEquals(expected, d[r][0], 1e-10 * Math.max(1, Math.abs(expected)));
            }
        }
    }

    @Test
    void modelWithHeadFallsBackToOneSampleAtATime() {
        List<Example<Label>> few = samples.subList(0, 3);
        try (MiniLmRecommenderModel withHead = MiniLmTestSupport.reducedModel(samples, ITEMS, DataType.FLOAT64, true, 6)) {
            assertFalse(withHead.supportsPerSampleParameters());
            ParameterSpace space = RecommenderObjectives.space(withHead);
            int p = space.size();
            try (GradientEngine engine = new GradientEngine(space, withHead.manager(), 8)) {
                SampleLoss loss = RecommenderObjectives.loss(withHead, few);
                assertFalse(loss.supportsPerSampleParameters());
                double[] flat = engine.perSampleGradientMatrix(loss, GradientEngine.range(few.size()), null).toDoubleArray();
                for (int r = 0; r < few.size(); r++) {
                    double[] single = withHead.lossGradientAsDouble(List.of(few.get(r)));
                    assertTrue(relErr(Arrays.copyOfRange(flat, r * p, (r + 1) * p), single) < 1e-10, "row " + r);
                }
            }
        }
    }
}
