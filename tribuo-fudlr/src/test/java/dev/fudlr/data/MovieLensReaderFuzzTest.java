/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.data;

import dev.fudlr.reliability.Fuzzer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seeded fuzzing of {@link MovieLensReader} (MovieLens-100K and -1M formats) and {@link SampleBuilder}: valid small
 * data sets are mutated (byte flips, truncation, line duplication and removal, field removal and duplication,
 * byte-order marks, extreme numbers) and read. Every input must either read (and build samples, or be rejected by
 * {@link SampleBuilder#build} with its documented {@link IllegalArgumentException}) or fail with a
 * {@link DataFormatException} whose message starts with the file it names. Anything else (NullPointerException,
 * ArrayIndexOutOfBoundsException, a NumberFormatException escaping, a hang) fails the test with the seed and the
 * mutations, so a failure can be replayed.
 */
class MovieLensReaderFuzzTest {

    /** Inputs per format. */
    private static final int INPUTS = 1500;
    /** Longest accepted time for one input (a hang guard, far above the ~1 ms an input takes). */
    private static final long PER_INPUT_SECONDS = 10;

    private static final byte[] INTERESTING = {'|', '\t', ':', '\n', '\r', '0', '1', '9', '-', ' ', '.', 'x', 0,
            (byte) 0xE9, (byte) 0xC3, (byte) 0xFF, (byte) 0xFE, (byte) 0xEF};
    private static final String[] NUMBERS = {"", "-1", "0", "2147483648", "99999999999999999999", "1e3", "0x10", " 7 ",
            "+5", "NaN", "\u00e9"};

    @TempDir
    Path dir;

    /** A valid MovieLens-100K data set: 8 users, 12 items, 6 to 9 ratings per user. */
    static Map<String, byte[]> ml100k(SplittableRandom rng) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        List<String> users = new ArrayList<>();
        String[] occupations = {"technician", "other", "writer", "artist", "none"};
        for (int u = 1; u <= 8; u++) {
            users.add(u + "|" + (18 + rng.nextInt(50)) + "|" + (rng.nextBoolean() ? "M" : "F") + "|"
                    + occupations[rng.nextInt(occupations.length)] + "|" + (10000 + rng.nextInt(89999)));
        }
        List<String> items = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            String title = (i % 5 == 0 ? "Misérables " : "Film ") + i + " (19" + (70 + i) + ")";
            items.add(i + "|" + title + "|01-Jan-19" + (70 + i) + "||http://x|" + TestData.flags(1 + rng.nextInt(18)));
        }
        files.put("u.user", lines(users));
        files.put("u.item", lines(items));
        files.put("u.data", lines(ratings(rng, "\t")));
        if (rng.nextBoolean()) {
            List<String> genres = new ArrayList<>();
            for (int g = 0; g < MovieLensReader.ML100K_GENRES.size(); g++) {
                genres.add(MovieLensReader.ML100K_GENRES.get(g) + "|" + g);
            }
            files.put("u.genre", lines(genres));
        }
        return files;
    }

    /** A valid MovieLens-1M data set of the same shape. */
    static Map<String, byte[]> ml1m(SplittableRandom rng) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        List<String> users = new ArrayList<>();
        Integer[] ages = MovieLensReader.ML1M_AGE_CODES.toArray(new Integer[0]);
        Arrays.sort(ages);
        for (int u = 1; u <= 8; u++) {
            users.add(u + "::" + (rng.nextBoolean() ? "M" : "F") + "::" + ages[rng.nextInt(ages.length)] + "::"
                    + rng.nextInt(21) + "::" + (10000 + rng.nextInt(89999)));
        }
        List<String> movies = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            movies.add(i + "::" + (i % 5 == 0 ? "Amélie " : "Movie ") + i + " (19" + (70 + i) + ")::Comedy|Drama");
        }
        files.put("users.dat", lines(users));
        files.put("movies.dat", lines(movies));
        files.put("ratings.dat", lines(ratings(rng, "::")));
        return files;
    }

    private static List<String> ratings(SplittableRandom rng, String sep) {
        List<String> out = new ArrayList<>();
        for (int u = 1; u <= 8; u++) {
            int n = 6 + rng.nextInt(4);
            int start = rng.nextInt(12);
            for (int k = 0; k < n; k++) {
                int item = 1 + (start + k) % 12;
                out.add(u + sep + item + sep + (1 + rng.nextInt(5)) + sep + (880000000L + rng.nextInt(1000000)));
            }
        }
        return out;
    }

    private static byte[] lines(List<String> lines) {
        return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    /** One mutation of a file's bytes, described in {@code log}. */
    static byte[] mutate(byte[] in, String sep, SplittableRandom rng, List<String> log) {
        List<String> lines = new ArrayList<>(Arrays.asList(new String(in, StandardCharsets.ISO_8859_1).split("\n", -1)));
        int op = rng.nextInt(10);
        switch (op) {
            case 0: {
                if (in.length == 0) {
                    return in;
                }
                byte[] out = in.clone();
                int pos = rng.nextInt(out.length);
                byte b = rng.nextInt(3) == 0 ? (byte) rng.nextInt(256) : INTERESTING[rng.nextInt(INTERESTING.length)];
                log.add("flip byte " + pos + " to " + (b & 0xFF));
                out[pos] = b;
                return out;
            }
            case 1: {
                int len = in.length == 0 ? 0 : rng.nextInt(in.length);
                log.add("truncate to " + len + " bytes");
                return Arrays.copyOf(in, len);
            }
            case 2: {
                int l = rng.nextInt(lines.size());
                log.add("duplicate line " + (l + 1));
                lines.add(rng.nextInt(lines.size() + 1), lines.get(l));
                break;
            }
            case 3: {
                int l = rng.nextInt(lines.size());
                log.add("delete line " + (l + 1));
                lines.remove(l);
                break;
            }
            case 4:
            case 5: {
                int l = rng.nextInt(lines.size());
                List<String> fields = new ArrayList<>(Arrays.asList(lines.get(l).split(java.util.regex.Pattern.quote(sep), -1)));
                int f = rng.nextInt(fields.size());
                if (op == 4) {
                    log.add("remove field " + (f + 1) + " of line " + (l + 1));
                    fields.remove(f);
                } else {
                    log.add("duplicate field " + (f + 1) + " of line " + (l + 1));
                    fields.add(f, fields.get(f));
                }
                lines.set(l, String.join(sep, fields));
                break;
            }
            case 6: {
                int l = rng.nextInt(lines.size());
                List<String> fields = new ArrayList<>(Arrays.asList(lines.get(l).split(java.util.regex.Pattern.quote(sep), -1)));
                int f = rng.nextInt(fields.size());
                String v = NUMBERS[rng.nextInt(NUMBERS.length)];
                log.add("set field " + (f + 1) + " of line " + (l + 1) + " to '" + v + "'");
                fields.set(f, v);
                lines.set(l, String.join(sep, fields));
                break;
            }
            case 7: {
                int a = rng.nextInt(lines.size());
                int b = rng.nextInt(lines.size());
                log.add("swap lines " + (a + 1) + " and " + (b + 1));
                String t = lines.get(a);
                lines.set(a, lines.get(b));
                lines.set(b, t);
                break;
            }
            case 8: {
                byte[][] marks = {{(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, {(byte) 0xFE, (byte) 0xFF}, {(byte) 0xFF, (byte) 0xFE}};
                byte[] mark = marks[rng.nextInt(marks.length)];
                log.add("prepend byte-order mark " + Arrays.toString(mark));
                byte[] out = new byte[in.length + mark.length];
                System.arraycopy(mark, 0, out, 0, mark.length);
                System.arraycopy(in, 0, out, mark.length, in.length);
                return out;
            }
            default: {
                log.add("re-encode as UTF-8");
                return new String(in, StandardCharsets.ISO_8859_1).getBytes(StandardCharsets.UTF_8);
            }
        }
        return String.join("\n", lines).getBytes(StandardCharsets.ISO_8859_1);
    }

    private void run(MovieLensFormat format, long seed) {
        int[] counter = {0};
        Map<String, Integer> tally = Fuzzer.run("movielens-" + format.id(), seed, INPUTS, PER_INPUT_SECONDS, (r, log) -> {
            Map<String, byte[]> files = format == MovieLensFormat.ML_100K ? ml100k(r) : ml1m(r);
            int mutations = 1 + r.nextInt(3);
            for (int m = 0; m < mutations; m++) {
                List<String> names = new ArrayList<>(files.keySet());
                String name = names.get(r.nextInt(names.size()));
                String sep = name.equals("u.data") ? "\t" : name.startsWith("u.") ? "|" : "::";
                log.add(name + ":");
                files.put(name, mutate(files.get(name), sep, r, log));
            }
            Path d = Files.createDirectories(dir.resolve(format.id() + "-" + (counter[0]++)));
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                Files.write(d.resolve(f.getKey()), f.getValue());
            }
            String outcome = readAndBuild(format, d, files.keySet());
            deleteAll(d);
            return outcome;
        });
        // The fuzzer must exercise both outcomes, or it tests nothing.
        assertTrue(tally.getOrDefault("read", 0) > INPUTS / 20, tally.toString());
        assertTrue(tally.getOrDefault("DataFormatException", 0) > INPUTS / 4, tally.toString());
    }

    /**
     * Reads and builds samples; returns the outcome, throws an AssertionError for a documented exception with a bad
     * message, and lets any undocumented exception escape.
     */
    private static String readAndBuild(MovieLensFormat format, Path d, java.util.Set<String> names) {
        RatingsData data;
        try {
            data = MovieLensReader.read(format, d);
        } catch (DataFormatException e) {
            String msg = e.getMessage();
            assertFalse(msg == null || msg.isBlank(), "empty message");
            assertTrue(names.contains(e.file()), "names a file of the data set: " + msg);
            assertTrue(msg.startsWith(e.file() + (e.line() > 0 ? " line " + e.line() + ": " : ": ")), msg);
            assertTrue(msg.length() > e.file().length() + 4 && !msg.contains("\n"), "one line that says what is wrong: " + msg);
            return "DataFormatException";
        }
        try {
            SampleSplits s = new SampleBuilder(3, 0, 3).build(data);
            assertEquals(s.users().size(), s.validation().size());
            return "read";
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage() != null && e.getMessage().startsWith("No user of "), e.getMessage());
            return "no usable user";
        }
    }

    private static void deleteAll(Path d) throws IOException {
        try (var s = Files.list(d)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Files.delete(p);
            }
        }
        Files.delete(d);
    }

    @Test
    void mutatedMovieLens100kFailsOnlyWithDataFormatException() {
        run(MovieLensFormat.ML_100K, 20261128L);
    }

    @Test
    void mutatedMovieLens1mFailsOnlyWithDataFormatException() {
        run(MovieLensFormat.ML_1M, 19970101L);
    }
}
