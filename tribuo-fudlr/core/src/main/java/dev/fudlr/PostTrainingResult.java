/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr;

import org.tribuo.Model;
import org.tribuo.Output;

import java.util.Objects;

/**
 * The outcome of a {@link PostTrainingTransformer}: the new model and the step's report. Immutable.
 *
 * @param <T> the output type.
 */
public final class PostTrainingResult<T extends Output<T>> {

    private final Model<T> model;
    private final PostTrainingReport report;

    /**
     * Creates a result.
     * @param model the new model.
     * @param report the report.
     */
    public PostTrainingResult(Model<T> model, PostTrainingReport report) {
        this.model = Objects.requireNonNull(model, "model");
        this.report = Objects.requireNonNull(report, "report");
    }

    /** @return the transformed model. */
    public Model<T> model() {
        return model;
    }

    /** @return the step's report. */
    public PostTrainingReport report() {
        return report;
    }

    @Override
    public String toString() {
        return "PostTrainingResult(model=" + model.getName() + ", report=" + report.summary() + ")";
    }
}
