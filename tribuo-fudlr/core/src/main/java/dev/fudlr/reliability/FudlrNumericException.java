/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.reliability;

/**
 * A numerical fault (NaN or infinite values) detected in a named stage of a computation, with a suggested fix. Thrown
 * instead of letting a NaN flow into a model, a report or a provenance record. The message is one line:
 * {@code "<stage>: <what is non-finite>. <fix>"}.
 */
public final class FudlrNumericException extends ArithmeticException {
    private static final long serialVersionUID = 1L;

    /** The stage. */
    private final String stage;
    /** The suggested fix. */
    private final String fix;

    /**
     * Creates the exception.
     * @param stage where the values were found (e.g. {@code "CG solve (system 2, iteration 14)"}).
     * @param problem what is non-finite (e.g. {@code "3 NaN and 0 infinite of 1,024 values, first at index 17"}).
     * @param fix what to change (e.g. {@code "raise the damping"}).
     */
    public FudlrNumericException(String stage, String problem, String fix) {
        super(stage + ": " + problem + (fix == null || fix.isEmpty() ? "" : ". " + fix));
        this.stage = stage;
        this.fix = fix == null ? "" : fix;
    }

    /**
     * The stage where the fault was found.
     * @return the stage.
     */
    public String stage() {
        return stage;
    }

    /**
     * The suggested fix.
     * @return the fix, possibly empty.
     */
    public String fix() {
        return fix;
    }
}
