/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.debias;

import ai.djl.ndarray.NDArray;
import dev.fudlr.fairness.data.AuditData;
import dev.fudlr.fairness.data.ScoreMatrix;
import dev.fudlr.fairness.surrogate.Surrogate;
import dev.fudlr.fairness.surrogate.SurrogateResult;
import dev.fudlr.influence.GradientEngine;
import dev.fudlr.influence.ScoreFunction;
import dev.fudlr.influence.ScoreObjective;

import java.util.Objects;

/**
 * A fairness-metrics surrogate on fixed audit data as the influence engine's {@link ScoreObjective}: where the two
 * modules meet, so that neither knows the other.
 */
public final class SurrogateObjective implements ScoreObjective {

    private final Surrogate surrogate;
    private final AuditData audit;

    private SurrogateObjective(Surrogate surrogate, AuditData audit) {
        this.surrogate = Objects.requireNonNull(surrogate, "surrogate");
        this.audit = Objects.requireNonNull(audit, "audit");
    }

    /**
     * The objective of a surrogate on the audit users.
     * @param surrogate the surrogate.
     * @param audit audit data for the score matrix's rows and items.
     * @return the objective.
     */
    public static SurrogateObjective of(Surrogate surrogate, AuditData audit) {
        return new SurrogateObjective(surrogate, audit);
    }

    /**
     * The engine's scores as a fairness-metrics score matrix.
     * @param engine the engine.
     * @param f the score function.
     * @param at the point, or null for the live values.
     * @return the matrix.
     */
    public static ScoreMatrix scores(GradientEngine engine, ScoreFunction f, NDArray at) {
        return ScoreMatrix.ofFlat(engine.scores(f, at), f.rows(), f.cols());
    }

    @Override
    public Evaluation evaluate(double[] scores, int rows, int cols) {
        SurrogateResult r = surrogate.evaluate(ScoreMatrix.ofFlat(scores, rows, cols), audit);
        return new Evaluation(r.value(), r.gradientArray());
    }

    @Override
    public String name() {
        return surrogate.name();
    }
}
