/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.progress;

import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The progress of one long task, reported to the installed {@link ProgressSink}. Library code calls
 * <pre>{@code
 * try (Progress p = Progress.start("pretrain", epochs * n, "samples")) {
 *     ... p.step(batchSize, "epoch " + e + "/" + epochs); ...
 * }
 * }</pre>
 * With no sink installed (the default) {@link #start} returns an inert task, so reporting costs nothing. Updates to the
 * sink are throttled to one per {@value #MIN_INTERVAL_MILLIS} ms per task; the last one ({@link #close()}) always
 * goes through. A task is meant to be advanced by one thread; the sink is process-wide (one command line per JVM).
 */
public final class Progress implements AutoCloseable {

    /** Smallest interval between two updates of one task. */
    public static final long MIN_INTERVAL_MILLIS = 100;

    private static final long MIN_INTERVAL_NANOS = MIN_INTERVAL_MILLIS * 1_000_000L;
    private static final Progress INERT = new Progress(ProgressSink.NONE, System::nanoTime, "none", 0, "units");

    private static volatile ProgressSink installed = ProgressSink.NONE;

    private final ProgressSink sink;
    private final LongSupplier clock;
    private final String task;
    private final long total;
    private final String unit;
    private final long start;
    private long done;
    private String detail = "";
    private long lastEmit;
    private boolean closed;

    private Progress(ProgressSink sink, LongSupplier clock, String task, long total, String unit) {
        this.sink = sink;
        this.clock = clock;
        this.task = Objects.requireNonNull(task, "task");
        this.total = Math.max(0, total);
        this.unit = Objects.requireNonNull(unit, "unit");
        this.start = clock.getAsLong();
        this.lastEmit = start;
    }

    /**
     * Installs the process-wide sink.
     * @param sink the sink ({@link ProgressSink#NONE} to switch reporting off).
     * @return the previous sink, to restore later.
     */
    public static ProgressSink install(ProgressSink sink) {
        ProgressSink previous = installed;
        installed = Objects.requireNonNull(sink, "sink");
        return previous;
    }

    /** @return the installed sink. */
    public static ProgressSink installed() {
        return installed;
    }

    /**
     * Starts a task reporting to the installed sink.
     * @param task the task's name.
     * @param total units in all (0 when unknown).
     * @param unit the unit's plural name.
     * @return the task (inert when no sink is installed).
     */
    public static Progress start(String task, long total, String unit) {
        ProgressSink sink = installed;
        if (sink == ProgressSink.NONE) {
            return INERT;
        }
        return start(sink, System::nanoTime, task, total, unit);
    }

    /** Starts a task with an explicit sink and clock (tests). */
    static Progress start(ProgressSink sink, LongSupplier clock, String task, long total, String unit) {
        Progress p = new Progress(sink, clock, task, total, unit);
        p.emit(false);
        return p;
    }

    /**
     * Records {@code amount} more units done.
     * @param amount units (>= 0).
     */
    public void step(long amount) {
        step(amount, null);
    }

    /**
     * Records {@code amount} more units done and what is being done now.
     * @param amount units (>= 0).
     * @param newDetail the detail, or null to keep the previous one.
     */
    public void step(long amount, String newDetail) {
        if (this == INERT) {
            return;
        }
        if (amount < 0) {
            throw new IllegalArgumentException("Progress of '" + task + "' cannot go back: step " + amount);
        }
        synchronized (this) {
            if (closed) {
                return;
            }
            done += amount;
            if (newDetail != null) {
                detail = newDetail;
            }
            long now = clock.getAsLong();
            if (now - lastEmit >= MIN_INTERVAL_NANOS) {
                lastEmit = now;
                emit(false);
            }
        }
    }

    /** @return units done so far. */
    public synchronized long done() {
        return done;
    }

    /** Finishes the task (reports its last state once; later calls do nothing). */
    @Override
    public void close() {
        if (this == INERT) {
            return;
        }
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            emit(true);
        }
    }

    private void emit(boolean finished) {
        long elapsed = Math.max(0, clock.getAsLong() - start);
        try {
            sink.update(new ProgressEvent(task, detail, done, total, unit, elapsed, finished));
        } catch (RuntimeException e) {
            // Reporting must never break the computation it reports on.
        }
    }
}
