/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.cli;

import dev.fudlr.data.DataFormatException;
import dev.fudlr.data.MovieLensDownloader;
import dev.fudlr.data.MovieLensFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.Callable;

/**
 * {@code fudlr data get ml-100k|ml-1m}: downloads a MovieLens archive, checks it and unpacks it to
 * {@code <dir>/<id>/} (see {@link MovieLensDownloader}: nothing partial is left behind). An existing verified copy is
 * reused; {@code --force} downloads again and replaces it only once the new copy passed every check.
 */
@Command(name = "get", mixinStandardHelpOptions = true,
         description = {"Download, verify and unpack a MovieLens data set to DIR/<id>/.",
                        "ml-100k is verified by the published MD5s of u.data, u.item and u.user; ml-1m needs --sha256 "
                        + "(or an explicit --no-checksum). The MovieLens data are for research use and may not be redistributed."})
final class DataGetCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DATASET", description = "ml-100k or ml-1m.")
    String dataset;

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "data", description = "Target directory (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--url", paramLabel = "BASE",
            description = "Base URL the archive <id>.zip is fetched from: a mirror, or a file: directory (default: GroupLens).")
    String baseUrl;

    @Option(names = "--sha256", paramLabel = "HEX", description = "Expected SHA-256 of the archive.")
    String sha256;

    @Option(names = "--no-checksum", description = "Accept the archive without a checksum (its zip CRCs are still checked).")
    boolean noChecksum;

    @Option(names = "--force", description = "Download again even if DIR/<id>/ exists, replacing it once the new copy is verified.")
    boolean force;

    @Override
    public Integer call() throws IOException {
        MovieLensFormat format = parseFormat(dataset);
        MovieLensDownloader.Verification verification = verification(format);
        MovieLensDownloader downloader = baseUrl == null ? new MovieLensDownloader() : new MovieLensDownloader(parseUri(baseUrl));
        Path target = dir.toAbsolutePath().normalize();
        Path finalDir = target.resolve(format.id());
        Path result;
        try {
            if (force && Files.exists(finalDir)) {
                result = replace(downloader, format, target, verification);
            } else {
                boolean existed = Files.exists(finalDir);
                result = downloader.download(format, target, verification);
                if (existed) {
                    System.out.println("Reusing the existing copy (pass --force to download again).");
                }
            }
        } catch (DataFormatException e) {
            // A download that fails its checks is a failure while running (exit 1), not bad input of the user's.
            throw new IOException(e.getMessage(), e);
        }
        System.out.println(format.id() + " is ready in " + result + " (verified by " + verification + ")");
        System.out.println("Use it with: fudlr demo --data " + result);
        return 0;
    }

    static MovieLensFormat parseFormat(String id) {
        if (MovieLensFormat.ML_100K.id().equals(id)) {
            return MovieLensFormat.ML_100K;
        }
        if (MovieLensFormat.ML_1M.id().equals(id)) {
            return MovieLensFormat.ML_1M;
        }
        throw new IllegalArgumentException("unknown data set '" + id + "'; choose ml-100k or ml-1m");
    }

    private MovieLensDownloader.Verification verification(MovieLensFormat format) {
        if (sha256 != null && noChecksum) {
            throw new IllegalArgumentException("--sha256 and --no-checksum contradict each other; pass one");
        }
        if (sha256 != null) {
            return MovieLensDownloader.Verification.archiveSha256(sha256);
        }
        if (noChecksum) {
            return MovieLensDownloader.Verification.none();
        }
        if (format == MovieLensFormat.ML_100K) {
            return MovieLensDownloader.Verification.knownMovieLens100k();
        }
        throw new IllegalArgumentException(format.id() + " has no built-in checksum: pass --sha256 HEX of " + format.id()
                                           + ".zip from a source you trust, or --no-checksum");
    }

    private static URI parseUri(String s) {
        try {
            URI uri = new URI(s);
            if (uri.getScheme() == null) {
                throw new IllegalArgumentException("--url " + s + " is not a URL (expected e.g. https://host/path/ or file:/dir/)");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--url " + s + " is not a URL: " + e.getMessage(), e);
        }
    }

    /** Downloads into a fresh directory beside the old copy, then swaps the verified copy in. */
    private static Path replace(MovieLensDownloader downloader, MovieLensFormat format, Path target,
                                MovieLensDownloader.Verification verification) throws IOException {
        Path staging = Files.createTempDirectory(target, "." + format.id() + "-get-");
        try {
            Path fresh = downloader.download(format, staging, verification);
            Path finalDir = target.resolve(format.id());
            Path finalZip = target.resolve(format.id() + ".zip");
            deleteTree(finalDir);
            Files.move(fresh, finalDir, StandardCopyOption.ATOMIC_MOVE);
            Path zip = staging.resolve(format.id() + ".zip");
            if (Files.exists(zip)) {
                Files.move(zip, finalZip, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            return finalDir;
        } finally {
            deleteTree(staging);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
