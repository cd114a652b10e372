/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
/**
 * The HTML audit report of a debiased model ({@link dev.fudlr.report.HtmlAuditReport}): a single self-contained
 * file (inline CSS, charts as embedded PNG, no scripts, fonts or network resources) rendered from the FUDLR values
 * in the model's provenance ({@link dev.fudlr.report.RunRecord}), optionally completed by the in-memory
 * {@link dev.fudlr.debias.FudlrReport}, the model itself (to check its parameter hash) and the training data (to
 * describe the unlearned samples). Rendering is deterministic: the same inputs give byte-identical files.
 * Sensitive attributes appear only as group-level counts unless the caller asks for per-user values.
 */
package dev.fudlr.report;
