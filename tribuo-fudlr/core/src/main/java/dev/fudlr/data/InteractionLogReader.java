/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * Reads a generic interaction log: an interactions file, an optional user table and an optional item table, each a
 * CSV or TSV file with a header row ({@link DelimitedText}: tab for {@code .tsv}/{@code .tab} files or a header with
 * tabs, else comma; double-quoted fields may hold the delimiter).
 * <ul>
 *     <li>Interactions: a user column and an item column (ids: any non-empty text), optionally a timestamp column
 *     (integer, e.g. unix seconds, or ISO-8601: {@code 2024-03-01}, {@code 2024-03-01T12:00:00} (UTC),
 *     {@code 2024-03-01T12:00:00Z} or with an offset) and a rating column (any finite number). Other columns are
 *     ignored.</li>
 *     <li>User table: the user column, and every other column is a sensitive attribute named by its header (values
 *     kept as text; an empty value is unknown). A user missing from the table has every attribute unknown. The names
 *     {@link SampleEncoding#RESERVED_KEYS} ({@code user}, {@code sample}, {@code timestamp}, {@code split}) describe
 *     samples and cannot be attribute names.</li>
 *     <li>Item table: the item column, optionally a text column (e.g. titles, for language-model backbones) and a
 *     categories column ({@code |}-separated, kept as the item's {@link ItemInfo#genres() genres}); other columns are
 *     ignored. An item missing from the table has its id as text and no categories.</li>
 * </ul>
 * Rules:
 * <ul>
 *     <li>Ids: see {@link InteractionLog} (dense, by first appearance).</li>
 *     <li>Order: without a timestamp column each user's interactions are in file order (an interaction's timestamp is
 *     its data-row number); with one, by timestamp, ties broken by item id (the order of first appearance).</li>
 *     <li>Ratings: rows with a rating below {@code minRating} are dropped while reading; the kept interactions are
 *     stored with rating {@value #KEPT_RATING} (the top of {@link Interaction}'s 1..5 scale, so no later 1..5 threshold
 *     drops them again), as a log's scale is its own. Without a rating column every row is kept, and a positive
 *     {@code minRating} is an error.</li>
 *     <li>Repeats: a user may interact with an item more than once in a log, a sequence may not repeat an item: of the
 *     kept rows of a (user, item) pair only the earliest is used (smallest timestamp, then first in the file); the
 *     others are dropped and counted in the log.</li>
 * </ul>
 * Any other deviation (a missing column, a row with another number of fields, an empty id, a malformed timestamp or
 * rating, a user or item listed twice in its table, a reserved attribute name) throws a {@link DataFormatException}
 * naming the file, the line and the column.
 */
public final class InteractionLogReader {

    private static final Logger logger = Logger.getLogger(InteractionLogReader.class.getName());

    /** The rating stored for every kept interaction (see the class description). */
    public static final int KEPT_RATING = 5;
    /** Key of the interactions file in {@link RatingsData#fileHashes()} and provenance. */
    public static final String INTERACTIONS = "interactions";
    /** Key of the user table. */
    public static final String USERS = "users";
    /** Key of the item table. */
    public static final String ITEMS = "items";
    /** Separator of the categories of one item. */
    public static final String CATEGORY_SEPARATOR = "|";

    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d{1,18}");

    /**
     * Column names. The timestamp, rating, item text and categories columns are optional: null means "the column
     * named {@code timestamp} ({@code rating}, {@code title}, {@code categories}) when the header has one"; a name
     * given must exist.
     * @param user the user id column of the interactions file and user table (default {@code user}).
     * @param item the item id column of the interactions file and item table (default {@code item}).
     * @param timestamp the timestamp column, or null.
     * @param rating the rating column, or null.
     * @param itemText the item table's text column, or null.
     * @param itemCategories the item table's categories column, or null.
     */
    public record Columns(String user, String item, String timestamp, String rating, String itemText, String itemCategories) {
        /** Default name of the user column. */
        public static final String DEFAULT_USER = "user";
        /** Default name of the item column. */
        public static final String DEFAULT_ITEM = "item";
        /** Name of the timestamp column used when none is named. */
        public static final String DEFAULT_TIMESTAMP = "timestamp";
        /** Name of the rating column used when none is named. */
        public static final String DEFAULT_RATING = "rating";
        /** Name of the item text column used when none is named. */
        public static final String DEFAULT_ITEM_TEXT = "title";
        /** Name of the categories column used when none is named. */
        public static final String DEFAULT_ITEM_CATEGORIES = "categories";

        /**
         * Validates.
         * @param user see the record description.
         * @param item see the record description.
         * @param timestamp see the record description.
         * @param rating see the record description.
         * @param itemText see the record description.
         * @param itemCategories see the record description.
         * @throws IllegalArgumentException if the user or item column is blank, or they are the same.
         */
        public Columns {
            if (user == null || user.isBlank()) {
                throw new IllegalArgumentException("userColumn must name a column, found '" + user + "'");
            }
            if (item == null || item.isBlank()) {
                throw new IllegalArgumentException("itemColumn must name a column, found '" + item + "'");
            }
            if (user.equals(item)) {
                throw new IllegalArgumentException("userColumn and itemColumn must differ, both are '" + user + "'");
            }
        }

        /**
         * The defaults: {@code user}, {@code item}, and the optional columns by their default names when present.
         * @return the columns.
         */
        public static Columns defaults() {
            return new Columns(DEFAULT_USER, DEFAULT_ITEM, null, null, null, null);
        }
    }

    private InteractionLogReader() {}

    /**
     * Reads an interaction log.
     * @param columns the column names.
     * @param minRating rows with a rating below it are dropped (0 or less keeps all; positive needs a rating column).
     * @param interactions the interactions file.
     * @param users the user table, or null.
     * @param items the item table, or null.
     * @return the log.
     * @throws DataFormatException if a file is missing or malformed.
     * @throws IllegalArgumentException if {@code minRating} is positive and there is no rating column, or not finite.
     */
    public static InteractionLog read(Columns columns, double minRating, Path interactions, Path users, Path items) {
        Map<String, Path> paths = paths(interactions, users, items);
        return parse(columns, minRating, paths, load(paths));
    }

    /**
     * The files of a log by role, leaving out absent ones.
     * @param interactions the interactions file.
     * @param users the user table, or null.
     * @param items the item table, or null.
     * @return role ({@link #INTERACTIONS}, {@link #USERS}, {@link #ITEMS}) to path.
     */
    static Map<String, Path> paths(Path interactions, Path users, Path items) {
        Map<String, Path> paths = new LinkedHashMap<>();
        paths.put(INTERACTIONS, interactions);
        if (users != null) {
            paths.put(USERS, users);
        }
        if (items != null) {
            paths.put(ITEMS, items);
        }
        return paths;
    }

    /**
     * Reads the files whole.
     * @param paths role to path.
     * @return role to content.
     * @throws DataFormatException if a file is missing or unreadable.
     */
    static Map<String, byte[]> load(Map<String, Path> paths) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (Map.Entry<String, Path> e : paths.entrySet()) {
            Path p = e.getValue();
            try {
                files.put(e.getKey(), Files.readAllBytes(p));
            } catch (NoSuchFileException ex) {
                throw new DataFormatException(p.toString(), "file not found (the " + e.getKey() + " file)");
            } catch (IOException ex) {
                throw new DataFormatException(p.toString(), "cannot read the " + e.getKey() + " file: " + ex.getMessage(), ex);
            }
        }
        return files;
    }

    /**
     * Parses loaded files.
     * @param columns the column names.
     * @param minRating the rating threshold.
     * @param paths role to path (for file names in messages).
     * @param files role to content.
     * @return the log.
     */
    static InteractionLog parse(Columns columns, double minRating, Map<String, Path> paths, Map<String, byte[]> files) {
        if (!Double.isFinite(minRating)) {
            throw new IllegalArgumentException("minRating must be finite, found " + minRating);
        }
        long start = System.nanoTime();
        Map<String, String> hashes = new TreeMap<>();
        files.forEach((role, bytes) -> hashes.put(role, Digests.sha256Hex(bytes)));
        Map<String, Integer> userIds = new LinkedHashMap<>();
        Map<String, Integer> itemIds = new LinkedHashMap<>();
        DelimitedText log = text(paths, files, INTERACTIONS);
        Rows rows = readInteractions(log, columns, minRating, userIds, itemIds);
        Map<Integer, Map<String, String>> attributes = new HashMap<>();
        List<String> attributeNames = files.containsKey(USERS)
                ? readUsers(text(paths, files, USERS), columns.user(), userIds, attributes) : List.of();
        Map<Integer, ItemInfo> itemInfo = files.containsKey(ITEMS)
                ? readItems(text(paths, files, ITEMS), columns, itemIds) : new HashMap<>();
        List<UserInfo> users = new ArrayList<>(userIds.size());
        for (int id : userIds.values()) {
            users.add(new UserInfo(id, null, null, null, null, attributes.get(id)));
        }
        List<ItemInfo> items = new ArrayList<>(itemIds.size());
        for (Map.Entry<String, Integer> e : itemIds.entrySet()) {
            items.add(itemInfo.getOrDefault(e.getValue(), new ItemInfo(e.getValue(), e.getKey(), null, List.of())));
        }
        RatingsData data = new RatingsData(INTERACTIONS, users, items, rows.interactions, hashes);
        long ms = (System.nanoTime() - start) / 1_000_000;
        logger.info(() -> String.format(Locale.ROOT, "Read the interaction log %s: %d users, %d items, %d interactions "
                + "(%d rows below minRating, %d repeated (user, item) pairs dropped), attributes %s, %s in %d ms",
                log.file(), users.size(), items.size(), rows.interactions.size(), rows.belowMinRating, rows.repeats,
                attributeNames, rows.timestamped ? "timestamps" : "file order", ms));
        return new InteractionLog(data, List.copyOf(userIds.keySet()), List.copyOf(itemIds.keySet()), attributeNames, rows.timestamped);
    }

    private static DelimitedText text(Map<String, Path> paths, Map<String, byte[]> files, String role) {
        Path name = paths.get(role).getFileName();
        return new DelimitedText(name == null ? paths.get(role).toString() : name.toString(), files.get(role));
    }

    /** The kept interactions of the interactions file and what was dropped. */
    private static final class Rows {
        final List<Interaction> interactions = new ArrayList<>();
        int belowMinRating;
        int repeats;
        boolean timestamped;
    }

    private static Rows readInteractions(DelimitedText t, Columns columns, double minRating,
                                         Map<String, Integer> userIds, Map<String, Integer> itemIds) {
        int uc = t.requiredColumn(columns.user(), "the user id (userColumn)");
        int ic = t.requiredColumn(columns.item(), "the item id (itemColumn)");
        int tc = optionalColumn(t, columns.timestamp(), Columns.DEFAULT_TIMESTAMP, "the timestamp (timestampColumn)");
        int rc = optionalColumn(t, columns.rating(), Columns.DEFAULT_RATING, "the rating (ratingColumn)");
        if (rc < 0 && minRating > 0) {
            throw new IllegalArgumentException("minRating " + minRating + " needs a rating column, but " + t.file()
                    + " has none (columns: " + String.join(", ", t.header()) + "); name it with ratingColumn or use minRating 0");
        }
        Rows rows = new Rows();
        rows.timestamped = tc >= 0;
        List<Interaction> kept = new ArrayList<>();
        // First kept row of each (user, item) pair: index into kept.
        Map<Long, Integer> firstOfPair = new HashMap<>();
        boolean[] dropped = new boolean[16];
        int dataRows = 0;
        String[] f;
        while ((f = t.next()) != null) {
            dataRows++;
            int user = id(t, f, uc, userIds, "user");
            int item = id(t, f, ic, itemIds, "item");
            long timestamp = tc >= 0 ? timestamp(t, f[tc], t.header().get(tc)) : dataRows;
            if (rc >= 0 && rating(t, f[rc], t.header().get(rc)) < minRating) {
                rows.belowMinRating++;
                continue;
            }
            Interaction x = new Interaction(user, item, KEPT_RATING, timestamp);
            if (kept.size() == dropped.length) {
                dropped = Arrays.copyOf(dropped, dropped.length * 2);
            }
            long pair = ((long) user << 32) | item;
            Integer first = firstOfPair.putIfAbsent(pair, kept.size());
            if (first != null) {
                rows.repeats++;
                if (timestamp < kept.get(first).timestamp()) {
                    dropped[first] = true;
                    firstOfPair.put(pair, kept.size());
                } else {
                    dropped[kept.size()] = true;
                }
            }
            kept.add(x);
        }
        if (dataRows == 0) {
            throw new DataFormatException(t.file(), "no interactions (only a header row)");
        }
        for (int i = 0; i < kept.size(); i++) {
            if (!dropped[i]) {
                rows.interactions.add(kept.get(i));
            }
        }
        if (rows.interactions.isEmpty()) {
            throw new DataFormatException(t.file(), "no interaction has a rating >= minRating " + minRating
                    + " (all " + dataRows + " rows are below it)");
        }
        return rows;
    }

    /** The index of an optional column: a configured name must exist, the default name is used when present. */
    private static int optionalColumn(DelimitedText t, String configured, String defaultName, String what) {
        return configured != null ? t.requiredColumn(configured, what) : t.column(defaultName);
    }

    private static int id(DelimitedText t, String[] f, int column, Map<String, Integer> ids, String what) {
        String id = f[column];
        if (id.isEmpty()) {
            throw t.error(t.header().get(column), "empty " + what + " id");
        }
        return ids.computeIfAbsent(id, k -> ids.size() + 1);
    }

    private static double rating(DelimitedText t, String s, String column) {
        try {
            return parseRating(s);
        } catch (IllegalArgumentException e) {
            throw t.error(column, e.getMessage());
        }
    }

    /**
     * The rating rule of a log: any finite number, on the log's own scale (shared with readers of the same files
     * elsewhere, e.g. on Spark).
     * @param s the field, trimmed.
     * @return the rating.
     * @throws IllegalArgumentException saying why the field is not a rating.
     */
    public static double parseRating(String s) {
        try {
            double r = Double.parseDouble(s);
            if (Double.isFinite(r)) {
                return r;
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        throw new IllegalArgumentException("the rating is not a finite number: '" + s + "'");
    }

    /**
     * A timestamp as a number: an integer as written, an ISO-8601 date or date-time as epoch seconds (UTC when it has
     * no offset).
     */
    private static long timestamp(DelimitedText t, String s, String column) {
        try {
            return parseTimestamp(s);
        } catch (IllegalArgumentException e) {
            throw t.error(column, e.getMessage());
        }
    }

    /**
     * The timestamp rule of a log (shared with readers of the same files elsewhere, e.g. on Spark): an integer as
     * written, an ISO-8601 date or date-time as epoch seconds (UTC when it has no offset).
     * @param s the field, trimmed.
     * @return the timestamp.
     * @throws IllegalArgumentException saying why the field is not a timestamp.
     */
    public static long parseTimestamp(String s) {
        if (INTEGER.matcher(s).matches()) {
            return Long.parseLong(s);
        }
        try {
            if (s.length() == 10) {
                return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
            }
            if (s.endsWith("Z")) {
                return Instant.parse(s).getEpochSecond();
            }
            if (s.matches(".*[+-]\\d\\d:?\\d\\d$") && s.indexOf('T') > 0) {
                return OffsetDateTime.parse(s).toEpochSecond();
            }
            return LocalDateTime.parse(s).toEpochSecond(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("the timestamp is neither an integer nor an ISO-8601 date or date-time "
                    + "(e.g. 2024-03-01 or 2024-03-01T12:00:00Z): '" + s + "'", e);
        }
    }

    private static List<String> readUsers(DelimitedText t, String userColumn, Map<String, Integer> userIds,
                                          Map<Integer, Map<String, String>> attributes) {
        int uc = t.requiredColumn(userColumn, "the user id (userColumn)");
        List<String> names = new ArrayList<>();
        for (String name : t.header()) {
            if (name.equals(userColumn)) {
                continue;
            }
            if (SampleEncoding.RESERVED_KEYS.contains(name)) {
                throw new DataFormatException(t.file(), t.headerLine(), name, "'" + name + "' cannot be an attribute name: the "
                        + "sample metadata keys " + SampleEncoding.RESERVED_KEYS + " describe samples; rename the column");
            }
            names.add(name);
        }
        Map<String, Integer> firstLine = new HashMap<>();
        String[] f;
        while ((f = t.next()) != null) {
            String id = f[uc];
            if (id.isEmpty()) {
                throw t.error(userColumn, "empty user id");
            }
            Integer prev = firstLine.putIfAbsent(id, t.lineNumber());
            if (prev != null) {
                throw t.error(userColumn, "user '" + id + "' is listed twice (first on line " + prev + ")");
            }
            Integer user = userIds.get(id);
            if (user == null) {
                continue; // No interactions: not a user of the data.
            }
            Map<String, String> values = new LinkedHashMap<>();
            for (int c = 0; c < f.length; c++) {
                if (c != uc && !f[c].isEmpty()) {
                    values.put(t.header().get(c), f[c]);
                }
            }
            attributes.put(user, values);
        }
        return names;
    }

    private static Map<Integer, ItemInfo> readItems(DelimitedText t, Columns columns, Map<String, Integer> itemIds) {
        int ic = t.requiredColumn(columns.item(), "the item id (itemColumn)");
        int tc = optionalColumn(t, columns.itemText(), Columns.DEFAULT_ITEM_TEXT, "the item text (itemTextColumn)");
        int cc = optionalColumn(t, columns.itemCategories(), Columns.DEFAULT_ITEM_CATEGORIES, "the item categories (itemCategoriesColumn)");
        Map<Integer, ItemInfo> items = new HashMap<>();
        Map<String, Integer> firstLine = new HashMap<>();
        String[] f;
        while ((f = t.next()) != null) {
            String id = f[ic];
            if (id.isEmpty()) {
                throw t.error(columns.item(), "empty item id");
            }
            Integer prev = firstLine.putIfAbsent(id, t.lineNumber());
            if (prev != null) {
                throw t.error(columns.item(), "item '" + id + "' is listed twice (first on line " + prev + ")");
            }
            int item = itemIds.computeIfAbsent(id, k -> itemIds.size() + 1);
            String text = tc >= 0 && !f[tc].isEmpty() ? f[tc] : id;
            List<String> categories = new ArrayList<>();
            if (cc >= 0) {
                for (String c : f[cc].split(Pattern.quote(CATEGORY_SEPARATOR))) {
                    if (!c.isBlank()) {
                        categories.add(c.trim());
                    }
                }
            }
            items.put(item, new ItemInfo(item, text, null, categories));
        }
        return items;
    }
}
