/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.cli;

import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.config.io.ConfigLoaderException;
import dev.fudlr.data.DataFormatException;
import dev.fudlr.model.ModelFileException;
import dev.fudlr.reliability.ResourceLimitException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Failures}: the one mapping from failures to exit codes and messages. */
class FailuresTest {

    private static Failures.Failure classify(Throwable t) {
        Failures.Failure f = Failures.classify(t);
        assertFalse(f.message().contains("\n"), f.message());
        return f;
    }

    @Test
    void badInputOfEveryKindIsExitCodeTwo() {
        Throwable[] bad = {
            new IllegalArgumentException("--history must be >= 1"),
            new NumberFormatException("For input string: \"x\""),
            new PropertyException("fudlr", "objectives", "Unknown objective"),
            new ConfigLoaderException("c.xml line 2: not well-formed XML"),
            new DataFormatException("u.data", 7, "expected 4 tab-separated fields, found 2"),
            new ModelFileException(Path.of("m.model"), "empty file (0 bytes)"),
            new ResourceLimitException("needs 9 GB, the budget is 4 GB", 9L << 30, 4L << 30),
            new AccessDeniedException("/root/x"),
            // Wrapped by an executor: the cause decides.
            new ExecutionException(new DataFormatException("u.user", 3, "unknown gender 'X'"))};
        for (Throwable t : bad) {
            Failures.Failure f = classify(t);
            assertEquals(FudlrCli.EXIT_USAGE, f.exitCode(), t.toString());
            assertFalse(f.internal(), t.toString());
        }
        assertEquals("u.user line 3: unknown gender 'X'", classify(bad[bad.length - 1]).message());
        assertEquals("/root/x: permission denied", classify(bad[7]).message());
    }

    @Test
    void failuresWhileRunningAreExitCodeOneAndUnexpectedOnesSayInternalError() {
        Failures.Failure io = classify(new UncheckedIOException(new IOException("disk full")));
        assertEquals(FudlrCli.EXIT_FAILURE, io.exitCode());
        assertEquals("disk full", io.message());
        assertFalse(io.internal());

        Failures.Failure npe = classify(new NullPointerException("Cannot read field \"x\""));
        assertEquals(FudlrCli.EXIT_FAILURE, npe.exitCode());
        assertTrue(npe.internal());
        assertTrue(npe.message().startsWith("internal error: java.lang.NullPointerException"), npe.message());
        assertTrue(npe.hint().contains("--verbose"), npe.hint());

        Failures.Failure oom = classify(new RuntimeException("stage failed", new OutOfMemoryError("Java heap space")));
        assertEquals(FudlrCli.EXIT_FAILURE, oom.exitCode());
        assertTrue(oom.message().startsWith("out of memory (Java heap of "), oom.message());
        assertTrue(oom.hint().contains("-Xmx"), oom.hint());
    }
}
