/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
/**
 * The {@code fudlr} command line (picocli): {@code demo}, {@code data get}, {@code train}, {@code evaluate},
 * {@code audit}, {@code debias}, {@code verify}, {@code provenance}, {@code report} (see docs/cli.md; {@code --otel} exports traces). Errors are one line plus a hint
 * with a non-zero exit code; {@code --verbose} prints the stack trace. Outputs are written atomically and never
 * overwritten without {@code --force}. Progress of long stages is shown through {@link dev.fudlr.progress.Progress}.
 */
package dev.fudlr.cli;
