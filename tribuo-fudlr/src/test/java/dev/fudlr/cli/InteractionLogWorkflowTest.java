/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.cli;

import dev.fudlr.data.InteractionLogFixture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A generic CSV/TSV interaction log (string ids, no timestamps, a {@code region} attribute with three groups and
 * unknowns, non-default column names; {@link InteractionLogFixture}) goes {@code train -> audit -> debias -> verify ->
 * report} through the command line with {@code --format interactions}, and a bad row fails naming the file, the line
 * and the column, leaving no output file.
 */
class InteractionLogWorkflowTest {

    @TempDir
    static Path dir;

    static InteractionLogFixture.LogFiles files;

    @BeforeAll
    static void writeLog() throws Exception {
        files = InteractionLogFixture.write(dir, 150, 40, 7);
    }

    /** The data options for a log: the three files, the column names and history length 5. */
    private static List<String> data(Path interactions, Path users) {
        List<String> d = new ArrayList<>(List.of("--format", "interactions", "--interactions", interactions.toString(), "--users",
                                                 users.toString(), "--items", files.items().toString(), "--history", "5"));
        d.addAll(InteractionLogFixture.COLUMN_OPTIONS);
        return d;
    }

    private static CliRunner.Run run(List<String> head, Path interactions, Path users, String... tail) {
        List<String> all = new ArrayList<>(head);
        all.addAll(data(interactions, users));
        all.addAll(List.of(tail));
        return CliRunner.run(all.toArray(new String[0]));
    }

    private static CliRunner.Run run(List<String> head, String... tail) {
        return run(head, files.interactions(), files.users(), tail);
    }

    @Test
    void trainAuditDebiasVerifyReport() throws Exception {
        Path config = Path.of(getClass().getResource("/dev/fudlr/cli/tiny-float64-trainer.xml").toURI());
        Path base = dir.resolve("base.model");
        CliRunner.Run train = run(List.of("train", "--config", config.toString(), "-o", base.toString()));
        assertEquals(0, train.code(), train.toString());
        assertTrue(train.out().contains("of the interaction log " + files.interactions()), train.out());

        // The audit's default attributes are the user table's columns; the default metrics use the first (region).
        Path json = dir.resolve("audit.json");
        CliRunner.Run audit = run(List.of("audit", base.toString()), "--split", "validation", "--out", json.toString());
        assertEquals(0, audit.code(), audit.toString());
        assertTrue(audit.out().contains("ndcg-gap@10:region"), audit.out());
        for (String group : List.of("north", "south", "island")) {
            assertTrue(audit.out().contains(group), group + " in\n" + audit.out());
        }
        assertTrue(Files.readString(json).contains("\"ndcg-gap@10:region\""));

        Path debiased = dir.resolve("out").resolve("debiased.model");
        CliRunner.Run debias = run(List.of("debias", base.toString()), "--objective", "mgu@10,ndcg-gap@10:region", "--attributes", "region",
                                   "--max-removal-fraction", "0.3", "--accuracy-tolerance", "0.5", "--hessian-subsample", "200",
                                   "--cg-tolerance", "1e-3", "--cg-max-iterations", "30", "--mask-steps", "200",
                                   "--set", "maskLearningRate=0.1", "--seed", "3", "-o", debiased.toString());
        assertEquals(0, debias.code(), debias.toString());
        java.util.regex.Matcher unlearned = java.util.regex.Pattern.compile("FUDLR: unlearned (\\d+) samples").matcher(debias.out());
        assertTrue(unlearned.find() && Integer.parseInt(unlearned.group(1)) > 0, "a real debias, not a refusal\n" + debias.out());
        assertFalse(debias.out().contains("could not be checked"), debias.out());

        CliRunner.Run verify = run(List.of("verify", debiased.toString(), "--original", base.toString()));
        assertEquals(0, verify.code(), verify.toString());
        assertTrue(verify.out().contains("VERIFIED: every check passed"), verify.out());
        assertTrue(verify.out().lines().anyMatch(l -> l.startsWith("PASS data") && l.contains("content hash")), verify.out());

        Path html = dir.resolve("report.html");
        CliRunner.Run report = run(List.of("report", debiased.toString(), "-o", html.toString(), "--include-user-attributes"));
        assertEquals(0, report.code(), report.toString());
        String page = Files.readString(html);
        assertTrue(page.contains("<th>region</th>"), "the audited attribute is a column of the listed samples");
        assertFalse(page.contains("<th>gender</th>"), "MovieLens attributes the data do not carry are left out");

        // Other data (one user's region changed) are refused by debias and fail verify's data check.
        List<String> users = new ArrayList<>(Files.readAllLines(files.users()));
        users.set(1, users.get(1).contains("\tnorth\t") ? users.get(1).replace("\tnorth\t", "\tsouth\t")
                                                         : users.get(1).replaceFirst("\t[a-z]*\t", "\tnorth\t"));
        Path otherUsers = InteractionLogFixture.write(dir.resolve("customers-edited.tsv"), users);
        CliRunner.Run other = run(List.of("verify", debiased.toString()), files.interactions(), otherUsers);
        assertEquals(FudlrCli.EXIT_NOT_VERIFIED, other.code(), other.toString());
        assertTrue(other.out().lines().anyMatch(l -> l.startsWith("FAIL data") && l.contains("content hash")), other.out());
    }

    @Test
    void aBadRowFailsNamingFileLineAndColumnAndWritesNothing() throws Exception {
        List<String> rows = new ArrayList<>(Files.readAllLines(files.interactions()));
        rows.set(9, rows.get(9).replaceFirst(",[0-9]+,", ",lots,"));
        Path bad = InteractionLogFixture.write(dir.resolve("orders-bad.csv"), rows);
        Path out = dir.resolve("never").resolve("bad.model");
        CliRunner.Run train = run(List.of("train", "-o", out.toString()), bad, files.users());
        assertEquals(FudlrCli.EXIT_USAGE, train.code(), train.toString());
        assertTrue(train.err().startsWith("fudlr: error: orders-bad.csv line 10, column 'stars': the rating is not a finite number: 'lots'"),
                   train.err());
        assertFalse(Files.exists(out));
        if (Files.exists(out.getParent())) {
            try (Stream<Path> left = Files.list(out.getParent())) {
                assertEquals(0, left.count(), "no temporary file either");
            }
        }
    }
}
