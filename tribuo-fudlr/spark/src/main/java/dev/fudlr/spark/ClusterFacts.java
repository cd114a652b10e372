/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.spark;

import org.apache.spark.SparkContext;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Where and how a distributed pass ran: the cluster (master, application, Spark version, executor JVMs, default
 * parallelism) and one {@link StageFacts} per stage, for the instance values of a debiased model's provenance.
 * @param master the Spark master URL.
 * @param applicationId the Spark application id.
 * @param sparkVersion the Spark version.
 * @param executors executor JVMs (1 in local mode, where the driver runs the tasks).
 * @param defaultParallelism Spark's default parallelism (task slots).
 * @param stages the stages, in the order they ran.
 */
public record ClusterFacts(String master, String applicationId, String sparkVersion, int executors, int defaultParallelism,
                           List<StageFacts> stages) {

    /** Prefix of every key of {@link #provenanceValues(boolean)}. */
    public static final String KEY_PREFIX = "spark.";

    /**
     * Checks and copies.
     * @param master the master.
     * @param applicationId the application id.
     * @param sparkVersion the version.
     * @param executors executor JVMs.
     * @param defaultParallelism the parallelism.
     * @param stages the stages.
     */
    public ClusterFacts {
        Objects.requireNonNull(master, "master");
        Objects.requireNonNull(applicationId, "applicationId");
        Objects.requireNonNull(sparkVersion, "sparkVersion");
        stages = List.copyOf(stages);
    }

    /**
     * One distributed stage of FUDLR (one or more Spark jobs).
     * @param name the stage, e.g. {@code per-sample-effects}.
     * @param partitions the partitions of its main job.
     * @param rows the samples or audit rows it covered.
     * @param seconds wall-clock seconds on the driver, the Spark jobs included.
     */
    public record StageFacts(String name, int partitions, long rows, double seconds) {
        /**
         * Checks.
         * @param name the name.
         * @param partitions the partitions.
         * @param rows the rows.
         * @param seconds the seconds.
         */
        public StageFacts {
            Objects.requireNonNull(name, "name");
            if (partitions < 0 || rows < 0 || !(seconds >= 0)) {
                throw new IllegalArgumentException("Stage " + name + ": partitions, rows and seconds must be >= 0, found "
                                                   + partitions + ", " + rows + ", " + seconds);
            }
        }
    }

    /**
     * The facts as flat string values with the measurements: {@code provenanceValues(true)}.
     * @return the values in a stable order.
     */
    public Map<String, String> provenanceValues() {
        return provenanceValues(true);
    }

    /**
     * The facts as flat string values ({@code spark.master}, {@code spark.version}, {@code spark.executors}, ...,
     * {@code spark.stage.<name>.partitions|rows}); a stage that ran more than once gets {@code #2}, ... suffixes.
     * @param withMeasurements also the values that differ between runs of the same inputs: {@code spark.application-id}
     *                         and {@code spark.stage.<name>.seconds}. False in reproducible mode (a fixed provenance
     *                         clock), where two runs of the same inputs must record the same values.
     * @return the values in a stable order.
     */
    public Map<String, String> provenanceValues(boolean withMeasurements) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put(KEY_PREFIX + "master", master);
        if (withMeasurements) {
            out.put(KEY_PREFIX + "application-id", applicationId);
        }
        out.put(KEY_PREFIX + "version", sparkVersion);
        out.put(KEY_PREFIX + "executors", Integer.toString(executors));
        out.put(KEY_PREFIX + "default-parallelism", Integer.toString(defaultParallelism));
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (StageFacts s : stages) {
            int n = seen.merge(s.name(), 1, Integer::sum);
            String key = KEY_PREFIX + "stage." + s.name() + (n == 1 ? "" : "#" + n) + ".";
            out.put(key + "partitions", Integer.toString(s.partitions()));
            out.put(key + "rows", Long.toString(s.rows()));
            if (withMeasurements) {
                out.put(key + "seconds", String.format(Locale.ROOT, "%.3f", s.seconds()));
            }
        }
        return out;
    }

    /** Collects stage facts on the driver; thread-safe. */
    public static final class Recorder {
        private final List<StageFacts> stages = new ArrayList<>();

        /**
         * Records a stage.
         * @param stage the stage.
         */
        public synchronized void add(StageFacts stage) {
            stages.add(Objects.requireNonNull(stage, "stage"));
        }

        /** @return the stages so far. */
        public synchronized List<StageFacts> stages() {
            return List.copyOf(stages);
        }

        /**
         * The facts of a context with the stages recorded so far.
         * @param context the driver's Spark context.
         * @return the facts.
         */
        public ClusterFacts snapshot(SparkContext context) {
            // The status tracker lists the driver too; in local mode the driver is the only executor.
            int infos = context.statusTracker().getExecutorInfos().length;
            int executors = context.isLocal() ? 1 : Math.max(0, infos - 1);
            return new ClusterFacts(context.master(), context.applicationId(), context.version(), executors,
                                    context.defaultParallelism(), stages());
        }
    }
}
