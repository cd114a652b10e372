/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.surrogate;

import dev.fudlr.fairness.data.AuditData;
import dev.fudlr.fairness.data.ScoreMatrix;

import java.util.Optional;

/**
 * The differentiable version of a metric: a smooth function of the whole score matrix whose value tends to
 * the exact metric as the temperature goes to 0 (for {@link SmoothingMode#THRESHOLD}), with its analytic
 * gradient with respect to every score. This is what the debiasing mask differentiates through the model.
 * <p>
 * A surrogate honours the audit data's exclusions (excluded items are never members and get a zero
 * gradient) and reads the same targets, attributes, history and groupings as the exact metric.
 */
public interface Surrogate {

    /**
     * The name of the metric this surrogate smooths.
     * @return the metric name.
     */
    String name();

    /**
     * The smoothing used.
     * @return the settings.
     */
    SurrogateSettings settings();

    /**
     * Value and gradient.
     * @param scores users x items scores.
     * @param audit the audit data for the same users and items.
     * @return the value and d value / d scores.
     */
    SurrogateResult evaluate(ScoreMatrix scores, AuditData audit);

    /**
     * This surrogate as a function of sums over users, bound to an audit, when it has that form: then its users can be
     * processed in blocks wherever their scores are (see {@link SeparableSurrogate}).
     * @param audit the whole audit the blocks select from.
     * @return the separable form, or empty when the surrogate offers none (then only {@link #evaluate} runs it).
     */
    default Optional<SeparableSurrogate> separable(AuditData audit) {
        return Optional.empty();
    }

    /**
     * The value alone (computes the gradient too; fine for checks, wasteful in loops).
     * @param scores users x items scores.
     * @param audit the audit data.
     * @return the surrogate value.
     */
    default double value(ScoreMatrix scores, AuditData audit) {
        return evaluate(scores, audit).value();
    }
}
