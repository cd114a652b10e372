/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.progress;

/**
 * Receives progress events (see {@link Progress#install}). Called from the thread doing the work, at most about
 * every {@link Progress#MIN_INTERVAL_MILLIS} ms per task plus once when a task finishes, so an implementation should
 * be quick and must not throw.
 */
@FunctionalInterface
public interface ProgressSink {

    /** Ignores every event (the default). */
    ProgressSink NONE = event -> { };

    /**
     * Called with the state of a task.
     * @param event the state; {@link ProgressEvent#finished()} is true exactly once per task, last.
     */
    void update(ProgressEvent event);
}
