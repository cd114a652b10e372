/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The data options are checked against their documented caps, and synthetic sizes against the Java heap, before any
 * data are generated or models loaded: one error line and exit code 2, never an out-of-memory crash.
 */
class DataOptionsTest {

    private static void assertRefused(CliRunner.Run run, String start) {
        assertEquals(FudlrCli.EXIT_USAGE, run.code(), run.toString());
        assertTrue(run.err().startsWith("fudlr: error: " + start), run.toString());
        assertFalse(run.err().contains("OutOfMemoryError") || run.err().contains("out of memory"), run.toString());
    }

    @Test
    void sizesOverTheCapsAreRefusedBeforeAnythingIsGenerated() {
        long start = System.nanoTime();
        // Was: the data were generated first, and the JVM ran out of memory.
        assertRefused(CliRunner.run("demo", "--synthetic-users", "2000000000"),
                      "--synthetic-users must be in 1..1,000,000, found 2,000,000,000");
        assertRefused(CliRunner.run("demo", "--synthetic-items", "1000000"), "--synthetic-items must be in 1..100,000, found 1,000,000");
        assertRefused(CliRunner.run("train", "-o", "never.model", "--synthetic-max-per-user", "20000"),
                      "--synthetic-max-per-user must be in 10..10,000, found 20,000");
        assertRefused(CliRunner.run("demo", "--history", "5000"), "--history must be in 1..1,000, found 5,000");
        assertRefused(CliRunner.run("evaluate", "--model", "no.model", "--history", "0"), "--history must be in 1..1,000, found 0");
        assertTrue((System.nanoTime() - start) / 1e9 < 10, "refused at once");
    }

    @Test
    void syntheticDataTooLargeForTheHeapAreRefusedWithTheEstimate() {
        CliRunner.Run run = CliRunner.run("demo", "--synthetic-users", "1000000", "--synthetic-items", "20000",
                                          "--synthetic-max-per-user", "2000");
        assertRefused(run, "Synthetic data of 1,000,000 users with 10..2,000 interactions each and its samples (history length 10) "
                           + "needs about ");
        assertTrue(run.err().contains("Lower --synthetic-users or --synthetic-max-per-user (or --history), or give the JVM more "
                                      + "memory (-Xmx; for ./fudlr e.g. FUDLR_JAVA_OPTS=-Xmx16g)"), run.err());
    }

    @Test
    void checkAcceptsTheDefaultsAndNamesTheOption() {
        DataOptions data = new DataOptions();
        data.historyLength = 10;
        data.check();
        DataOptions bad = new DataOptions();
        bad.historyLength = 1001;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, bad::check);
        assertEquals("--history must be in 1..1,000, found 1,001", e.getMessage());
    }

    @Test
    void interactionLogOptionsAreCheckedNamingTheOption(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        String model = dir.resolve("never.model").toString();
        java.nio.file.Path log = java.nio.file.Files.writeString(dir.resolve("log.csv"), "user,item\na,x\n");
        assertRefused(CliRunner.run("train", "-o", model, "--format", "interactions"), "--format interactions needs --interactions FILE");
        assertRefused(CliRunner.run("train", "-o", model, "--users", "u.csv"), "--users is an option of --format interactions, not of --format synthetic");
        assertRefused(CliRunner.run("train", "-o", model, "--interactions", dir.resolve("nope.csv").toString()),
                      "--interactions " + dir.resolve("nope.csv") + ": file not found");
        assertRefused(CliRunner.run("train", "-o", model, "--interactions", log.toString(), "--items", dir.toString()),
                      "--items " + dir + ": not a regular file");
        assertRefused(CliRunner.run("train", "-o", model, "--interactions", log.toString(), "--column", "colour=x"),
                      "--column colour=x: unknown role 'colour', expected one of user, item, timestamp, rating, item-text, item-categories");
        assertRefused(CliRunner.run("train", "-o", model, "--interactions", log.toString(), "--column", "item=user"),
                      "--column: userColumn and itemColumn must differ, both are 'user'");
        assertRefused(CliRunner.run("train", "-o", model, "--format", "interactions", "--data", dir.toString(), "--interactions", log.toString()),
                      "--data is a MovieLens directory; name the files of --format interactions with --interactions, --users and --items");
        assertRefused(CliRunner.run("train", "-o", model, "--format", "ml-20m"),
                      "--format: Unknown data format 'ml-20m', expected one of ml-100k, ml-1m, synthetic or interactions");
        assertFalse(java.nio.file.Files.exists(dir.resolve("never.model")));
    }
}
