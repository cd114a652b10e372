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
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A configurable Tribuo data source of next-item samples (see {@link SampleEncoding}) from any recommender interaction
 * log, for one split of {@link SampleBuilder}'s leave-one-out scheme: an interactions file and optional user and item
 * tables, CSV or TSV with a header row, read by {@link InteractionLogReader} (file layout, id rule, order rule,
 * repeats and errors are described there).
 * <p>
 * Configuration (OLCUT): {@code interactionsFile} (mandatory), {@code usersFile}, {@code itemsFile}; the column names
 * {@code userColumn} (default {@code user}), {@code itemColumn} ({@code item}), {@code timestampColumn},
 * {@code ratingColumn}, {@code itemTextColumn}, {@code itemCategoriesColumn} (when not set, the columns named
 * {@code timestamp}, {@code rating}, {@code title}, {@code categories} are used if the header has them; a name that is
 * set must exist); {@code split}; the sample parameters {@code historyLength}, {@code minInteractions}; and
 * {@code minRating}, a threshold on the log's own rating scale applied while reading (0 keeps every row). The files
 * are read when the source is created; a missing or malformed file fails then with a {@link DataFormatException}
 * naming the file, the line and the column.
 * <p>
 * Sensitive attributes: every column of the user table other than the user id, under its own name as sample metadata
 * (e.g. {@code region}), so audits and objectives name it ({@code ndcg-gap@10:region}); empty values and users missing
 * from the table are the {@code unknown} group.
 * <p>
 * Parsed data and built samples are shared between sources of the same files (same paths and SHA-256), columns and
 * parameters, like {@link MovieLensDataSource}'s. The provenance ({@link InteractionLogDataSourceProvenance}) records
 * the configuration, each file read with its path and SHA-256 (keys {@code interactions}, {@code users},
 * {@code items}), a combined data hash and the number of examples.
 */
public final class InteractionLogDataSource implements RecommenderDataSource {

    @Config(mandatory = true, description = "The interactions file (CSV or TSV with a header): one row per interaction, with user and item columns, optionally timestamp and rating.")
    private Path interactionsFile;

    @Config(description = "Optional user table (CSV or TSV with a header): the user column, every other column is a sensitive attribute.")
    private Path usersFile;

    @Config(description = "Optional item table (CSV or TSV with a header): the item column, optionally item text and '|'-separated categories.")
    private Path itemsFile;

    @Config(description = "Name of the user id column (interactions file and user table).")
    private String userColumn = InteractionLogReader.Columns.DEFAULT_USER;

    @Config(description = "Name of the item id column (interactions file and item table).")
    private String itemColumn = InteractionLogReader.Columns.DEFAULT_ITEM;

    @Config(description = "Name of the timestamp column (integer or ISO-8601); unset: 'timestamp' if present, else each user's interactions are in file order.")
    private String timestampColumn;

    @Config(description = "Name of the rating column (any number); unset: 'rating' if present.")
    private String ratingColumn;

    @Config(description = "Name of the item table's text column (e.g. titles for language-model backbones); unset: 'title' if present.")
    private String itemTextColumn;

    @Config(description = "Name of the item table's '|'-separated categories column; unset: 'categories' if present.")
    private String itemCategoriesColumn;

    // A String, not an enum: the split names are also the samples' split metadata values (SampleSplits).
    @Config(description = "Split to iterate: train, validation or test.")
    private String split = SampleSplits.TRAIN;

    @Config(description = "Maximum number of history items per sample (L).")
    private int historyLength = SampleBuilder.DEFAULT_HISTORY_LENGTH;

    @Config(description = "Drop interactions with a rating below minRating, on the log's own scale (0 keeps all; needs a rating column when positive).")
    private double minRating = 0;

    @Config(description = "Users with fewer kept interactions are left out (at least 3).")
    private int minInteractions = SampleBuilder.DEFAULT_MIN_INTERACTIONS;

    private InteractionLog log;
    private SampleSplits splits;
    private InteractionLogDataSourceProvenance provenance;

    /**
     * For OLCUT.
     */
    private InteractionLogDataSource() {}

    private InteractionLogDataSource(Builder b) {
        this.interactionsFile = Objects.requireNonNull(b.interactionsFile, "interactionsFile");
        this.usersFile = b.usersFile;
        this.itemsFile = b.itemsFile;
        this.userColumn = b.columns.user();
        this.itemColumn = b.columns.item();
        this.timestampColumn = b.columns.timestamp();
        this.ratingColumn = b.columns.rating();
        this.itemTextColumn = b.columns.itemText();
        this.itemCategoriesColumn = b.columns.itemCategories();
        this.split = b.split;
        this.historyLength = b.historyLength;
        this.minRating = b.minRating;
        this.minInteractions = b.minInteractions;
        postConfig();
    }

    /**
     * A builder of a source over an interactions file.
     * @param interactionsFile the interactions file.
     * @return the builder.
     */
    public static Builder builder(Path interactionsFile) {
        return new Builder(interactionsFile);
    }

    /**
     * Used by the OLCUT configuration system, and should not be called by external code.
     * @throws PropertyException if a parameter is invalid.
     * @throws DataFormatException if a file is missing or malformed.
     */
    @Override
    public void postConfig() {
        if (split == null || !SampleSplits.SPLITS.contains(split)) {
            throw new PropertyException("", "split", "split must be one of " + SampleSplits.SPLITS + ", found '" + split + "'");
        }
        if (!Double.isFinite(minRating)) {
            throw new PropertyException("", "minRating", "minRating must be finite, found " + minRating);
        }
        SampleBuilder builder;
        try {
            // The log's minRating is applied while reading, on its own scale; the builder keeps every kept row.
            builder = new SampleBuilder(historyLength, 0, minInteractions);
        } catch (IllegalArgumentException e) {
            throw new PropertyException("", e.getMessage().startsWith("historyLength") ? "historyLength" : "minInteractions", e.getMessage());
        }
        InteractionLogReader.Columns columns;
        try {
            columns = new InteractionLogReader.Columns(userColumn, itemColumn, blankToNull(timestampColumn, "timestampColumn"),
                    blankToNull(ratingColumn, "ratingColumn"), blankToNull(itemTextColumn, "itemTextColumn"),
                    blankToNull(itemCategoriesColumn, "itemCategoriesColumn"));
        } catch (IllegalArgumentException e) {
            throw new PropertyException("", e.getMessage().startsWith("userColumn must") ? "userColumn" : "itemColumn", e.getMessage());
        }
        // Absolute and normalised, as OLCUT records a Path in provenance, so configuration and provenance agree.
        interactionsFile = interactionsFile.toAbsolutePath().normalize();
        usersFile = usersFile == null ? null : usersFile.toAbsolutePath().normalize();
        itemsFile = itemsFile == null ? null : itemsFile.toAbsolutePath().normalize();
        Map<String, Path> paths = InteractionLogReader.paths(interactionsFile, usersFile, itemsFile);
        Map<String, byte[]> files = InteractionLogReader.load(paths);
        Map<String, String> hashes = new TreeMap<>();
        files.forEach((role, bytes) -> hashes.put(role, Digests.sha256Hex(bytes)));
        String key = "interaction-log:" + paths + "|" + columns + "|minRating=" + minRating + "|" + Digests.combine(hashes);
        try {
            log = DataCache.cached(key, () -> InteractionLogReader.parse(columns, minRating, paths, files));
        } catch (DataFormatException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            // The one setting the reader checks against the files: a positive minRating needs a rating column.
            throw new PropertyException("", "minRating", e.getMessage());
        }
        splits = DataCache.splits(log.ratings(), key, builder);
        provenance = new InteractionLogDataSourceProvenance(this);
    }

    private static String blankToNull(String column, String field) {
        if (column != null && column.isBlank()) {
            throw new PropertyException("", field, field + " must name a column or be left unset, found '" + column + "'");
        }
        return column;
    }

    @Override
    public SampleSplits getSplits() {
        return splits;
    }

    @Override
    public String getSplit() {
        return split;
    }

    /**
     * The users' sensitive attributes: the user table's columns other than the user id, in file order.
     * @return the metadata keys (empty without a user table).
     */
    @Override
    public List<String> sensitiveAttributes() {
        return log.attributes();
    }

    /**
     * The log as read: the original (string) id of each integer user and item id, and whether it has timestamps.
     * @return the log.
     */
    public InteractionLog getLog() {
        return log;
    }

    /**
     * The files read, by role.
     * @return {@code interactions}, and {@code users}, {@code items} when configured, to absolute normalised paths.
     */
    public Map<String, Path> getFiles() {
        return InteractionLogReader.paths(interactionsFile, usersFile, itemsFile);
    }

    @Override
    public ConfiguredDataSourceProvenance getProvenance() {
        return provenance;
    }

    @Override
    public String toString() {
        return "InteractionLogDataSource(interactionsFile=" + interactionsFile + (usersFile == null ? "" : ", usersFile=" + usersFile)
                + (itemsFile == null ? "" : ", itemsFile=" + itemsFile) + ", split=" + split + ", historyLength=" + historyLength
                + ", minRating=" + minRating + ", minInteractions=" + minInteractions + ", examples=" + size() + ")";
    }

    /**
     * Builds an {@link InteractionLogDataSource}; the defaults are those of the configuration.
     */
    public static final class Builder {
        private final Path interactionsFile;
        private Path usersFile;
        private Path itemsFile;
        private InteractionLogReader.Columns columns = InteractionLogReader.Columns.defaults();
        private String split = SampleSplits.TRAIN;
        private int historyLength = SampleBuilder.DEFAULT_HISTORY_LENGTH;
        private double minRating = 0;
        private int minInteractions = SampleBuilder.DEFAULT_MIN_INTERACTIONS;

        private Builder(Path interactionsFile) {
            this.interactionsFile = interactionsFile;
        }

        /**
         * Sets the user table.
         * @param v the file, or null for none.
         * @return this.
         */
        public Builder users(Path v) {
            usersFile = v;
            return this;
        }

        /**
         * Sets the item table.
         * @param v the file, or null for none.
         * @return this.
         */
        public Builder items(Path v) {
            itemsFile = v;
            return this;
        }

        /**
         * Sets the column names.
         * @param v the columns.
         * @return this.
         */
        public Builder columns(InteractionLogReader.Columns v) {
            columns = Objects.requireNonNull(v, "columns");
            return this;
        }

        /**
         * Sets the split.
         * @param v {@link SampleSplits#TRAIN}, {@link SampleSplits#VALIDATION} or {@link SampleSplits#TEST}.
         * @return this.
         */
        public Builder split(String v) {
            split = v;
            return this;
        }

        /**
         * Sets the history length L.
         * @param v the length.
         * @return this.
         */
        public Builder historyLength(int v) {
            historyLength = v;
            return this;
        }

        /**
         * Sets the rating threshold (on the log's scale).
         * @param v the threshold; 0 keeps every row.
         * @return this.
         */
        public Builder minRating(double v) {
            minRating = v;
            return this;
        }

        /**
         * Sets the minimum number of kept interactions of a user.
         * @param v at least 3.
         * @return this.
         */
        public Builder minInteractions(int v) {
            minInteractions = v;
            return this;
        }

        /**
         * Reads the files and builds the samples.
         * @return the source.
         * @throws PropertyException if a parameter is invalid.
         * @throws DataFormatException if a file is missing or malformed.
         */
        public InteractionLogDataSource build() {
            return new InteractionLogDataSource(this);
        }
    }
}
