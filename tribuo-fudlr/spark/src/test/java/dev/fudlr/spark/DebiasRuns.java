/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.spark;

import com.oracle.labs.mlrg.olcut.provenance.ListProvenance;
import com.oracle.labs.mlrg.olcut.provenance.MapProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.DoubleProvenance;
import dev.fudlr.PostTrainingResult;
import dev.fudlr.data.Interaction;
import dev.fudlr.data.UserInfo;
import dev.fudlr.debias.FudlrReport;
import dev.fudlr.debias.FudlrTransformer;
import dev.fudlr.debias.RecommenderAudit;
import dev.fudlr.debias.ReportKey;
import dev.fudlr.model.DjlRecommenderModel;
import dev.fudlr.model.ModelFiles;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.datasource.ListDataSource;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the {@link SparkDebias} tests share: the Fixture's interactions and users as CSV files, the Fixture's model as
 * a model file, a small fast FUDLR configuration (the settings of the core's FudlrTransformerTest, with a chunk size
 * that gives several chunks), the single-JVM run of that configuration (once per JVM), and the comparison of a Spark
 * run with it.
 */
final class DebiasRuns {
    private static final Logger logger = Logger.getLogger(DebiasRuns.class.getName());

    /** FUDLR's chunk size in {@link #CONFIG}. */
    static final int CHUNK = 128;

    /**
     * Largest difference of the new parameters from the single-JVM run's, relative to the Newton step's largest
     * component: the removed samples' gradient sum is formed on the executors in another order (partition sums in
     * float64, tree order), so the step's right-hand side differs by rounding and the solve carries that through.
     * A wrong sample set or a double-counted partition changes the step by far more.
     */
    static final double PARAMETER_TOLERANCE = 1e-5;

    /**
     * Largest relative difference of the values recorded after the step (metrics, fairness distance, step norm,
     * certificate): they are computed at the new parameters.
     */
    static final double AFTER_TOLERANCE = 1e-5;

    /** Instance values computed at the new parameters: compared within {@link #AFTER_TOLERANCE} (numbers) or by count. */
    private static final Set<String> AFTER_STEP_KEYS = Set.of(ReportKey.METRICS_AFTER.key(), ReportKey.FAIRNESS_DISTANCE_AFTER.key(),
        ReportKey.REMOVAL_STEP_NORM.key(), ReportKey.THETA_SHA256_AFTER.key(), ReportKey.GUARD_ATTEMPTS.key(),
        ReportKey.REMOVAL_ATTEMPTS.key());

    /** Small and fast; forced, so that a model (with a Newton removal) comes back even if FUDLR would refuse. */
    static final String CONFIG = """
        <?xml version="1.0" encoding="UTF-8"?>
        <config>
            <component name="fudlr" type="dev.fudlr.debias.FudlrTransformer">
                <propertylist name="objectives">
                    <item>mgu@10</item>
                </propertylist>
                <property name="maxRemovalFraction" value="0.3"/>
                <property name="accuracyTolerance" value="0.5"/>
                <property name="hessianSubsample" value="200"/>
                <property name="cgTolerance" value="0.001"/>
                <property name="cgMaxIterations" value="30"/>
                <property name="maskSteps" value="200"/>
                <property name="maskLearningRate" value="0.1"/>
                <property name="chunkSize" value="%d"/>
                <property name="force" value="true"/>
                <property name="seed" value="3"/>
            </component>
        </config>
        """.formatted(CHUNK);

    private static PostTrainingResult<Label> reference;

    private DebiasRuns() {}

    /**
     * The input files of one test class.
     * @param model the model file.
     * @param interactions the log (CSV).
     * @param users the user table (CSV).
     * @param config the FUDLR configuration.
     */
    record Inputs(Path model, Path interactions, Path users, Path config) {
        /**
         * The command-line arguments of a run.
         * @param out the model to write.
         * @param more further options.
         * @return the arguments, with the Fixture's sample rules.
         */
        String[] args(Path out, String... more) {
            List<String> a = new ArrayList<>(List.of("--model", model.toString(), "--interactions", interactions.toString(),
                                                     "--users", users.toString(), "--history", "5", "--min-rating", "0",
                                                     "--min-interactions", "3", "--config", config.toString(), "--out", out.toString()));
            a.addAll(List.of(more));
            return a.toArray(new String[0]);
        }
    }

    /**
     * Writes the inputs.
     * @param dir the folder.
     * @return the files.
     * @throws IOException if writing fails.
     */
    static Inputs write(Path dir) throws IOException {
        return write(dir, Set.of());
    }

    /**
     * Writes the inputs, leaving users out of the log.
     * @param dir the folder.
     * @param leftOut user ids whose interactions are not written.
     * @return the files.
     * @throws IOException if writing fails.
     */
    static Inputs write(Path dir, Set<Integer> leftOut) throws IOException {
        Files.createDirectories(dir);
        List<String> log = new ArrayList<>();
        log.add("user,item,timestamp,rating");
        for (Interaction x : Fixture.splits().ratings().interactions()) {
            if (!leftOut.contains(x.user())) {
                log.add(x.user() + "," + x.item() + "," + x.timestamp() + "," + x.rating());
            }
        }
        Path interactions = Files.write(dir.resolve("interactions.csv"), log);
        List<String> table = new ArrayList<>();
        table.add("user,gender,age,occupation");
        for (UserInfo u : Fixture.splits().ratings().users().values()) {
            table.add(u.id() + "," + text(u.gender()) + "," + text(u.age()) + "," + text(u.occupation()));
        }
        Path users = Files.write(dir.resolve("users.csv"), table);
        Path config = Files.writeString(dir.resolve("fudlr.xml"), CONFIG);
        Path model = dir.resolve("model.fudlr");
        Fixture.model().serializeToFile(model);
        return new Inputs(model, interactions, users, config);
    }

    private static String text(Object o) {
        return o == null ? "" : o.toString();
    }

    /**
     * The single-JVM run of the configuration on the Fixture's samples and a fresh copy of its model (computed once).
     * @param inputs any test class's inputs (for the configuration file).
     * @return the result (its model stays open for the JVM's life).
     */
    static synchronized PostTrainingResult<Label> reference(Inputs inputs) {
        if (reference == null) {
            FudlrTransformer fudlr = SparkDebias.transformer(inputs.config(), null);
            reference = fudlr.transform(Fixture.loaded(), dataset(Fixture.train(), "train"), dataset(Fixture.validation(), "validation"));
        }
        return reference;
    }

    /**
     * Asserts that parameters are the single-JVM run's new parameters within {@link #PARAMETER_TOLERANCE} of its step.
     * @param expected the single-JVM result.
     * @param sparkTheta the parameters to check.
     * @return the largest difference relative to the step's largest component.
     */
    static double assertSameParameters(PostTrainingResult<Label> expected, double[] sparkTheta) {
        return assertSameParameters(Fixture.model().trainableParametersAsDouble(),
                                    ((DjlRecommenderModel) expected.model()).trainableParametersAsDouble(), sparkTheta);
    }

    /**
     * As {@link #assertSameParameters(PostTrainingResult, double[])} for any base model.
     * @param base the parameters before the step.
     * @param theta the single-JVM run's parameters after it.
     * @param sparkTheta the parameters to check.
     * @return the largest difference relative to the step's largest component.
     */
    static double assertSameParameters(double[] base, double[] theta, double[] sparkTheta) {
        assertEquals(theta.length, sparkTheta.length, "parameter count");
        double step = 0;
        double difference = 0;
        for (int j = 0; j < theta.length; j++) {
            step = Math.max(step, Math.abs(theta[j] - base[j]));
            difference = Math.max(difference, Math.abs(sparkTheta[j] - theta[j]));
        }
        assertTrue(step > 0, "the single-JVM run did not move the parameters");
        assertTrue(difference <= PARAMETER_TOLERANCE * step, "parameters differ by " + difference + ", the step's largest component is " + step);
        return difference / step;
    }

    /**
     * Asserts two instance values computed at the new parameters agree: numbers (alone or in a map) within
     * {@link #AFTER_TOLERANCE} relative, lists of the same length, anything else present in both.
     * @return the largest relative difference of the numbers compared.
     */
    private static double assertClose(String key, Provenance expected, Provenance got) {
        if (expected instanceof DoubleProvenance a) {
            DoubleProvenance b = assertInstanceOf(DoubleProvenance.class, got, key);
            double scale = Math.max(Math.abs(a.getValue()), Double.MIN_NORMAL);
            double relative = Math.abs(a.getValue() - b.getValue()) / scale;
            assertTrue(relative <= AFTER_TOLERANCE, key + ": " + b.getValue() + " vs the single-JVM " + a.getValue());
            return relative;
        }
        if (expected instanceof MapProvenance<?> a) {
            MapProvenance<?> b = assertInstanceOf(MapProvenance.class, got, key);
            assertEquals(new TreeSet<>(a.getMap().keySet()), new TreeSet<>(b.getMap().keySet()), key);
            double largest = 0;
            for (Map.Entry<String, ? extends Provenance> x : a.getMap().entrySet()) {
                largest = Math.max(largest, assertClose(key + "." + x.getKey(), x.getValue(), b.getMap().get(x.getKey())));
            }
            return largest;
        }
        if (expected instanceof ListProvenance<?> a) {
            assertEquals(a.getList().size(), assertInstanceOf(ListProvenance.class, got, key).getList().size(), key);
            return 0;
        }
        assertTrue(got != null, key + " missing");
        return 0;
    }

    private static MutableDataset<Label> dataset(List<Example<Label>> examples, String name) {
        LabelFactory f = new LabelFactory();
        return new MutableDataset<>(new ListDataSource<>(examples, f, new SimpleDataSourceProvenance("spark debias test " + name,
            OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC), f)));
    }

    /**
     * Asserts that a Spark run is the single-JVM run: the same unlearned samples; the new parameters within
     * {@link #PARAMETER_TOLERANCE} of the step; every instance value computed before the step equal, those computed at
     * the new parameters within {@link #AFTER_TOLERANCE} (the parameter hash and the attempt lists, which print them,
     * only present); the execution facts name the master, the per-sample stage's partitions and the removal's gradient
     * sum and the Fisher's gradients on the executors, and show that the driver received only the training summary and
     * the unlearned samples' metadata; the written file loads back with the same parameters and provenance.
     * @param expected the single-JVM result.
     * @param got the Spark result.
     * @param written the model file the Spark run wrote.
     * @param master the expected {@code spark.master}.
     * @param chunksPerPartition the run's {@code --chunks-per-partition}.
     */
    static void assertSameRun(PostTrainingResult<Label> expected, PostTrainingResult<Label> got, Path written, String master,
                              int chunksPerPartition) {
        assertSameRun(expected, got, written, master, chunksPerPartition, true, true);
    }

    /**
     * As {@link #assertSameRun(PostTrainingResult, PostTrainingResult, Path, String, int)}, for a run whose Fisher
     * gradients were kept on the executors ({@code --curvature-on executors}) or on the driver, which then fetched the
     * Hessian subsample.
     * @param expected the single-JVM result.
     * @param got the Spark result.
     * @param written the model file the Spark run wrote.
     * @param master the expected {@code spark.master}.
     * @param chunksPerPartition the run's {@code --chunks-per-partition}.
     * @param fisherOnExecutors the run's {@code --curvature-on}.
     * @param firstAuditOnExecutors the run's {@code --first-audit-on}.
     */
    static void assertSameRun(PostTrainingResult<Label> expected, PostTrainingResult<Label> got, Path written, String master,
                              int chunksPerPartition, boolean fisherOnExecutors, boolean firstAuditOnExecutors) {
        FudlrReport e = (FudlrReport) expected.report();
        FudlrReport g = (FudlrReport) got.report();
        assertFalse(e.unlearnedIds().isEmpty(), "the single-JVM run unlearned nothing: the comparison would say little");
        assertEquals(e.unlearnedIds(), g.unlearnedIds());
        double[] sparkTheta = ((DjlRecommenderModel) got.model()).trainableParametersAsDouble();
        double parameterDifference = assertSameParameters(expected, sparkTheta);
        assertEquals(expected.model().getProvenance().getDatasetProvenance(), got.model().getProvenance().getDatasetProvenance());
        assertEquals(expected.model().getProvenance().getTrainerProvenance(), got.model().getProvenance().getTrainerProvenance());

        Map<String, ? extends Provenance> ev = expected.model().getProvenance().getInstanceProvenance().getMap();
        Map<String, ? extends Provenance> gv = got.model().getProvenance().getInstanceProvenance().getMap();
        Set<String> keys = new TreeSet<>(ev.keySet());
        keys.add(ReportKey.EXECUTION.key());
        assertEquals(keys, new TreeSet<>(gv.keySet()), "instance value keys");
        String certificate = ReportKey.PREFIX + "certificate.";
        int approximate = 0;
        double largest = 0;
        for (Map.Entry<String, ? extends Provenance> x : ev.entrySet()) {
            String key = x.getKey();
            if (key.equals(ReportKey.STAGE_SECONDS.key())) {
                continue;
            }
            if ((key.startsWith(certificate) && x.getValue() instanceof DoubleProvenance) || AFTER_STEP_KEYS.contains(key)) {
                largest = Math.max(largest, assertClose(key, x.getValue(), gv.get(key)));
                approximate++;
            } else {
                assertEquals(x.getValue(), gv.get(key), key);
            }
        }
        assertTrue(approximate > 0, "no values after the step compared: " + ev.keySet());
        double measured = largest;
        int compared = approximate;
        logger.info(() -> "Spark run vs single JVM: parameters " + parameterDifference + " of the step; values after the step: largest relative "
                          + "difference " + measured + " over " + compared + " values");

        MapProvenance<?> facts = assertInstanceOf(MapProvenance.class, gv.get(ReportKey.EXECUTION.key()));
        Map<String, ? extends Provenance> f = facts.getMap();
        assertEquals(master, f.get("spark.master").toString(), "execution facts " + f);
        long n = Fixture.train().size();
        long perPartition = (long) CHUNK * chunksPerPartition;
        String stage = "spark.stage." + SparkGradients.EFFECTS_STAGE + ".";
        assertEquals(Long.toString((n + perPartition - 1) / perPartition), f.get(stage + "partitions").toString(), "execution facts " + f);
        assertEquals(Long.toString(n), f.get(stage + "rows").toString());
        assertEquals(Long.toString(n), f.get("spark.stage." + SparkRemovalScorePass.SAMPLES_STAGE + ".rows").toString());
        // The first gradient sum on the executors is the Newton removal's over the mask's selection.
        assertTrue(f.containsKey("spark.stage." + SparkGradients.GRADIENT_SUM_STAGE + ".rows"), "no gradient sum on the executors: " + f);
        // The training samples stayed on the executors: the driver got their summary and the unlearned samples'
        // metadata; the Fisher's per-sample gradients of the Hessian subsample (the configuration's 200) stayed there
        // too, and the certificate is exact, so no examples reached the driver.
        assertEquals(Long.toString(n), f.get("spark.stage." + SparkTrainingSamples.SUMMARY_STAGE + ".rows").toString(), "execution facts " + f);
        // Every re-audit of a candidate (at least the guard's first) ran on the executors.
        String auditRows = Integer.toString(RecommenderAudit.inCatalogue(Fixture.model().items(), Fixture.validation()).size());
        assertEquals(auditRows, String.valueOf(f.get("spark.stage." + SparkReAudits.STAGE + ".rows")), "execution facts " + f);
        if (firstAuditOnExecutors) {
            // So did the first audit: its scores held there, the calibration's passes and the gradients of MGU's and
            // NDCG's surrogates (no users x items scores on the driver).
            assertEquals(auditRows, String.valueOf(f.get("spark.stage." + SparkHeldScores.HOLD + ".rows")), "execution facts " + f);
            assertTrue(f.containsKey("spark.stage." + SparkHeldScores.GRADIENT + "#2.rows"), "execution facts " + f);
            assertFalse(f.containsKey("spark.stage." + SparkHeldScores.GRADIENT + "#3.rows"), "execution facts " + f);
        } else {
            assertFalse(f.containsKey("spark.stage." + SparkHeldScores.HOLD + ".rows"), "first audit on the executors: " + f);
        }
        if (fisherOnExecutors) {
            assertEquals("200", f.get("spark.stage." + SparkFisher.GRADIENTS_STAGE + ".rows").toString(), "execution facts " + f);
            assertFalse(f.containsKey("spark.stage." + SparkTrainingSamples.EXAMPLES_STAGE + ".rows"), "examples sent to the driver: " + f);
        } else {
            assertFalse(f.containsKey("spark.stage." + SparkFisher.GRADIENTS_STAGE + ".rows"), "Fisher gradients on the executors: " + f);
            assertEquals("200", f.get("spark.stage." + SparkTrainingSamples.EXAMPLES_STAGE + ".rows").toString(), "execution facts " + f);
            assertFalse(f.containsKey("spark.stage." + SparkTrainingSamples.EXAMPLES_STAGE + "#2.rows"), "a second request for examples: " + f);
        }
        assertEquals(Integer.toString(g.unlearnedIds().size()), f.get("spark.stage." + SparkTrainingSamples.METADATA_STAGE + ".rows").toString(),
                     "execution facts " + f);

        DjlRecommenderModel back = ModelFiles.load(written, DjlRecommenderModel.class);
        try {
            assertArrayEquals(sparkTheta, back.trainableParametersAsDouble(), 0.0, "parameters of the written file");
            assertEquals(got.model().getProvenance(), back.getProvenance());
        } finally {
            back.close();
        }
    }
}
