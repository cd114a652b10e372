/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.spark;

import java.util.function.Consumer;

/**
 * A test seam: code run at the end of every partition's computation, after its DJL work and before its result is
 * handed to Spark, so a test can fail a task there (e.g. once, on its first attempt) and check that Spark's retry
 * neither loses nor double-counts the partition. It is a static of this JVM, so it reaches tasks only in local mode.
 * Unset (the default) it does nothing.
 */
final class FaultHooks {

    private static volatile Consumer<String> afterPartition;

    private FaultHooks() {}

    /**
     * Installs or removes the hook.
     * @param hook receives the stage name; null removes it.
     */
    static void setAfterPartition(Consumer<String> hook) {
        afterPartition = hook;
    }

    /** Runs the hook, if any. */
    static void afterPartition(String stage) {
        Consumer<String> h = afterPartition;
        if (h != null) {
            h.accept(stage);
        }
    }
}
