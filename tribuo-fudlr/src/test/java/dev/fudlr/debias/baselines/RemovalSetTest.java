/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.debias.baselines;

import dev.fudlr.data.SampleEncoding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Example;
import org.tribuo.classification.Label;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RemovalSetTest {

    private static Example<Label> sample(String id) {
        return SampleEncoding.encode(new int[]{1, 2}, 3, Map.of(SampleEncoding.USER, id.split(":")[0], SampleEncoding.SAMPLE, id));
    }

    @Test
    void sortsDeduplicatesAndHashesLikeFudlr() throws Exception {
        RemovalSet s = RemovalSet.of(List.of("7:2", " 10:1 ", "7:2", "2:5"));
        assertEquals(List.of("10:1", "2:5", "7:2"), s.ids());
        assertEquals(3, s.size());
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
            .digest("10:1\n2:5\n7:2".getBytes(StandardCharsets.UTF_8)));
        assertEquals(expected, s.sha256());
        assertEquals(s, RemovalSet.of(List.of("2:5", "7:2", "10:1")));
        // String order, as FUDLR sorts its ids: "10:1" < "1:1" since '0' < ':'.
        assertEquals(List.of("10:1", "1:1", "2:5", "7:2"), s.union(RemovalSet.of(List.of("1:1", "2:5"))).ids());
        assertThrows(IllegalArgumentException.class, () -> RemovalSet.of(List.of("1:1", " ")));
    }

    @Test
    void fileRoundTripSkipsCommentsAndBlankLines(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("ids.txt");
        Files.writeString(f, "# unlearned by FUDLR\n\n3:1\r\n1:4\n  # indented comment\n3:1\n", StandardCharsets.UTF_8);
        RemovalSet s = RemovalSet.read(f);
        assertEquals(List.of("1:4", "3:1"), s.ids());
        Path out = tmp.resolve("out.txt");
        s.write(out);
        assertEquals(List.of("1:4", "3:1"), Files.readAllLines(out, StandardCharsets.UTF_8));
        assertEquals(s, RemovalSet.read(out));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RemovalSet.read(tmp.resolve("missing.txt")));
        assertTrue(e.getMessage().contains("missing.txt"), e.getMessage());
    }

    @Test
    void findsTrainingPositionsAndNamesMissingIds() {
        List<Example<Label>> train = List.of(sample("1:1"), sample("1:2"), sample("2:1"), sample("2:2"));
        assertArrayEquals(new int[]{1, 2}, RemovalSet.of(List.of("2:1", "1:2")).indicesIn(train));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> RemovalSet.of(List.of("2:1", "9:9")).indicesIn(train));
        assertTrue(e.getMessage().startsWith("1 of the 2") && e.getMessage().contains("9:9"), e.getMessage());
    }
}
