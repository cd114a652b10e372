/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Model;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FudlrCliTest {

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

    private static Path tinyConfig() throws URISyntaxException {
        return Path.of(FudlrCliTest.class.getResource("/dev/fudlr/model/tiny-trainer.xml").toURI());
    }

    @Test
    void trainWritesModelAtomicallyAndEvaluateReadsIt(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("out").resolve("model.tribuo");
        Run train = run("train", "--config", tinyConfig().toString(), "--history", "3", "--synthetic-users", "60", "--synthetic-items", "40",
                        "--synthetic-max-per-user", "20", "-o", model.toString());
        assertEquals(0, train.code(), train.err());
        assertTrue(Files.size(model) > 0);
        try (Stream<Path> files = Files.list(model.getParent())) {
            assertEquals(1, files.count(), "no temporary file may be left beside the model");
        }
        Model<?> loaded = Model.deserializeFromFile(model);
        assertTrue(loaded.getProvenance().getTrainerProvenance().toString().contains("LmRecommenderTrainer"));

        // A second run without --force refuses and leaves the file as it was.
        byte[] before = Files.readAllBytes(model);
        Run again = run("train", "--config", tinyConfig().toString(), "--history", "3", "-o", model.toString());
        assertEquals(FudlrCli.EXIT_USAGE, again.code());
        assertTrue(again.err().contains("--force"), again.err());
        assertArrayEquals(before, Files.readAllBytes(model));

        Run eval = run("evaluate", "--model", model.toString(), "--history", "3", "--synthetic-users", "60", "--synthetic-items", "40",
                       "--synthetic-max-per-user", "20");
        assertEquals(0, eval.code(), eval.err());
        assertTrue(eval.out().contains("NDCG"), eval.out());

        // --device overrides the stored device for the run (same numbers on the CPU); a bad value is a usage error.
        Run onCpu = run("evaluate", "--model", model.toString(), "--history", "3", "--synthetic-users", "60", "--synthetic-items", "40",
                        "--synthetic-max-per-user", "20", "--device", "cpu");
        assertEquals(0, onCpu.code(), onCpu.err());
        assertEquals(eval.out(), onCpu.out());
        Run badDevice = run("evaluate", "--model", model.toString(), "--device", "gpu0");
        assertEquals(FudlrCli.EXIT_USAGE, badDevice.code());
        assertTrue(badDevice.err().startsWith("fudlr: error: --device must be auto, cpu, gpu or gpu:<index>, not 'gpu0'"), badDevice.err());
    }

    @Test
    void badInputGivesOneLineAndHint(@TempDir Path dir) throws IOException {
        Run missingData = run("evaluate", "--model", dir.resolve("nope.tribuo").toString());
        assertEquals(FudlrCli.EXIT_USAGE, missingData.code());
        assertTrue(missingData.err().startsWith("fudlr: error: --model"), missingData.err());
        assertTrue(missingData.err().contains("hint:"), missingData.err());
        assertFalse(missingData.err().contains("\tat "), "no stack trace without --verbose");

        Path empty = Files.createDirectory(dir.resolve("empty"));
        Run noFiles = run("train", "--data", empty.toString(), "-o", dir.resolve("m").toString());
        assertEquals(FudlrCli.EXIT_USAGE, noFiles.code());
        assertTrue(noFiles.err().contains("neither u.data"), noFiles.err());

        Run verbose = run("evaluate", "--verbose", "--model", dir.resolve("nope.tribuo").toString());
        assertTrue(verbose.err().contains("\tat "), "--verbose prints the stack trace");
    }

    @Test
    void demoRunsEndToEndOnSmallSyntheticData() {
        Run demo = run("demo", "--synthetic-users", "60", "--synthetic-items", "40", "--synthetic-max-per-user", "20",
                       "--history", "3", "--pretrain-epochs", "1", "--epochs", "1", "--device", "cpu");
        assertEquals(0, demo.code(), demo.err());
        assertTrue(demo.out().contains("| most-popular |") && demo.out().contains("| lora-transformer |"), demo.out());
        assertTrue(demo.out().contains("60 users, 40 items"), demo.out());
        assertTrue(demo.out().contains("CPU numerics: "), demo.out());
        // FUDLR either debiased (test changes with paired intervals, then the certificate) or refused with a hint.
        boolean debiased = demo.out().contains("test mgu@10") && demo.out().contains("change ") && demo.out().contains("certificate: ");
        assertTrue(debiased || demo.out().contains("hint: "), demo.out());
        if (debiased) {
            assertTrue(demo.out().matches("(?s).*test ndcg@10 +\\d\\.\\d{4} -> \\d\\.\\d{4}  change [+-]\\d\\.\\d{4} .*\\[[+-]\\d\\.\\d{4}, [+-]\\d\\.\\d{4}\\].*"),
                       demo.out());
        }
    }

    @Test
    void unknownSubcommandIsAUsageError() {
        assertEquals(FudlrCli.EXIT_USAGE, run("frobnicate").code());
    }

    @Test
    void configFilesWithExternalEntitiesAreRefusedAtEveryEntryPointAndLeakNothing(@TempDir Path dir) throws IOException {
        String secret = "TOPSECRET-" + Long.toHexString(System.nanoTime());
        Path secretFile = dir.resolve("secret.txt");
        Files.writeString(secretFile, secret);
        String doctype = "<?xml version=\"1.0\"?>\n<!DOCTYPE config [<!ENTITY e SYSTEM \"" + secretFile.toUri() + "\">]>\n";
        // The entity in an objective (used to surface in the error) and in the attributes (used to reach provenance).
        Path inObjectives = dir.resolve("objectives.xml");
        Files.writeString(inObjectives, doctype + "<config><component name=\"fudlr\" type=\"dev.fudlr.debias.FudlrTransformer\">"
                                       + "<propertylist name=\"objectives\"><item>&e;</item></propertylist></component></config>\n");
        Path inAttributes = dir.resolve("attributes.xml");
        Files.writeString(inAttributes, doctype + "<config><component name=\"fudlr\" type=\"dev.fudlr.debias.FudlrTransformer\">"
                                       + "<propertylist name=\"attributes\"><item>&e;</item></propertylist></component></config>\n");
        Path trainer = dir.resolve("trainer.xml");
        Files.writeString(trainer, doctype + "<config><component name=\"t\" type=\"dev.fudlr.model.LmRecommenderTrainer\">"
                                   + "<property name=\"deviceSpec\" value=\"&e;\"/></component></config>\n");
        Path out = dir.resolve("out.model");
        for (String[] args : new String[][]{
                {"debias", dir.resolve("m.model").toString(), "-o", out.toString(), "--config", inObjectives.toString()},
                {"debias", dir.resolve("m.model").toString(), "-o", out.toString(), "--config", inAttributes.toString()},
                {"train", "--config", trainer.toString(), "-o", out.toString()}}) {
            Run r = run(args);
            String config = args[args.length - 1].endsWith(".xml") ? args[args.length - 1] : args[2];
            assertEquals(FudlrCli.EXIT_USAGE, r.code(), r.err());
            assertTrue(r.err().startsWith("fudlr: error: " + config + " line 2: DOCTYPE is not allowed"), r.err());
            assertFalse(r.err().contains(secret) || r.out().contains(secret), r.err() + r.out());
            assertFalse(Files.exists(out), "nothing may be written");
        }
    }

    @Test
    void everyKindOfBadInputExitsTwoWithOneErrorLine(@TempDir Path dir) throws IOException {
        // A reader error (a rating out of range) in otherwise valid MovieLens-100K files.
        Path data = Files.createDirectory(dir.resolve("ml"));
        Files.writeString(data.resolve("u.data"), "1\t1\t9\t881250949\n");
        Files.writeString(data.resolve("u.user"), "1|24|M|technician|85711\n");
        Files.writeString(data.resolve("u.item"), "1|Toy Story (1995)|01-Jan-1995||http://x|0|0|0|1|1|1|0|0|0|0|0|0|0|0|0|0|0|0|0\n");
        Path malformedXml = dir.resolve("bad.xml");
        Files.writeString(malformedXml, "<config><component name=\"t\"></config>");
        Path notAModel = dir.resolve("x.model");
        Files.writeString(notAModel, "not a model");
        for (String[] args : new String[][]{
                {"demo", "--data", data.toString()},
                {"train", "--config", malformedXml.toString(), "-o", dir.resolve("o").toString()},
                {"evaluate", "--model", notAModel.toString()},
                {"demo", "--bogus-option"},
                {"demo", "--history", "abc"}}) {
            Run r = run(args);
            assertEquals(FudlrCli.EXIT_USAGE, r.code(), String.join(" ", args) + ": " + r.err());
            String[] lines = r.err().split("\n");
            assertTrue(lines[0].startsWith("fudlr: error: ") && lines[0].length() > 20, r.err());
            for (int i = 1; i < lines.length; i++) {
                assertTrue(lines[i].startsWith("hint: "), r.err());
            }
        }
        Run typo = run("demo", "--synthetic-user", "5");
        assertTrue(typo.err().contains("hint: did you mean --synthetic-users"), typo.err());
    }

    @Test
    void slf4jIsBoundSoNoProviderWarningIsPrinted() {
        // Without a binding SLF4J falls back to its no-op factory and prints three warning lines at the first logger.
        String factory = org.slf4j.LoggerFactory.getILoggerFactory().getClass().getName();
        assertFalse(factory.contains("NOP") || factory.contains("Substitute"), factory);
        // DJL's GPU probe warns on every start of a CPU-only machine: shown with --verbose only.
        java.util.logging.Logger cuda = java.util.logging.Logger.getLogger("ai.djl.util.cuda.CudaUtils");
        FudlrCli.configureLogging(false);
        assertFalse(cuda.isLoggable(java.util.logging.Level.WARNING));
        FudlrCli.configureLogging(true);
        assertTrue(cuda.isLoggable(java.util.logging.Level.WARNING));
    }
}
