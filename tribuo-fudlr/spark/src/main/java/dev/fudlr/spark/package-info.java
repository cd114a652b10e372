/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */

/**
 * Optional scale-out of FUDLR on Apache Spark: the sample- and user-parallel passes run on executors with the core's
 * own classes, the driver keeps the small state (directions, solves, mask, Newton step).
 * <ul>
 *     <li>{@link dev.fudlr.spark.ModelBroadcast}, {@link dev.fudlr.spark.ExecutorModels}: the model as broadcast
 *     protobuf bytes, deserialized once per executor JVM, used under one DJL lock per JVM;</li>
 *     <li>{@link dev.fudlr.spark.SampleRows}: the sample contract ({@code SampleEncoding}) as a DataFrame schema;</li>
 *     <li>{@link dev.fudlr.spark.SparkGradients}: per-sample directional derivatives (n x K) and gradient sums (p);</li>
 *     <li>{@link dev.fudlr.spark.SparkAudit}: per-user top-K lists;</li>
 *     <li>{@link dev.fudlr.spark.ClusterFacts}: executors, partitions and per-stage seconds for provenance;</li>
 *     <li>{@link dev.fudlr.spark.SparkRemovalScorePass}: FUDLR's per-sample effects pass for
 *     {@code FudlrTransformer.transform(model, train, audit, pass)};</li>
 *     <li>{@link dev.fudlr.spark.SparkDebias}: the {@code spark-submit} entry point of a whole debias run from an
 *     interaction log ({@link dev.fudlr.spark.SparkDebiasOptions}).</li>
 * </ul>
 * Executor layout: one task slot per executor JVM ({@code spark.executor.cores=1}) with libtorch's threads set by
 * {@code spark.executorEnv.OMP_NUM_THREADS}; DJL allows one gradient collector per JVM, so more slots would wait on
 * the JVM's lock ({@link dev.fudlr.spark.ExecutorModels}). Executors need the same DJL settings as any FUDLR JVM
 * ({@code DJL_OFFLINE=true}, {@code OPT_OUT_TRACKING=true}, a {@code DJL_CACHE_DIR}) through {@code spark.executorEnv.*}.
 */
package dev.fudlr.spark;
