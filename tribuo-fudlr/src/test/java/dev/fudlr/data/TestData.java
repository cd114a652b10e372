/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Small data files in the MovieLens formats, and access to the real MovieLens-100K when present.
 */
final class TestData {

    private TestData() {}

    /** Genre flags for u.item (19 columns) with the given indices set. */
    static String flags(int... set) {
        String[] f = new String[19];
        Arrays.fill(f, "0");
        for (int i : set) {
            f[i] = "1";
        }
        return String.join("|", f);
    }

    static final List<String> U_USER = List.of(
            "1|24|M|technician|85711",
            "2|53|F|other|94043",
            "3|23|M|writer|32067");

    // Item 3 has no year in its title: the year comes from the release date. Item 4 has neither.
    static final List<String> U_ITEM = List.of(
            "1|Toy Story (1995)|01-Jan-1995||http://us.imdb.com/M/title-exact?Toy%20Story%20(1995)|" + flags(3, 4, 5),
            "2|GoldenEye (1995)|01-Jan-1995||http://x|" + flags(1, 2, 16),
            "3|Some Film|01-Jan-1990||http://x|" + flags(8),
            "4|unknown||||" + flags(0),
            "5|Fifth (1997)|01-Jan-1997||http://x|" + flags(14));

    static final List<String> U_DATA = List.of(
            "1\t1\t5\t100",
            "1\t2\t3\t200",
            "1\t3\t4\t300",
            "2\t1\t4\t100",
            "2\t5\t2\t150",
            "2\t4\t1\t150",
            "3\t2\t5\t400");

    static Path writeMl100k(Path dir) throws IOException {
        write(dir.resolve("u.user"), U_USER);
        write(dir.resolve("u.item"), U_ITEM);
        write(dir.resolve("u.data"), U_DATA);
        return dir;
    }

    static final List<String> USERS_DAT = List.of(
            "1::F::1::10::48067",
            "2::M::56::16::70072",
            "3::M::25::15::55117");

    // Latin-1: "Amélie" is written with the single byte 0xE9.
    static final List<String> MOVIES_DAT = List.of(
            "1::Toy Story (1995)::Animation|Children's|Comedy",
            "2::Jumanji (1995)::Adventure|Children's|Fantasy",
            "3::Amélie (Fabuleux destin d'Amélie Poulain, Le) (2001)::Comedy|Romance");

    static final List<String> RATINGS_DAT = List.of(
            "1::1::5::978300760",
            "1::3::3::978302109",
            "2::2::3::978301968",
            "3::1::4::978300275",
            "3::2::5::978824291",
            "3::3::4::978900000");

    static Path writeMl1m(Path dir) throws IOException {
        write(dir.resolve("users.dat"), USERS_DAT);
        write(dir.resolve("movies.dat"), MOVIES_DAT);
        write(dir.resolve("ratings.dat"), RATINGS_DAT);
        return dir;
    }

    static void write(Path file, List<String> lines) throws IOException {
        Files.write(file, (lines.stream().collect(Collectors.joining("\n")) + "\n").getBytes(StandardCharsets.ISO_8859_1));
    }

    /** The real MovieLens-100K directory, or a visible skip when it is absent. */
    static Path realMl100k() {
        String dir = System.getProperty("fudlr.ml100k.dir");
        assumeTrue(dir != null && Files.isRegularFile(Paths.get(dir, "u.data")),
                "Real MovieLens-100K not found (system property fudlr.ml100k.dir = " + dir + "); skipping");
        return Paths.get(dir);
    }
}
