/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.spark;

/**
 * The per-user top-K lists of a distributed audit ({@link SparkAudit#topK}), in audit order.
 * @param indices the audit rows' {@value SampleRows#INDEX} values, increasing: the rows whose target is in the model's
 *                catalogue (the rows of a single-JVM audit, {@code RecommenderAudit.inCatalogue}).
 * @param lists {@code lists[r]}: the top-K item columns (indices into the model's {@code ItemIndex}) of row r, best first.
 * @param k the cut-off.
 * @param skipped audit rows left out because their target is not in the catalogue.
 */
public record AuditLists(long[] indices, int[][] lists, int k, long skipped) {
}
