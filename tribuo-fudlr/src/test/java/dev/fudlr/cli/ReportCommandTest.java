/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.cli;

import dev.fudlr.PostTrainingResult;
import dev.fudlr.data.SampleSplits;
import dev.fudlr.debias.FudlrTransformer;
import dev.fudlr.model.DjlRecommenderModel;
import dev.fudlr.model.LmRecommenderTrainer;
import dev.fudlr.model.train.Precision;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code fudlr report} on a model debiased from the CLI's default synthetic data (history 3), saved as a Tribuo
 * model file.
 */
class ReportCommandTest {

    @TempDir
    static Path models;
    static Path debiasedFile;
    static Path originalFile;

    /** Result of one CLI run. */
    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        CommandLine cl = FudlrCli.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err, true));
        PrintStream oldOut = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            int code = cl.execute(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString());
        } finally {
            System.setOut(oldOut);
        }
    }

    @BeforeAll
    static void debias() throws Exception {
        // The same data as `--format synthetic --history 3` (the CLI's defaults otherwise).
        DataOptions data = new DataOptions();
        data.historyLength = 3;
        data.dataSeed = 42;
        MutableDataset<Label> train = new MutableDataset<>(data.source(SampleSplits.TRAIN));
        MutableDataset<Label> validation = new MutableDataset<>(data.source(SampleSplits.VALIDATION));
        try (DjlRecommenderModel original = LmRecommenderTrainer.builder().embeddingDim(8).numLayers(1).numHeads(2).ffnDim(16)
                .maxHistory(3).loraRank(2).loraAlpha(4).pretrainEpochs(1).epochs(1).batchSize(64).learningRate(1e-2).seed(7)
                .device("cpu").dtype(Precision.FLOAT64).build().trainTransformer(train)) {
            // The equal-mass grouping: on this one-epoch width-8 model no selection lowers the default (equal-size
            // quintile) MGU, and the fixture only needs a debiased model to report on.
            FudlrTransformer fudlr = FudlrTransformer.builder().objectives("mgu@10;items=popmass").accuracyTolerance(0.5).hessianSubsample(200)
                .cg(1e-2, 20).mask(100, 0.1).seed(3).build();
            PostTrainingResult<Label> result = fudlr.transform(original, train, validation);
            try (DjlRecommenderModel debiased = (DjlRecommenderModel) result.model()) {
                debiasedFile = models.resolve("debiased.tribuo");
                debiased.serializeToFile(debiasedFile);
            }
            originalFile = models.resolve("original.tribuo");
            original.serializeToFile(originalFile);
        }
    }

    @Test
    void writesTheReportAtomicallyAndNeverOverwritesWithoutForce(@TempDir Path dir) throws Exception {
        Path html = dir.resolve("out").resolve("report.html");
        Run first = run("report", debiasedFile.toString(), "--out", html.toString());
        assertEquals(0, first.code(), first.err());
        assertTrue(first.out().contains("verification"), first.out());
        String doc = Files.readString(html);
        assertTrue(doc.startsWith("<!DOCTYPE html>"));
        assertTrue(doc.contains("FUDLR audit report: debiased.tribuo"));
        // The CLI hands the model to the report, so the parameter hash is checked (and passes).
        int check = doc.indexOf("Model parameters match the recorded SHA-256");
        assertTrue(check > 0 && doc.substring(check, doc.indexOf("</tr>", check)).contains("badge pass"), "parameter check");
        try (Stream<Path> files = Files.list(html.getParent())) {
            assertEquals(1, files.count(), "no temporary file may be left beside the report");
        }

        byte[] before = Files.readAllBytes(html);
        Run again = run("report", debiasedFile.toString(), "--out", html.toString());
        assertEquals(FudlrCli.EXIT_USAGE, again.code());
        assertTrue(again.err().contains("--force"), again.err());
        assertArrayEquals(before, Files.readAllBytes(html));

        Run forced = run("report", debiasedFile.toString(), "--out", html.toString(), "--force");
        assertEquals(0, forced.code(), forced.err());
        // Same model, same report: byte-identical.
        assertArrayEquals(before, Files.readAllBytes(html));
    }

    @Test
    void userAttributesNeedTheDataAndAppearOnlyWhenAsked(@TempDir Path dir) throws Exception {
        Run noData = run("report", debiasedFile.toString(), "--out", dir.resolve("a.html").toString(), "--include-user-attributes");
        assertEquals(FudlrCli.EXIT_USAGE, noData.code());
        assertTrue(noData.err().startsWith("fudlr: error: --include-user-attributes needs the training data"), noData.err());
        assertFalse(Files.exists(dir.resolve("a.html")));

        Path plain = dir.resolve("plain.html");
        assertEquals(0, run("report", debiasedFile.toString(), "--out", plain.toString(), "--format", "synthetic", "--history", "3").code());
        Path withAttributes = dir.resolve("attributes.html");
        Run r = run("report", debiasedFile.toString(), "--out", withAttributes.toString(), "--format", "synthetic", "--history", "3",
                    "--include-user-attributes", "--top", "5");
        assertEquals(0, r.code(), r.err());
        String doc = Files.readString(withAttributes);
        assertTrue(doc.contains("contains per-user sensitive attribute values"));
        assertTrue(samplesHeader(doc).contains("<th>occupation</th>"), "per-user attribute column");
        String plainDoc = Files.readString(plain);
        assertFalse(samplesHeader(plainDoc).contains("<th>occupation</th>"), samplesHeader(plainDoc));
        // FUDLR records the group counts itself; the report shows them either way.
        assertTrue(plainDoc.contains("Group-level counts (recorded by the run)")
                   || plainDoc.contains("computed from the training data given to the report"), "group counts");
        // With the data, the listed samples show their histories, found by sample id.
        assertTrue(plainDoc.contains("History (most recent first)") && !plainDoc.contains("not in the data"));
    }

    /** The header row of the listed unlearned samples' table. */
    private static String samplesHeader(String doc) {
        int h = doc.indexOf("unlearned samples by mask value");
        if (h < 0) {
            h = doc.indexOf("unlearned samples (by id");
        }
        String rest = doc.substring(h);
        return rest.substring(rest.indexOf("<thead>"), rest.indexOf("</thead>"));
    }

    @Test
    void badModelFilesGiveOneLineErrors(@TempDir Path dir) throws Exception {
        Run missing = run("report", dir.resolve("nope.tribuo").toString(), "--out", dir.resolve("r.html").toString());
        assertEquals(FudlrCli.EXIT_USAGE, missing.code());
        assertTrue(missing.err().startsWith("fudlr: error: MODEL_FILE"), missing.err());
        assertTrue(missing.err().contains("hint:"));

        Path garbage = Files.writeString(dir.resolve("garbage.tribuo"), "not a model");
        Run bad = run("report", garbage.toString(), "--out", dir.resolve("r.html").toString());
        assertEquals(FudlrCli.EXIT_USAGE, bad.code());
        assertTrue(bad.err().startsWith("fudlr: error: " + garbage + ": truncated or corrupt"), bad.err());

        Run plain = run("report", originalFile.toString(), "--out", dir.resolve("r.html").toString());
        assertEquals(FudlrCli.EXIT_USAGE, plain.code());
        assertTrue(plain.err().contains("No FUDLR run is recorded"), plain.err());
        assertFalse(plain.err().contains("\tat "), "no stack trace without --verbose");
        assertEquals(2, plain.err().strip().split("\n").length, "one error line and one hint: " + plain.err());
        assertFalse(Files.exists(dir.resolve("r.html")));

        Run noOut = run("report", debiasedFile.toString());
        assertEquals(FudlrCli.EXIT_USAGE, noOut.code());
    }
}
