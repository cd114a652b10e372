/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.lang.ref.SoftReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Readers for the MovieLens-100K and MovieLens-1M file formats.
 * <p>
 * MovieLens-100K (directory containing):
 * <ul>
 *     <li>{@code u.data}: {@code user \t item \t rating \t timestamp};</li>
 *     <li>{@code u.user}: {@code id|age|gender|occupation|zip};</li>
 *     <li>{@code u.item} (ISO-8859-1): {@code id|title (year)|release date|video release date|IMDb URL|}
 *     followed by one 0/1 flag per genre;</li>
 *     <li>{@code u.genre} (optional): {@code name|index}; when absent the standard 19 genres
 *     {@link #ML100K_GENRES} are assumed.</li>
 * </ul>
 * MovieLens-1M (directory containing, all {@code ::}-separated, ISO-8859-1):
 * <ul>
 *     <li>{@code ratings.dat}: {@code UserID::MovieID::Rating::Timestamp};</li>
 *     <li>{@code users.dat}: {@code UserID::Gender::Age::Occupation::Zip-code}, age is a bucket code
 *     ({@link #ML1M_AGE_CODES}) and occupation a code 0..20, translated to the names of {@link #ML1M_OCCUPATIONS};</li>
 *     <li>{@code movies.dat}: {@code MovieID::Title (year)::Genre|Genre|...}.</li>
 * </ul>
 * Blank lines are skipped; a trailing carriage return is ignored. Any other deviation (missing file, wrong
 * number of fields, non-numeric number, rating outside 1..5, gender other than M/F, duplicate user or item id,
 * a rating of an unknown user or item, the same user rating the same item twice) throws a
 * {@link DataFormatException} naming the file, the line and the problem.
 * <p>
 * Encodings: the published files are ISO-8859-1 (e.g. {@code "Misérables"} in {@code u.item} is the single byte
 * {@code 0xE9}). A file re-saved as UTF-8 is recognised (a UTF-8 byte-order mark, or non-ASCII bytes that form valid
 * UTF-8, which ISO-8859-1 titles practically never do) and decoded as UTF-8, so titles come out the same either way.
 * UTF-16 files (byte-order mark) and files with NUL bytes (binary or UTF-16 without a mark) are rejected with a
 * {@link DataFormatException} that names the encoding problem.
 * <p>
 * Missing demographics: an empty gender, age or occupation field of {@code u.user} / {@code users.dat} is read as
 * unknown ({@code null} in {@link UserInfo}); such users are kept, their samples carry no metadata for the field, and
 * fairness audits count them in the {@code "unknown"} group. A non-empty invalid value is still an error.
 * <p>
 * Each file is read whole and hashed (SHA-256) before parsing; the hashes are kept in
 * {@link RatingsData#fileHashes()}.
 */
public final class MovieLensReader {

    private static final Logger logger = Logger.getLogger(MovieLensReader.class.getName());

    /** The 19 MovieLens-100K genres in flag order, used when {@code u.genre} is absent. */
    public static final List<String> ML100K_GENRES = List.of("unknown", "Action", "Adventure", "Animation",
            "Children's", "Comedy", "Crime", "Documentary", "Drama", "Fantasy", "Film-Noir", "Horror", "Musical",
            "Mystery", "Romance", "Sci-Fi", "Thriller", "War", "Western");

    /** MovieLens-1M age bucket codes (1: under 18, 18: 18-24, 25: 25-34, 35: 35-44, 45: 45-49, 50: 50-55, 56: 56+). */
    public static final Set<Integer> ML1M_AGE_CODES = Set.of(1, 18, 25, 35, 45, 50, 56);

    /** MovieLens-1M occupation codes and their names, from the data set's README. */
    public static final Map<Integer, String> ML1M_OCCUPATIONS;

    static {
        String[] names = {"other", "academic/educator", "artist", "clerical/admin", "college/grad student",
                "customer service", "doctor/health care", "executive/managerial", "farmer", "homemaker",
                "K-12 student", "lawyer", "programmer", "retired", "sales/marketing", "scientist", "self-employed",
                "technician/engineer", "tradesman/craftsman", "unemployed", "writer"};
        Map<Integer, String> m = new TreeMap<>();
        for (int i = 0; i < names.length; i++) {
            m.put(i, names[i]);
        }
        ML1M_OCCUPATIONS = Collections.unmodifiableMap(m);
    }

    private static final Pattern TITLE_YEAR = Pattern.compile("\\((\\d{4})\\)\\s*$");
    private static final Pattern DATE_YEAR = Pattern.compile("(\\d{4})\\s*$");

    private static final int CACHE_SIZE = 4;
    // Parsed data keyed by format, directory and file hashes; soft values so memory pressure can drop them.
    private static final Map<String, SoftReference<RatingsData>> CACHE = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, SoftReference<RatingsData>> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    private MovieLensReader() {}

    /**
     * Reads a MovieLens data set.
     * @param format {@link MovieLensFormat#ML_100K} or {@link MovieLensFormat#ML_1M}.
     * @param directory the directory holding the files.
     * @return the data.
     * @throws DataFormatException if a file is missing or malformed.
     * @throws IllegalArgumentException for {@link MovieLensFormat#SYNTHETIC}, which is generated, not read.
     */
    public static RatingsData read(MovieLensFormat format, Path directory) {
        return parse(format, directory, load(format, directory));
    }

    /**
     * Like {@link #read} but returns the same {@link RatingsData} instance as an earlier call for the same format
     * and directory as long as every file still has the same SHA-256 (the files are re-read and re-hashed on each
     * call, which is much cheaper than parsing). Keeps the last few data sets, softly referenced.
     * @param format the format.
     * @param directory the directory.
     * @return the data.
     * @throws DataFormatException if a file is missing or malformed.
     */
    public static RatingsData readCached(MovieLensFormat format, Path directory) {
        Map<String, byte[]> files = load(format, directory);
        Map<String, String> hashes = new TreeMap<>();
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            hashes.put(e.getKey(), Digests.sha256Hex(e.getValue()));
        }
        String key = format.id() + "|" + directory.toAbsolutePath().normalize() + "|" + Digests.combine(hashes);
        synchronized (CACHE) {
            SoftReference<RatingsData> ref = CACHE.get(key);
            RatingsData data = ref == null ? null : ref.get();
            if (data != null) {
                logger.fine(() -> "Reusing parsed " + format.id() + " data from " + directory);
                return data;
            }
        }
        RatingsData data = parse(format, directory, files);
        synchronized (CACHE) {
            CACHE.put(key, new SoftReference<>(data));
        }
        return data;
    }

    /**
     * Reads MovieLens-100K.
     * @param directory the directory holding {@code u.data}, {@code u.user}, {@code u.item} (and optionally {@code u.genre}).
     * @return the data.
     * @throws DataFormatException if a file is missing or malformed.
     */
    public static RatingsData read100k(Path directory) {
        return read(MovieLensFormat.ML_100K, directory);
    }

    /**
     * Reads MovieLens-1M.
     * @param directory the directory holding {@code ratings.dat}, {@code users.dat}, {@code movies.dat}.
     * @return the data.
     * @throws DataFormatException if a file is missing or malformed.
     */
    public static RatingsData read1m(Path directory) {
        return read(MovieLensFormat.ML_1M, directory);
    }

    /** Reads the raw bytes of every file of the format (u.genre only when present), in a stable order. */
    private static Map<String, byte[]> load(MovieLensFormat format, Path directory) {
        if (format == MovieLensFormat.SYNTHETIC) {
            throw new IllegalArgumentException("Synthetic data is generated by SyntheticGenerator, not read from files");
        }
        if (!Files.isDirectory(directory)) {
            throw new DataFormatException(directory.toString(), "not a directory (expected the " + format.id() + " files "
                    + String.join(", ", format.requiredFiles()) + " in it)");
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String name : format.requiredFiles()) {
            files.put(name, readBytes(directory, name));
        }
        if (format == MovieLensFormat.ML_100K && Files.exists(directory.resolve("u.genre"))) {
            files.put("u.genre", readBytes(directory, "u.genre"));
        }
        return files;
    }

    private static byte[] readBytes(Path directory, String name) {
        Path p = directory.resolve(name);
        try {
            return Files.readAllBytes(p);
        } catch (NoSuchFileException e) {
            throw new DataFormatException(name, "file not found in " + directory.toAbsolutePath());
        } catch (IOException e) {
            throw new DataFormatException(name, "cannot read " + p.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    private static RatingsData parse(MovieLensFormat format, Path directory, Map<String, byte[]> files) {
        long start = System.nanoTime();
        Map<String, String> hashes = new TreeMap<>();
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            hashes.put(e.getKey(), Digests.sha256Hex(e.getValue()));
        }
        RatingsData data;
        if (format == MovieLensFormat.ML_100K) {
            List<String> genres = files.containsKey("u.genre") ? parseGenres(files.get("u.genre")) : ML100K_GENRES;
            Map<Integer, UserInfo> users = parse100kUsers(files.get("u.user"));
            Map<Integer, ItemInfo> items = parse100kItems(files.get("u.item"), genres);
            List<Interaction> ratings = parseRatings("u.data", files.get("u.data"), "\t", "tab", users, items);
            data = new RatingsData(format.id(), users.values(), items.values(), ratings, hashes);
        } else {
            Map<Integer, UserInfo> users = parse1mUsers(files.get("users.dat"));
            Map<Integer, ItemInfo> items = parse1mItems(files.get("movies.dat"));
            List<Interaction> ratings = parseRatings("ratings.dat", files.get("ratings.dat"), "::", "'::'", users, items);
            data = new RatingsData(format.id(), users.values(), items.values(), ratings, hashes);
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        logger.info(() -> "Read " + format.id() + " from " + directory + ": " + data.users().size() + " users, "
                + data.items().size() + " items, " + data.interactions().size() + " ratings in " + ms + " ms");
        return data;
    }

    // ---------------------------------------------------------------- MovieLens-100K

    private static List<String> parseGenres(byte[] bytes) {
        Lines lines = new Lines("u.genre", bytes);
        Map<Integer, String> byIndex = new TreeMap<>();
        String line;
        while ((line = lines.next()) != null) {
            String[] f = lines.split(line, "|", "'|'", 2);
            String name = f[0].trim();
            int index = lines.parseInt(f[1], "genre index");
            if (name.isEmpty()) {
                throw lines.error("empty genre name");
            }
            if (byIndex.put(index, name) != null) {
                throw lines.error("duplicate genre index " + index);
            }
        }
        if (byIndex.isEmpty()) {
            throw new DataFormatException("u.genre", "no genres");
        }
        List<String> out = new ArrayList<>(byIndex.size());
        int expected = 0;
        for (Map.Entry<Integer, String> e : byIndex.entrySet()) {
            if (e.getKey() != expected) {
                throw new DataFormatException("u.genre", "genre indices must be 0.." + (byIndex.size() - 1) + ", missing " + expected);
            }
            out.add(e.getValue());
            expected++;
        }
        return List.copyOf(out);
    }

    private static Map<Integer, UserInfo> parse100kUsers(byte[] bytes) {
        Lines lines = new Lines("u.user", bytes);
        Map<Integer, UserInfo> users = new LinkedHashMap<>();
        Map<Integer, Integer> firstLine = new HashMap<>();
        String line;
        while ((line = lines.next()) != null) {
            String[] f = lines.split(line, "|", "'|'", 5);
            int id = lines.parseId(f[0], "user id");
            Integer age = lines.parseOptionalInt(f[1], "age");
            if (age != null && (age <= 0 || age > 150)) {
                throw lines.error("age out of range: " + age);
            }
            String gender = lines.parseGender(f[2]);
            String occupation = emptyToNull(f[3]);
            String zip = emptyToNull(f[4]);
            Integer prev = firstLine.putIfAbsent(id, lines.lineNumber());
            if (prev != null) {
                throw lines.error("duplicate user id " + id + " (first on line " + prev + ")");
            }
            users.put(id, new UserInfo(id, age, gender, occupation, zip));
        }
        if (users.isEmpty()) {
            throw new DataFormatException("u.user", "no users");
        }
        return users;
    }

    private static Map<Integer, ItemInfo> parse100kItems(byte[] bytes, List<String> genres) {
        Lines lines = new Lines("u.item", bytes);
        Map<Integer, ItemInfo> items = new LinkedHashMap<>();
        Map<Integer, Integer> firstLine = new HashMap<>();
        int fields = 5 + genres.size();
        String line;
        while ((line = lines.next()) != null) {
            String[] f = lines.split(line, "|", "'|'", fields);
            int id = lines.parseId(f[0], "item id");
            String title = f[1].trim();
            Integer year = yearOf(title, f[2]);
            List<String> itemGenres = new ArrayList<>(2);
            for (int g = 0; g < genres.size(); g++) {
                String flag = f[5 + g].trim();
                if (flag.equals("1")) {
                    itemGenres.add(genres.get(g));
                } else if (!flag.equals("0")) {
                    throw lines.error("genre flag " + (g + 1) + " (" + genres.get(g) + ") must be 0 or 1, found '" + flag + "'");
                }
            }
            Integer prev = firstLine.putIfAbsent(id, lines.lineNumber());
            if (prev != null) {
                throw lines.error("duplicate item id " + id + " (first on line " + prev + ")");
            }
            items.put(id, new ItemInfo(id, title, year, itemGenres));
        }
        if (items.isEmpty()) {
            throw new DataFormatException("u.item", "no items");
        }
        return items;
    }

    // ---------------------------------------------------------------- MovieLens-1M

    private static Map<Integer, UserInfo> parse1mUsers(byte[] bytes) {
        Lines lines = new Lines("users.dat", bytes);
        Map<Integer, UserInfo> users = new LinkedHashMap<>();
        Map<Integer, Integer> firstLine = new HashMap<>();
        String line;
        while ((line = lines.next()) != null) {
            String[] f = lines.split(line, "::", "'::'", 5);
            int id = lines.parseId(f[0], "user id");
            String gender = lines.parseGender(f[1]);
            Integer age = lines.parseOptionalInt(f[2], "age");
            if (age != null && !ML1M_AGE_CODES.contains(age)) {
                throw lines.error("age must be one of the bucket codes 1, 18, 25, 35, 45, 50, 56, found " + age);
            }
            Integer occ = lines.parseOptionalInt(f[3], "occupation");
            String occupation = occ == null ? null : ML1M_OCCUPATIONS.get(occ);
            if (occ != null && occupation == null) {
                throw lines.error("occupation code must be 0..20, found " + occ);
            }
            String zip = emptyToNull(f[4]);
            Integer prev = firstLine.putIfAbsent(id, lines.lineNumber());
            if (prev != null) {
                throw lines.error("duplicate user id " + id + " (first on line " + prev + ")");
            }
            users.put(id, new UserInfo(id, age, gender, occupation, zip));
        }
        if (users.isEmpty()) {
            throw new DataFormatException("users.dat", "no users");
        }
        return users;
    }

    private static Map<Integer, ItemInfo> parse1mItems(byte[] bytes) {
        Lines lines = new Lines("movies.dat", bytes);
        Map<Integer, ItemInfo> items = new LinkedHashMap<>();
        Map<Integer, Integer> firstLine = new HashMap<>();
        String line;
        while ((line = lines.next()) != null) {
            String[] f = lines.split(line, "::", "'::'", 3);
            int id = lines.parseId(f[0], "movie id");
            String title = f[1].trim();
            if (title.isEmpty()) {
                throw lines.error("empty title");
            }
            List<String> genres = new ArrayList<>(3);
            String g = f[2].trim();
            if (!g.isEmpty()) {
                for (String name : g.split("\\|")) {
                    String n = name.trim();
                    if (n.isEmpty()) {
                        throw lines.error("empty genre name in '" + f[2] + "'");
                    }
                    genres.add(n);
                }
            }
            Integer prev = firstLine.putIfAbsent(id, lines.lineNumber());
            if (prev != null) {
                throw lines.error("duplicate movie id " + id + " (first on line " + prev + ")");
            }
            items.put(id, new ItemInfo(id, title, yearOf(title, ""), genres));
        }
        if (items.isEmpty()) {
            throw new DataFormatException("movies.dat", "no movies");
        }
        return items;
    }

    // ---------------------------------------------------------------- shared

    private static List<Interaction> parseRatings(String file, byte[] bytes, String sep, String sepName,
                                                  Map<Integer, UserInfo> users, Map<Integer, ItemInfo> items) {
        Lines lines = new Lines(file, bytes);
        List<Interaction> out = new ArrayList<>(Math.max(16, bytes.length / 20));
        int[] lineNos = new int[Math.max(16, bytes.length / 20)];
        String line;
        while ((line = lines.next()) != null) {
            String[] f = lines.split(line, sep, sepName, 4);
            int user = lines.parseInt(f[0], "user id");
            int item = lines.parseInt(f[1], "item id");
            int rating = lines.parseInt(f[2], "rating");
            long timestamp = lines.parseLong(f[3], "timestamp");
            if (!users.containsKey(user)) {
                throw lines.error("unknown user id " + user);
            }
            if (!items.containsKey(item)) {
                throw lines.error("unknown item id " + item);
            }
            if (rating < 1 || rating > 5) {
                throw lines.error("rating must be 1..5, found " + rating);
            }
            if (out.size() == lineNos.length) {
                lineNos = java.util.Arrays.copyOf(lineNos, lineNos.length * 2);
            }
            lineNos[out.size()] = lines.lineNumber();
            out.add(new Interaction(user, item, rating, timestamp));
        }
        if (out.isEmpty()) {
            throw new DataFormatException(file, "no ratings");
        }
        int[] u = new int[out.size()];
        int[] it = new int[out.size()];
        for (int i = 0; i < u.length; i++) {
            u[i] = out.get(i).user();
            it[i] = out.get(i).item();
        }
        int[] dup = RatingsData.findDuplicatePair(u, it);
        if (dup != null) {
            throw new DataFormatException(file, lineNos[dup[1]], "user " + u[dup[1]] + " already rated item "
                    + it[dup[1]] + " on line " + lineNos[dup[0]]);
        }
        return out;
    }

    /** Year from a trailing "(yyyy)" in the title, else from the end of the release date, else null. */
    private static Integer yearOf(String title, String releaseDate) {
        Matcher m = TITLE_YEAR.matcher(title);
        if (m.find()) {
            return Integer.parseInt(m.group(1));
        }
        m = DATE_YEAR.matcher(releaseDate);
        if (m.find()) {
            return Integer.parseInt(m.group(1));
        }
        return null;
    }

    private static String emptyToNull(String s) {
        String t = s.trim();
        return t.isEmpty() ? null : t;
    }

    /**
     * Decodes a whole file: UTF-8 when it starts with the UTF-8 byte-order mark (which is dropped) or when its
     * non-ASCII bytes form valid UTF-8, else ISO-8859-1 (the MovieLens encoding, which never fails to decode).
     * @param file the file name, for messages.
     * @param bytes the content.
     * @return the text.
     * @throws DataFormatException for a UTF-16 byte-order mark or a NUL byte.
     */
    static String decode(String file, byte[] bytes) {
        if (bytes.length >= 2 && ((bytes[0] == (byte) 0xFE && bytes[1] == (byte) 0xFF)
                || (bytes[0] == (byte) 0xFF && bytes[1] == (byte) 0xFE))) {
            throw new DataFormatException(file, "UTF-16 encoded (byte-order mark " + (bytes[0] == (byte) 0xFE ? "FE FF" : "FF FE")
                    + "); save it as ISO-8859-1 (the MovieLens encoding) or UTF-8");
        }
        boolean nonAscii = false;
        int line = 1;
        for (int i = 0; i < bytes.length; i++) {
            byte b = bytes[i];
            if (b == 0) {
                throw new DataFormatException(file, line, "NUL byte at offset " + i
                        + ": a binary or UTF-16 file, expected ISO-8859-1 or UTF-8 text");
            } else if (b == '\n') {
                line++;
            } else if (b < 0) {
                nonAscii = true;
            }
        }
        if (bytes.length >= 3 && bytes[0] == (byte) 0xEF && bytes[1] == (byte) 0xBB && bytes[2] == (byte) 0xBF) {
            try {
                return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes, 3, bytes.length - 3)).toString();
            } catch (CharacterCodingException e) {
                throw new DataFormatException(file, "starts with a UTF-8 byte-order mark but is not valid UTF-8 ("
                        + e.getMessage() + "); save it as ISO-8859-1 or UTF-8", e);
            }
        }
        if (nonAscii) {
            try {
                String utf8 = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
                logger.fine(() -> file + " is valid UTF-8 with non-ASCII characters; decoding it as UTF-8");
                return utf8;
            } catch (CharacterCodingException e) {
                // Not UTF-8: the published ISO-8859-1 encoding.
            }
        }
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /** The MovieLens field parsers over a {@link TextLines} cursor. */
    private static final class Lines extends TextLines {

        Lines(String file, byte[] bytes) {
            super(file, bytes);
        }

        /** Splits on a literal separator, requiring exactly {@code expected} fields. */
        String[] split(String line, String sep, String sepName, int expected) {
            String[] out = new String[expected];
            int count = 0;
            int start = 0;
            while (true) {
                int idx = line.indexOf(sep, start);
                int end = idx < 0 ? line.length() : idx;
                if (count < expected) {
                    out[count] = line.substring(start, end);
                }
                count++;
                if (idx < 0) {
                    break;
                }
                start = idx + sep.length();
            }
            if (count != expected) {
                throw error("expected " + expected + " " + sepName + "-separated fields, found " + count);
            }
            return out;
        }

        int parseInt(String s, String what) {
            String t = s.trim();
            try {
                return Integer.parseInt(t);
            } catch (NumberFormatException e) {
                throw error(what + " is not an integer: '" + s + "'");
            }
        }

        int parseId(String s, String what) {
            int id = parseInt(s, what);
            if (id <= 0) {
                throw error(what + " must be positive, found " + id);
            }
            return id;
        }

        long parseLong(String s, String what) {
            String t = s.trim();
            try {
                return Long.parseLong(t);
            } catch (NumberFormatException e) {
                throw error(what + " is not an integer: '" + s + "'");
            }
        }

        /** An integer, or null for an empty (unknown) field. */
        Integer parseOptionalInt(String s, String what) {
            return s.isBlank() ? null : parseInt(s, what);
        }

        /** M or F, or null for an empty (unknown) field. */
        String parseGender(String s) {
            String g = s.trim();
            if (g.isEmpty()) {
                return null;
            }
            if (!g.equals("M") && !g.equals("F")) {
                throw error("gender must be M or F (or empty for unknown), found '" + s + "'");
            }
            return g;
        }
    }
}
