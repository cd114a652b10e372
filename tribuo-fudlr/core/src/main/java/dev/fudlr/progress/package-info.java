/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
/**
 * Progress of long stages (training epochs, per-sample gradients, FUDLR stages): library code reports through
 * {@link dev.fudlr.progress.Progress}, which does nothing until an application installs a
 * {@link dev.fudlr.progress.ProgressSink} (the {@code fudlr} command line installs a terminal line or plain log
 * lines). Reporting never changes results.
 */
package dev.fudlr.progress;
