/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.data;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import org.tribuo.provenance.ConfiguredDataSourceProvenance;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A configurable Tribuo data source of next-item samples (see {@link SampleEncoding}) from MovieLens-100K,
 * MovieLens-1M or {@link SyntheticGenerator synthetic} data, for one split of {@link SampleBuilder}'s
 * leave-one-out scheme.
 * <p>
 * Configuration (OLCUT): {@code format} ({@code ml-100k}, {@code ml-1m}, {@code synthetic}), {@code directory}
 * (MovieLens only), {@code split} ({@code train}, {@code validation}, {@code test}), the sample parameters
 * {@code historyLength}, {@code minRating}, {@code minInteractions}, and for synthetic data {@code seed} and the
 * {@code synthetic*} generator parameters. The data are read (or generated) when the source is created; a
 * missing or malformed file fails then with a {@link DataFormatException}.
 * <p>
 * Parsed data and built samples are shared between sources with the same inputs (e.g. the train, validation and
 * test sources of one experiment): files are keyed by directory and SHA-256, samples by data and parameters;
 * the last few are kept, softly referenced. {@link #splits} gives the same {@link SampleSplits} without a data
 * source, for the exclusion sets and popularity counts ranking needs.
 * <p>
 * The provenance ({@link MovieLensDataSourceProvenance}) records the configuration, every file read with its
 * path and SHA-256, a combined data hash and the number of examples, so a {@code new MutableDataset<>(source)}
 * carries a {@code DatasetProvenance} that identifies the exact data. Iteration yields copies of the shared
 * examples, so a dataset built from this source may be modified freely.
 */
public final class MovieLensDataSource implements RecommenderDataSource {

    // A String, not an enum: the MovieLens release names (ml-100k, ml-1m) as users know them; MovieLensFormat parses them.
    @Config(mandatory = true, description = "Data format: ml-100k, ml-1m or synthetic.")
    private String format;

    @Config(description = "Directory holding the MovieLens files (required for ml-100k and ml-1m, unused for synthetic).")
    private Path directory;

    // A String, not an enum: the split names are also the samples' split metadata values (SampleSplits).
    @Config(description = "Split to iterate: train, validation or test.")
    private String split = SampleSplits.TRAIN;

    @Config(description = "Maximum number of history items per sample (L).")
    private int historyLength = SampleBuilder.DEFAULT_HISTORY_LENGTH;

    @Config(description = "Keep only interactions with rating >= minRating (0 keeps all ratings).")
    private int minRating = SampleBuilder.DEFAULT_MIN_RATING;

    @Config(description = "Users with fewer kept interactions are left out (at least 3).")
    private int minInteractions = SampleBuilder.DEFAULT_MIN_INTERACTIONS;

    @Config(description = "Random seed of the synthetic generator.")
    private long seed = SyntheticGenerator.Config.DEFAULT_SEED;

    @Config(description = "Synthetic data: number of users.")
    private int syntheticUsers = SyntheticGenerator.Config.DEFAULT_USERS;

    @Config(description = "Synthetic data: number of items.")
    private int syntheticItems = SyntheticGenerator.Config.DEFAULT_ITEMS;

    @Config(description = "Synthetic data: minimum interactions per user.")
    private int syntheticMinPerUser = SyntheticGenerator.Config.DEFAULT_MIN_PER_USER;

    @Config(description = "Synthetic data: maximum interactions per user.")
    private int syntheticMaxPerUser = SyntheticGenerator.Config.DEFAULT_MAX_PER_USER;

    @Config(description = "Synthetic data: Zipf exponent of popularity-driven interactions.")
    private double syntheticPopularitySkew = SyntheticGenerator.Config.defaults().popularitySkew();

    @Config(description = "Synthetic data: fraction of female users.")
    private double syntheticFemaleFraction = SyntheticGenerator.Config.defaults().femaleFraction();

    @Config(description = "Synthetic data: number of genres.")
    private int syntheticGenreCount = SyntheticGenerator.Config.defaults().genreCount();

    @Config(description = "Synthetic data: fraction of bias-inducing users.")
    private double syntheticBiasedUserFraction = SyntheticGenerator.Config.defaults().biasedUserFraction();

    @Config(description = "Synthetic data: probability that a bias-inducing user's interaction is popularity-driven.")
    private double syntheticBiasedInteractionFraction = SyntheticGenerator.Config.defaults().biasedInteractionFraction();

    @Config(description = "Synthetic data: multiplier of female users' affinity for the favoured genre.")
    private double syntheticGenderGenreBoost = SyntheticGenerator.Config.defaults().genderGenreBoost();

    private MovieLensFormat parsedFormat;
    private SampleSplits splits;
    private SyntheticData synthetic;
    private MovieLensDataSourceProvenance provenance;

    /**
     * For OLCUT.
     */
    private MovieLensDataSource() {}

    /**
     * A source over MovieLens files.
     * @param format {@link MovieLensFormat#ML_100K} or {@link MovieLensFormat#ML_1M}.
     * @param directory the directory holding the files.
     * @param split the split to iterate ({@link SampleSplits#TRAIN}, {@link SampleSplits#VALIDATION}, {@link SampleSplits#TEST}).
     * @param builder the sample parameters.
     * @throws PropertyException if a parameter is invalid.
     * @throws DataFormatException if a file is missing or malformed.
     */
    public MovieLensDataSource(MovieLensFormat format, Path directory, String split, SampleBuilder builder) {
        if (format == MovieLensFormat.SYNTHETIC) {
            throw new IllegalArgumentException("Use the SyntheticGenerator.Config constructor for synthetic data");
        }
        this.format = format.id();
        this.directory = Objects.requireNonNull(directory, "directory");
        this.split = split;
        setBuilder(builder);
        postConfig();
    }

    /**
     * A source over synthetic data.
     * @param config the generator parameters.
     * @param split the split to iterate.
     * @param builder the sample parameters.
     * @throws PropertyException if a parameter is invalid.
     */
    public MovieLensDataSource(SyntheticGenerator.Config config, String split, SampleBuilder builder) {
        this.format = MovieLensFormat.SYNTHETIC.id();
        this.split = split;
        this.seed = config.seed();
        this.syntheticUsers = config.numUsers();
        this.syntheticItems = config.numItems();
        this.syntheticMinPerUser = config.minInteractionsPerUser();
        this.syntheticMaxPerUser = config.maxInteractionsPerUser();
        this.syntheticPopularitySkew = config.popularitySkew();
        this.syntheticFemaleFraction = config.femaleFraction();
        this.syntheticGenreCount = config.genreCount();
        this.syntheticBiasedUserFraction = config.biasedUserFraction();
        this.syntheticBiasedInteractionFraction = config.biasedInteractionFraction();
        this.syntheticGenderGenreBoost = config.genderGenreBoost();
        setBuilder(builder);
        postConfig();
    }

    private void setBuilder(SampleBuilder builder) {
        this.historyLength = builder.historyLength();
        this.minRating = builder.minRating();
        this.minInteractions = builder.minInteractions();
    }

    /**
     * Used by the OLCUT configuration system, and should not be called by external code.
     * @throws PropertyException if a parameter is invalid.
     * @throws DataFormatException if a file is missing or malformed.
     */
    @Override
    public void postConfig() {
        try {
            parsedFormat = MovieLensFormat.fromId(format);
        } catch (IllegalArgumentException e) {
            throw new PropertyException("", "format", e.getMessage());
        }
        if (split == null || !SampleSplits.SPLITS.contains(split)) {
            throw new PropertyException("", "split", "split must be one of " + SampleSplits.SPLITS + ", found '" + split + "'");
        }
        SampleBuilder builder;
        try {
            builder = new SampleBuilder(historyLength, minRating, minInteractions);
        } catch (IllegalArgumentException e) {
            throw new PropertyException("", propertyOf(e.getMessage()), e.getMessage());
        }
        if (parsedFormat == MovieLensFormat.SYNTHETIC) {
            SyntheticGenerator.Config config;
            try {
                config = new SyntheticGenerator.Config(seed, syntheticUsers, syntheticItems, syntheticMinPerUser,
                        syntheticMaxPerUser, syntheticPopularitySkew, syntheticFemaleFraction, syntheticGenreCount,
                        syntheticBiasedUserFraction, syntheticBiasedInteractionFraction, syntheticGenderGenreBoost);
            } catch (IllegalArgumentException e) {
                throw new PropertyException("", syntheticPropertyOf(e.getMessage()), e.getMessage());
            }
            synthetic = synthetic(config);
            splits = splits(synthetic, builder);
        } else {
            if (directory == null) {
                throw new PropertyException("", "directory", "directory is required for format " + parsedFormat.id());
            }
            // Absolute and normalised, as OLCUT records a Path in provenance, so configuration and provenance agree.
            directory = directory.toAbsolutePath().normalize();
            synthetic = null;
            splits = splits(parsedFormat, directory, builder);
        }
        provenance = new MovieLensDataSourceProvenance(this);
    }

    /** Maps a generator parameter named at the start of a validation message to its configuration field. */
    private static String syntheticPropertyOf(String message) {
        String[][] names = {{"numUsers", "syntheticUsers"}, {"numItems", "syntheticItems"},
                {"minInteractionsPerUser", "syntheticMinPerUser"}, {"maxInteractionsPerUser", "syntheticMaxPerUser"},
                {"popularitySkew", "syntheticPopularitySkew"}, {"femaleFraction", "syntheticFemaleFraction"},
                {"genreCount", "syntheticGenreCount"}, {"biasedUserFraction", "syntheticBiasedUserFraction"},
                {"biasedInteractionFraction", "syntheticBiasedInteractionFraction"},
                {"genderGenreBoost", "syntheticGenderGenreBoost"}};
        for (String[] n : names) {
            if (message.startsWith(n[0] + " ")) {
                return n[1];
            }
        }
        return "";
    }

    private static String propertyOf(String message) {
        for (String p : new String[]{"historyLength", "minRating", "minInteractions"}) {
            if (message.startsWith(p)) {
                return p;
            }
        }
        return "";
    }

    /**
     * The samples of MovieLens files, shared with other callers that ask for the same files (same SHA-256) and
     * parameters.
     * @param format {@link MovieLensFormat#ML_100K} or {@link MovieLensFormat#ML_1M}.
     * @param directory the directory holding the files.
     * @param builder the sample parameters.
     * @return the splits.
     * @throws DataFormatException if a file is missing or malformed.
     */
    public static SampleSplits splits(MovieLensFormat format, Path directory, SampleBuilder builder) {
        RatingsData data = MovieLensReader.readCached(format, directory);
        return DataCache.splits(data, "files:" + format.id() + "|" + directory.toAbsolutePath().normalize() + "|" + data.combinedSha256(), builder);
    }

    /**
     * The samples of synthetic data, shared with other callers that ask for the same data and parameters.
     * @param data generated data (e.g. from {@link #synthetic(SyntheticGenerator.Config)}).
     * @param builder the sample parameters.
     * @return the splits.
     */
    public static SampleSplits splits(SyntheticData data, SampleBuilder builder) {
        return DataCache.splits(data.ratings(), "synthetic:" + System.identityHashCode(data.ratings()) + "|" + data.config(), builder);
    }

    /**
     * Synthetic data for a config, shared with other callers that ask for the same config.
     * @param config the generator parameters.
     * @return the data.
     */
    public static SyntheticData synthetic(SyntheticGenerator.Config config) {
        return DataCache.cached("generated:" + config, () -> SyntheticGenerator.generate(config));
    }

    @Override
    public SampleSplits getSplits() {
        return splits;
    }

    /**
     * The generated data and its ground truth, for the synthetic format.
     * @return the synthetic data, or empty for MovieLens.
     */
    public Optional<SyntheticData> getSyntheticData() {
        return Optional.ofNullable(synthetic);
    }

    /**
     * The format.
     * @return the format.
     */
    public MovieLensFormat getFormat() {
        return parsedFormat;
    }

    /**
     * The directory read.
     * @return the directory (absolute, normalised), or null for synthetic data.
     */
    public Path getDirectory() {
        return directory;
    }

    @Override
    public String getSplit() {
        return split;
    }

    @Override
    public List<String> sensitiveAttributes() {
        return List.of(SampleEncoding.GENDER, SampleEncoding.AGE, SampleEncoding.OCCUPATION);
    }

    @Override
    public ConfiguredDataSourceProvenance getProvenance() {
        return provenance;
    }

    /** The files read, in name order (empty for synthetic data). */
    List<String> fileNames() {
        return List.copyOf(splits.ratings().fileHashes().keySet());
    }

    @Override
    public String toString() {
        return "MovieLensDataSource(format=" + format + (directory == null ? "" : ", directory=" + directory)
                + ", split=" + split + ", historyLength=" + historyLength + ", minRating=" + minRating
                + ", minInteractions=" + minInteractions
                + (parsedFormat == MovieLensFormat.SYNTHETIC ? ", seed=" + seed : "") + ", examples=" + size() + ")";
    }
}
