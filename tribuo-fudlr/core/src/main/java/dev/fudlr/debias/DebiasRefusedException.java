/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.debias;

/**
 * Thrown when FUDLR will not return a debiased model because its own checks failed: a surrogate that does not move
 * with its metric, an exact fairness objective that did not improve, or an accuracy drop above the tolerance. No
 * model is produced; {@code force=true} turns the refusal into a recorded warning instead.
 */
public final class DebiasRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String hint;

    /**
     * Creates the exception.
     * @param message what failed.
     * @param hint what the user can change.
     */
    public DebiasRefusedException(String message, String hint) {
        super(message);
        this.hint = hint;
    }

    /** @return what the user can change. */
    public String hint() {
        return hint;
    }
}
