/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
/**
 * Benchmarks of the Spark module (test sources, so Spark is on their class path): {@link
 * dev.fudlr.spark.bench.SparkOverheadBenchmark}, the Spark overhead of FUDLR's per-sample passes against the
 * single-JVM engine with one and two executor JVMs on one machine (docs/benchmarks.md, "Spark overhead").
 */
package dev.fudlr.spark.bench;
