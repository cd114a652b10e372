/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.debias.stage;

import dev.fudlr.mask.GuardedSelection;
import dev.fudlr.mask.Selection;
import dev.fudlr.model.AbstractDjlRecommenderModel;
import dev.fudlr.reliability.NumericChecks;
import dev.fudlr.unlearn.NewtonRemoval;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * FUDLR's guarded-unlearning stage: unlearn the selection with one Newton removal, re-audit the edited model, and let
 * the accuracy guard shrink the selection until the re-audit accepts it (or its attempts run out). Each attempt's
 * removal and re-audit are kept, so the accepted one needs no second removal.
 */
public final class GuardedUnlearning {

    private GuardedUnlearning() {}

    /**
     * A re-audit's result.
     * @param after what the re-audit measured (caller-defined).
     * @param drop the guard's accuracy drop for it (+infinity to reject it whatever the tolerance).
     * @param <M> the measurement type.
     */
    public record Judgement<M>(M after, double drop) {}

    /**
     * Re-audits an edited model.
     * @param <M> the measurement type.
     */
    @FunctionalInterface
    public interface ReAudit<M> {
        /**
         * @param edited the model after the removal (closed by the stage afterwards).
         * @param removed the number of samples removed.
         * @return the measurement and the guard's drop.
         */
        Judgement<M> judge(AbstractDjlRecommenderModel edited, int removed);
    }

    /**
     * One attempt.
     * @param removal the Newton removal.
     * @param after its re-audit's measurement.
     * @param <M> the measurement type.
     */
    public record Candidate<M>(NewtonRemoval.Result removal, M after) {}

    /**
     * The stage's outcome.
     * @param guard the guard's outcome (the accepted selection, possibly empty, and every attempt).
     * @param tried each attempt by selection size.
     * @param <M> the measurement type.
     */
    public record Outcome<M>(GuardedSelection.Outcome guard, Map<Integer, Candidate<M>> tried) {
        /** @return the attempt of the accepted selection, or null when it is empty. */
        public Candidate<M> accepted() {
            return tried.get(guard.selection().size());
        }
    }

    /**
     * Runs the stage.
     * @param model the model to unlearn from (unchanged).
     * @param removal the Newton removal operator.
     * @param guard the accuracy guard.
     * @param selection the selection to start from.
     * @param reAudit the re-audit.
     * @param nonFiniteFix the hint for a removal that gives non-finite parameters.
     * @param <M> the measurement type.
     * @return the outcome.
     */
    public static <M> Outcome<M> run(AbstractDjlRecommenderModel model, NewtonRemoval removal, GuardedSelection guard,
                                     Selection selection, ReAudit<M> reAudit, String nonFiniteFix) {
        Map<Integer, Candidate<M>> tried = new TreeMap<>();
        GuardedSelection.Outcome outcome = guard.apply(selection, candidate -> {
            NewtonRemoval.Result r = removal.remove(candidate.indices());
            NumericChecks.requireFinite("FUDLR unlearning: new parameters (" + candidate.size() + " samples removed)",
                                        r.thetaAfter(), nonFiniteFix);
            AbstractDjlRecommenderModel edited = NewtonRemoval.apply(model, r, model.getProvenance());
            Judgement<M> j;
            try {
                j = reAudit.judge(edited, candidate.size());
            } finally {
                edited.close();
            }
            tried.put(candidate.size(), new Candidate<>(r, j.after()));
            return j.drop();
        });
        return new Outcome<>(outcome, Collections.unmodifiableMap(tried));
    }
}
