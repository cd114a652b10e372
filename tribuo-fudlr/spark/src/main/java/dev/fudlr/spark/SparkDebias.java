/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.spark;

import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.config.io.ConfigLoaderException;
import com.oracle.labs.mlrg.olcut.provenance.PrimitiveProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import dev.fudlr.PostTrainingResult;
import dev.fudlr.data.DataFormatException;
import dev.fudlr.data.SampleBuilder;
import dev.fudlr.data.SampleSplits;
import dev.fudlr.debias.DebiasRefusedException;
import dev.fudlr.debias.FudlrTransformer;
import dev.fudlr.model.AbstractDjlRecommenderModel;
import dev.fudlr.model.ModelFileException;
import dev.fudlr.model.ModelFiles;
import dev.fudlr.reliability.AtomicFiles;
import dev.fudlr.reliability.ConfigFiles;
import dev.fudlr.reliability.ProvenanceClock;
import dev.fudlr.reliability.SafeXml;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.datasource.ListDataSource;
import org.tribuo.provenance.ConfiguredDataSourceProvenance;
import org.tribuo.provenance.DataProvenance;
import org.tribuo.provenance.DatasetProvenance;
import org.tribuo.provenance.ModelProvenance;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * A whole FUDLR debias run from an interaction log that Spark reads, as a {@code spark-submit} application:
 * <pre>
 * spark-submit --class dev.fudlr.spark.SparkDebias [executor settings, docs/spark.md] tribuo-fudlr-spark.jar \
 *     --model model.fudlr --interactions hdfs:///logs/interactions.parquet --out debiased.fudlr [--config fudlr.xml]
 * </pre>
 * Steps ({@link #run}):
 * <ol>
 *     <li>refuses an existing {@code --out} (or {@code --summary}) without {@code --force}, an invalid option, a
 *     configuration file or a model file before any Spark job;</li>
 *     <li>builds the training samples on the executors ({@link InteractionLogSamples}, the core's sample rules; with
 *     {@code --ids text} after numbering the log's ids as the core's interaction-log data source does,
 *     {@link InteractionLogIds}),
 *     persists and counts them ({@link SparkRemovalScorePass}), and refuses a count other than the model's training
 *     set size (its provenance): FUDLR unlearns the model's own training samples;</li>
 *     <li>collects the validation (audit) examples to the driver in index order; the training samples stay on the
 *     executors ({@link SparkTrainingSamples}): the driver receives the training summary (popularity, the audit users'
 *     seen items, group counts) and the examples of its bounded subsamples (the Hessian's, the sampled certificate's,
 *     the corrections') and the unlearned samples' metadata, each in one request;</li>
 *     <li>runs {@link FudlrTransformer#transform(Model, dev.fudlr.debias.TrainingSamples, org.tribuo.Dataset,
 *     dev.fudlr.influence.RemovalScorePass, dev.fudlr.debias.AuditPass)} with the per-sample effects pass, the gradient
 *     sums over the removed (or all retained) samples, the Fisher curvature ({@code --curvature-on}, {@link SparkFisher}),
 *     the re-audits of candidate models ({@code --re-audits-on}, {@link SparkReAudits}) and the first audit's
 *     calibration and surrogate gradients ({@code --first-audit-on}, {@link SparkHeldScores}) on the executors (the model
 *     is broadcast), so the debiased model is the single-JVM run's up to the rounding of those sums, with the cluster
 *     facts in its provenance ({@code fudlr.execution});</li>
 *     <li>writes the model (and the report's summary) atomically: a failed run leaves neither the output nor a
 *     temporary file.</li>
 * </ol>
 */
public final class SparkDebias {
    private static final Logger logger = Logger.getLogger(SparkDebias.class.getName());

    /** The program name in messages. */
    static final String PROGRAM = "fudlr-spark";
    /** Exit status of bad usage or input the user can fix. */
    static final int EXIT_USAGE = 2;
    /** Exit status of a run that failed or was refused. */
    static final int EXIT_FAILURE = 1;

    private SparkDebias() {}

    /**
     * The {@code spark-submit} entry point: {@link #execute} on the session {@code spark-submit} configures (started
     * only after the checks that need no Spark), which is stopped at the end; exits with {@link #execute}'s status
     * when it is not 0. Other failures are thrown (Spark prints them).
     * @param args the options ({@code --help} lists them).
     * @throws IOException if an output cannot be written.
     */
    public static void main(String[] args) throws IOException {
        SparkSession[] started = new SparkSession[1];
        int status;
        try {
            status = execute(args, System.out, System.err, () -> started[0] = SparkSession.builder().appName("fudlr-debias").getOrCreate());
        } finally {
            if (started[0] != null) {
                started[0].stop();
            }
        }
        if (status != 0) {
            System.exit(status);
        }
    }

    /**
     * The command line without the JVM's exit: parses the options, checks them, the outputs and the configuration
     * before asking for a session, runs {@link #run} and prints the report's summary and the files written.
     * @param args the options.
     * @param out receives the usage ({@code --help}) and the summary.
     * @param err receives errors (one line each, prefixed {@value #PROGRAM}) and, after a bad option, the usage.
     * @param session the session, asked for only when the checks pass (the caller stops it).
     * @return 0 (done, or {@code --help}), {@value #EXIT_USAGE} (bad usage or input) or {@value #EXIT_FAILURE} (FUDLR
     *         refused).
     * @throws IOException if an output cannot be written.
     */
    static int execute(String[] args, PrintStream out, PrintStream err, Supplier<SparkSession> session) throws IOException {
        CommandLine cl = new CommandLine(new SparkDebiasOptions());
        try {
            cl.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            err.println(PROGRAM + ": error: " + e.getMessage());
            cl.usage(err);
            return EXIT_USAGE;
        }
        if (cl.isUsageHelpRequested()) {
            cl.usage(out);
            return 0;
        }
        SparkDebiasOptions options = cl.getCommand();
        try {
            checkBeforeSpark(options);
            PostTrainingResult<Label> result = run(session.get(), options);
            try {
                String summary = result.report().summary();
                out.print(summary.endsWith("\n") ? summary : summary + "\n");
                out.println("Wrote " + options.out().toAbsolutePath()
                            + (options.summary() == null ? "" : " and " + options.summary().toAbsolutePath()));
            } finally {
                close(result.model());
            }
            return 0;
        } catch (RuntimeException e) {
            int status = knownFailure(e, err);
            if (status == 0) {
                throw e;
            }
            return status;
        }
    }

    /** Prints a failure the user can act on and returns its exit status; 0 for anything else (a bug, a Spark failure). */
    private static int knownFailure(RuntimeException e, PrintStream err) {
        if (e instanceof IllegalArgumentException || e instanceof PropertyException || e instanceof ConfigLoaderException
            || e instanceof ModelFileException || e instanceof DataFormatException) {
            err.println(PROGRAM + ": error: " + e.getMessage());
            return EXIT_USAGE;
        }
        if (e instanceof DebiasRefusedException r) {
            err.println(PROGRAM + ": error: " + r.getMessage() + (r.hint() == null ? "" : "\n" + PROGRAM + ": hint: " + r.hint()));
            return EXIT_FAILURE;
        }
        return 0;
    }

    /**
     * The checks that need neither Spark nor the model: options, outputs, the configuration file.
     * @param options the options.
     * @return the transformer.
     * @throws IllegalArgumentException naming the option and the problem.
     */
    static FudlrTransformer checkBeforeSpark(SparkDebiasOptions options) {
        options.check();
        AtomicFiles.checkTarget(options.out, options.force, "--out");
        if (options.summary != null) {
            if (options.summary.toAbsolutePath().normalize().equals(options.out.toAbsolutePath().normalize())) {
                throw new IllegalArgumentException("--summary " + options.summary + " names the --out file");
            }
            AtomicFiles.checkTarget(options.summary, options.force, "--summary");
        }
        if (!Files.isRegularFile(options.model)) {
            throw new IllegalArgumentException("--model " + options.model + " is not a file");
        }
        return transformer(options.config, options.component);
    }

    /**
     * Runs FUDLR on the session's cluster and writes the debiased model (and summary).
     * @param spark the session.
     * @param options the options.
     * @return the result; the caller closes its model.
     * @throws IOException if an output cannot be written (nothing is left at the output paths then).
     * @throws IllegalArgumentException on invalid options, outputs that exist without {@code --force}, or training
     * samples that are not the model's (their count differs from the model's training set), all before any FUDLR
     * stage.
     */
    public static PostTrainingResult<Label> run(SparkSession spark, SparkDebiasOptions options) throws IOException {
        FudlrTransformer transformer = checkBeforeSpark(options);
        // The executors' chunks must be the single-JVM run's for equal per-sample values.
        int chunkSize = transformer.chunkSize();
        SampleBuilder rules = options.sampleBuilder();
        AbstractDjlRecommenderModel model = loadModel(options.model);
        ModelBroadcast broadcast = null;
        SparkRemovalScorePass pass = null;
        InteractionLogIds.Numbered numbered = null;
        PostTrainingResult<Label> result = null;
        try {
            checkSampleRules(model.getProvenance(), options.history, options.minRating, options.minInteractions);
            Dataset<Row> log;
            Dataset<Row> users;
            if (options.ids() == SparkDebiasOptions.Ids.TEXT) {
                numbered = InteractionLogIds.number(spark, InteractionLogFiles.text(spark, options.interactions,
                    options.format("--interactions", options.interactions), true), "--interactions " + options.interactions, options.minRating);
                log = numbered.log();
                users = options.users == null ? null : InteractionLogIds.users(InteractionLogFiles.text(spark, options.users,
                    options.format("--users", options.users), false), numbered.userIds(), "--users " + options.users);
            } else {
                log = InteractionLogFiles.interactions(spark, options.interactions, options.format("--interactions", options.interactions));
                users = options.users == null ? null : InteractionLogFiles.users(spark, options.users, options.format("--users", options.users));
            }
            logger.info(() -> "Building the training samples of " + options.interactions + " with " + rules + " on Spark ("
                              + spark.sparkContext().master() + ")");
            broadcast = ModelBroadcast.of(JavaSparkContext.fromSparkContext(spark.sparkContext()), model);
            pass = new SparkRemovalScorePass(spark, broadcast, InteractionLogSamples.samples(spark, log, users, rules, SampleSplits.TRAIN),
                                             chunkSize, options.chunksPerPartition,
                                             options.curvatureOn() == SparkDebiasOptions.Placement.EXECUTORS);
            checkTrainingSize(model.getProvenance(), pass.size(), options.interactions, rules);
            SparkTrainingSamples train = pass.trainingSamples();
            List<Example<Label>> validation = collect(InteractionLogSamples.samples(spark, log, users, rules, SampleSplits.VALIDATION), "validation");
            if (numbered != null) {
                // Both splits are built (the training samples persisted by the pass): the parsed log is no longer needed.
                numbered.release();
            }
            logger.info(() -> String.format(Locale.ROOT, "Collected %,d validation samples on the driver (the %,d training samples stay on "
                                            + "the executors); debiasing with %s, the per-sample effects pass in partitions of %,d samples",
                                            validation.size(), train.size(), transformer, (long) chunkSize * options.chunksPerPartition));
            result = transformer.transform(model, train, dataset(validation, options.interactions, SampleSplits.VALIDATION), pass,
                                           options.reAuditsOn() == SparkDebiasOptions.Placement.EXECUTORS
                                               ? pass.reAudits(options.firstAuditOn() == SparkDebiasOptions.Placement.EXECUTORS) : null);
            logger.info(() -> String.format(Locale.ROOT, "%,d of the %,d training samples reached the driver", train.sent(), train.size()));
            Model<Label> debiased = result.model();
            AtomicFiles.write(options.out, options.force, debiased::serializeToFile);
            if (options.summary != null) {
                String summary = result.report().summary();
                try {
                    AtomicFiles.writeString(options.summary, options.force, summary);
                } catch (IOException | RuntimeException e) {
                    // A failed run leaves no model: the model without its summary would pass for a complete run.
                    Files.deleteIfExists(options.out);
                    throw e;
                }
            }
            logger.info(() -> "Wrote " + options.out.toAbsolutePath());
            return result;
        } catch (Throwable e) {
            // Precise rethrow: also Spark's (Scala, undeclared) exceptions of a failed job.
            if (result != null && result.model() != model) {
                close(result.model());
            }
            throw e;
        } finally {
            if (pass != null) {
                pass.close();
            }
            if (numbered != null) {
                numbered.release();
            }
            if (broadcast != null) {
                broadcast.destroy();
            }
            if (result == null || result.model() != model) {
                close(model);
            }
        }
    }

    /**
     * The FUDLR transformer: the component of an OLCUT file (checked by {@link SafeXml} and read through
     * {@link ConfigFiles}, as the command line's {@code fudlr debias} reads it), or the defaults.
     * @param config the configuration file, or null for the defaults.
     * @param component the component, or null for the file's first FudlrTransformer.
     * @return the transformer.
     * @throws IllegalArgumentException if the file has no such component or it is not a FudlrTransformer.
     */
    public static FudlrTransformer transformer(Path config, String component) {
        if (config == null) {
            return new FudlrTransformer();
        }
        SafeXml.Checked checked = ConfigFiles.checked(config);
        try (ConfigurationManager cm = ConfigFiles.load(checked)) {
            String chosen = ConfigFiles.component(checked, cm, config, component, FudlrTransformer.class);
            return ConfigFiles.lookup(cm, chosen, FudlrTransformer.class);
        }
    }

    /** The model file, which must hold a DJL recommender (the class the executors rebuild from its bytes). */
    @SuppressWarnings("unchecked") // a raw Class<Model>, as every Tribuo model class
    private static AbstractDjlRecommenderModel loadModel(Path file) {
        Model<?> m = ModelFiles.load(file, Model.class);
        if (!(m instanceof AbstractDjlRecommenderModel djl)) {
            close(m);
            throw new IllegalArgumentException("--model " + file + " holds a " + m.getClass().getName() + "; FUDLR on Spark needs a DJL "
                                               + "recommender with trainable parameters such as a DjlRecommenderModel (train one with `fudlr train`)");
        }
        logger.info(() -> "Loaded " + file + ": " + djl.getClass().getSimpleName() + ", " + djl.numTrainableParameters() + " trainable parameters");
        return djl;
    }

    /**
     * Refuses training samples whose count is not the model's training set size: FUDLR's per-sample effects and
     * removals refer to the model's own training samples.
     * @param provenance the model's provenance (its dataset provenance records the training set size).
     * @param n the number of training samples built.
     * @param interactions the log (for the message).
     * @param rules the sample rules (for the message).
     * @throws IllegalArgumentException naming both counts.
     */
    static void checkTrainingSize(ModelProvenance provenance, long n, String interactions, SampleBuilder rules) {
        DatasetProvenance dataset = provenance.getDatasetProvenance();
        if (dataset == null) {
            logger.warning("The model's provenance records no training dataset: the " + n + " training samples cannot be checked against it");
            return;
        }
        if (dataset.getNumExamples() != n) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                "The model was trained on %d samples, but --interactions %s gives %d training samples (%s); FUDLR unlearns the model's "
                + "own training samples: pass the interaction log and the sample rules (--history, --min-rating, --min-interactions) "
                + "the model was trained with", dataset.getNumExamples(), interactions, n, rules));
        }
    }

    /**
     * Refuses sample rules that differ from those the model's data source recorded, when it recorded them (the
     * project's data sources record {@code historyLength}, {@code minRating}, {@code minInteractions}).
     * @param provenance the model's provenance.
     * @param historyLength {@code --history}.
     * @param minRating {@code --min-rating} (the log's threshold: the sample builder's with integer ids, the reader's
     *                  with text ids, as the data source that recorded it applied it).
     * @param minInteractions {@code --min-interactions}.
     * @throws IllegalArgumentException naming the option and both values.
     */
    static void checkSampleRules(ModelProvenance provenance, int historyLength, int minRating, int minInteractions) {
        DatasetProvenance dataset = provenance.getDatasetProvenance();
        DataProvenance source = dataset == null ? null : dataset.getSourceProvenance();
        if (!(source instanceof ConfiguredDataSourceProvenance configured)) {
            return;
        }
        Map<String, Provenance> recorded = configured.getConfiguredParameters();
        compareRule(recorded, "historyLength", "--history", historyLength);
        compareRule(recorded, "minRating", "--min-rating", minRating);
        compareRule(recorded, "minInteractions", "--min-interactions", minInteractions);
    }

    private static void compareRule(Map<String, Provenance> recorded, String field, String option, int value) {
        if (recorded.get(field) instanceof PrimitiveProvenance<?> p && p.getValue() instanceof Number n && n.doubleValue() != value) {
            throw new IllegalArgumentException(option + " is " + value + ", but the model's training samples were built with " + field + " "
                                               + n + "; FUDLR unlearns the model's own training samples, so pass the same sample rules");
        }
    }

    /**
     * The examples of a sample DataFrame on the driver, in index order (the single-JVM order).
     * @param samples the samples ({@link SampleRows#SCHEMA}, indices 0..n-1).
     * @param what the split (for messages).
     * @return the examples.
     */
    static List<Example<Label>> collect(Dataset<Row> samples, String what) {
        List<Row> rows = samples.collectAsList();
        List<Example<Label>> ordered = new ArrayList<>(Collections.nCopies(rows.size(), null));
        for (Row r : rows) {
            long i = SampleRows.index(r);
            if (i < 0 || i >= ordered.size() || ordered.get((int) i) != null) {
                throw new IllegalStateException("The " + what + " samples' indices are not 0.." + (ordered.size() - 1) + " each once: "
                                                + (i < 0 || i >= ordered.size() ? "found " + i : i + " repeats"));
            }
            ordered.set((int) i, SampleRows.toExample(r));
        }
        return ordered;
    }

    private static MutableDataset<Label> dataset(List<Example<Label>> examples, String interactions, String split) {
        LabelFactory factory = new LabelFactory();
        return new MutableDataset<>(new ListDataSource<>(examples, factory,
            new SimpleDataSourceProvenance(split + " samples of " + interactions + " built on Spark", ProvenanceClock.now(), factory)));
    }

    /** Frees a model's native memory. */
    private static void close(Model<?> m) {
        if (m instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                logger.fine(() -> "Closing " + m.getClass().getSimpleName() + ": " + e);
            }
        }
    }
}
