/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.spark;

import dev.fudlr.data.SampleBuilder;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The options of the spark-submit entry point: defaults, formats, and messages naming what is wrong. */
class SparkDebiasOptionsTest {

    private static SparkDebiasOptions parse(String... more) {
        String[] base = {"--model", "m.fudlr", "--interactions", "hdfs:///logs/interactions.parquet", "--out", "out.fudlr"};
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return SparkDebiasOptions.parse(all);
    }

    @Test
    void defaultsAreTheSampleBuildersAndTasksOfSeconds() {
        SparkDebiasOptions o = parse();
        o.check();
        SampleBuilder rules = o.sampleBuilder();
        assertEquals(SampleBuilder.DEFAULT_HISTORY_LENGTH, rules.historyLength());
        assertEquals(SampleBuilder.DEFAULT_MIN_RATING, rules.minRating());
        assertEquals(SampleBuilder.DEFAULT_MIN_INTERACTIONS, rules.minInteractions());
        assertEquals(32, o.chunksPerPartition);
        assertEquals(SparkDebiasOptions.Format.PARQUET, o.format("--interactions", o.interactions));
    }

    @Test
    void theFormatComesFromTheNameOrTheOption() {
        SparkDebiasOptions o = parse();
        assertEquals(SparkDebiasOptions.Format.CSV, o.format("--users", "users.csv"));
        assertEquals(SparkDebiasOptions.Format.CSV, o.format("--users", "s3a://b/users.CSV.gz"));
        assertEquals(SparkDebiasOptions.Format.CSV, o.format("--users", "users.tsv"));
        assertEquals(SparkDebiasOptions.Format.CSV, o.format("--users", "/logs/part.TAB"));
        assertEquals(SparkDebiasOptions.Format.PARQUET, o.format("--users", "/data/users.parquet/"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> o.format("--users", "/data/users"));
        assertTrue(e.getMessage().startsWith("--users /data/users: cannot tell the format") && e.getMessage().contains("--format"), e.getMessage());
        assertEquals(SparkDebiasOptions.Format.CSV, parse("--format", "csv").format("--users", "/data/users"));
        e = assertThrows(IllegalArgumentException.class, () -> parse("--format", "json").check());
        assertTrue(e.getMessage().contains("--format must be csv or parquet, found 'json'"), e.getMessage());
    }

    @Test
    void textIdsApplyTheRatingThresholdWhileReadingNotInTheSampleBuilder() {
        assertEquals(SparkDebiasOptions.Ids.INTEGER, parse().ids());
        assertEquals(3, parse("--min-rating", "3").sampleBuilder().minRating());
        SparkDebiasOptions text = parse("--ids", "TEXT", "--min-rating", "3");
        text.check();
        assertEquals(SparkDebiasOptions.Ids.TEXT, text.ids());
        assertEquals(0, text.sampleBuilder().minRating());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse("--ids", "uuid").check());
        assertTrue(e.getMessage().contains("--ids must be integer or text, found 'uuid'"), e.getMessage());
    }

    @Test
    void theCurvatureAndTheAuditsAreOnTheExecutorsUnlessAsked() {
        assertEquals(SparkDebiasOptions.Placement.EXECUTORS, parse().curvatureOn());
        assertEquals(SparkDebiasOptions.Placement.DRIVER, parse("--curvature-on", "Driver").curvatureOn());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse("--curvature-on", "gpu").check());
        assertTrue(e.getMessage().contains("--curvature-on must be executors or driver, found 'gpu'"), e.getMessage());
        assertEquals(SparkDebiasOptions.Placement.EXECUTORS, parse().reAuditsOn());
        assertEquals(SparkDebiasOptions.Placement.DRIVER, parse("--re-audits-on", "DRIVER").reAuditsOn());
        e = assertThrows(IllegalArgumentException.class, () -> parse("--re-audits-on", "nowhere").check());
        assertTrue(e.getMessage().contains("--re-audits-on must be executors or driver, found 'nowhere'"), e.getMessage());
        assertEquals(SparkDebiasOptions.Placement.EXECUTORS, parse().firstAuditOn());
        SparkDebiasOptions driver = parse("--re-audits-on", "driver", "--first-audit-on", "driver");
        driver.check();
        assertEquals(SparkDebiasOptions.Placement.DRIVER, driver.firstAuditOn());
        // The held scores live in the re-audits' pass.
        e = assertThrows(IllegalArgumentException.class, () -> parse("--re-audits-on", "driver").check());
        assertTrue(e.getMessage().contains("--first-audit-on executors runs in the re-audits' pass"), e.getMessage());
    }

    @Test
    void invalidValuesAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse("--chunks-per-partition", "0").check());
        assertTrue(e.getMessage().contains("--chunks-per-partition must be at least 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> parse("--min-interactions", "2").check());
        assertTrue(e.getMessage().startsWith("--history/--min-rating/--min-interactions: minInteractions"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> parse("--component", "fudlr").check());
        assertTrue(e.getMessage().contains("--component fudlr needs --config"), e.getMessage());
        CommandLine.MissingParameterException missing = assertThrows(CommandLine.MissingParameterException.class,
            () -> SparkDebiasOptions.parse("--model", "m.fudlr", "--interactions", "log.csv"));
        assertTrue(missing.getMessage().contains("--out"), missing.getMessage());
    }
}
