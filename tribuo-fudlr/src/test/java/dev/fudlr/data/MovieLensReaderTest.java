/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MovieLensReaderTest {

    @TempDir
    Path dir;

    @Test
    void readsSmall100k() throws Exception {
        RatingsData data = MovieLensReader.read100k(TestData.writeMl100k(dir));
        assertEquals("ml-100k", data.name());
        assertEquals(3, data.users().size());
        assertEquals(5, data.items().size());
        assertEquals(7, data.interactions().size());
        assertEquals(new UserInfo(2, 53, "F", "other", "94043"), data.users().get(2));
        ItemInfo toy = data.items().get(1);
        assertEquals("Toy Story (1995)", toy.title());
        assertEquals(1995, toy.year());
        assertEquals(List.of("Animation", "Children's", "Comedy"), toy.genres());
        assertEquals(List.of("Action", "Adventure", "Thriller"), data.items().get(2).genres());
        assertEquals(1990, data.items().get(3).year(), "year from the release date when the title has none");
        assertNull(data.items().get(4).year());
        assertEquals(List.of("unknown"), data.items().get(4).genres());
        assertEquals(new Interaction(2, 4, 1, 150), data.interactions().get(5));
        assertEquals(Map.of("u.data", sha256(dir.resolve("u.data")), "u.item", sha256(dir.resolve("u.item")),
                "u.user", sha256(dir.resolve("u.user"))), data.fileHashes());
    }

    @Test
    void genreNamesComeFromUGenreWhenPresent() throws Exception {
        TestData.writeMl100k(dir);
        TestData.write(dir.resolve("u.genre"), List.of("none|0", "Loud|1", "Quiet|2", ""));
        TestData.write(dir.resolve("u.item"), List.of("1|A (1990)|||u|0|1|1", "2|B (1991)|||u|1|0|0",
                "3|C (1992)|||u|0|0|1", "4|D (1993)|||u|0|0|0", "5|E (1994)|||u|0|1|0"));
        RatingsData data = MovieLensReader.read100k(dir);
        assertEquals(List.of("Loud", "Quiet"), data.items().get(1).genres());
        assertEquals(List.of(), data.items().get(4).genres());
        assertTrue(data.fileHashes().containsKey("u.genre"));
        // The same u.item with 19 flags expected (no u.genre) is malformed.
        Files.delete(dir.resolve("u.genre"));
        DataFormatException e = assertThrows(DataFormatException.class, () -> MovieLensReader.read100k(dir));
        assertEquals("u.item line 1: expected 24 '|'-separated fields, found 8", e.getMessage());
    }

    @Test
    void readsSmall1mAsLatin1() throws Exception {
        RatingsData data = MovieLensReader.read1m(TestData.writeMl1m(dir));
        assertEquals("ml-1m", data.name());
        assertEquals(new UserInfo(1, 1, "F", "K-12 student", "48067"), data.users().get(1));
        assertEquals("self-employed", data.users().get(2).occupation());
        assertEquals(56, data.users().get(2).age());
        ItemInfo amelie = data.items().get(3);
        assertEquals("Amélie (Fabuleux destin d'Amélie Poulain, Le) (2001)", amelie.title());
        assertEquals(2001, amelie.year());
        assertEquals(List.of("Comedy", "Romance"), amelie.genres());
        assertEquals(new Interaction(3, 2, 5, 978824291L), data.interactions().get(4));
        assertEquals(3, data.fileHashes().size());
    }

    @Test
    void skipsBlankLinesAndCarriageReturns() throws Exception {
        TestData.writeMl100k(dir);
        Files.writeString(dir.resolve("u.data"), "1\t1\t5\t100\r\n\r\n2\t1\t4\t100\r\n");
        RatingsData data = MovieLensReader.read100k(dir);
        assertEquals(List.of(new Interaction(1, 1, 5, 100), new Interaction(2, 1, 4, 100)), data.interactions());
    }

    /** Replaces line {@code index} (0-based) of a list. */
    private static List<String> with(List<String> lines, int index, String line) {
        List<String> out = new ArrayList<>(lines);
        out.set(index, line);
        return out;
    }

    private void assert100kError(String file, List<String> lines, String message) throws IOException {
        TestData.writeMl100k(dir);
        TestData.write(dir.resolve(file), lines);
        DataFormatException e = assertThrows(DataFormatException.class, () -> MovieLensReader.read100k(dir));
        assertEquals(message, e.getMessage());
    }

    @Test
    void malformed100kNamesFileLineAndProblem() throws Exception {
        assert100kError("u.data", with(TestData.U_DATA, 2, "1\t3\t4"),
                "u.data line 3: expected 4 tab-separated fields, found 3");
        assert100kError("u.data", with(TestData.U_DATA, 0, "1\t1\tfive\t100"),
                "u.data line 1: rating is not an integer: 'five'");
        assert100kError("u.data", with(TestData.U_DATA, 1, "1\t2\t6\t200"),
                "u.data line 2: rating must be 1..5, found 6");
        assert100kError("u.data", with(TestData.U_DATA, 1, "1\t2\t0\t200"),
                "u.data line 2: rating must be 1..5, found 0");
        assert100kError("u.data", with(TestData.U_DATA, 3, "9\t1\t4\t100"),
                "u.data line 4: unknown user id 9");
        assert100kError("u.data", with(TestData.U_DATA, 3, "2\t99\t4\t100"),
                "u.data line 4: unknown item id 99");
        assert100kError("u.data", with(TestData.U_DATA, 6, "1\t2\t5\t400"),
                "u.data line 7: user 1 already rated item 2 on line 2");
        assert100kError("u.data", with(TestData.U_DATA, 6, "3\t2\t5\t4x"),
                "u.data line 7: timestamp is not an integer: '4x'");
        assert100kError("u.user", with(TestData.U_USER, 2, "1|23|M|writer|32067"),
                "u.user line 3: duplicate user id 1 (first on line 1)");
        assert100kError("u.user", with(TestData.U_USER, 1, "2|53|X|other|94043"),
                "u.user line 2: gender must be M or F (or empty for unknown), found 'X'");
        assert100kError("u.user", with(TestData.U_USER, 1, "2|old|F|other|94043"),
                "u.user line 2: age is not an integer: 'old'");
        assert100kError("u.item", with(TestData.U_ITEM, 4, "2|Again (1997)|01-Jan-1997||http://x|" + TestData.flags(14)),
                "u.item line 5: duplicate item id 2 (first on line 2)");
        assert100kError("u.item", with(TestData.U_ITEM, 4, "5|Fifth (1997)|01-Jan-1997||http://x|" + TestData.flags(14).replaceFirst("0", "2")),
                "u.item line 5: genre flag 1 (unknown) must be 0 or 1, found '2'");
        assert100kError("u.item", with(TestData.U_ITEM, 0, "0|Zero (1997)|||u|" + TestData.flags()),
                "u.item line 1: item id must be positive, found 0");
        assert100kError("u.data", List.of(), "u.data: no ratings");
    }

    @Test
    void titlesAreTheSameFromLatin1Utf8AndUtf8WithByteOrderMark() throws Exception {
        TestData.writeMl100k(dir);
        String line = "5|Misérables, Les (1995)|01-Jan-1995||http://x|" + TestData.flags(8);
        List<String> lines = with(TestData.U_ITEM, 4, line);
        String text = String.join("\n", lines) + "\n";
        byte[] latin1 = text.getBytes(StandardCharsets.ISO_8859_1);
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        byte[] bom = new byte[utf8.length + 3];
        bom[0] = (byte) 0xEF;
        bom[1] = (byte) 0xBB;
        bom[2] = (byte) 0xBF;
        System.arraycopy(utf8, 0, bom, 3, utf8.length);
        assertEquals(latin1.length + 1, utf8.length, "é is one byte in ISO-8859-1, two in UTF-8");
        for (byte[] bytes : List.of(latin1, utf8, bom)) {
            Files.write(dir.resolve("u.item"), bytes);
            RatingsData data = MovieLensReader.read100k(dir);
            assertEquals("Misérables, Les (1995)", data.items().get(5).title());
            assertEquals("Toy Story (1995)", data.items().get(1).title(), "the byte-order mark is not part of the first id");
            assertEquals(sha256(dir.resolve("u.item")), data.fileHashes().get("u.item"), "hashes are of the raw bytes");
        }
        // A UTF-8 byte-order mark followed by ISO-8859-1 bytes is contradictory.
        byte[] mixed = new byte[latin1.length + 3];
        System.arraycopy(bom, 0, mixed, 0, 3);
        System.arraycopy(latin1, 0, mixed, 3, latin1.length);
        Files.write(dir.resolve("u.item"), mixed);
        DataFormatException e = assertThrows(DataFormatException.class, () -> MovieLensReader.read100k(dir));
        assertTrue(e.getMessage().startsWith("u.item: starts with a UTF-8 byte-order mark but is not valid UTF-8"), e.getMessage());
    }

    @Test
    void utf16AndBinaryFilesAreRejectedWithTheEncodingProblem() throws Exception {
        TestData.writeMl1m(dir);
        String text = String.join("\n", TestData.MOVIES_DAT) + "\n";
        Files.write(dir.resolve("movies.dat"), text.getBytes(StandardCharsets.UTF_16));
        DataFormatException withMark = assertThrows(DataFormatException.class, () -> MovieLensReader.read1m(dir));
        assertEquals("movies.dat: UTF-16 encoded (byte-order mark FE FF); save it as ISO-8859-1 (the MovieLens encoding) or UTF-8",
                withMark.getMessage());
        Files.write(dir.resolve("movies.dat"), text.getBytes(StandardCharsets.UTF_16LE));
        DataFormatException noMark = assertThrows(DataFormatException.class, () -> MovieLensReader.read1m(dir));
        assertEquals("movies.dat line 1: NUL byte at offset 1: a binary or UTF-16 file, expected ISO-8859-1 or UTF-8 text",
                noMark.getMessage());
        TestData.writeMl1m(dir);
        List<String> ratings = new ArrayList<>(TestData.RATINGS_DAT);
        ratings.set(3, "3::1::4\u0000::978300275");
        TestData.write(dir.resolve("ratings.dat"), ratings);
        DataFormatException nul = assertThrows(DataFormatException.class, () -> MovieLensReader.read1m(dir));
        assertEquals(4, nul.line(), nul.getMessage());
        assertEquals("ratings.dat", nul.file());
    }

    @Test
    void truncatedFilesNameTheLastLine() throws Exception {
        TestData.writeMl100k(dir);
        byte[] full = Files.readAllBytes(dir.resolve("u.data"));
        // Cut in the middle of the last line ("3\t2\t5\t400"): two fields left.
        Files.write(dir.resolve("u.data"), java.util.Arrays.copyOf(full, full.length - 8));
        DataFormatException e = assertThrows(DataFormatException.class, () -> MovieLensReader.read100k(dir));
        assertEquals("u.data line 7: expected 4 tab-separated fields, found 2", e.getMessage());
        // Cut after the rating's tab: the empty timestamp is named.
        Files.write(dir.resolve("u.data"), java.util.Arrays.copyOf(full, full.length - 4));
        e = assertThrows(DataFormatException.class, () -> MovieLensReader.read100k(dir));
        assertEquals("u.data line 7: timestamp is not an integer: ''", e.getMessage());
        // A truncated u.item line misses genre flags: "...|0|" is 20 fields (the last one empty).
        TestData.writeMl100k(dir);
        byte[] items = Files.readAllBytes(dir.resolve("u.item"));
        Files.write(dir.resolve("u.item"), java.util.Arrays.copyOf(items, items.length - 10));
        e = assertThrows(DataFormatException.class, () -> MovieLensReader.read100k(dir));
        assertEquals("u.item line 5: expected 24 '|'-separated fields, found 20", e.getMessage());
    }

    @Test
    void missingDemographicsAreUnknown() throws Exception {
        TestData.writeMl100k(dir);
        TestData.write(dir.resolve("u.user"), List.of("1|24|M|technician|85711", "2||||", "3|23||writer|32067"));
        RatingsData data = MovieLensReader.read100k(dir);
        assertEquals(new UserInfo(2, null, null, null, null), data.users().get(2));
        assertEquals(new UserInfo(3, 23, null, "writer", "32067"), data.users().get(3));
        assert100kError("u.user", List.of("1|24|M|technician|85711", "2|0|F||", "3|23|M|writer|1"),
                "u.user line 2: age out of range: 0");

        TestData.writeMl1m(dir);
        TestData.write(dir.resolve("users.dat"), List.of("1::F::1::10::48067", "2::::::::", "3::M::25::::55117"));
        RatingsData m1 = MovieLensReader.read1m(dir);
        assertEquals(new UserInfo(2, null, null, null, null), m1.users().get(2));
        assertEquals(new UserInfo(3, 25, "M", null, "55117"), m1.users().get(3));
        assert1mError("users.dat", l -> with(l, 1, "2::m::56::16::70072"), TestData.USERS_DAT,
                "users.dat line 2: gender must be M or F (or empty for unknown), found 'm'");
    }

    @Test
    void unknownIdsAndEmptyFilesAreNamed() throws Exception {
        assert100kError("u.data", with(TestData.U_DATA, 0, "-1\t1\t5\t100"), "u.data line 1: unknown user id -1");
        assert100kError("u.data", with(TestData.U_DATA, 0, "1\t99999999999\t5\t100"),
                "u.data line 1: item id is not an integer: '99999999999'");
        assert100kError("u.user", List.of("", "  "), "u.user: no users");
        assert100kError("u.item", List.of(), "u.item: no items");
        assert1mError("movies.dat", l -> List.of(), TestData.MOVIES_DAT, "movies.dat: no movies");
        assert1mError("users.dat", l -> with(l, 0, "x::F::1::10::48067"), TestData.USERS_DAT,
                "users.dat line 1: user id is not an integer: 'x'");
    }

    @Test
    void missingFileIsNamed() throws Exception {
        TestData.writeMl100k(dir);
        Files.delete(dir.resolve("u.item"));
        DataFormatException e = assertThrows(DataFormatException.class, () -> MovieLensReader.read100k(dir));
        assertTrue(e.getMessage().startsWith("u.item: file not found in "), e.getMessage());
        assertEquals("u.item", e.file());
        assertEquals(-1, e.line());
        DataFormatException noDir = assertThrows(DataFormatException.class,
                () -> MovieLensReader.read1m(dir.resolve("nowhere")));
        assertTrue(noDir.getMessage().contains("not a directory"), noDir.getMessage());
    }

    private void assert1mError(String file, UnaryOperator<List<String>> edit, List<String> base, String message) throws IOException {
        TestData.writeMl1m(dir);
        TestData.write(dir.resolve(file), edit.apply(base));
        DataFormatException e = assertThrows(DataFormatException.class, () -> MovieLensReader.read1m(dir));
        assertEquals(message, e.getMessage());
    }

    @Test
    void malformed1mNamesFileLineAndProblem() throws Exception {
        assert1mError("ratings.dat", l -> with(l, 1, "1::3::3"), TestData.RATINGS_DAT,
                "ratings.dat line 2: expected 4 '::'-separated fields, found 3");
        assert1mError("ratings.dat", l -> with(l, 1, "1::4::3::978302109"), TestData.RATINGS_DAT,
                "ratings.dat line 2: unknown item id 4");
        assert1mError("users.dat", l -> with(l, 1, "2::M::30::16::70072"), TestData.USERS_DAT,
                "users.dat line 2: age must be one of the bucket codes 1, 18, 25, 35, 45, 50, 56, found 30");
        assert1mError("users.dat", l -> with(l, 1, "2::M::56::21::70072"), TestData.USERS_DAT,
                "users.dat line 2: occupation code must be 0..20, found 21");
        assert1mError("movies.dat", l -> with(l, 2, "2::Copy (1995)::Comedy"), TestData.MOVIES_DAT,
                "movies.dat line 3: duplicate movie id 2 (first on line 2)");
        assert1mError("movies.dat", l -> with(l, 0, "1::Toy Story (1995)::Animation||Comedy"), TestData.MOVIES_DAT,
                "movies.dat line 1: empty genre name in 'Animation||Comedy'");
    }

    @Test
    void cacheReturnsSameInstanceUntilAFileChanges() throws Exception {
        TestData.writeMl100k(dir);
        RatingsData first = MovieLensReader.readCached(MovieLensFormat.ML_100K, dir);
        assertSame(first, MovieLensReader.readCached(MovieLensFormat.ML_100K, dir));
        assertNotSame(first, MovieLensReader.read(MovieLensFormat.ML_100K, dir), "read() never caches");
        List<String> more = new ArrayList<>(TestData.U_DATA);
        more.add("3\t5\t4\t500");
        TestData.write(dir.resolve("u.data"), more);
        RatingsData changed = MovieLensReader.readCached(MovieLensFormat.ML_100K, dir);
        assertNotSame(first, changed);
        assertEquals(8, changed.interactions().size());
        assertThrows(IllegalArgumentException.class, () -> MovieLensReader.read(MovieLensFormat.SYNTHETIC, dir));
    }

    @Test
    void ratingsDataRejectsInconsistentInput() {
        List<UserInfo> users = List.of(new UserInfo(1, null, null, null, null));
        List<ItemInfo> items = List.of(new ItemInfo(1, "A", null, List.of()), new ItemInfo(2, "B", null, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new RatingsData("x", users, items,
                List.of(new Interaction(2, 1, 3, 0)), Map.of()));
        assertThrows(IllegalArgumentException.class, () -> new RatingsData("x", users, items,
                List.of(new Interaction(1, 3, 3, 0)), Map.of()));
        IllegalArgumentException dup = assertThrows(IllegalArgumentException.class, () -> new RatingsData("x", users, items,
                List.of(new Interaction(1, 1, 3, 0), new Interaction(1, 2, 3, 0), new Interaction(1, 1, 4, 5)), Map.of()));
        assertEquals("User 1 rates item 1 twice (interactions 0 and 2)", dup.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new RatingsData("x", List.of(users.get(0), users.get(0)),
                items, List.of(), Map.of()));
        assertThrows(IllegalArgumentException.class, () -> new Interaction(1, 1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new RatingsData("x", users, items, List.of(), Map.of("f", "abc")));
    }

    @Test
    void realMovieLens100k() throws Exception {
        Path real = TestData.realMl100k();
        RatingsData data = MovieLensReader.read100k(real);
        assertEquals(943, data.users().size());
        assertEquals(1682, data.items().size());
        assertEquals(100_000, data.interactions().size());
        long male = data.users().values().stream().filter(u -> "M".equals(u.gender())).count();
        long female = data.users().values().stream().filter(u -> "F".equals(u.gender())).count();
        assertEquals(670, male);
        assertEquals(273, female);
        // The first lines of u.user and u.item, as published.
        assertEquals(new UserInfo(1, 24, "M", "technician", "85711"), data.users().get(1));
        assertEquals(new ItemInfo(1, "Toy Story (1995)", 1995, List.of("Animation", "Children's", "Comedy")), data.items().get(1));
        assertEquals(List.of("unknown"), data.items().get(267).genres());
        // u.item is ISO-8859-1: 0xE9 is 'é'.
        assertEquals("Misérables, Les (1995)", data.items().get(543).title());
        assertEquals("Nénette et Boni (1996)", data.items().get(1233).title());
        assertEquals(MovieLensReader.ML100K_GENRES.size(), 19);
        for (String f : List.of("u.data", "u.item", "u.user", "u.genre")) {
            assertEquals(sha256(real.resolve(f)), data.fileHashes().get(f), f);
        }
        // Reading is deterministic: a second read gives the same users, items, interactions and hashes. (How long
        // a read takes is a benchmark's business, not a test's: wall-clock limits fail under load.)
        RatingsData again = MovieLensReader.read100k(real);
        assertEquals(data.users(), again.users());
        assertEquals(data.items(), again.items());
        assertEquals(data.interactions(), again.interactions());
        assertEquals(data.fileHashes(), again.fileHashes());
    }

    static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
