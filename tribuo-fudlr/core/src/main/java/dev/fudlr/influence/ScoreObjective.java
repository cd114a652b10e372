/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.influence;

/**
 * A differentiable objective of a model's score matrix (e.g. a fairness surrogate or a smooth accuracy): its value and
 * its gradient with respect to every score. The influence engine pulls the score gradient back to the parameters
 * ({@link GradientEngine#surrogateGradient}); what the objective measures is not its concern, so this package knows
 * no fairness metric.
 */
public interface ScoreObjective {

    /**
     * The value and score gradient.
     * @param scores the scores, row-major {@code rows x cols} (users x items).
     * @param rows users.
     * @param cols items.
     * @return the value and {@code d value / d scores}, row-major, same shape.
     */
    Evaluation evaluate(double[] scores, int rows, int cols);

    /** @return a name for messages (e.g. a metric's name). */
    String name();

    /**
     * An objective's value and score gradient.
     * @param value the value.
     * @param scoreGradient row-major {@code rows x cols}.
     */
    record Evaluation(double value, double[] scoreGradient) {}
}
