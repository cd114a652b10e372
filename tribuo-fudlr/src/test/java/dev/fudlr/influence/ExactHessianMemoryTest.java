/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.influence;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.fudlr.model.DjlRecommenderModel;
import dev.fudlr.model.LmRecommenderTrainer;
import dev.fudlr.model.train.Precision;
import org.junit.jupiter.api.Test;
import org.tribuo.Example;
import org.tribuo.classification.Label;

import java.util.List;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Native memory growth of exact Hessian-vector products (PyTorch's create_graph reference cycle) and the product
 * budget that bounds it.
 * <p>
 * The bound: on the tiny LoRA transformer (float64, 8 samples in one chunk) one exact product's whole autograd
 * graph (activations of an 8 x 4-token forward pass with embedding size 8, plus the first-backward graph) is a few
 * tens of KB; even if every product leaked its entire graph, 200 products stay far below 1 MB each. The assertion
 * allows {@value #MAX_GROWTH_PER_PRODUCT_BYTES} bytes per product on average, which fails if each product leaked
 * something model-sized many times over (e.g. a retained copy of the full activations per vector and per chunk for
 * every past product), and is loose enough for allocator and JIT noise over 200 products (RSS noise on a loaded
 * 2-core machine was up to about 16 MB per measurement). Measured here: about 23 KB per product with 8 samples and
 * about 330 KB with 40 samples per chunk (the leak is the chunk's graph, so it scales with chunk size and model).
 */
class ExactHessianMemoryTest {
    private static final Logger logger = Logger.getLogger(ExactHessianMemoryTest.class.getName());

    static final long MAX_GROWTH_PER_PRODUCT_BYTES = 512 * 1024;
    static final int PRODUCTS = 200;

    static long growthPerProduct(CurvatureOperator op, NDArray v, int products) {
        long t0 = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            op.apply(v)[0].close();
        }
        System.gc();
        long before = Curvatures.residentBytes();
        for (int i = 0; i < products; i++) {
            op.apply(v)[0].close();
        }
        System.gc();
        long after = Curvatures.residentBytes();
        logger.info(String.format("%s: %d products in %.2f s", op.name(), products + 20, (System.nanoTime() - t0) / 1e9));
        return (after - before) / products;
    }

    @Test
    void exactProductGrowthIsBounded() {
        List<Example<Label>> samples = PerSampleGradientsTest.randomSamples(12, 8, 4, 3);
        try (DjlRecommenderModel model = LmRecommenderTrainer.builder().embeddingDim(8).numLayers(1).numHeads(2).ffnDim(16)
                 .maxHistory(4).loraRank(2).loraAlpha(4).pretrainEpochs(1).epochs(1).batchSize(16).learningRate(1e-2).seed(5)
                 .device("cpu").dtype(Precision.FLOAT64).build().trainTransformer(PerSampleGradientsTest.dataset(samples))) {
            ParameterSpace space = RecommenderObjectives.space(model);
            try (GradientEngine engine = new GradientEngine(space, model.manager(), samples.size())) {
                SampleLoss loss = RecommenderObjectives.loss(model, samples);
                int[] all = GradientEngine.range(samples.size());
                NDArray v = space.fromHost(engine.vectors(), CurvatureBackendsTest.randomVector(space.size(), 4));
                Curvatures.ExactHessian exact = (Curvatures.ExactHessian) Curvatures.create("exact", engine, loss, all, 0.0);
                long exactGrowth = growthPerProduct(exact, v, PRODUCTS);
                CurvatureOperator fd = Curvatures.create("finite-difference", engine, loss, all, 0.0);
                // A control without double backward (fewer products: it costs two gradients each).
                long fdGrowth = growthPerProduct(fd, v, PRODUCTS / 8);
                logger.info(String.format("native growth per product over %d products (%d parameters, %d samples): exact %.1f KB, "
                                          + "finite-difference %.1f KB; residentGrowthBytes total %.1f MB",
                                          PRODUCTS, space.size(), samples.size(), exactGrowth / 1024.0, fdGrowth / 1024.0,
                                          exact.residentGrowthBytes() / 1048576.0));
                assertTrue(Curvatures.residentBytes() > 0, "VmRSS unavailable");
                assertEquals(PRODUCTS + 20, engine.exactProductCount());
                assertTrue(exactGrowth < MAX_GROWTH_PER_PRODUCT_BYTES, "exact product growth " + exactGrowth + " bytes");
                // The control is only logged: over 25 products, RSS noise (JIT, heap, allocator) is of the same order.
            }
        }
    }

    @Test
    void productBudgetRefusesLongExactRuns() {
        try (SoftmaxHeadProblem pr = new SoftmaxHeadProblem(30, 5, 4, 3, DataType.FLOAT64, 15);
             GradientEngine engine = new GradientEngine(pr.space, pr.manager, 30)) {
            assertEquals(GradientEngine.DEFAULT_EXACT_PRODUCT_BUDGET, engine.exactProductBudget());
            assertThrows(IllegalArgumentException.class, () -> engine.setExactProductBudget(0));
            engine.setExactProductBudget(10);
            SampleLoss loss = pr.loss(0, pr.n);
            int[] all = GradientEngine.range(pr.n);
            NDArray b = pr.space.fromHost(engine.vectors(), CurvatureBackendsTest.randomVector(pr.space.size(), 6));
            CurvatureOperator exact = Curvatures.create("exact", engine, loss, all, 0.01);
            // LiSSA is refused before any work: depth 20 needs 21 products.
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LissaSolver(10, 20, 1, 0, 1).solve(exact, 0.1, b));
            assertTrue(e.getMessage().contains("finite-difference"), e.getMessage());
            assertEquals(0, engine.exactProductCount());
            // Individual products up to the budget, then a refusal.
            for (int i = 0; i < 10; i++) {
                exact.apply(b)[0].close();
            }
            assertThrows(IllegalStateException.class, () -> exact.apply(b));
            assertEquals(10, engine.exactProductCount());
            assertEquals(0, engine.remainingExactProducts());
            // The finite-difference backend is not budgeted.
            CurvatureOperator fd = Curvatures.create("finite-difference", engine, loss, all, 0.01);
            SolveResult r = new LissaSolver(10, 20, 1, 0, 1).solve(fd, 0.5, b)[0];
            assertTrue(Double.isFinite(r.relativeResidual()));
        }
    }
}
