/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.influence;

import ai.djl.ndarray.NDArray;
import dev.fudlr.telemetry.FudlrAttributes;
import dev.fudlr.telemetry.FudlrTelemetry;
import dev.fudlr.telemetry.SpanNames;
import io.opentelemetry.api.common.Attributes;

/**
 * An {@link InverseHvpSolver} whose every solve is one {@value SpanNames#IHVP_SOLVE} span (damping, solver, backend,
 * iterations, residual, convergence, products), and whose curvature products are added to
 * {@value FudlrTelemetry#HVP_COUNT}. The products are read from the curvature operator's counter, so they include a
 * solver's residual checks. Lives with the solvers (the telemetry package knows no influence types).
 */
public final class TracedSolver implements InverseHvpSolver {

    private final InverseHvpSolver delegate;
    private final FudlrTelemetry telemetry;

    private TracedSolver(InverseHvpSolver delegate, FudlrTelemetry telemetry) {
        this.delegate = delegate;
        this.telemetry = telemetry;
    }

    /**
     * Wraps a solver.
     * @param solver the solver.
     * @param telemetry where the spans and counts go.
     * @return the traced solver (the argument itself if already traced by this telemetry).
     */
    public static InverseHvpSolver of(InverseHvpSolver solver, FudlrTelemetry telemetry) {
        java.util.Objects.requireNonNull(solver, "solver");
        java.util.Objects.requireNonNull(telemetry, "telemetry");
        if (solver instanceof TracedSolver t && t.telemetry == telemetry) {
            return solver;
        }
        return new TracedSolver(solver, telemetry);
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public SolveResult[] solve(CurvatureOperator curvature, double damping, NDArray... rhs) {
        Attributes attributes = Attributes.builder()
            .put(FudlrAttributes.SOLVER, delegate.name())
            .put(FudlrAttributes.CURVATURE_BACKEND, curvature.name())
            .put(FudlrAttributes.DAMPING, damping)
            .put(FudlrAttributes.RIGHT_HAND_SIDES, (long) rhs.length)
            .build();
        return telemetry.call(SpanNames.IHVP_SOLVE, attributes, stage -> {
            long before = curvature.products();
            SolveResult[] results = delegate.solve(curvature, damping, rhs);
            long products = curvature.products() - before;
            int iterations = 0;
            double residual = 0;
            boolean converged = true;
            boolean negative = false;
            for (SolveResult r : results) {
                iterations = Math.max(iterations, r.iterations());
                // NaN (untracked) wins over numbers: max would hide it.
                residual = Double.isNaN(r.relativeResidual()) || Double.isNaN(residual) ? Double.NaN : Math.max(residual, r.relativeResidual());
                converged &= r.converged();
                negative |= r.negativeCurvature();
            }
            stage.set(FudlrAttributes.ITERATIONS, (long) iterations)
                .set(FudlrAttributes.RESIDUAL, residual)
                .set(FudlrAttributes.CONVERGED, converged)
                .set(FudlrAttributes.NEGATIVE_CURVATURE, negative)
                .set(FudlrAttributes.PRODUCTS, products);
            telemetry.hessianVectorProducts(curvature.name(), products);
            return results;
        });
    }

    @Override
    public String toString() {
        return "Traced(" + delegate + ")";
    }
}
