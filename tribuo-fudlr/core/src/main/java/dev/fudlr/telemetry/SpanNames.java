/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.telemetry;

/**
 * Span names. A debias run is one {@value #DEBIAS} span whose children are, in order, {@value #AUDIT},
 * {@value #GRADIENTS}, one {@value #IHVP_SOLVE} per damping attempt of the influence solves, {@value #EFFECTS},
 * {@value #MASK} and {@value #UNLEARN}; the unlearn span holds, per guard attempt, the Newton removal's
 * {@value #IHVP_SOLVE} spans and one {@value #REAUDIT}. Training is one {@value #TRAIN} span; a CLI run with
 * {@code --otel} wraps everything in one {@value #COMMAND} span. The names double as the {@code fudlr.stage}
 * attribute of the stage-duration histogram.
 */
public final class SpanNames {

    /** Training of a recommender backbone. */
    public static final String TRAIN = "fudlr.train";
    /** A whole FUDLR run (the root of the stages below). */
    public static final String DEBIAS = "fudlr.debias";
    /** Exact metrics of the model before debiasing. */
    public static final String AUDIT = "fudlr.audit";
    /** Surrogate and validation-loss gradients (the queries of the influence solves). */
    public static final String GRADIENTS = "fudlr.gradients";
    /** One inverse Hessian-vector product solve (all right-hand sides of one attempt at one damping). */
    public static final String IHVP_SOLVE = "fudlr.ihvp.solve";
    /** Per-sample influence effects. */
    public static final String EFFECTS = "fudlr.effects";
    /** Mask optimisation and selection. */
    public static final String MASK = "fudlr.mask";
    /** Newton removal under the accuracy guard. */
    public static final String UNLEARN = "fudlr.unlearn";
    /** Exact metrics of one unlearned candidate model. */
    public static final String REAUDIT = "fudlr.reaudit";
    /** One CLI command (only with {@code --otel}). */
    public static final String COMMAND = "fudlr.command";

    private SpanNames() {}
}
