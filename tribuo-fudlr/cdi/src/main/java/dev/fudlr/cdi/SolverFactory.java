/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.cdi;

import dev.fudlr.influence.InfluenceSettings;
import dev.fudlr.influence.InverseHvpSolver;

/**
 * A named inverse-HVP solver, configured from {@link InfluenceSettings}. The built-ins are
 * {@link InfluenceSettings#SOLVERS} ({@code cg}, {@code lissa}, {@code woodbury}).
 */
public interface SolverFactory {

    /** @return the name (lower case letters, digits and dashes). */
    String name();

    /**
     * Creates the solver.
     * @param settings the influence settings (tolerances, iteration caps, seed).
     * @return the solver.
     */
    InverseHvpSolver create(InfluenceSettings settings);
}
