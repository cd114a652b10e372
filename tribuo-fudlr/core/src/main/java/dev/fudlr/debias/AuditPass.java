/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.debias;

import dev.fudlr.fairness.data.AuditData;
import dev.fudlr.fairness.surrogate.ScoreBlocks;
import dev.fudlr.fairness.surrogate.SeparableSurrogate;
import org.tribuo.Example;
import org.tribuo.classification.Label;

import java.util.List;
import java.util.Optional;

/**
 * FUDLR's audits run elsewhere (tribuo-fudlr-spark runs them on executors). The guard, the corrective steps and the
 * baseline selections judge each candidate model by its exact metrics on the audit users, which need only the
 * candidate's top-K lists and per-row validation losses ({@link Bound#audit}). The first audit also calibrates the
 * surrogates and takes their gradients; a pass that can keep the original model's score rows where it computed them
 * ({@link Bound#hold}) runs that too, when every surrogate is a sum over users ({@link SeparableSurrogate}), so the
 * users x items scores never reach the debiasing JVM. {@link FudlrTransformer} binds the pass to its audit once.
 * <p>
 * An implementation must return what this JVM computes: the model with exactly the given trainable parameters
 * ({@code copyWithTrainableParameters}), its {@code scores} of the rows in the model's scoring chunks, the top-K of
 * each row with its exclusions ({@code TopKLists.fromScores}) and {@code perSampleLossAsDouble} of the rows; held
 * scores are those scores, and a surrogate's gradient is the sum over blocks of {@link SurrogateBlocks#parameterGradient}.
 */
public interface AuditPass {

    /**
     * Binds the pass to an audit.
     * @param rows the audit rows (those in the model's catalogue), in order.
     * @param audit the audit data of the same rows: exclusions (the items never recommended to a row), and what the
     *              surrogates read (attributes, targets, item groups).
     * @return the bound pass; close it when the run ends.
     */
    Bound bind(List<Example<Label>> rows, AuditData audit);

    /** A pass bound to one audit. */
    interface Bound extends AutoCloseable {
        /**
         * Re-audits a candidate.
         * @param parameters the candidate's trainable parameters as the candidate model stores them.
         * @param k the cut-off of the lists.
         * @return per row, its top-K items (best first) and its validation loss.
         */
        Audit audit(double[] parameters, int k);

        /**
         * Computes the rows' scores with these parameters and keeps them where they were computed, with the audit of
         * those scores.
         * @param parameters the model's trainable parameters.
         * @param k the cut-off of the audit's lists.
         * @return the held scores, or empty when this pass cannot hold scores (then the first audit runs in this JVM).
         */
        default Optional<HeldScores> hold(double[] parameters, int k) {
            return Optional.empty();
        }

        /** Releases what the binding holds (no exception). */
        @Override
        void close();
    }

    /** One model's score rows held in blocks where they were computed; close to release them. */
    interface HeldScores extends ScoreBlocks, AutoCloseable {
        /**
         * The audit of the held scores: the same as {@link Bound#audit} with the held parameters.
         * @return the lists and losses.
         */
        Audit audit();

        /**
         * The gradient of a surrogate with respect to the trainable parameters, at the held parameters.
         * @param surrogate the surrogate, bound to the audit.
         * @param sums its total sums over the held scores ({@link #sums}).
         * @param adjoint its adjoint of the total.
         * @return the gradient, one entry per trainable parameter.
         */
        double[] surrogateGradient(SeparableSurrogate surrogate, double[] sums, double[] adjoint);

        /** Releases the scores (no exception). */
        @Override
        void close();
    }

    /**
     * One candidate's audit.
     * @param lists per row, the top-K item columns, best first.
     * @param losses per row, the validation loss.
     */
    record Audit(int[][] lists, double[] losses) {}
}
