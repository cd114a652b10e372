/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
/**
 * The {@code fudlr} command line (picocli): {@code demo}, {@code train}, {@code evaluate}, {@code report}.
 * Errors are one line plus a hint with a non-zero exit code; {@code --verbose} prints the stack trace.
 */
package dev.fudlr.cli;
