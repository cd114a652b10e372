/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */

/**
 * Engine-free inputs of the fairness metrics: plain immutable structures that know nothing of Tribuo or
 * DJL.
 * <ul>
 *     <li>{@link dev.fudlr.fairness.data.ScoreMatrix}: users x items scores (input of top-K selection and
 *     of the differentiable surrogates).</li>
 *     <li>{@link dev.fudlr.fairness.data.TopKLists}: per-user top-K lists (input of exact metrics).</li>
 *     <li>{@link dev.fudlr.fairness.data.Targets}: per-user ground-truth item sets.</li>
 *     <li>{@link dev.fudlr.fairness.data.UserAttribute}: a sensitive attribute as a partition of users,
 *     with an explicit {@value dev.fudlr.fairness.data.UserAttribute#UNKNOWN} group and intersections;
 *     {@link dev.fudlr.fairness.data.AgeBuckets} turns ages into groups.</li>
 *     <li>{@link dev.fudlr.fairness.data.ItemGroups}: item partitions (equal-mass popularity groups,
 *     head / long tail, genres, any mapping).</li>
 *     <li>{@link dev.fudlr.fairness.data.AuditData}: all of the above for one audit, plus history,
 *     exclusions and training item counts; {@link dev.fudlr.fairness.data.Recommendations} pairs it with
 *     top-K lists.</li>
 * </ul>
 * Each per-user structure has a {@code rows(int[])} selection (repeats allowed) for bootstrap resamples and
 * per-split audits.
 */
package dev.fudlr.fairness.data;
