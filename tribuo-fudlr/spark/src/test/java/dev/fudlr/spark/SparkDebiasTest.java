/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.spark;

import dev.fudlr.PostTrainingResult;
import dev.fudlr.data.InteractionLogDataSource;
import dev.fudlr.data.SampleEncoding;
import dev.fudlr.data.SampleSplits;
import dev.fudlr.debias.FudlrReport;
import dev.fudlr.debias.FudlrTransformer;
import dev.fudlr.model.DjlRecommenderModel;
import dev.fudlr.model.LmRecommenderTrainer;
import dev.fudlr.model.ModelFiles;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A whole debias run from a CSV interaction log on Spark local mode ({@code local[2]}) is the single-JVM
 * {@code FudlrTransformer.transform} of the same samples and model; failures leave no output.
 */
class SparkDebiasTest {

    @TempDir
    static Path dir;

    private static SparkSession spark;
    private static DebiasRuns.Inputs inputs;

    @BeforeAll
    static void start() throws IOException {
        spark = Fixture.session("local[2]", "SparkDebiasTest");
        inputs = DebiasRuns.write(dir.resolve("inputs"));
    }

    @AfterEach
    void unhook() {
        FaultHooks.setAfterPartition(null);
    }

    @AfterAll
    static void stop() {
        Fixture.stop(spark);
    }

    @Test
    void theSparkRunIsTheSingleJvmRun() throws IOException {
        PostTrainingResult<Label> expected = DebiasRuns.reference(inputs);
        Path out = dir.resolve("equal/debiased.fudlr");
        Path summary = dir.resolve("equal/summary.txt");
        PostTrainingResult<Label> got = SparkDebias.run(spark, SparkDebiasOptions.parse(
            inputs.args(out, "--summary", summary.toString(), "--chunks-per-partition", "2")));
        try {
            DebiasRuns.assertSameRun(expected, got, out, "local[2]", 2);
            assertEquals(got.report().summary(), Files.readString(summary, StandardCharsets.UTF_8));
            try (Stream<Path> files = Files.list(out.getParent())) {
                assertEquals(Set.of("debiased.fudlr", "summary.txt"), Set.copyOf(files.map(p -> p.getFileName().toString()).toList()),
                             "no temporary files are left");
            }
        } finally {
            ((DjlRecommenderModel) got.model()).close();
        }
    }

    @Test
    void theFisherGradientsKeptOnTheDriverGiveTheSameRun() throws IOException {
        Path out = dir.resolve("driver-curvature/debiased.fudlr");
        PostTrainingResult<Label> got = SparkDebias.run(spark, SparkDebiasOptions.parse(inputs.args(out, "--curvature-on", "driver", "--first-audit-on", "driver")));
        try {
            DebiasRuns.assertSameRun(DebiasRuns.reference(inputs), got, out, "local[2]", SparkDebiasOptions.DEFAULT_CHUNKS_PER_PARTITION, false, false);
        } finally {
            ((DjlRecommenderModel) got.model()).close();
        }
    }

    @Test
    void theCommandLinePrintsTheSummaryAndReturnsItsExitStatuses() throws IOException {
        AtomicInteger sessions = new AtomicInteger();
        Supplier<SparkSession> session = () -> {
            sessions.incrementAndGet();
            return spark;
        };
        Path out = dir.resolve("cli/debiased.fudlr");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int status = SparkDebias.execute(inputs.args(out), new PrintStream(stdout, true, StandardCharsets.UTF_8),
                                         new PrintStream(stderr, true, StandardCharsets.UTF_8), session);
        String printed = stdout.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, stderr.toString(StandardCharsets.UTF_8));
        assertEquals(1, sessions.get());
        assertTrue(printed.contains("FUDLR: unlearned") && printed.contains("Wrote " + out.toAbsolutePath()), printed);
        DjlRecommenderModel written = ModelFiles.load(out, DjlRecommenderModel.class);
        try {
            DebiasRuns.assertSameParameters(DebiasRuns.reference(inputs), written.trainableParametersAsDouble());
        } finally {
            written.close();
        }

        // Bad usage and an existing output: status 2, one error line, and no session asked for.
        stderr.reset();
        String[] unknown = inputs.args(dir.resolve("cli/other.fudlr"), "--no-such-option");
        assertEquals(SparkDebias.EXIT_USAGE, SparkDebias.execute(unknown, new PrintStream(stdout),
                                                                  new PrintStream(stderr, true, StandardCharsets.UTF_8), session));
        assertTrue(stderr.toString(StandardCharsets.UTF_8).startsWith(SparkDebias.PROGRAM + ": error: Unknown option: '--no-such-option'"),
                   stderr.toString(StandardCharsets.UTF_8));
        stderr.reset();
        assertEquals(SparkDebias.EXIT_USAGE, SparkDebias.execute(inputs.args(out), new PrintStream(stdout),
                                                                  new PrintStream(stderr, true, StandardCharsets.UTF_8), session));
        assertTrue(stderr.toString(StandardCharsets.UTF_8).contains("--out " + out + " exists; pass --force"), stderr.toString(StandardCharsets.UTF_8));
        assertEquals(1, sessions.get(), "a session was asked for although the checks failed");
    }

    @Test
    void aLogWithTextIdsIsDebiasedAsTheCoreDataSourceRunDebiasesIt() throws IOException {
        // A model trained on the core interaction-log data source's samples of a text-id log (its provenance records the
        // source and its rules), debiased on Spark from the same files with --ids text and in one JVM from the source.
        Path textDir = Files.createDirectories(dir.resolve("text-ids"));
        Path log = InteractionLogIdsTest.textLog(textDir, "log.csv", true, true);
        Path users = InteractionLogIdsTest.userTable(textDir);
        MutableDataset<Label> train = new MutableDataset<>(InteractionLogDataSource.builder(log).users(users).historyLength(5).minRating(0)
            .minInteractions(3).split(SampleSplits.TRAIN).build());
        MutableDataset<Label> validation = new MutableDataset<>(InteractionLogDataSource.builder(log).users(users).historyLength(5)
            .minRating(0).minInteractions(3).split(SampleSplits.VALIDATION).build());
        Path modelFile = textDir.resolve("model.fudlr");
        double[] base;
        try (DjlRecommenderModel trained = LmRecommenderTrainer.builder().embeddingDim(8).numLayers(1).numHeads(2).ffnDim(16).maxHistory(5)
                 .loraRank(2).loraAlpha(4).pretrainEpochs(1).epochs(1).batchSize(32).learningRate(1e-2).seed(7).device("cpu").build()
                 .trainTransformer(train)) {
            trained.serializeToFile(modelFile);
            base = trained.trainableParametersAsDouble();
        }
        FudlrTransformer fudlr = SparkDebias.transformer(inputs.config(), null);
        DjlRecommenderModel copy = ModelFiles.load(modelFile, DjlRecommenderModel.class);
        PostTrainingResult<Label> expected = fudlr.transform(copy, train, validation);
        Path out = textDir.resolve("debiased.fudlr");
        PostTrainingResult<Label> got = SparkDebias.run(spark, SparkDebiasOptions.parse(
            "--model", modelFile.toString(), "--interactions", log.toString(), "--users", users.toString(), "--ids", "text",
            "--history", "5", "--min-rating", "0", "--min-interactions", "3", "--config", inputs.config().toString(), "--out", out.toString()));
        try {
            List<String> ids = ((FudlrReport) expected.report()).unlearnedIds();
            assertFalse(ids.isEmpty(), "the single-JVM run unlearned nothing");
            assertEquals(ids, ((FudlrReport) got.report()).unlearnedIds());
            DebiasRuns.assertSameParameters(base, ((DjlRecommenderModel) expected.model()).trainableParametersAsDouble(),
                                            ((DjlRecommenderModel) got.model()).trainableParametersAsDouble());
        } finally {
            ((DjlRecommenderModel) expected.model()).close();
            ((DjlRecommenderModel) got.model()).close();
            copy.close();
        }
    }

    @Test
    void aFailedPerSampleStageLeavesNoModelAndNoTemporaryFile() throws IOException {
        // Every attempt of every per-sample task fails (local mode tries a task once).
        FaultHooks.setAfterPartition(stage -> {
            if (SparkGradients.EFFECTS_STAGE.equals(stage)) {
                throw new IllegalStateException("injected failure of every " + stage + " task");
            }
        });
        Path outDir = Files.createDirectories(dir.resolve("failed"));
        Throwable thrown = assertThrows(Throwable.class, () -> SparkDebias.run(spark, SparkDebiasOptions.parse(
            inputs.args(outDir.resolve("debiased.fudlr"), "--summary", outDir.resolve("summary.txt").toString()))));
        assertTrue(causes(thrown).anyMatch(t -> String.valueOf(t.getMessage()).contains("injected failure of every")),
                   "failed for another reason: " + thrown);
        // The job is aborted at its first failed task, but in local mode a task of it may still be running its DJL
        // pass in this JVM: wait for it (the JVM's DJL lock), so the next test's driver-side stages do not overlap it.
        ExecutorModels.cached();
        try (Stream<Path> files = Files.list(outDir)) {
            assertEquals(List.of(), files.toList());
        }
    }

    @Test
    void anExistingOutputIsRefusedBeforeAnySparkJob() throws IOException {
        Path out = Files.writeString(dir.resolve("existing.fudlr"), "keep");
        // Neither the model nor the log exists: reading either would fail with another message.
        String[] args = {"--model", dir.resolve("no-such.model").toString(), "--interactions", dir.resolve("no-such.csv").toString(),
                         "--out", out.toString()};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SparkDebias.run(spark, SparkDebiasOptions.parse(args)));
        assertTrue(e.getMessage().contains("--out " + out) && e.getMessage().contains("exists; pass --force"), e.getMessage());
        assertEquals("keep", Files.readString(out));
    }

    @Test
    void aLogThatIsNotTheModelsTrainingDataIsRefusedNamingBothCounts() throws IOException {
        int leftOut = Fixture.splits().ratings().users().keySet().iterator().next();
        long removed = Fixture.train().stream().filter(x -> Integer.toString(leftOut).equals(user(x))).count();
        assertTrue(removed > 0);
        DebiasRuns.Inputs fewer = DebiasRuns.write(dir.resolve("fewer"), Set.of(leftOut));
        Path out = dir.resolve("fewer/debiased.fudlr");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SparkDebias.run(spark, SparkDebiasOptions.parse(fewer.args(out))));
        int n = Fixture.train().size();
        assertTrue(e.getMessage().contains("trained on " + n + " samples") && e.getMessage().contains("gives " + (n - removed) + " training samples"),
                   e.getMessage());
        assertFalse(Files.exists(out));
    }

    private static Stream<Throwable> causes(Throwable t) {
        return Stream.iterate(t, x -> x != null, x -> x.getCause() == x ? null : x.getCause());
    }

    private static String user(Example<Label> x) {
        return SampleEncoding.metadata(x, SampleEncoding.USER);
    }
}
