/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.spark;

import org.apache.spark.sql.SparkSession;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Spark {@code local-cluster} sessions on this machine: a standalone master and one worker per executor started in
 * this JVM, each worker launching one executor JVM with this JVM's class path (what the local-cluster test and the
 * Spark overhead benchmark share).
 * <p>
 * The workers need the environment variables {@code SPARK_HOME} (a folder; its {@code jars} subfolder is created here
 * and may stay empty, the executors' class path comes from {@code spark.executor.extraClassPath}) and
 * {@code SPARK_SCALA_VERSION=2.13} (Spark's launcher cannot detect it without a Spark build); this module's surefire
 * configuration sets both. Executors get one task slot each ({@code spark.executor.cores=1}, see docs/spark.md) and
 * inherit the environment of this JVM, overridden by the given executor environment.
 */
public final class LocalClusters {

    /** Environment variables that change libtorch's CPU arithmetic (pinned by the launcher and the test JVMs). */
    public static final List<String> NUMERICS_ENV = List.of("ATEN_CPU_CAPABILITY", "MKL_CBWR", "ONEDNN_MAX_CPU_ISA", "MKL_DYNAMIC",
                                                            "OMP_NUM_THREADS");

    private LocalClusters() {}

    /**
     * Starts a local-cluster session and waits until every executor registered.
     * @param appName the application name.
     * @param executors executor JVMs (one worker each, one core each).
     * @param executorMemoryMb each executor's heap in MiB (its worker offers 128 MiB more).
     * @param executorEnv environment variables of the executor JVMs ({@code spark.executorEnv.*}), e.g. OMP_NUM_THREADS.
     * @param waitSeconds how long to wait for the executors to register.
     * @return the session (stop it).
     * @throws InterruptedException when interrupted while waiting.
     */
    public static SparkSession start(String appName, int executors, int executorMemoryMb, Map<String, String> executorEnv,
                                     int waitSeconds) throws InterruptedException {
        String home = System.getenv("SPARK_HOME");
        if (home == null || System.getenv("SPARK_SCALA_VERSION") == null) {
            throw new IllegalStateException("local-cluster needs the environment variables SPARK_HOME (any folder) and SPARK_SCALA_VERSION=2.13");
        }
        try {
            Files.createDirectories(Path.of(home, "jars"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + home + "/jars: " + e.getMessage(), e);
        }
        // Absolute entries: executors run in their worker's work folder.
        String classPath = Arrays.stream(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"))
                                         .split(File.pathSeparator))
            .filter(e -> !e.isEmpty()).map(e -> Path.of(e).toAbsolutePath().toString()).collect(Collectors.joining(File.pathSeparator));
        SparkSession.Builder b = SparkSession.builder()
            .master(String.format(Locale.ROOT, "local-cluster[%d,1,%d]", executors, executorMemoryMb + 128))
            .appName(appName)
            .config("spark.executor.memory", executorMemoryMb + "m")
            .config("spark.executor.cores", "1")
            .config("spark.task.cpus", "1")
            .config("spark.executor.extraClassPath", classPath)
            .config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1");
        executorEnv.forEach((k, v) -> b.config("spark.executorEnv." + k, v));
        SparkSession spark = b.getOrCreate();
        long deadline = System.nanoTime() + waitSeconds * 1_000_000_000L;
        // The driver and the executors: wait until all executors registered, so the tasks spread over all JVMs.
        while (spark.sparkContext().statusTracker().getExecutorInfos().length < executors + 1) {
            if (System.nanoTime() > deadline) {
                spark.stop();
                throw new IllegalStateException("The " + executors + " executor JVMs did not register within " + waitSeconds + " s");
            }
            Thread.sleep(100);
        }
        return spark;
    }
}
