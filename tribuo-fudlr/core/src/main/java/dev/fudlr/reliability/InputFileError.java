/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.reliability;

/**
 * Marks an exception that reports a malformed input file the user can fix (its message names the file and, where
 * there is one, the line). Code that builds components from configurations ({@link ConfigFiles}) passes such
 * exceptions through unwrapped, whichever package defines them, so this package depends on none of them.
 */
public interface InputFileError {

    /** @return the file the problem is in, as the message names it. */
    String file();
}
