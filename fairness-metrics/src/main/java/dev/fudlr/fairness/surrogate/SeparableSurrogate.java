/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.surrogate;

import dev.fudlr.fairness.data.AuditData;
import dev.fudlr.fairness.data.ScoreMatrix;

import java.io.Serializable;

/**
 * A surrogate written as a function of sums over users, {@code value = F(sum_u t_u(s_u))}, so that the users' score
 * rows can be processed in blocks wherever they are (tribuo-fudlr-spark: on the executors) and only the sums travel.
 * Every surrogate of this module has this form: the soft top-K memberships are per row, and the group shares, group
 * means and item exposures are sums of per-user terms.
 * <p>
 * It is bound to the whole audit ({@link Surrogate#separable}) for the constants that depend on all users (history
 * shares, group sizes, reference shares); a block is a selection of its users, {@code audit.rows(users)}, which keeps
 * the item groups and the attributes' group numbering. Use:
 * <ol>
 *     <li>for each block, {@link #forward} and add the parts' {@link Part#sums()} in any order (into a total of
 *     {@link #size()} zeros, or into the first block's sums);</li>
 *     <li>{@link #value} and {@link #adjoint} of the total;</li>
 *     <li>for each block, {@link Part#backward} with the total and its adjoint: the block's rows of the gradient.</li>
 * </ol>
 * With one block of all users this is {@link Surrogate#evaluate}, operation for operation.
 */
public interface SeparableSurrogate extends Serializable {

    /**
     * The surrogate's name.
     * @return the metric name.
     */
    String name();

    /**
     * The number of sums: every {@link Part#sums()} has this length; known once bound to the audit.
     * @return the length of the sums.
     */
    int size();

    /**
     * The forward pass over a block of users.
     * @param scores the block's users x items scores.
     * @param block the audit data of the block's users ({@code audit.rows(users)} of the bound audit).
     * @return the block's part.
     */
    Part forward(ScoreMatrix scores, AuditData block);

    /**
     * The surrogate's value.
     * @param sums the sum of all blocks' {@link Part#sums()}.
     * @return the value.
     */
    double value(double[] sums);

    /**
     * What the backward pass of every block needs besides the sums: {@code d value / d sums} or an equivalent the
     * surrogate defines (opaque to callers).
     * @param sums the sum of all blocks' sums.
     * @return the adjoint.
     */
    double[] adjoint(double[] sums);

    /** One block's forward pass: its sums, and the state its backward pass reuses. */
    interface Part {
        /**
         * The block's terms, summed over its users.
         * @return the sums (a new array).
         */
        double[] sums();

        /**
         * Adds the block's rows of {@code d value / d scores}.
         * @param sums the total of all blocks' sums.
         * @param adjoint {@link #adjoint} of the total.
         * @param gradient the block's users x items gradient, row-major, accumulated into.
         */
        void backward(double[] sums, double[] adjoint, double[] gradient);
    }

    /**
     * Value and gradient over one block of all users: what {@link Surrogate#evaluate} returns.
     * @param surrogate the surrogate.
     * @param scores users x items.
     * @param audit the bound audit.
     * @return the result.
     */
    static SurrogateResult evaluate(SeparableSurrogate surrogate, ScoreMatrix scores, AuditData audit) {
        Part part = surrogate.forward(scores, audit);
        double[] sums = part.sums();
        double[] gradient = new double[scores.rows() * scores.cols()];
        part.backward(sums, surrogate.adjoint(sums), gradient);
        return new SurrogateResult(surrogate.name(), surrogate.value(sums), gradient, scores.rows(), scores.cols());
    }

    /**
     * Adds one block's sums into a total.
     * @param total the total, added into.
     * @param part a block's sums.
     */
    static void add(double[] total, double[] part) {
        if (total.length != part.length) {
            throw new IllegalArgumentException("Sums of " + part.length + " terms do not add to sums of " + total.length);
        }
        for (int i = 0; i < total.length; i++) {
            total[i] += part[i];
        }
    }
}
