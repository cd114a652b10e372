/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.reliability;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Hands memory that libtorch has freed back to the operating system. On glibc, blocks freed by a long pass of
 * differently-sized tensors stay in fragmented heaps, so the resident size climbs although every array was closed
 * (measured: 2.8 to 5.6 GB over 8,000 samples of the hybrid MiniLM backbone; see docs/influence.md, "Native memory on
 * CPU"). {@link #release()} calls glibc's {@code malloc_trim(0)}, which returns the free pages inside those heaps.
 * Elsewhere (macOS, Windows, musl) it does nothing. Set {@code -Dfudlr.mallocTrim=false} to switch it off.
 */
public final class NativeMemory {
    private static final Logger logger = Logger.getLogger(NativeMemory.class.getName());

    /** The C library's allocator entry point. */
    private interface CLibrary extends Library {
        int malloc_trim(long pad);
    }

    private static volatile CLibrary lib = load();

    private NativeMemory() {}

    private static CLibrary load() {
        if (!Platform.isLinux() || !Boolean.parseBoolean(System.getProperty("fudlr.mallocTrim", "true"))) {
            return null;
        }
        try {
            return Native.load("c", CLibrary.class);
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            logger.log(Level.FINE, "No C library to trim the native heap: " + e.getMessage());
            return null;
        }
    }

    /** @return true if {@link #release()} calls {@code malloc_trim}. */
    public static boolean available() {
        return lib != null;
    }

    /**
     * Returns the free pages of the native heaps to the operating system (glibc {@code malloc_trim(0)}).
     * @return true if the call was made.
     */
    public static boolean release() {
        CLibrary l = lib;
        if (l == null) {
            return false;
        }
        try {
            l.malloc_trim(0);
            return true;
        } catch (UnsatisfiedLinkError e) {
            // A C library without malloc_trim (musl): stop trying.
            lib = null;
            logger.log(Level.FINE, "malloc_trim is not available: " + e.getMessage());
            return false;
        }
    }
}
