/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.report;

import java.util.Objects;

/**
 * One line of the report's verification table: what was checked, the outcome and a detail. The report runs its own
 * consistency checks (id-list hash, counts, parameter hash of the model when given); callers such as
 * {@code fudlr verify} add theirs. Immutable.
 */
public final class VerificationCheck {

    /** The outcome of a check. */
    public enum Status {
        /** The check ran and passed. */
        PASS,
        /** The check ran and failed. */
        FAIL,
        /** Something worth a look that is not a failure (e.g. a flagged certificate). */
        WARN,
        /** The check could not run (missing input). */
        NOT_CHECKED
    }

    private final String name;
    private final Status status;
    private final String detail;

    /**
     * Creates a check line.
     * @param name what was checked.
     * @param status the outcome.
     * @param detail a short explanation (may be empty).
     */
    public VerificationCheck(String name, Status status, String detail) {
        this.name = Objects.requireNonNull(name, "name");
        this.status = Objects.requireNonNull(status, "status");
        this.detail = detail == null ? "" : detail;
    }

    /** @return what was checked. */
    public String name() {
        return name;
    }

    /** @return the outcome. */
    public Status status() {
        return status;
    }

    /** @return the explanation. */
    public String detail() {
        return detail;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VerificationCheck c && c.name.equals(name) && c.status == status && c.detail.equals(detail);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, status, detail);
    }

    @Override
    public String toString() {
        return status + " " + name + (detail.isEmpty() ? "" : ": " + detail);
    }
}
