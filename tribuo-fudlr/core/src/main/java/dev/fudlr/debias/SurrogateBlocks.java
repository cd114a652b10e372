/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.debias;

import ai.djl.ndarray.NDArray;
import dev.fudlr.fairness.data.AuditData;
import dev.fudlr.fairness.data.ScoreMatrix;
import dev.fudlr.fairness.surrogate.SeparableSurrogate;
import dev.fudlr.influence.GradientEngine;
import dev.fudlr.influence.RecommenderObjectives;
import dev.fudlr.influence.ScoreFunction;
import dev.fudlr.model.AbstractDjlRecommenderModel;
import org.tribuo.Example;
import org.tribuo.classification.Label;

import java.util.List;

/**
 * One block of audit users' part of a separable surrogate's gradient with respect to the trainable parameters: the
 * block's rows of {@code d surrogate / d scores} (from the whole audit's sums) chained through the model's scores by
 * one vector-Jacobian product per scoring chunk. Summed over the blocks it is the gradient {@link FudlrTransformer}
 * takes on the score matrix in one JVM; an {@link AuditPass} runs it where the blocks are.
 */
public final class SurrogateBlocks {

    private SurrogateBlocks() {}

    /**
     * A block's part of the gradient.
     * @param model the model whose trainable parameters the gradient is taken at (the parameters the scores came from).
     * @param rows the block's audit rows.
     * @param scores the block's scores of the model (as {@code model.scores(rows)} gives them).
     * @param block the block's audit data ({@code audit.rows(users)} of the audit the surrogate is bound to).
     * @param surrogate the surrogate.
     * @param sums its total over all blocks.
     * @param adjoint its adjoint of the total.
     * @param chunkSize rows per vector-Jacobian product: FUDLR's {@code chunkSize}, so that a block starting at a
     *                  multiple of it runs the debiasing JVM's chunks.
     * @return the block's part, one entry per trainable parameter.
     */
    public static double[] parameterGradient(AbstractDjlRecommenderModel model, List<Example<Label>> rows, ScoreMatrix scores, AuditData block,
                                             SeparableSurrogate surrogate, double[] sums, double[] adjoint, int chunkSize) {
        if (scores.rows() != rows.size()) {
            throw new IllegalArgumentException("A score block has " + scores.rows() + " rows for " + rows.size() + " audit rows");
        }
        double[] weights = new double[scores.rows() * scores.cols()];
        surrogate.forward(scores, block).backward(sums, adjoint, weights);
        try (GradientEngine engine = new GradientEngine(RecommenderObjectives.space(model), model.manager(), chunkSize)) {
            ScoreFunction f = RecommenderObjectives.scores(model, rows);
            NDArray g = engine.scoreVjp(f, weights, null);
            return engine.space().toHost(g);
        }
    }
}
