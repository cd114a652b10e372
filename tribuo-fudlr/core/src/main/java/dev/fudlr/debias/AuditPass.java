/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.debias;

import org.tribuo.Example;
import org.tribuo.classification.Label;

import java.util.List;

/**
 * FUDLR's re-audits run elsewhere (tribuo-fudlr-spark runs them on executors): the guard, the corrective steps and the
 * baseline selections judge each candidate model by its exact metrics on the audit users, which need only the
 * candidate's top-K lists and per-row validation losses. {@link FudlrTransformer} binds the pass to its audit rows and
 * their exclusions once ({@link #bind}) and then asks for each candidate's lists by its trainable parameters; the
 * first audit (whose scores also calibrate the surrogates) stays in the debiasing JVM.
 * <p>
 * An implementation must return what this JVM computes for the candidate: the model with exactly these trainable
 * parameters ({@code copyWithTrainableParameters}), its {@code scores} of the rows in the model's scoring chunks, the
 * top-K of each row with its exclusions ({@code TopKLists.fromScores}) and {@code perSampleLossAsDouble} of the rows.
 */
public interface AuditPass {

    /**
     * Binds the pass to an audit.
     * @param rows the audit rows (those in the model's catalogue), in order.
     * @param exclusions per row, the items never recommended to it (its user's seen items, target excepted).
     * @return the bound pass; close it when the run ends.
     */
    Bound bind(List<Example<Label>> rows, int[][] exclusions);

    /** A pass bound to one audit. */
    interface Bound extends AutoCloseable {
        /**
         * Re-audits a candidate.
         * @param parameters the candidate's trainable parameters as the candidate model stores them.
         * @param k the cut-off of the lists.
         * @return per row, its top-K items (best first) and its validation loss.
         */
        Audit audit(double[] parameters, int k);

        /** Releases what the binding holds (no exception). */
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
