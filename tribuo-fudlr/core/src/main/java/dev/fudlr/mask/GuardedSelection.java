/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.mask;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Logger;

/**
 * The accuracy guard of FUDLR's selection: the exact accuracy drop after unlearning a candidate set is measured by a
 * callback (each call typically costs one Newton solve and one evaluation); while it exceeds the tolerance, the set
 * is shrunk in mask order (the lowest-mask tail is dropped, keeping {@code floor(size * shrinkFactor)} members) and
 * checked again. Every attempt is recorded. Immutable.
 */
public final class GuardedSelection {
    private static final Logger logger = Logger.getLogger(GuardedSelection.class.getName());

    private final double tolerance;
    private final double shrinkFactor;
    private final int maxAttempts;

    /**
     * Measures a candidate selection.
     */
    @FunctionalInterface
    public interface AccuracyCheck {
        /**
         * The exact accuracy drop after unlearning the candidate (positive = accuracy got worse), in the units of the
         * tolerance (e.g. relative NDCG loss).
         * @param candidate a non-empty selection.
         * @return the drop.
         */
        double accuracyDrop(Selection candidate);
    }

    /**
     * Creates the guard.
     * @param tolerance the largest acceptable drop, &gt;= 0.
     * @param shrinkFactor fraction of the members kept per shrink, in (0, 1) (0.5 = halve).
     * @param maxAttempts the most checks, &gt;= 1.
     */
    public GuardedSelection(double tolerance, double shrinkFactor, int maxAttempts) {
        if (!(tolerance >= 0) || !Double.isFinite(tolerance)) {
            throw new IllegalArgumentException("tolerance must be finite and >= 0, got " + tolerance);
        }
        if (!(shrinkFactor > 0 && shrinkFactor < 1)) {
            throw new IllegalArgumentException("shrinkFactor must be in (0, 1), got " + shrinkFactor);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1, got " + maxAttempts);
        }
        this.tolerance = tolerance;
        this.shrinkFactor = shrinkFactor;
        this.maxAttempts = maxAttempts;
    }

    /**
     * Checks the selection and shrinks it until the drop is within tolerance, the set is empty, or the attempts run
     * out.
     * @param initial the selection in mask order.
     * @param check the exact measurement.
     * @return the accepted selection (empty if none passed) and every attempt.
     */
    public Outcome apply(Selection initial, AccuracyCheck check) {
        List<Attempt> attempts = new ArrayList<>();
        Selection current = initial;
        while (current.size() > 0 && attempts.size() < maxAttempts) {
            double drop = check.accuracyDrop(current);
            if (Double.isNaN(drop)) {
                throw new IllegalStateException("The accuracy check returned NaN for a selection of " + current.size() + " samples");
            }
            boolean ok = drop <= tolerance;
            attempts.add(new Attempt(current.size(), drop, ok));
            if (ok) {
                return new Outcome(current, attempts, true);
            }
            int next = Math.min(current.size() - 1, (int) Math.floor(current.size() * shrinkFactor));
            logger.info("Accuracy drop " + drop + " exceeds tolerance " + tolerance + " with " + current.size()
                        + " samples removed; shrinking to " + next);
            current = current.prefix(next);
        }
        return new Outcome(initial.prefix(0), attempts, false);
    }

    /** @return the tolerance. */
    public double tolerance() {
        return tolerance;
    }

    /** @return the shrink factor. */
    public double shrinkFactor() {
        return shrinkFactor;
    }

    /** @return the attempt limit. */
    public int maxAttempts() {
        return maxAttempts;
    }

    /** One measured candidate. */
    public static final class Attempt {
        private final int size;
        private final double drop;
        private final boolean accepted;

        Attempt(int size, double drop, boolean accepted) {
            this.size = size;
            this.drop = drop;
            this.accepted = accepted;
        }

        /** @return the candidate's size. */
        public int size() {
            return size;
        }

        /** @return the measured drop. */
        public double drop() {
            return drop;
        }

        /** @return whether it was within tolerance. */
        public boolean accepted() {
            return accepted;
        }

        @Override
        public String toString() {
            return "Attempt(size=" + size + ", drop=" + drop + ", accepted=" + accepted + ")";
        }
    }

    /** The guarded result. */
    public static final class Outcome {
        private final Selection selection;
        private final List<Attempt> attempts;
        private final boolean satisfied;

        Outcome(Selection selection, List<Attempt> attempts, boolean satisfied) {
            this.selection = selection;
            this.attempts = Collections.unmodifiableList(new ArrayList<>(attempts));
            this.satisfied = satisfied;
        }

        /** @return the accepted selection (empty when no candidate passed). */
        public Selection selection() {
            return selection;
        }

        /** @return every attempt, in order. */
        public List<Attempt> attempts() {
            return attempts;
        }

        /** @return whether a non-empty selection passed the tolerance. */
        public boolean satisfied() {
            return satisfied;
        }

        @Override
        public String toString() {
            return "Outcome(size=" + selection.size() + ", satisfied=" + satisfied + ", attempts=" + attempts + ")";
        }
    }
}
