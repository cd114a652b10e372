/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the profile's {@code --quick} mode (synthetic data, the quick-mode model) end to end: every stage at every chunk
 * size is timed, and each figure is its seconds over the same run's epoch.
 */
class EffectsPassProfileTest {

    private static final List<String> STAGES = List.of("encode inputs only", "forward: per-sample losses", "forward + backward: loss gradient",
                                                       "per-sample pass, 2 directions + gradient sum", "per-sample pass, 2 directions, no gradient sum");

    /** Half of the 0.01 the profile rounds every figure to. */
    private static final double HALF_UNIT = 0.005;

    @Test
    void quickModeTimesEveryStageAtEveryChunkInEpochsOfTheSameRun(@TempDir Path out) throws Exception {
        EffectsPassProfile.main(new String[]{"--quick", "--chunks", "64,256", "--out", out.toString()});
        List<String> lines = Files.readAllLines(out.resolve("profile.csv"), StandardCharsets.UTF_8);
        assertEquals("stage,chunk,seconds,epochs", lines.get(0));
        assertEquals(2 + 2 * STAGES.size(), lines.size(), String.join("\n", lines));
        String[] unit = row(lines.get(1));
        assertTrue(unit[0].startsWith("one LoRA training epoch"), lines.get(1));
        double epoch = Double.parseDouble(unit[2]);
        assertTrue(epoch > HALF_UNIT, lines.get(1));
        int i = 2;
        for (String chunk : List.of("64", "256")) {
            for (String stage : STAGES) {
                String[] r = row(lines.get(i++));
                assertTrue(r[0].startsWith(stage), r[0] + " instead of " + stage);
                assertEquals(chunk, r[1]);
                double seconds = Double.parseDouble(r[2]);
                // Encoding a few thousand samples may round to 0.00 s; the passes over them take longer.
                assertTrue(stage.startsWith("encode") ? seconds >= 0 : seconds > 0, lines.get(i - 1));
                // Every column is rounded to 0.01, so the true ratio lies between the bounds of the rounded figures'
                // intervals, and the printed ratio within half a unit of it.
                double ratio = Double.parseDouble(r[3]);
                double low = (Math.max(0, seconds - HALF_UNIT)) / (epoch + HALF_UNIT) - HALF_UNIT;
                double high = (seconds + HALF_UNIT) / (epoch - HALF_UNIT) + HALF_UNIT;
                assertTrue(ratio >= low - 1e-9 && ratio <= high + 1e-9,
                           lines.get(i - 1) + ": epochs " + ratio + " outside [" + low + ", " + high + "] for epoch " + epoch);
            }
        }
        assertTrue(Files.readString(out.resolve("profile.md")).toLowerCase(Locale.ROOT).contains("| stage | chunk | seconds | epochs |"));
    }

    /** A row: the quoted stage, then chunk, seconds, epochs. */
    private static String[] row(String line) {
        int end = line.indexOf('"', 1);
        String[] rest = line.substring(end + 2).split(",");
        return new String[]{line.substring(1, end), rest[0], rest[1], rest[2]};
    }
}
