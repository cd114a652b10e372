/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code fudlr audit} on MovieLens-format data whose test split has a target item that no training sample has (as on
 * other MovieLens releases): the example is left out and counted, as FUDLR's own audit does, instead of failing with
 * "not in the model's catalogue"; and the cut-off K is bounded.
 */
class AuditCommandTest {

    /** Users, and items 1..20 that every user draws from; item 21 is user 1's last (test) item and nobody else's. */
    private static final int USERS = 30;
    private static final int ITEMS = 20;
    private static final int UNSEEN = 21;

    @TempDir
    static Path dir;

    static Path data;
    static Path model;

    /** A small valid ml-100k directory: 30 users with 10 ratings each over items 1..20; user 1 has an 11th, item 21. */
    static Path writeData(Path target) throws IOException {
        Files.createDirectories(target);
        List<String> users = new ArrayList<>();
        List<String> ratings = new ArrayList<>();
        for (int u = 1; u <= USERS; u++) {
            users.add(u + "|" + (20 + u) + "|" + (u % 2 == 0 ? "F" : "M") + "|" + (u % 3 == 0 ? "writer" : "other") + "|0" + (10_000 + u));
            for (int j = 0; j < 10; j++) {
                // 3 and 20 are coprime: ten distinct items per user, and every item is some users' training target.
                ratings.add(u + "\t" + ((u + 3 * j) % ITEMS + 1) + "\t" + (1 + (u + j) % 5) + "\t" + (880_000_000L + 1_000L * u + j));
            }
        }
        ratings.add("1\t" + UNSEEN + "\t4\t" + (880_000_000L + 1_000L + 99));
        String[] flags = new String[19];
        Arrays.fill(flags, "0");
        flags[1] = "1";
        List<String> items = new ArrayList<>();
        for (int i = 1; i <= UNSEEN; i++) {
            items.add(i + "|Movie " + i + " (1995)|01-Jan-1995||http://example.org/" + i + "|" + String.join("|", flags));
        }
        Files.write(target.resolve("u.user"), users, StandardCharsets.ISO_8859_1);
        Files.write(target.resolve("u.item"), items, StandardCharsets.ISO_8859_1);
        Files.write(target.resolve("u.data"), ratings, StandardCharsets.ISO_8859_1);
        return target;
    }

    @BeforeAll
    static void trainTinyModel() throws Exception {
        data = writeData(dir.resolve("ml-tiny"));
        model = dir.resolve("tiny.model");
        Path config = Path.of(AuditCommandTest.class.getResource("/dev/fudlr/cli/tiny-float64-trainer.xml").toURI());
        CliRunner.Run train = CliRunner.run("train", "--config", config.toString(), "--data", data.toString(), "--history", "5",
                                            "-o", model.toString());
        assertEquals(0, train.code(), train.toString());
    }

    @Test
    void testTargetsNeverSeenInTrainingAreLeftOutAndCounted() throws Exception {
        Path json = dir.resolve("audit.json");
        // Was: exit 2, "Target item '21' ... is not in the model's catalogue of 20 items".
        CliRunner.Run audit = CliRunner.run("audit", model.toString(), "--data", data.toString(), "--history", "5",
                                            "--out", json.toString());
        assertEquals(0, audit.code(), audit.toString());
        assertTrue(audit.out().contains(" on " + (USERS - 1) + " test examples of ml-100k"), audit.out());
        assertTrue(audit.out().lines().anyMatch(l -> l.matches("skipped-unknown-targets\\s+1\\s+.*")), audit.out());
        assertTrue(audit.out().lines().anyMatch(l -> l.startsWith("cross-entropy ")), audit.out());
        assertTrue(audit.err().contains("1 test examples target items the model never saw in training"), audit.err());
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertEquals(1, root.get(AuditCommand.SKIPPED).asInt());
        assertEquals(USERS - 1, root.get("examples").asInt());
        assertEquals(ITEMS, root.get("items").asInt());

        // The validation split has no such target.
        CliRunner.Run validation = CliRunner.run("audit", model.toString(), "--data", data.toString(), "--history", "5",
                                                 "--split", "validation", "--metrics", "mgu@10,ndcg@10");
        assertEquals(0, validation.code(), validation.toString());
        assertTrue(validation.out().lines().anyMatch(l -> l.matches("skipped-unknown-targets\\s+0\\s+.*")), validation.out());

        // Ranking evaluation counts the unseen target as a miss.
        CliRunner.Run evaluate = CliRunner.run("evaluate", "--model", model.toString(), "--data", data.toString(), "--history", "5");
        assertEquals(0, evaluate.code(), evaluate.toString());
    }

    @Test
    void cutOffsAreBoundedByTheCapAndTheCatalogue() {
        CliRunner.Run capped = CliRunner.run("audit", model.toString(), "--data", data.toString(), "--history", "5", "-k", "1001");
        assertEquals(FudlrCli.EXIT_USAGE, capped.code(), capped.toString());
        assertTrue(capped.err().startsWith("fudlr: error: -k must be in 1..1000 (MetricSpec.MAX_CUTOFF), found 1001"), capped.err());
        CliRunner.Run zero = CliRunner.run("audit", model.toString(), "--data", data.toString(), "--history", "5", "-k", "0");
        assertEquals(FudlrCli.EXIT_USAGE, zero.code(), zero.toString());
        CliRunner.Run metric = CliRunner.run("audit", model.toString(), "--data", data.toString(), "--history", "5",
                                             "--metrics", "mgu@5000");
        assertEquals(FudlrCli.EXIT_USAGE, metric.code(), metric.toString());
        assertTrue(metric.err().contains("K must be at most 1000"), metric.err());
        CliRunner.Run catalogue = CliRunner.run("audit", model.toString(), "--data", data.toString(), "--history", "5",
                                                "--metrics", "ndcg@50");
        assertEquals(FudlrCli.EXIT_USAGE, catalogue.code(), catalogue.toString());
        assertTrue(catalogue.err().startsWith("fudlr: error: metric cut-off K = 50 is larger than the model's catalogue of 20 items"),
                   catalogue.err());
    }
}
