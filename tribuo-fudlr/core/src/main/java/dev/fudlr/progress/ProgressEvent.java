/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.progress;

import java.util.OptionalDouble;

/**
 * The state of one task at one moment.
 *
 * @param task the task's name (for example {@code "pretrain"} or {@code "per-sample gradients"}).
 * @param detail what is being done now (for example {@code "epoch 2/8"}), possibly empty.
 * @param done units done so far.
 * @param total units in all (0 when unknown).
 * @param unit the unit's plural name (for example {@code "samples"}).
 * @param elapsedNanos time since the task started.
 * @param finished whether this is the task's last event.
 */
public record ProgressEvent(String task, String detail, long done, long total, String unit, long elapsedNanos,
                            boolean finished) {

    /**
     * Validates the event.
     * @param task see the record description.
     * @param detail see the record description.
     * @param done see the record description.
     * @param total see the record description.
     * @param unit see the record description.
     * @param elapsedNanos see the record description.
     * @param finished see the record description.
     */
    public ProgressEvent {
        if (task == null || unit == null) {
            throw new IllegalArgumentException("task and unit must not be null");
        }
        if (done < 0 || total < 0 || elapsedNanos < 0) {
            throw new IllegalArgumentException("done, total and elapsed time must be >= 0, found " + done + ", " + total
                                               + ", " + elapsedNanos);
        }
        detail = detail == null ? "" : detail;
    }

    /** @return elapsed seconds. */
    public double elapsedSeconds() {
        return elapsedNanos / 1e9;
    }

    /** @return units per second so far (0 before any time has passed). */
    public double rate() {
        return elapsedNanos == 0 ? 0.0 : done / elapsedSeconds();
    }

    /** @return the fraction done, or empty when the total is unknown. */
    public OptionalDouble fraction() {
        return total == 0 ? OptionalDouble.empty() : OptionalDouble.of(Math.min(1.0, (double) done / total));
    }

    /**
     * Seconds left at the rate so far.
     * @return the estimate, or empty when the total is unknown or nothing is done yet.
     */
    public OptionalDouble etaSeconds() {
        if (total == 0 || done == 0 || elapsedNanos == 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(Math.max(0, total - done) / rate());
    }
}
