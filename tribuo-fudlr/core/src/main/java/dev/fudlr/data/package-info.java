/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */

/**
 * The data pipeline: MovieLens readers ({@link dev.fudlr.data.MovieLensReader}), a checksum-verifying
 * downloader ({@link dev.fudlr.data.MovieLensDownloader}), a synthetic generator with planted, known biases
 * ({@link dev.fudlr.data.SyntheticGenerator}), the leave-one-out sample builder
 * ({@link dev.fudlr.data.SampleBuilder}), a configurable Tribuo data source ({@link dev.fudlr.data.MovieLensDataSource})
 * whose provenance records the files read and their SHA-256, and its counterpart for any recommender data: a CSV/TSV
 * interaction log with optional user and item tables ({@link dev.fudlr.data.InteractionLogDataSource}, read by
 * {@link dev.fudlr.data.InteractionLogReader}). Both are {@link dev.fudlr.data.RecommenderDataSource}s.
 * <p>
 * Every recommender in the project consumes samples encoded by {@link dev.fudlr.data.SampleEncoding}:
 * one {@code Example<Label>} per (history, target item) pair.
 * <p>
 * The MovieLens data sets are licensed by GroupLens for research use only and must not be redistributed;
 * this package reads them from where the user put them (or downloads them for the user) and never ships them.
 */
package dev.fudlr.data;
