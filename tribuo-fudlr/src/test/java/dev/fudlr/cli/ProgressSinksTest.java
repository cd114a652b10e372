/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.cli;

import dev.fudlr.progress.ProgressEvent;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressSinksTest {

    private static final long S = 1_000_000_000L;

    private static ProgressEvent event(long done, long elapsedNanos, boolean finished) {
        return new ProgressEvent("pretrain", "epoch 2/8", done, 8000, "samples", elapsedNanos, finished);
    }

    @Test
    void lineShowsCountsRateAndEta() {
        // 2,000 of 8,000 samples in 4 s: 500 samples/s, 6,000 left -> 12 s.
        assertEquals("pretrain: epoch 2/8, 2,000/8,000 samples (25%), 500 samples/s, ETA 12 s", ProgressSinks.line(event(2000, 4 * S, false)));
        assertEquals("pretrain: epoch 2/8, 8,000/8,000 samples (100%) in 16 s, 500 samples/s", ProgressSinks.line(event(8000, 16 * S, true)));
        ProgressEvent download = new ProgressEvent("download", "", 2_500_000, 5_000_000, "bytes", S, false);
        assertEquals("download: 2.5/5.0 MB (50%), 2.50 MB/s, ETA 1 s", ProgressSinks.line(download));
        assertEquals("1:05", ProgressSinks.duration(65));
        assertEquals("1:01:01", ProgressSinks.duration(3661));
    }

    @Test
    void plainPrintsAtMostOneLinePerIntervalAndTheEndOfLongTasks() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressSinks.Plain plain = new ProgressSinks.Plain(new PrintStream(bytes, true, StandardCharsets.UTF_8), 10 * S);
        plain.update(event(0, 0, false));
        plain.update(event(1000, 5 * S, false));
        plain.update(event(2000, 10 * S, false));
        plain.update(event(3000, 15 * S, false));
        plain.update(event(8000, 21 * S, true));
        // A task that ends within the quiet time leaves nothing.
        plain.update(new ProgressEvent("gradients", "", 10, 10, "samples", S / 2, true));
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(2, lines.length, String.join("|", lines));
        assertTrue(lines[0].startsWith("fudlr: pretrain: epoch 2/8, 2,000/8,000"), lines[0]);
        assertTrue(lines[1].contains("in 21 s"), lines[1]);
        assertFalse(bytes.toString(StandardCharsets.UTF_8).contains("\r"), "no carriage returns in logs");
    }

    @Test
    void terminalRedrawsOneLineAndKeepsLongTasks() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressSinks.Terminal tty = new ProgressSinks.Terminal(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        tty.update(event(100, S / 10, false));
        assertEquals(0, bytes.size(), "nothing for the first half second");
        tty.update(event(1000, S, false));
        tty.update(event(2000, 2 * S, false));
        tty.update(event(8000, 3 * S, true));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(3, out.split("\r", -1).length - 1, "every update redraws the same line");
        assertEquals(1, out.split("\n", -1).length - 1, "one newline, after the finished task");
        assertTrue(out.endsWith("in 3 s, 2,667 samples/s\n"), out);
    }

    @Test
    void etaFollowsTheRecentRate() {
        ProgressSinks.RecentRates rates = new ProgressSinks.RecentRates();
        double recent = 0;
        // 10 s at 100 samples/s, then 10 s at 1,000 samples/s, one event per second.
        for (int t = 0; t <= 20; t++) {
            long done = t <= 10 ? 100L * t : 1000 + 1000L * (t - 10);
            recent = rates.update(new ProgressEvent("train", "", done, 100_000, "samples", t * S, false));
        }
        // The old rate's weight after 10 s is exp(-10/5) = 0.135: about 1000 - 0.135 * 900 = 878.
        assertEquals(878, recent, 5);
        ProgressEvent now = new ProgressEvent("train", "", 11_000, 100_000, "samples", 20 * S, false);
        assertEquals(550, now.rate(), 1e-9, "the average since the start lags behind");
        String line = ProgressSinks.line(now, recent);
        assertTrue(line.endsWith(", 878 samples/s, ETA 1:41"), line);
        // A finished task reports its average rate and forgets its state.
        rates.update(new ProgressEvent("train", "", 100_000, 100_000, "samples", 100 * S, true));
        assertEquals(0.0, rates.update(new ProgressEvent("train", "", 0, 10, "samples", 0, false)), 0.0);
    }

    @Test
    void modesAreValidated() {
        PrintStream err = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertTrue(ProgressSinks.forMode("tty", err) instanceof ProgressSinks.Terminal);
        assertTrue(ProgressSinks.forMode("PLAIN", err) instanceof ProgressSinks.Plain);
        assertThrows(IllegalArgumentException.class, () -> ProgressSinks.forMode("rainbow", err));
        CliRunner.Run run = CliRunner.run("--progress", "rainbow", "provenance", "missing.model");
        assertEquals(FudlrCli.EXIT_USAGE, run.code());
        assertTrue(run.err().contains("--progress must be auto, tty, plain or none, not 'rainbow'"), run.err());
    }
}
