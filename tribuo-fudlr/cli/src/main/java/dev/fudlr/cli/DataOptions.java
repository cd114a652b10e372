/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.cli;

import dev.fudlr.data.MovieLensDataSource;
import dev.fudlr.data.MovieLensFormat;
import dev.fudlr.data.SampleBuilder;
import dev.fudlr.data.SampleSplits;
import dev.fudlr.data.SyntheticGenerator;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Options shared by the commands that read data: a MovieLens directory, or the embedded synthetic dataset.
 */
final class DataOptions {

    @Option(names = "--data", paramLabel = "DIR",
            description = "MovieLens directory (ml-100k: u.data/u.user/u.item; ml-1m: ratings.dat/users.dat/movies.dat). "
                    + "Default: the embedded synthetic dataset.")
    Path directory;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "Data format: ml-100k, ml-1m or synthetic. Default: detected from the files in --data, else synthetic.")
    String format;

    @Option(names = "--history", paramLabel = "L", defaultValue = "10",
            description = "History length L of each sample, 1.." + SampleBuilder.MAX_HISTORY_LENGTH + " (default: ${DEFAULT-VALUE}).")
    int historyLength;

    @Option(names = "--min-rating", paramLabel = "R", defaultValue = "0",
            description = "Keep only ratings >= R as interactions; 0 keeps all (default: ${DEFAULT-VALUE}).")
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
        if (resolveFormat() == MovieLensFormat.SYNTHETIC) {
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

    /** The resolved format. */
    MovieLensFormat resolveFormat() {
        if (format != null) {
            return MovieLensFormat.fromId(format);
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
        MovieLensFormat f = resolveFormat();
        return f == MovieLensFormat.SYNTHETIC
            ? "synthetic (seed " + dataSeed + ", " + syntheticUsers + " users, " + syntheticItems + " items)"
            : f.id() + " at " + directory;
    }

    SampleBuilder sampleBuilder() {
        return new SampleBuilder(historyLength, minRating, SampleBuilder.DEFAULT_MIN_INTERACTIONS);
    }

    /** The data source of one split: it carries the file hashes and split parameters in its provenance. */
    MovieLensDataSource source(String split) {
        check();
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
