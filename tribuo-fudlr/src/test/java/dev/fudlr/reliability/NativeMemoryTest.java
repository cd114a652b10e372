/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.reliability;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.sun.jna.Platform;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NativeMemoryTest {

    /** Resident set size in kB from /proc (Linux). */
    private static long rssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new IllegalStateException("no VmRSS");
    }

    @Test
    void trimsTheNativeHeapOnLinux() throws IOException {
        assertEquals(Platform.isLinux(), NativeMemory.available());
        if (!Platform.isLinux() || !Files.exists(Path.of("/proc/self/status"))) {
            return;
        }
        // Many small tensors of varying size (below glibc's mmap threshold, so they come from the heap), freed in an
        // order that leaves holes: the kind of churn a long scoring pass makes.
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray[] keep = new NDArray[4000];
            for (int i = 0; i < keep.length; i++) {
                keep[i] = m.zeros(new Shape(1000 + (i % 7) * 300));
            }
            for (int i = 0; i < keep.length; i += 2) {
                keep[i].close();
            }
            for (int i = 1; i < keep.length - 1; i += 2) {
                keep[i].close();
            }
            long before = rssKb();
            assertTrue(NativeMemory.release());
            long after = rssKb();
            // About 30 MB were freed in holes; the trim hands most of it back (measured: 30-33 MB).
            assertTrue(before - after > 10_240, "RSS " + before + " kB -> " + after + " kB after malloc_trim");
        }
    }
}
