/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.cli;

import dev.fudlr.data.InteractionLogDataSource;
import dev.fudlr.data.InteractionLogReader;
import dev.fudlr.data.MovieLensDataSource;
import dev.fudlr.data.MovieLensFormat;
import dev.fudlr.data.RecommenderDataSource;
import dev.fudlr.data.SampleBuilder;
import dev.fudlr.data.SampleSplits;
import dev.fudlr.data.SyntheticGenerator;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Options shared by the commands that read data: a MovieLens directory, the embedded synthetic dataset, or an interaction
 * log ({@code --format interactions --interactions FILE [--users FILE] [--items FILE] [--column ROLE=NAME ...]}, read by
 * {@link InteractionLogDataSource}).
 */
final class DataOptions {

    /** The {@code --format} of an interaction log. */
    static final String INTERACTIONS = "interactions";
    /** The roles of {@code --column}, each with the configuration field it sets. */
    static final Map<String, String> COLUMN_ROLES = columnRoles();

    @Option(names = "--data", paramLabel = "DIR",
            description = "MovieLens directory (ml-100k: u.data/u.user/u.item; ml-1m: ratings.dat/users.dat/movies.dat). "
                    + "Default: the embedded synthetic dataset.")
    Path directory;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "Data format: ml-100k, ml-1m, synthetic or interactions (a CSV/TSV interaction log, see --interactions). "
                    + "Default: detected from the files in --data; interactions when --interactions is given; else synthetic.")
    String format;

    @Option(names = "--interactions", paramLabel = "FILE",
            description = "Interaction log (CSV or TSV with a header): columns user and item, optionally timestamp and rating "
                    + "(other names: --column). Without timestamps each user's interactions are in file order.")
    Path interactionsFile;

    @Option(names = "--users", paramLabel = "FILE",
            description = "With --interactions: user table (CSV/TSV with a header); every column but the user id is a "
                    + "sensitive attribute (empty = unknown).")
    Path usersFile;

    @Option(names = "--items", paramLabel = "FILE",
            description = "With --interactions: item table (CSV/TSV with a header): item id, optionally title (item text) and "
                    + "categories ('|'-separated).")
    Path itemsFile;

    @Option(names = "--column", paramLabel = "ROLE=NAME",
            description = "With --interactions: the column name of a role: user, item, timestamp, rating, item-text or "
                    + "item-categories (defaults: user, item, and timestamp, rating, title, categories when present). Repeatable.")
    Map<String, String> columns;

    @Option(names = "--history", paramLabel = "L", defaultValue = "10",
            description = "History length L of each sample, 1.." + SampleBuilder.MAX_HISTORY_LENGTH + " (default: ${DEFAULT-VALUE}).")
    int historyLength;

    @Option(names = "--min-rating", paramLabel = "R", defaultValue = "0",
            description = "Keep only ratings >= R as interactions; 0 keeps all (default: ${DEFAULT-VALUE}). For --interactions, on "
                          + "the log's own scale.")
    int minRating;

    @Option(names = "--data-seed", paramLabel = "SEED", defaultValue = "42",
            description = "Seed of the synthetic generator (default: ${DEFAULT-VALUE}).")
    long dataSeed;

    @Option(names = "--synthetic-users", paramLabel = "N", defaultValue = "300",
            description = "Synthetic data: number of users, at most " + SyntheticGenerator.Config.MAX_USERS + " (default: ${DEFAULT-VALUE}).")
    int syntheticUsers = 300; // picocli default, also when built in code

    @Option(names = "--synthetic-items", paramLabel = "N", defaultValue = "200",
            description = "Synthetic data: number of items, at most " + SyntheticGenerator.Config.MAX_ITEMS + " (default: ${DEFAULT-VALUE}).")
    int syntheticItems = 200; // picocli default, also when built in code

    @Option(names = "--synthetic-max-per-user", paramLabel = "N", defaultValue = "40",
            description = "Synthetic data: most interactions of a user, 10.." + SyntheticGenerator.Config.MAX_INTERACTIONS_PER_USER
                          + " (default: ${DEFAULT-VALUE}).")
    int syntheticMaxPerUser = 40; // picocli default, also when built in code

    /**
     * Checks the options against their documented ranges and, for synthetic data, the estimated memory of the data
     * and samples against the maximum Java heap, before anything is read or generated. Commands call it first;
     * {@link #source} calls it too (it is cheap).
     * @throws IllegalArgumentException naming the option and value out of range.
     * @throws dev.fudlr.reliability.ResourceLimitException if the synthetic data would not fit the heap.
     */
    void check() {
        range("--history", historyLength, 1, SampleBuilder.MAX_HISTORY_LENGTH);
        if (isInteractionLog()) {
            checkInteractionLog();
        } else {
            String stray = interactionsFile != null ? "--interactions" : usersFile != null ? "--users" : itemsFile != null ? "--items"
                : columns != null ? "--column" : null;
            if (stray != null) {
                throw new IllegalArgumentException(stray + " is an option of --format " + INTERACTIONS + ", not of --format "
                                                   + resolveFormat().id());
            }
        }
        if (isSynthetic()) {
            range("--synthetic-users", syntheticUsers, 1, SyntheticGenerator.Config.MAX_USERS);
            range("--synthetic-items", syntheticItems, 1, SyntheticGenerator.Config.MAX_ITEMS);
            range("--synthetic-max-per-user", syntheticMaxPerUser, SyntheticGenerator.Config.DEFAULT_MIN_PER_USER,
                  SyntheticGenerator.Config.MAX_INTERACTIONS_PER_USER);
            SyntheticGenerator.checkHeap(syntheticConfig(), historyLength,
                                         "Lower --synthetic-users or --synthetic-max-per-user (or --history)");
        }
    }

    private static void range(String option, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s must be in %,d..%,d, found %,d", option, min, max, value));
        }
    }

    private void checkInteractionLog() {
        if (directory != null) {
            throw new IllegalArgumentException("--data is a MovieLens directory; name the files of --format " + INTERACTIONS
                                               + " with --interactions, --users and --items");
        }
        if (interactionsFile == null) {
            throw new IllegalArgumentException("--format " + INTERACTIONS + " needs --interactions FILE");
        }
        exists("--interactions", interactionsFile);
        exists("--users", usersFile);
        exists("--items", itemsFile);
        columnSettings();
    }

    private static void exists(String option, Path file) {
        if (file != null && !Files.isRegularFile(file)) {
            throw new IllegalArgumentException(option + " " + file + ": " + (Files.exists(file) ? "not a regular file" : "file not found"));
        }
    }

    private static Map<String, String> columnRoles() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("user", "userColumn");
        m.put("item", "itemColumn");
        m.put("timestamp", "timestampColumn");
        m.put("rating", "ratingColumn");
        m.put("item-text", "itemTextColumn");
        m.put("item-categories", "itemCategoriesColumn");
        return m;
    }

    /** The --column values by role (unknown roles and empty names refused). */
    private Map<String, String> columnSettings() {
        Map<String, String> out = new LinkedHashMap<>();
        if (columns != null) {
            for (Map.Entry<String, String> e : columns.entrySet()) {
                if (!COLUMN_ROLES.containsKey(e.getKey())) {
                    throw new IllegalArgumentException("--column " + e.getKey() + "=" + e.getValue() + ": unknown role '" + e.getKey()
                                                       + "', expected one of " + String.join(", ", COLUMN_ROLES.keySet()));
                }
                if (e.getValue() == null || e.getValue().isBlank()) {
                    throw new IllegalArgumentException("--column " + e.getKey() + "= names no column");
                }
                out.put(e.getKey(), e.getValue().trim());
            }
        }
        return out;
    }

    /** The column names of the interaction log. */
    private InteractionLogReader.Columns logColumns() {
        Map<String, String> c = columnSettings();
        try {
            return new InteractionLogReader.Columns(c.getOrDefault("user", InteractionLogReader.Columns.DEFAULT_USER),
                                                    c.getOrDefault("item", InteractionLogReader.Columns.DEFAULT_ITEM), c.get("timestamp"),
                                                    c.get("rating"), c.get("item-text"), c.get("item-categories"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--column: " + e.getMessage(), e);
        }
    }

    /** Whether the data are an interaction log: {@code --format interactions}, or {@code --interactions} without a format. */
    boolean isInteractionLog() {
        return format != null ? INTERACTIONS.equals(format.trim().toLowerCase(Locale.ROOT)) : interactionsFile != null && directory == null;
    }

    /** Whether the data are the generated synthetic data set. */
    boolean isSynthetic() {
        return !isInteractionLog() && resolveFormat() == MovieLensFormat.SYNTHETIC;
    }

    /** The resolved MovieLens format (not for an interaction log). */
    MovieLensFormat resolveFormat() {
        if (format != null) {
            try {
                return MovieLensFormat.fromId(format);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--format: " + e.getMessage() + " or " + INTERACTIONS, e);
            }
        }
        if (directory == null) {
            return MovieLensFormat.SYNTHETIC;
        }
        if (Files.exists(directory.resolve("u.data"))) {
            return MovieLensFormat.ML_100K;
        }
        if (Files.exists(directory.resolve("ratings.dat"))) {
            return MovieLensFormat.ML_1M;
        }
        throw new IllegalArgumentException("--data " + directory + " holds neither u.data (ml-100k) nor ratings.dat (ml-1m)");
    }

    /** A human-readable description of the data. */
    String describe() {
        if (isInteractionLog()) {
            return "the interaction log " + interactionsFile + (usersFile == null ? "" : " (users " + usersFile + ")")
                   + (itemsFile == null ? "" : " (items " + itemsFile + ")");
        }
        MovieLensFormat f = resolveFormat();
        return f == MovieLensFormat.SYNTHETIC
            ? "synthetic (seed " + dataSeed + ", " + syntheticUsers + " users, " + syntheticItems + " items)"
            : f.id() + " at " + directory;
    }

    SampleBuilder sampleBuilder() {
        return new SampleBuilder(historyLength, minRating, SampleBuilder.DEFAULT_MIN_INTERACTIONS);
    }

    /** The data source of one split: it carries the file hashes and split parameters in its provenance. */
    RecommenderDataSource source(String split) {
        check();
        if (isInteractionLog()) {
            // --min-rating is a threshold on the log's own scale, applied while reading.
            return InteractionLogDataSource.builder(interactionsFile).users(usersFile).items(itemsFile).columns(logColumns())
                .split(split).historyLength(historyLength).minRating(minRating).build();
        }
        MovieLensFormat f = resolveFormat();
        if (f == MovieLensFormat.SYNTHETIC) {
            return new MovieLensDataSource(syntheticConfig(), split, sampleBuilder());
        }
        if (directory == null) {
            throw new IllegalArgumentException("--format " + f.id() + " needs --data DIR");
        }
        return new MovieLensDataSource(f, directory, split, sampleBuilder());
    }

    /** The generator configuration of the synthetic data. */
    SyntheticGenerator.Config syntheticConfig() {
        try {
            return SyntheticGenerator.Config.defaults().withSeed(dataSeed)
                .withSizes(syntheticUsers, syntheticItems, SyntheticGenerator.Config.DEFAULT_MIN_PER_USER, syntheticMaxPerUser);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("synthetic data options: " + e.getMessage(), e);
        }
    }

    /** The splits behind the sources (parsed once and cached by the data package). */
    SampleSplits splits() {
        return source(SampleSplits.TRAIN).getSplits();
    }
}
