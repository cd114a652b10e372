/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MovieLensDownloaderTest {

    @TempDir
    Path tmp;

    /** A small ML-100K tree as GroupLens lays it out: every file under "ml-100k/". */
    private Map<String, byte[]> smallMl100k() throws IOException {
        Path src = Files.createDirectories(tmp.resolve("src"));
        TestData.writeMl100k(src);
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (String f : List.of("u.data", "u.item", "u.user")) {
            entries.put("ml-100k/" + f, Files.readAllBytes(src.resolve(f)));
        }
        // A larger, incompressible-ish entry so corruption in the middle of the archive hits compressed data.
        byte[] noise = new byte[50_000];
        new Random(1).nextBytes(noise);
        entries.put("ml-100k/README", noise);
        return entries;
    }

    private static byte[] zip(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (ZipOutputStream zos = new ZipOutputStream(bos)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zos.putNextEntry(new ZipEntry(e.getKey()));
                zos.write(e.getValue());
                zos.closeEntry();
            }
        }
        return bos.toByteArray();
    }

    /** Publishes an archive as ml-100k.zip in a fresh "server" directory and returns a downloader for it. */
    private MovieLensDownloader serve(String name, byte[] archive) throws IOException {
        Path server = Files.createDirectories(tmp.resolve("server-" + System.nanoTime()));
        Files.write(server.resolve(name), archive);
        return new MovieLensDownloader(server.toUri());
    }

    private static String hex(String algorithm, byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
    }

    private static Set<String> listing(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return Set.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }

    @Test
    void downloadsVerifiesBySha256AndUnpacks() throws Exception {
        Map<String, byte[]> entries = smallMl100k();
        byte[] archive = zip(entries);
        MovieLensDownloader dl = serve("ml-100k.zip", archive);
        Path target = tmp.resolve("target");
        Path dir = dl.download(MovieLensFormat.ML_100K, target, MovieLensDownloader.Verification.archiveSha256(hex("SHA-256", archive)));
        assertEquals(target.resolve("ml-100k"), dir);
        assertEquals(Set.of("ml-100k", "ml-100k.zip"), listing(target), "no temporary file left");
        assertArrayEquals(archive, Files.readAllBytes(target.resolve("ml-100k.zip")));
        assertArrayEquals(entries.get("ml-100k/README"), Files.readAllBytes(dir.resolve("README")));
        assertEquals(7, MovieLensReader.read100k(dir).interactions().size());
        // A second call reuses the verified copy without fetching (the server is gone).
        MovieLensDownloader offline = new MovieLensDownloader(tmp.resolve("no-server").toUri());
        assertEquals(dir, offline.download(MovieLensFormat.ML_100K, target,
                MovieLensDownloader.Verification.archiveSha256(hex("SHA-256", archive))));
        assertThrows(DataFormatException.class, () -> offline.download(MovieLensFormat.ML_100K, target,
                MovieLensDownloader.Verification.archiveSha256("0".repeat(64))));
    }

    @Test
    void verifiesUnpackedMd5AndAcceptsFilesAtTheArchiveRoot() throws Exception {
        Map<String, byte[]> entries = smallMl100k();
        Map<String, byte[]> atRoot = new LinkedHashMap<>();
        Map<String, String> md5 = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            String name = e.getKey().substring("ml-100k/".length());
            atRoot.put(name, e.getValue());
            md5.put(name, hex("MD5", e.getValue()));
        }
        Path target = tmp.resolve("target");
        Path dir = serve("ml-100k.zip", zip(atRoot)).download(MovieLensFormat.ML_100K, target,
                MovieLensDownloader.Verification.unpackedMd5(md5));
        assertEquals(Set.of("u.data", "u.item", "u.user", "README"), listing(dir));
        assertEquals(Set.of("ml-100k", "ml-100k.zip"), listing(target));
    }

    @Test
    void wrongChecksumKeepsNothing() throws Exception {
        byte[] archive = zip(smallMl100k());
        Path target = tmp.resolve("target");
        DataFormatException e = assertThrows(DataFormatException.class, () -> serve("ml-100k.zip", archive)
                .download(MovieLensFormat.ML_100K, target, MovieLensDownloader.Verification.archiveSha256("ab".repeat(32))));
        assertTrue(e.getMessage().startsWith("ml-100k.zip: SHA-256 mismatch: expected " + "ab".repeat(32) + ", found " + hex("SHA-256", archive)), e.getMessage());
        assertEquals(Set.of(), listing(target));
    }

    @Test
    void publishedMovieLens100kMd5RejectsOtherContent() throws Exception {
        Path target = tmp.resolve("target");
        DataFormatException e = assertThrows(DataFormatException.class, () -> serve("ml-100k.zip", zip(smallMl100k()))
                .downloadMovieLens100k(target));
        assertTrue(e.getMessage().contains("MD5 mismatch for u.data: expected 6e47046882bad158b0efbb84cd5cb987"), e.getMessage());
        assertEquals(Set.of(), listing(target));
    }

    @Test
    void corruptArchiveIsRefused() throws Exception {
        byte[] archive = zip(smallMl100k());
        // Flip bytes inside the README's compressed data (it is the last and by far the largest entry).
        for (int i = archive.length / 2; i < archive.length / 2 + 64; i++) {
            archive[i] ^= 0x5a;
        }
        Path target = tmp.resolve("target");
        DataFormatException e = assertThrows(DataFormatException.class, () -> serve("ml-100k.zip", archive)
                .download(MovieLensFormat.ML_100K, target, MovieLensDownloader.Verification.none()));
        assertTrue(e.getMessage().startsWith("ml-100k.zip: "), e.getMessage());
        assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
        assertEquals(Set.of(), listing(target));
    }

    @Test
    void truncatedArchiveIsRefused() throws Exception {
        byte[] archive = zip(smallMl100k());
        byte[] truncated = java.util.Arrays.copyOf(archive, archive.length * 2 / 3);
        Path target = tmp.resolve("target");
        DataFormatException e = assertThrows(DataFormatException.class, () -> serve("ml-100k.zip", truncated)
                .download(MovieLensFormat.ML_100K, target, MovieLensDownloader.Verification.none()));
        assertTrue(e.getMessage().contains("not a valid zip archive (corrupt or truncated)"), e.getMessage());
        assertEquals(Set.of(), listing(target));
    }

    @Test
    void zipSlipIsRefused() throws Exception {
        Map<String, byte[]> entries = smallMl100k();
        entries.put("ml-100k/../../evil.txt", "gotcha".getBytes());
        Path target = tmp.resolve("a").resolve("target");
        DataFormatException e = assertThrows(DataFormatException.class, () -> serve("ml-100k.zip", zip(entries))
                .download(MovieLensFormat.ML_100K, target, MovieLensDownloader.Verification.none()));
        assertTrue(e.getMessage().contains("'ml-100k/../../evil.txt' would be written outside the target directory"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("a").resolve("evil.txt")));
        assertFalse(Files.exists(target.resolve("evil.txt")));
        assertEquals(Set.of(), listing(target));
    }

    @Test
    void missingFileOrArchiveIsRefused() throws Exception {
        Map<String, byte[]> entries = smallMl100k();
        entries.remove("ml-100k/u.item");
        Path target = tmp.resolve("target");
        DataFormatException e = assertThrows(DataFormatException.class, () -> serve("ml-100k.zip", zip(entries))
                .download(MovieLensFormat.ML_100K, target, MovieLensDownloader.Verification.none()));
        assertEquals("ml-100k.zip: archive has no u.item next to u.data", e.getMessage());
        assertEquals(Set.of(), listing(target));
        // Nothing at the URL: an I/O error, and again nothing left.
        assertThrows(IOException.class, () -> new MovieLensDownloader(tmp.resolve("empty").toUri())
                .download(MovieLensFormat.ML_1M, target, MovieLensDownloader.Verification.none()));
        assertEquals(Set.of(), listing(target));
    }

    @Test
    void argumentChecks() {
        assertThrows(IllegalArgumentException.class, () -> MovieLensDownloader.Verification.archiveSha256("abc"));
        assertThrows(IllegalArgumentException.class, () -> MovieLensDownloader.Verification.unpackedMd5(Map.of("u.data", "xyz")));
        assertThrows(NullPointerException.class, () -> new MovieLensDownloader().download(MovieLensFormat.ML_1M, tmp, null));
        assertThrows(IllegalArgumentException.class, () -> new MovieLensDownloader().download(MovieLensFormat.SYNTHETIC, tmp,
                MovieLensDownloader.Verification.none()));
        assertEquals("https://files.grouplens.org/datasets/movielens/ml-1m.zip",
                new MovieLensDownloader().archiveUri(MovieLensFormat.ML_1M).toString());
        assertEquals("file:/x/y/ml-100k.zip",
                new MovieLensDownloader(java.net.URI.create("file:/x/y")).archiveUri(MovieLensFormat.ML_100K).toString());
    }

    @Test
    void realMovieLens100kPassesThePublishedMd5() throws Exception {
        Path real = TestData.realMl100k();
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (String f : List.of("u.data", "u.item", "u.user", "u.genre")) {
            entries.put("ml-100k/" + f, Files.readAllBytes(real.resolve(f)));
        }
        // The archive lives only in this test's temporary directory.
        Path target = tmp.resolve("target");
        Path dir = serve("ml-100k.zip", zip(entries)).downloadMovieLens100k(target);
        RatingsData data = MovieLensReader.read100k(dir);
        assertEquals(100_000, data.interactions().size());
        assertEquals(MovieLensReader.read100k(real).fileHashes(), data.fileHashes());
    }
}
