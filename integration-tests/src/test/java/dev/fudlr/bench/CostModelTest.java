/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.bench;

import dev.fudlr.debias.FudlrStage;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CostModelTest {

    private static final CostModel.Constants C = new CostModel.Constants(0.5, 1.0, 1.0, 1.0, 2.0, 0.5);

    private static CostModel.Workload workload(CostModel.Curvature curvature, double certificateGradients) {
        return new CostModel.Workload(1000, 100, 200, 2, 10, new long[]{300, 150}, curvature, certificateGradients);
    }

    @Test
    void fisherBreakdownFollowsTheStageFormulas() {
        CostModel.Breakdown b = CostModel.fudlr(C, workload(CostModel.Curvature.FISHER, 3));
        assertEquals(50, b.audit(), 1e-9);          // 0.5 * 100 audit forwards
        assertEquals(200, b.surrogate(), 1e-9);     // 2 queries * 100
        assertEquals(200, b.solves(), 1e-9);        // G of the m = 200 Hessian samples
        assertEquals(1000, b.effects(), 1e-9);      // per-sample gradients of all n
        assertEquals(550, b.guard(), 1e-9);         // (300 + 50) + (150 + 50): removal gradient + re-audit per attempt
        assertEquals(3000, b.certificate(), 1e-9);  // three full gradients
        assertEquals(5000, b.total(), 1e-9);
        assertEquals(1450, b.scoring(), 1e-9);
        // Reusing the effects pass's full gradient leaves one full-gradient pass.
        assertEquals(1000, CostModel.fudlr(C, workload(CostModel.Curvature.FISHER, 1)).certificate(), 1e-9);
    }

    @Test
    void exactCurvaturePaysHvpsInTheSolvesAndEveryNewtonRemoval() {
        CostModel.Breakdown fisher = CostModel.fudlr(C, workload(CostModel.Curvature.FISHER, 0));
        CostModel.Breakdown exact = CostModel.fudlr(C, workload(CostModel.Curvature.EXACT, 0));
        // 10 iterations * r_hvp 2 * m 200 * (1 + 0.5 for the second right-hand side)
        assertEquals(6000, exact.solves(), 1e-9);
        // each of the two guard attempts adds one single-RHS solve of 10 * 2 * 200
        assertEquals(fisher.guard() + 2 * 4000, exact.guard(), 1e-9);
        assertEquals(0, exact.certificate(), 1e-9);
        CostModel.Breakdown identity = CostModel.fudlr(C, workload(CostModel.Curvature.IDENTITY, 0));
        assertEquals(0, identity.solves(), 1e-9);
    }

    @Test
    void sweepPaysTheScoringOnceAndOneRemovalPerPoint() {
        CostModel.Workload w = workload(CostModel.Curvature.FISHER, 0);
        double one = CostModel.fudlrSweep(C, w, 1, 100);
        double five = CostModel.fudlrSweep(C, w, 5, 100);
        assertEquals(CostModel.fudlr(C, w).scoring() + 150, one, 1e-9);
        assertEquals(4 * 150, five - one, 1e-9);
        assertEquals(3 * 900 + 50, CostModel.retrain(900, 3, 100, C), 1e-9);
    }

    @Test
    void calibrationRecoversConstantsFromSyntheticStageTimes() {
        double secondsPerPass = 0.002;
        CostModel.Workload w = new CostModel.Workload(4000, 500, 1000, 2, 0, new long[]{1200, 600}, CostModel.Curvature.FISHER, 3);
        CostModel.Constants truth = new CostModel.Constants(0.4, 0.9, 1.7, 1.2, 2.88, 0.7);
        CostModel.Breakdown b = CostModel.fudlr(truth, w);
        Map<String, Double> stages = new LinkedHashMap<>();
        stages.put(FudlrStage.AUDIT.id(), b.audit() * secondsPerPass);
        stages.put(FudlrStage.CALIBRATION.id(), 0.5);
        stages.put(FudlrStage.SURROGATE_GRADIENTS.id(), b.surrogate() * secondsPerPass);
        stages.put(FudlrStage.INFLUENCE_SOLVES.id(), b.solves() * secondsPerPass);
        stages.put(FudlrStage.PER_SAMPLE_EFFECTS.id(), b.effects() * secondsPerPass);
        stages.put(FudlrStage.MASK.id(), 4000 * 1e-5);
        stages.put(FudlrStage.UNLEARNING_AND_GUARD.id(), b.guard() * secondsPerPass);
        stages.put(FudlrStage.CERTIFICATE.id(), b.certificate() * secondsPerPass);
        stages.put(FudlrStage.REPORT.id(), 0.01);
        double total = stages.values().stream().mapToDouble(Double::doubleValue).sum();
        CostModel.Measurement m = new CostModel.Measurement(4000, 500, 1000, 2, 4000 * secondsPerPass, total, stages,
                                                            new long[]{1200, 600}, 3, "synthetic");
        CostModel.Calibration cal = CostModel.calibrate(m, 2.88, 0.7);
        assertEquals(0.4, cal.constants().forward(), 1e-9);
        assertEquals(0.9, cal.constants().gradient(), 1e-9);
        assertEquals(1.7, cal.constants().surrogate(), 1e-9);
        assertEquals(1.2, cal.constants().perSampleGradient(), 1e-9);
        assertEquals(0.51, cal.overhead().fixedSeconds(), 1e-12);
        assertEquals(1e-5, cal.overhead().maskSecondsPerSample(), 1e-15);
        // The guard stage was not used to calibrate: its prediction comes from forward + gradient alone.
        assertEquals(total, CostModel.predictSeconds(cal, m), 1e-9);
    }

    @Test
    void medianCalibrationIgnoresOneDisturbedRun() {
        CostModel.Measurement a = measurement(0.002, 1.0);
        CostModel.Measurement b = measurement(0.002, 1.0);
        CostModel.Measurement disturbed = measurement(0.002, 3.0);
        CostModel.Calibration cal = CostModel.calibrateMedian(List.of(a, disturbed, b), 2.88, 0.7);
        assertEquals(1.0, cal.constants().perSampleGradient(), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> CostModel.calibrateMedian(List.of(), 2.88, 0.7));
    }

    /** A run whose per-sample stages cost {@code perSample} passes per sample, timed at the given seconds per pass. */
    private static CostModel.Measurement measurement(double secondsPerPass, double perSample) {
        Map<String, Double> stages = new LinkedHashMap<>();
        stages.put(FudlrStage.AUDIT.id(), 100 * secondsPerPass);
        stages.put(FudlrStage.SURROGATE_GRADIENTS.id(), 200 * secondsPerPass);
        stages.put(FudlrStage.INFLUENCE_SOLVES.id(), perSample * 500 * secondsPerPass);
        stages.put(FudlrStage.PER_SAMPLE_EFFECTS.id(), perSample * 2000 * secondsPerPass);
        stages.put(FudlrStage.CERTIFICATE.id(), 6000 * secondsPerPass);
        return new CostModel.Measurement(2000, 100, 500, 2, 2000 * secondsPerPass, 1.0, stages, new long[0], 3, "m");
    }

    @Test
    void invalidInputsAreRefusedWithTheirValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> new CostModel.Workload(100, 10, 200, 2, 10, new long[0], CostModel.Curvature.FISHER, 1));
        assertEquals("Hessian subsample m=200 exceeds n=100", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new CostModel.Constants(-1, 1, 1, 1, 1, 1));
        assertThrows(IllegalArgumentException.class,
            () -> new CostModel.Workload(100, 10, 50, 2, 10, new long[]{101}, CostModel.Curvature.FISHER, 1));
        assertThrows(IllegalArgumentException.class, () -> CostModel.Curvature.of("newton"));
        assertThrows(IllegalArgumentException.class,
            () -> new CostModel.Workload(100, 10, 50, 2, 10, new long[0], CostModel.Curvature.FISHER, -1));
        assertEquals(CostModel.Curvature.EXACT, CostModel.Curvature.of("finite-difference"));
    }

    @Test
    void workloadCopiesGuardSizes() {
        long[] sizes = {10, 5};
        CostModel.Workload w = new CostModel.Workload(100, 10, 50, 2, 10, sizes, CostModel.Curvature.FISHER, 1);
        sizes[0] = 99;
        assertEquals(10, w.guardSizes()[0]);
    }

    @Test
    void aSampledCertificateCostsItsSubsampleOrTheRetainedSamples() {
        CostModel.CertificateSpec sampled = CostModel.CertificateSpec.parse("sampled:8192");
        assertEquals(8192.0 / 16000, sampled.gradients(16000, 800), 1e-15);
        // Fewer retained samples than the subsample: the exact certificate, one pass over them.
        assertEquals(3600.0 / 4000, sampled.gradients(4000, 400), 1e-15);
        assertEquals(0, sampled.gradients(4000, 0), 0.0, "nothing removed, no certificate");
        assertEquals(3, CostModel.CertificateSpec.parse("3").gradients(4000, 400), 0.0);
        // In the breakdown: k = 8192 / n full gradients are 8,192 gradient passes.
        CostModel.Workload w = new CostModel.Workload(16000, 100, 200, 2, 10, new long[]{800}, CostModel.Curvature.FISHER,
                                                      sampled.gradients(16000, 800));
        assertEquals(8192 * C.gradient(), CostModel.fudlr(C, w).certificate(), 1e-9);
    }

    @Test
    void csvSplitKeepsQuotedCommas() {
        assertEquals(List.of("a", "1,2", "", "b"), CostModel.split("a,\"1,2\",,b"));
    }
}
