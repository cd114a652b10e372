/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.influence;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.Configurable;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenancable;
import com.oracle.labs.mlrg.olcut.provenance.impl.ConfiguredObjectProvenanceImpl;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The OLCUT-configurable choice of curvature backend and inverse-HVP solver with their numerical settings; builds
 * the {@link CurvatureOperator}, the {@link InverseHvpSolver} and the {@link InfluenceCalculator}.
 */
public final class InfluenceSettings implements Configurable, Provenancable<ConfiguredObjectProvenance> {

    /** Solver names accepted by {@link #solver}. */
    public static final List<String> SOLVERS = List.of(ConjugateGradientSolver.NAME, LissaSolver.NAME, WoodburySolver.NAME);
    /** Curvature names accepted by {@link #curvature}. */
    public static final List<String> CURVATURES = List.of(Curvatures.EXACT, Curvatures.FINITE_DIFFERENCE, Curvatures.FISHER,
                                                          Curvatures.IDENTITY);

    // Strings, not enums: CDI and plug-ins add curvature backends and solvers by name.
    @Config(description = "Curvature backend: exact, finite-difference, fisher or identity.")
    private String curvature = Curvatures.EXACT;

    @Config(description = "Inverse-HVP solver: cg, lissa or woodbury (woodbury needs the fisher backend).")
    private String solver = ConjugateGradientSolver.NAME;

    @Config(description = "Damping lambda added to the curvature (>= 0).")
    private double damping = 0.01;

    @Config(description = "Weight decay of the training risk, added to the curvature (>= 0).")
    private double weightDecay = 0.0;

    @Config(description = "CG relative residual tolerance, in (0, 1).")
    private double cgTolerance = 1e-4;

    @Config(description = "CG iteration cap (>= 1).")
    private int cgMaxIterations = 200;

    @Config(description = "LiSSA scale, larger than the largest eigenvalue of C + lambda I (> 0).")
    private double lissaScale = 10.0;

    @Config(description = "LiSSA recursion depth (>= 1).")
    private int lissaDepth = 1000;

    @Config(description = "LiSSA repetitions averaged (>= 1).")
    private int lissaRepetitions = 1;

    @Config(description = "LiSSA mini-batch per step (0 = the whole Hessian sample).")
    private int lissaBatchSize = 32;

    @Config(description = "Training samples in the Hessian subsample (0 = all).")
    private int hessianSubsample = 0;

    @Config(description = "Cap on exact Hessian-vector products per engine (each leaks native memory, see docs/influence.md).")
    private long exactProductBudget = GradientEngine.DEFAULT_EXACT_PRODUCT_BUDGET;

    @Config(description = "Seed of the Hessian subsample and LiSSA mini-batches.")
    private long seed = 12345L;

    @Config(description = "Budget in MB of one dense operation (the fisher backend's per-sample gradient storage, the "
        + "Woodbury Gram matrices, score matrices); an operation that needs more is refused naming the alternative backend. "
        + "0 = the JVM default (-Dfudlr.memoryBudgetMb, else 4096).")
    private long memoryBudgetMb = 0;

    /** For OLCUT. */
    private InfluenceSettings() {}

    /**
     * Creates validated settings.
     * @param curvature backend name.
     * @param solver solver name.
     * @param damping lambda.
     * @param weightDecay wd.
     * @param cgTolerance CG tolerance.
     * @param cgMaxIterations CG cap.
     * @param lissaScale LiSSA scale.
     * @param lissaDepth LiSSA depth.
     * @param lissaRepetitions LiSSA repetitions.
     * @param lissaBatchSize LiSSA mini-batch.
     * @param hessianSubsample Hessian subsample size (0 = all).
     * @param exactProductBudget exact product cap.
     * @param seed the seed.
     */
    public InfluenceSettings(String curvature, String solver, double damping, double weightDecay, double cgTolerance,
                             int cgMaxIterations, double lissaScale, int lissaDepth, int lissaRepetitions,
                             int lissaBatchSize, int hessianSubsample, long exactProductBudget, long seed) {
        this.curvature = curvature;
        this.solver = solver;
        this.damping = damping;
        this.weightDecay = weightDecay;
        this.cgTolerance = cgTolerance;
        this.cgMaxIterations = cgMaxIterations;
        this.lissaScale = lissaScale;
        this.lissaDepth = lissaDepth;
        this.lissaRepetitions = lissaRepetitions;
        this.lissaBatchSize = lissaBatchSize;
        this.hessianSubsample = hessianSubsample;
        this.exactProductBudget = exactProductBudget;
        this.seed = seed;
        postConfig();
    }

    /**
     * Defaults: exact curvature, CG to 1e-4 in at most 200 iterations, damping 0.01.
     * @return the settings.
     */
    public static InfluenceSettings defaults() {
        InfluenceSettings s = new InfluenceSettings();
        s.postConfig();
        return s;
    }

    @Override
    public void postConfig() {
        if (curvature == null || !CURVATURES.contains(curvature.trim().toLowerCase(Locale.ROOT))) {
            throw new PropertyException("", "curvature", "curvature must be one of " + CURVATURES + ", found '" + curvature + "'");
        }
        curvature = curvature.trim().toLowerCase(Locale.ROOT);
        if (solver == null || !SOLVERS.contains(solver.trim().toLowerCase(Locale.ROOT))) {
            throw new PropertyException("", "solver", "solver must be one of " + SOLVERS + ", found '" + solver + "'");
        }
        solver = solver.trim().toLowerCase(Locale.ROOT);
        if (solver.equals(WoodburySolver.NAME) && !curvature.equals(Curvatures.FISHER)) {
            throw new PropertyException("", "solver", "the woodbury solver needs curvature '" + Curvatures.FISHER
                                                      + "', found '" + curvature + "'");
        }
        if (!(damping >= 0) || !Double.isFinite(damping)) {
            throw new PropertyException("", "damping", "damping must be >= 0 and finite, found " + damping);
        }
        if (!(weightDecay >= 0) || !Double.isFinite(weightDecay)) {
            throw new PropertyException("", "weightDecay", "weightDecay must be >= 0 and finite, found " + weightDecay);
        }
        if (!(cgTolerance > 0 && cgTolerance < 1)) {
            throw new PropertyException("", "cgTolerance", "cgTolerance must be in (0, 1), found " + cgTolerance);
        }
        if (cgMaxIterations < 1) {
            throw new PropertyException("", "cgMaxIterations", "cgMaxIterations must be >= 1, found " + cgMaxIterations);
        }
        if (!(lissaScale > 0) || !Double.isFinite(lissaScale)) {
            throw new PropertyException("", "lissaScale", "lissaScale must be > 0 and finite, found " + lissaScale);
        }
        if (lissaDepth < 1) {
            throw new PropertyException("", "lissaDepth", "lissaDepth must be >= 1, found " + lissaDepth);
        }
        if (lissaRepetitions < 1) {
            throw new PropertyException("", "lissaRepetitions", "lissaRepetitions must be >= 1, found " + lissaRepetitions);
        }
        if (lissaBatchSize < 0) {
            throw new PropertyException("", "lissaBatchSize", "lissaBatchSize must be >= 0, found " + lissaBatchSize);
        }
        if (hessianSubsample < 0) {
            throw new PropertyException("", "hessianSubsample", "hessianSubsample must be >= 0, found " + hessianSubsample);
        }
        if (exactProductBudget < 1) {
            throw new PropertyException("", "exactProductBudget", "exactProductBudget must be >= 1, found " + exactProductBudget);
        }
        if (memoryBudgetMb < 0 || memoryBudgetMb > Long.MAX_VALUE / (1024L * 1024L)) {
            throw new PropertyException("", "memoryBudgetMb", "memoryBudgetMb must be >= 1 (or 0 for the default), found " + memoryBudgetMb);
        }
    }

    /**
     * The same settings with another memory budget.
     * @param megabytes the budget in MB (0 = the JVM default).
     * @return new settings.
     */
    public InfluenceSettings withMemoryBudgetMb(long megabytes) {
        InfluenceSettings s = new InfluenceSettings(curvature, solver, damping, weightDecay, cgTolerance, cgMaxIterations, lissaScale,
                                                    lissaDepth, lissaRepetitions, lissaBatchSize, hessianSubsample,
                                                    exactProductBudget, seed);
        s.memoryBudgetMb = megabytes;
        s.postConfig();
        return s;
    }

    /** @return the budget of one dense operation. */
    public dev.fudlr.reliability.MemoryBudget memoryBudget() {
        return memoryBudgetMb == 0 ? dev.fudlr.reliability.MemoryBudget.defaults()
            : dev.fudlr.reliability.MemoryBudget.ofMegabytes(memoryBudgetMb);
    }

    /** @return the curvature backend name. */
    public String curvature() {
        return curvature;
    }

    /** @return the solver name. */
    public String solver() {
        return solver;
    }

    /** @return the damping. */
    public double damping() {
        return damping;
    }

    /** @return the weight decay. */
    public double weightDecay() {
        return weightDecay;
    }

    /** @return the CG tolerance. */
    public double cgTolerance() {
        return cgTolerance;
    }

    /** @return the CG cap. */
    public int cgMaxIterations() {
        return cgMaxIterations;
    }

    /** @return the Hessian subsample size (0 = all). */
    public int hessianSubsample() {
        return hessianSubsample;
    }

    /** @return the exact product budget. */
    public long exactProductBudget() {
        return exactProductBudget;
    }

    /** @return the seed. */
    public long seed() {
        return seed;
    }

    /**
     * The Hessian subsample of a training set.
     * @param n training samples.
     * @return the indices.
     */
    public int[] hessianSample(int n) {
        return hessianSubsample == 0 ? GradientEngine.range(n) : Curvatures.subsample(n, hessianSubsample, seed);
    }

    /**
     * The configured curvature backend (also applies the exact product budget and the memory budget to the engine).
     * @param engine the engine.
     * @param training the training losses.
     * @return the operator.
     */
    public CurvatureOperator createCurvature(GradientEngine engine, SampleLoss training) {
        engine.setExactProductBudget(exactProductBudget);
        engine.setMemoryBudget(memoryBudget());
        return Curvatures.create(curvature, engine, training, hessianSample(training.size()), weightDecay);
    }

    /** @return the configured solver. */
    public InverseHvpSolver createSolver() {
        switch (solver) {
            case ConjugateGradientSolver.NAME:
                return new ConjugateGradientSolver(cgTolerance, cgMaxIterations);
            case LissaSolver.NAME:
                return new LissaSolver(lissaScale, lissaDepth, lissaRepetitions, lissaBatchSize, seed);
            case WoodburySolver.NAME:
                return new WoodburySolver();
            default:
                throw new IllegalStateException("Unknown solver '" + solver + "', expected one of " + Arrays.toString(SOLVERS.toArray()));
        }
    }

    /**
     * The calculator for a training set.
     * @param engine the engine.
     * @param training the training losses.
     * @return the calculator.
     */
    public InfluenceCalculator createCalculator(GradientEngine engine, SampleLoss training) {
        return new InfluenceCalculator(engine, training, createCurvature(engine, training), createSolver(), damping);
    }

    @Override
    public ConfiguredObjectProvenance getProvenance() {
        return new ConfiguredObjectProvenanceImpl(this, "InfluenceSettings");
    }

    @Override
    public String toString() {
        return "InfluenceSettings(curvature=" + curvature + ", solver=" + solver + ", damping=" + damping + ", weightDecay="
               + weightDecay + ", cgTolerance=" + cgTolerance + ", cgMaxIterations=" + cgMaxIterations + ", lissa=("
               + lissaScale + ", " + lissaDepth + ", " + lissaRepetitions + ", " + lissaBatchSize + "), hessianSubsample="
               + hessianSubsample + ", exactProductBudget=" + exactProductBudget + ", memoryBudgetMb=" + memoryBudgetMb + ", seed=" + seed + ")";
    }
}
