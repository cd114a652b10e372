/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.cdi;

import dev.fudlr.influence.CurvatureOperator;
import dev.fudlr.influence.Curvatures;
import dev.fudlr.influence.GradientEngine;
import dev.fudlr.influence.SampleLoss;

/**
 * A named curvature backend: creates the {@link CurvatureOperator} of a training risk. The built-ins are those of
 * {@link Curvatures} ({@value Curvatures#EXACT}, {@value Curvatures#FINITE_DIFFERENCE}, {@value Curvatures#FISHER},
 * {@value Curvatures#IDENTITY}).
 */
public interface CurvatureBackend {

    /** @return the name (lower case letters, digits and dashes). */
    String name();

    /**
     * Creates the operator of {@code (1/m) sum_{i in sample} l_i + (wd/2)|theta|^2}.
     * @param engine the engine.
     * @param loss the training losses.
     * @param sample the Hessian (sub)sample.
     * @param weightDecay wd &gt;= 0.
     * @return the operator.
     */
    CurvatureOperator create(GradientEngine engine, SampleLoss loss, int[] sample, double weightDecay);
}
