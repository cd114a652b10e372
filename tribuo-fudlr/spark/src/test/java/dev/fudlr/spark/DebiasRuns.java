/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.spark;

import com.oracle.labs.mlrg.olcut.provenance.MapProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.DoubleProvenance;
import dev.fudlr.PostTrainingResult;
import dev.fudlr.data.Interaction;
import dev.fudlr.data.UserInfo;
import dev.fudlr.debias.FudlrReport;
import dev.fudlr.debias.FudlrTransformer;
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
     * Largest relative difference of the certificate's values: they use the full-data gradient of the per-sample pass,
     * which Spark adds in another order (partition sums in tree order); the rest of the record is bit-identical.
     */
    static final double CERTIFICATE_TOLERANCE = 1e-9;

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

    private static MutableDataset<Label> dataset(List<Example<Label>> examples, String name) {
        LabelFactory f = new LabelFactory();
        return new MutableDataset<>(new ListDataSource<>(examples, f, new SimpleDataSourceProvenance("spark debias test " + name,
            OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC), f)));
    }

    /**
     * Asserts that a Spark run is the single-JVM run: the same unlearned samples, bit-identical parameters, every
     * instance value equal except the stage times, the execution facts (only the Spark run has them) and the
     * certificate (within {@link #CERTIFICATE_TOLERANCE}); the execution facts name the master and the per-sample
     * stage's partitions; the written file loads back with the same parameters and provenance.
     * @param expected the single-JVM result.
     * @param got the Spark result.
     * @param written the model file the Spark run wrote.
     * @param master the expected {@code spark.master}.
     * @param chunksPerPartition the run's {@code --chunks-per-partition}.
     */
    static void assertSameRun(PostTrainingResult<Label> expected, PostTrainingResult<Label> got, Path written, String master,
                              int chunksPerPartition) {
        FudlrReport e = (FudlrReport) expected.report();
        FudlrReport g = (FudlrReport) got.report();
        assertFalse(e.unlearnedIds().isEmpty(), "the single-JVM run unlearned nothing: the comparison would say little");
        assertEquals(e.unlearnedIds(), g.unlearnedIds());
        double[] theta = ((DjlRecommenderModel) expected.model()).trainableParametersAsDouble();
        assertArrayEquals(theta, ((DjlRecommenderModel) got.model()).trainableParametersAsDouble(), 0.0, "trainable parameters");
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
            if (key.startsWith(certificate) && x.getValue() instanceof DoubleProvenance a && gv.get(key) instanceof DoubleProvenance b) {
                double scale = Math.max(Math.abs(a.getValue()), Double.MIN_NORMAL);
                largest = Math.max(largest, Math.abs(a.getValue() - b.getValue()) / scale);
                assertTrue(Math.abs(a.getValue() - b.getValue()) <= CERTIFICATE_TOLERANCE * scale,
                           key + ": " + b.getValue() + " vs the single-JVM " + a.getValue());
                approximate++;
            } else {
                assertEquals(x.getValue(), gv.get(key), key);
            }
        }
        assertTrue(approximate > 0, "no certificate values compared: " + ev.keySet());
        double measured = largest;
        int compared = approximate;
        logger.info(() -> "Certificate values of the Spark run: largest relative difference " + measured + " over " + compared + " values");

        MapProvenance<?> facts = assertInstanceOf(MapProvenance.class, gv.get(ReportKey.EXECUTION.key()));
        Map<String, ? extends Provenance> f = facts.getMap();
        assertEquals(master, f.get("spark.master").toString(), "execution facts " + f);
        long n = Fixture.train().size();
        long perPartition = (long) CHUNK * chunksPerPartition;
        String stage = "spark.stage." + SparkGradients.EFFECTS_STAGE + ".";
        assertEquals(Long.toString((n + perPartition - 1) / perPartition), f.get(stage + "partitions").toString(), "execution facts " + f);
        assertEquals(Long.toString(n), f.get(stage + "rows").toString());
        assertEquals(Long.toString(n), f.get("spark.stage." + SparkRemovalScorePass.SAMPLES_STAGE + ".rows").toString());

        DjlRecommenderModel back = ModelFiles.load(written, DjlRecommenderModel.class);
        try {
            assertArrayEquals(theta, back.trainableParametersAsDouble(), 0.0, "parameters of the written file");
            assertEquals(got.model().getProvenance(), back.getProvenance());
        } finally {
            back.close();
        }
    }
}
