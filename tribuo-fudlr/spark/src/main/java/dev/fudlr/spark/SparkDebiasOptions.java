/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.spark;

import dev.fudlr.data.SampleBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The options of {@link SparkDebias} ({@code spark-submit --class dev.fudlr.spark.SparkDebias ... --model FILE
 * --interactions PATH --out FILE}). The model, configuration and output files are paths on the driver; the
 * interaction log and user table are any path Spark reads (a local path every executor sees, HDFS, S3, ...).
 */
@Command(name = "dev.fudlr.spark.SparkDebias", sortOptions = false,
         description = {"Debias a model with FUDLR, the per-sample effects pass on Spark executors, and write the new model.",
                        "The samples are built from an interaction log by the rules the model was trained with."})
public final class SparkDebiasOptions {

    /** How the interaction log names users and items. */
    public enum Ids {
        /** The model's integer ids (e.g. a MovieLens log, or ids numbered before). */
        INTEGER,
        /** Any text, numbered by first appearance as the core's interaction-log data source numbers them. */
        TEXT
    }

    /**
     * Where a stage runs: {@code --curvature-on} (the empirical Fisher's per-sample gradients and products,
     * {@link SparkFisher}, or the core's operator over the fetched subsample), {@code --re-audits-on}
     * ({@link SparkReAudits}, or the driver) and {@code --first-audit-on} ({@link SparkHeldScores}, or the driver).
     */
    public enum Placement {
        /** On the executors: nothing of the stage's size on the driver; a job per product or re-audit. */
        EXECUTORS,
        /** On the driver: no jobs; the stage's data there. */
        DRIVER
    }

    /** Input formats Spark reads here. */
    public enum Format {
        /** CSV with a header row. */
        CSV,
        /** Apache Parquet. */
        PARQUET
    }

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = "--model", required = true, paramLabel = "FILE",
            description = "Model file to debias (a Tribuo protobuf DJL recommender, e.g. from fudlr train), on the driver.")
    Path model;

    @Option(names = "--interactions", required = true, paramLabel = "PATH",
            description = "Interaction log (any path Spark reads) with columns user, item, timestamp, rating (integers, or see --ids).")
    String interactions;

    @Option(names = "--ids", paramLabel = "RULE", defaultValue = "integer",
            description = {"integer: user and item are the model's integer ids; text: any ids, numbered by their first appearance as the "
                           + "interaction-log data source numbers them (in file order, several files in name order; timestamp and rating optional; "
                           + "--min-rating is then on the log's own scale and applied while reading) (default: ${DEFAULT-VALUE})."})
    String ids;

    @Option(names = "--users", paramLabel = "PATH",
            description = "Optional user table: the user column, every other column a sensitive attribute.")
    String users;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "csv (with a header) or parquet, for --interactions and --users (default: by the file extension).")
    String format;

    @Option(names = "--history", paramLabel = "L", defaultValue = "" + SampleBuilder.DEFAULT_HISTORY_LENGTH,
            description = "Most history items per sample (default: ${DEFAULT-VALUE}).")
    int history;

    @Option(names = "--min-rating", paramLabel = "R", defaultValue = "" + SampleBuilder.DEFAULT_MIN_RATING,
            description = "Drop interactions rated below R, 0 keeps all (default: ${DEFAULT-VALUE}).")
    int minRating;

    @Option(names = "--min-interactions", paramLabel = "N", defaultValue = "" + SampleBuilder.DEFAULT_MIN_INTERACTIONS,
            description = "Leave out users with fewer kept interactions, at least 3 (default: ${DEFAULT-VALUE}).")
    int minInteractions;

    @Option(names = "--config", paramLabel = "XML", description = "OLCUT configuration holding a FudlrTransformer (default: its defaults).")
    Path config;

    @Option(names = "--component", paramLabel = "NAME", description = "FudlrTransformer component in --config (default: the first in the file).")
    String component;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "FILE", description = "Debiased model file to write, on the driver.")
    Path out;

    @Option(names = "--force", description = "Overwrite existing output files.")
    boolean force;

    @Option(names = "--summary", paramLabel = "FILE", description = "Also write the report's summary as text.")
    Path summary;

    /** Default {@code --chunks-per-partition}: 8,192 samples per task at the default chunk size, seconds of work per task. */
    static final int DEFAULT_CHUNKS_PER_PARTITION = 32;

    // Tasks of a few seconds: each task pays a fixed cost (scheduling, the engine, the rows' examples), about 0.1 s on
    // local-cluster, which made 1,024-sample tasks cost a third more than the pass itself (docs/spark.md).
    @Option(names = "--chunks-per-partition", paramLabel = "N", defaultValue = "" + DEFAULT_CHUNKS_PER_PARTITION,
            description = "Chunks of FUDLR's chunkSize samples per Spark partition of the per-sample pass and the other passes "
                          + "(default: ${DEFAULT-VALUE}).")
    int chunksPerPartition;

    @Option(names = "--curvature-on", paramLabel = "WHERE", defaultValue = "executors",
            description = {"executors: the empirical Fisher's per-sample gradients of the Hessian subsample stay on the executors and each "
                           + "curvature product is a Spark job (the driver never holds m x p values); driver: they are computed and kept "
                           + "on the driver, products without jobs. The same products either way; other curvature backends always run "
                           + "on the driver (default: ${DEFAULT-VALUE})."})
    String curvatureOn;

    @Option(names = "--re-audits-on", paramLabel = "WHERE", defaultValue = "executors",
            description = {"executors: the guard's, the corrective steps' and the baseline selections' re-audits of candidate models run "
                           + "on the executors (one job each: top-K lists and validation losses of the audit rows); driver: on the driver. "
                           + "(default: ${DEFAULT-VALUE})."})
    String reAuditsOn;

    @Option(names = "--first-audit-on", paramLabel = "WHERE", defaultValue = "executors",
            description = {"executors: the first audit's scores stay on the executors, where the surrogates' calibration and gradients "
                           + "run in blocks of users (when every surrogate is a sum over users; needs --re-audits-on executors); driver: "
                           + "the audit users' users x items scores on the driver, the objective gradients bit-identical to a single-JVM "
                           + "run's (default: ${DEFAULT-VALUE})."})
    String firstAuditOn;

    /**
     * Parses command-line arguments.
     * @param args the arguments.
     * @return the options.
     * @throws CommandLine.ParameterException naming the unknown, missing or malformed option.
     */
    public static SparkDebiasOptions parse(String... args) {
        return CommandLine.populateCommand(new SparkDebiasOptions(), args);
    }

    /**
     * Checks the values that need no file or Spark job.
     * @throws IllegalArgumentException naming the option and the problem.
     */
    void check() {
        if (chunksPerPartition < 1) {
            throw new IllegalArgumentException("--chunks-per-partition must be at least 1, found " + chunksPerPartition);
        }
        if (component != null && config == null) {
            throw new IllegalArgumentException("--component " + component + " needs --config");
        }
        sampleBuilder();
        ids();
        curvatureOn();
        if (firstAuditOn() == Placement.EXECUTORS && reAuditsOn() == Placement.DRIVER) {
            throw new IllegalArgumentException("--first-audit-on executors runs in the re-audits' pass on the executors: use --re-audits-on "
                                               + "executors, or --first-audit-on driver");
        }
        format("--interactions", interactions);
        if (users != null) {
            format("--users", users);
        }
    }

    /**
     * The sample rules.
     * @return the builder of {@code --history}, {@code --min-rating}, {@code --min-interactions}.
     * @throws IllegalArgumentException naming the options when a value is out of range.
     */
    SampleBuilder sampleBuilder() {
        try {
            // With text ids the rating threshold is applied while reading, on the log's scale, as the core's reader does.
            return new SampleBuilder(history, ids() == Ids.TEXT ? 0 : minRating, minInteractions);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--history/--min-rating/--min-interactions: " + e.getMessage(), e);
        }
    }

    /**
     * The id rule.
     * @return {@code --ids}.
     * @throws IllegalArgumentException if it is neither integer nor text.
     */
    Ids ids() {
        return choice(Ids.class, "--ids", ids);
    }

    /**
     * Where the Fisher curvature's gradients are kept.
     * @return {@code --curvature-on}.
     * @throws IllegalArgumentException for another value.
     */
    Placement curvatureOn() {
        return choice(Placement.class, "--curvature-on", curvatureOn);
    }

    /**
     * Where the re-audits run.
     * @return {@code --re-audits-on}.
     * @throws IllegalArgumentException for another value.
     */
    Placement reAuditsOn() {
        return choice(Placement.class, "--re-audits-on", reAuditsOn);
    }

    /**
     * Where the first audit's scores, calibration and surrogate gradients run.
     * @return {@code --first-audit-on}.
     */
    Placement firstAuditOn() {
        return choice(Placement.class, "--first-audit-on", firstAuditOn);
    }

    /** An enum option's value, any case; another value is refused naming the option and the choices. */
    private static <E extends Enum<E>> E choice(Class<E> type, String option, String value) {
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            List<String> names = Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT)).toList();
            throw new IllegalArgumentException(option + " must be " + String.join(" or ", names) + ", found '" + value + "'", e);
        }
    }

    /**
     * The format of an input: {@code --format}, else by its extension.
     * @param option the option naming the input (for the message).
     * @param path the path.
     * @return the format.
     * @throws IllegalArgumentException if {@code --format} is unknown or the extension says nothing.
     */
    Format format(String option, String path) {
        if (format != null) {
            return choice(Format.class, "--format", format);
        }
        String name = path.toLowerCase(Locale.ROOT);
        while (name.endsWith("/")) {
            name = name.substring(0, name.length() - 1);
        }
        for (String text : List.of(".csv", ".csv.gz", ".tsv", ".tsv.gz", ".tab")) {
            if (name.endsWith(text)) {
                return Format.CSV;
            }
        }
        if (name.endsWith(".parquet")) {
            return Format.PARQUET;
        }
        throw new IllegalArgumentException(option + " " + path + ": cannot tell the format from the name (.csv, .tsv, .tab, .csv.gz, .tsv.gz or .parquet); "
                                           + "pass --format csv or --format parquet");
    }

    /** @return the model file. */
    public Path model() {
        return model;
    }

    /** @return the debiased model file to write. */
    public Path out() {
        return out;
    }

    /** @return the summary file, or null. */
    public Path summary() {
        return summary;
    }

    /** @return whether existing outputs may be overwritten. */
    public boolean force() {
        return force;
    }
}
