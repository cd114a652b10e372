/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.influence;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import dev.fudlr.model.DjlRecommenderModel;
import dev.fudlr.model.LmRecommenderTrainer;
import dev.fudlr.model.train.Precision;
import dev.fudlr.unlearn.NewtonRemoval;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tribuo.Example;
import org.tribuo.classification.Label;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The influence pipeline on every device DJL reports, against the CPU: the loss gradient, per-sample gradients, one
 * exact Hessian-vector product and one Newton removal (CG on the exact Hessian) of the same float64 model, moved with
 * {@link DjlRecommenderModel#runOn}. Without a GPU the GPU comparison is skipped (visibly); the device switch itself
 * (CPU, then {@code auto}, which is the CPU there) is checked on every machine.
 */
class GradientEngineDevicesTest {

    private static DjlRecommenderModel model;
    private static List<Example<Label>> samples;

    @BeforeAll
    static void train() {
        samples = PerSampleGradientsTest.randomSamples(12, 40, 4, 11);
        model = (DjlRecommenderModel) LmRecommenderTrainer.builder().embeddingDim(8).numLayers(1).numHeads(2).ffnDim(16).maxHistory(4)
            .loraRank(2).loraAlpha(4).pretrainEpochs(3).epochs(3).batchSize(16).learningRate(1e-2).seed(7)
            .device("cpu").dtype(Precision.FLOAT64).build().train(PerSampleGradientsTest.dataset(samples));
    }

    @AfterAll
    static void close() {
        if (model != null) {
            model.close();
        }
    }

    /** The four results, flattened per kind, computed on one device. */
    private record Results(double[] gradient, double[] perSample, double[] hvp, double[] newton) {}

    private static Results on(String device) {
        model.runOn(device);
        ParameterSpace space = RecommenderObjectives.space(model);
        try (GradientEngine engine = new GradientEngine(space, model.manager(), 16)) {
            SampleLoss loss = RecommenderObjectives.loss(model, samples);
            int[] all = GradientEngine.range(samples.size());
            double[] gradient = space.toHost(engine.gradient(loss, all, 1.0 / samples.size(), null));
            double[] perSample = engine.perSampleGradientMatrix(loss, new int[]{0, 5, 9, 17}, null).toDoubleArray();
            double[] v = new double[space.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = Math.sin(i + 1.0);
            }
            double[] hvp;
            try (NDArray dv = space.fromHost(engine.vectors(), v)) {
                hvp = space.toHost(engine.hessianVectorProducts(loss, all, 1.0 / samples.size(), new NDArray[]{dv}, null)[0]);
            }
            CurvatureOperator exact = Curvatures.create(Curvatures.EXACT, engine, loss, all, 1e-3);
            NewtonRemoval removal = new NewtonRemoval(engine, loss, exact, new ConjugateGradientSolver(1e-12, 200), 0.01, 10, 1.0);
            double[] newton = removal.remove(new int[]{2, 3, 30}).thetaAfter();
            return new Results(gradient, perSample, hvp, newton);
        } finally {
            model.runOn(null);
        }
    }

    private static void assertClose(String what, double[] expected, double[] actual, double tolerance) {
        assertEquals(expected.length, actual.length, what);
        double scale = 1e-12;
        double diff = 0;
        for (int i = 0; i < expected.length; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
            diff = Math.max(diff, Math.abs(expected[i] - actual[i]));
        }
        assertTrue(diff <= tolerance * scale, what + ": largest difference " + diff + " at scale " + scale);
    }

    private static void assertSame(Results cpu, Results other, String device, double tolerance) {
        assertClose(device + " gradient", cpu.gradient(), other.gradient(), tolerance);
        assertClose(device + " per-sample gradients", cpu.perSample(), other.perSample(), tolerance);
        assertClose(device + " Hessian-vector product", cpu.hvp(), other.hvp(), tolerance);
        assertClose(device + " Newton removal", cpu.newton(), other.newton(), tolerance);
    }

    @Test
    void switchingDevicesGivesTheSameInfluenceResults() {
        Results cpu = on("cpu");
        // On a CPU-only machine auto is the CPU: bit-identical; the stored device is untouched by the switch.
        assertSame(cpu, on("auto"), "auto", 0.0);
        assertEquals("cpu", model.deviceSpec());
        assertEquals("cpu", model.effectiveDeviceSpec());
        // Copies (FUDLR's candidates and its output) run where the original was told to, and store what it stores.
        model.runOn("auto");
        try (DjlRecommenderModel copy = model.copyWithTrainableParameters(model.trainableParametersAsDouble(), model.getProvenance())) {
            assertEquals("auto", copy.effectiveDeviceSpec());
            assertEquals("cpu", copy.deviceSpec());
        } finally {
            model.runOn(null);
        }
    }

    @Test
    void everyGpuAgreesWithTheCpu() {
        int gpus = Engine.getEngine("PyTorch").getGpuCount();
        Assumptions.assumeTrue(gpus > 0, "no GPU on this machine: only the CPU was checked");
        Results cpu = on("cpu");
        List<String> checked = new ArrayList<>();
        for (int g = 0; g < gpus; g++) {
            // float64 on both; GPU reductions sum in another order, hence a tolerance above double rounding.
            assertSame(cpu, on("gpu:" + g), "gpu:" + g, 1e-9);
            checked.add("gpu:" + g);
        }
        System.out.println("Influence results on " + checked + " agree with the CPU to 1e-9");
    }
}
