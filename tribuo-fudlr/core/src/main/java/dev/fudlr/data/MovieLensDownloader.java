/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.data;

import dev.fudlr.progress.Progress;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLConnection;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Downloads and unpacks the MovieLens archives ({@code ml-100k.zip}, {@code ml-1m.zip}) from GroupLens
 * (or another base URL, e.g. a mirror or a {@code file:} URL), verifying their integrity.
 * <p>
 * Nothing partial is ever left behind: the archive is written to a temporary file and unpacked into a
 * temporary directory inside the target directory; only when every check passed are they renamed (atomically
 * where the file system allows) to {@code <target>/<id>.zip} and {@code <target>/<id>/}. On any failure the
 * temporary files are deleted.
 * <p>
 * Checks:
 * <ul>
 *     <li>the download is complete (compared with the announced content length, when there is one);</li>
 *     <li>the archive is a valid zip (a truncated archive has no central directory) and every entry
 *     decompresses to its recorded size and CRC-32;</li>
 *     <li>no entry escapes the target directory (zip-slip), and the unpacked size stays under 2 GiB;</li>
 *     <li>the required files of the format are present;</li>
 *     <li>the chosen {@link Verification}: the archive's SHA-256 supplied by the caller, or the MD5 of the
 *     unpacked files ({@link Verification#knownMovieLens100k()}: the published MD5s of MovieLens-100K's
 *     {@code u.data}, {@code u.item}, {@code u.user}), or, explicitly, none.</li>
 * </ul>
 * We do not ship a SHA-256 of the archives themselves because we could not derive one from a trusted source;
 * for MovieLens-1M the caller must therefore supply a checksum or opt out with {@link Verification#none()}.
 * <p>
 * The MovieLens data sets are for research use only and may not be redistributed (see their README); this
 * class fetches them for the user, it does not redistribute them.
 */
public final class MovieLensDownloader {

    private static final Logger logger = Logger.getLogger(MovieLensDownloader.class.getName());

    /** Where GroupLens publishes the archives. */
    public static final URI DEFAULT_BASE_URI = URI.create("https://files.grouplens.org/datasets/movielens/");

    /** Published MD5 of the unpacked MovieLens-100K files (checked in this order). */
    public static final Map<String, String> ML100K_MD5;

    static {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("u.data", "6e47046882bad158b0efbb84cd5cb987");
        m.put("u.item", "c9e7f390115d79079537301d5204f3f7");
        m.put("u.user", "1b53539edc13caad0282c8500608a319");
        ML100K_MD5 = Collections.unmodifiableMap(m);
    }

    private static final long MAX_ARCHIVE_BYTES = 1L << 30;
    private static final long MAX_UNPACKED_BYTES = 2L << 30;
    private static final int MAX_ENTRIES = 10_000;

    /**
     * How a download is verified.
     */
    public static final class Verification {
        private final String zipSha256;
        private final Map<String, String> unpackedMd5;

        private Verification(String zipSha256, Map<String, String> unpackedMd5) {
            this.zipSha256 = zipSha256;
            this.unpackedMd5 = unpackedMd5;
        }

        /**
         * Verify the archive against a SHA-256 the caller obtained from a trusted source.
         * @param sha256 64 hex digits.
         * @return the verification.
         * @throws IllegalArgumentException if the value is not a SHA-256 hex string.
         */
        public static Verification archiveSha256(String sha256) {
            return new Verification(Digests.normaliseSha256(sha256, "Archive SHA-256"), null);
        }

        /**
         * Verify the unpacked files against MD5s (file name to hex MD5).
         * @param md5ByFile the expected MD5s; every named file must be in the archive.
         * @return the verification.
         */
        public static Verification unpackedMd5(Map<String, String> md5ByFile) {
            Map<String, String> copy = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : md5ByFile.entrySet()) {
                String v = e.getValue().trim().toLowerCase(Locale.ROOT);
                if (!v.matches("[0-9a-f]{32}")) {
                    throw new IllegalArgumentException("MD5 of " + e.getKey() + " must be 32 hex digits, found '" + e.getValue() + "'");
                }
                copy.put(e.getKey(), v);
            }
            if (copy.isEmpty()) {
                throw new IllegalArgumentException("No MD5 given");
            }
            return new Verification(null, Collections.unmodifiableMap(copy));
        }

        /**
         * Verify MovieLens-100K's unpacked {@code u.data}, {@code u.item}, {@code u.user} against their published MD5s.
         * @return the verification.
         */
        public static Verification knownMovieLens100k() {
            return unpackedMd5(ML100K_MD5);
        }

        /**
         * No checksum (the zip's own CRCs are still checked). Must be chosen explicitly.
         * @return the verification.
         */
        public static Verification none() {
            return new Verification(null, null);
        }

        @Override
        public String toString() {
            if (zipSha256 != null) {
                return "archive SHA-256 " + zipSha256;
            } else if (unpackedMd5 != null) {
                return "MD5 of " + String.join(", ", unpackedMd5.keySet());
            } else {
                return "no checksum";
            }
        }
    }

    private final URI baseUri;
    private final int connectTimeoutMillis;
    private final int readTimeoutMillis;

    /**
     * A downloader from {@link #DEFAULT_BASE_URI} with 30 s connect and read timeouts.
     */
    public MovieLensDownloader() {
        this(DEFAULT_BASE_URI);
    }

    /**
     * A downloader from another base URI (a mirror, or a {@code file:} directory).
     * @param baseUri the base; {@code <baseUri>/<id>.zip} is fetched.
     */
    public MovieLensDownloader(URI baseUri) {
        this(baseUri, 30_000, 30_000);
    }

    /**
     * A downloader.
     * @param baseUri the base; {@code <baseUri>/<id>.zip} is fetched.
     * @param connectTimeoutMillis connect timeout.
     * @param readTimeoutMillis read timeout.
     */
    public MovieLensDownloader(URI baseUri, int connectTimeoutMillis, int readTimeoutMillis) {
        String s = Objects.requireNonNull(baseUri, "baseUri").toString();
        this.baseUri = s.endsWith("/") ? baseUri : URI.create(s + "/");
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.readTimeoutMillis = readTimeoutMillis;
    }

    /**
     * The URI an archive is fetched from.
     * @param format the data set.
     * @return {@code <baseUri>/<id>.zip}.
     */
    public URI archiveUri(MovieLensFormat format) {
        return baseUri.resolve(archiveName(format));
    }

    /**
     * Downloads MovieLens-100K verified by its published MD5s ({@link Verification#knownMovieLens100k()}).
     * @param targetDirectory where {@code ml-100k.zip} and {@code ml-100k/} go.
     * @return the directory holding the data files.
     * @throws IOException on network or file-system failure.
     * @throws DataFormatException if the archive is corrupt, truncated, unsafe or fails verification.
     */
    public Path downloadMovieLens100k(Path targetDirectory) throws IOException {
        return download(MovieLensFormat.ML_100K, targetDirectory, Verification.knownMovieLens100k());
    }

    /**
     * Downloads and unpacks a data set unless {@code <target>/<id>/} already holds it.
     * <p>
     * An existing {@code <target>/<id>/} with the required files is reused without downloading when it passes the
     * verification: unpacked MD5s are checked on the existing files; an archive SHA-256 is checked on an existing
     * {@code <target>/<id>.zip} (reuse is refused without one); {@link Verification#none()} reuses it as is.
     * @param format {@link MovieLensFormat#ML_100K} or {@link MovieLensFormat#ML_1M}.
     * @param targetDirectory the directory to put {@code <id>.zip} and {@code <id>/} in (created if needed).
     * @param verification how to verify.
     * @return the directory holding the data files ({@code <target>/<id>}).
     * @throws IOException on network or file-system failure, or when an existing directory cannot be reused.
     * @throws DataFormatException if the archive is corrupt, truncated, unsafe or fails verification.
     */
    public Path download(MovieLensFormat format, Path targetDirectory, Verification verification) throws IOException {
        Objects.requireNonNull(verification, "verification (use Verification.none() to skip checksums explicitly)");
        if (format == MovieLensFormat.SYNTHETIC) {
            throw new IllegalArgumentException("Synthetic data is generated, not downloaded");
        }
        Files.createDirectories(targetDirectory);
        Path finalDir = targetDirectory.resolve(format.id());
        Path finalZip = targetDirectory.resolve(archiveName(format));
        if (Files.exists(finalDir)) {
            return reuse(format, finalDir, finalZip, verification);
        }
        URI source = archiveUri(format);
        Path tmpZip = Files.createTempFile(targetDirectory, "." + format.id() + "-", ".zip.part");
        Path tmpDir = null;
        try {
            logger.info(() -> "Downloading " + source + " to " + targetDirectory);
            String sha = fetch(source, tmpZip);
            if (verification.zipSha256 != null && !verification.zipSha256.equals(sha)) {
                throw new DataFormatException(archiveName(format), "SHA-256 mismatch: expected " + verification.zipSha256
                        + ", found " + sha + " (downloaded from " + source + "); nothing was kept");
            }
            tmpDir = Files.createTempDirectory(targetDirectory, "." + format.id() + "-unpack-");
            unzip(tmpZip, tmpDir, archiveName(format));
            Path dataDir = locate(format, tmpDir);
            if (verification.unpackedMd5 != null) {
                checkMd5(dataDir, verification.unpackedMd5, archiveName(format) + " (from " + source + ")");
            }
            move(dataDir, finalDir);
            move(tmpZip, finalZip);
            logger.info(() -> "Unpacked " + source + " to " + finalDir + ", verified by " + verification);
            return finalDir;
        } finally {
            deleteQuietly(tmpZip);
            if (tmpDir != null) {
                deleteQuietly(tmpDir);
            }
        }
    }

    private Path reuse(MovieLensFormat format, Path finalDir, Path finalZip, Verification verification) throws IOException {
        for (String f : format.requiredFiles()) {
            if (!Files.isRegularFile(finalDir.resolve(f))) {
                throw new IOException(finalDir + " exists but lacks " + f + "; delete it to download " + format.id() + " again");
            }
        }
        if (verification.unpackedMd5 != null) {
            checkMd5(finalDir, verification.unpackedMd5, finalDir.toString());
        } else if (verification.zipSha256 != null) {
            if (!Files.isRegularFile(finalZip)) {
                throw new IOException(finalDir + " exists but " + finalZip.getFileName()
                        + " does not, so it cannot be checked against the SHA-256; delete it to download again");
            }
            String sha = sha256(finalZip);
            if (!sha.equals(verification.zipSha256)) {
                throw new DataFormatException(finalZip.toString(), "SHA-256 mismatch: expected " + verification.zipSha256
                        + ", found " + sha + "; delete it and " + finalDir + " to download again");
            }
        }
        logger.info(() -> "Reusing " + finalDir + " (" + verification + ")");
        return finalDir;
    }

    private static String archiveName(MovieLensFormat format) {
        return format.id() + ".zip";
    }

    /** Copies the URI's content to the file, returning its SHA-256; checks completeness and size. */
    private String fetch(URI source, Path target) throws IOException {
        URLConnection conn = source.toURL().openConnection();
        conn.setConnectTimeout(connectTimeoutMillis);
        conn.setReadTimeout(readTimeoutMillis);
        if (conn instanceof HttpURLConnection) {
            int code = ((HttpURLConnection) conn).getResponseCode();
            if (code != HttpURLConnection.HTTP_OK) {
                throw new IOException("HTTP " + code + " fetching " + source);
            }
        }
        long expected = conn.getContentLengthLong();
        MessageDigest md = Digests.sha256();
        long total = 0;
        byte[] buf = new byte[1 << 16];
        try (InputStream in = conn.getInputStream(); OutputStream out = Files.newOutputStream(target);
             Progress progress = Progress.start("download " + source, Math.max(0, expected), "bytes")) {
            int n;
            while ((n = in.read(buf)) > 0) {
                progress.step(n);
                total += n;
                if (total > MAX_ARCHIVE_BYTES) {
                    throw new DataFormatException(source.toString(), "larger than " + MAX_ARCHIVE_BYTES + " bytes; refusing it");
                }
                md.update(buf, 0, n);
                out.write(buf, 0, n);
            }
        }
        if (expected >= 0 && total != expected) {
            throw new DataFormatException(source.toString(), "download truncated: " + total + " of " + expected + " bytes");
        }
        return Digests.hex(md.digest());
    }

    /** Unpacks every entry under {@code dir}, refusing path escapes, bad CRCs, wrong sizes and zip bombs. */
    private static void unzip(Path zip, Path dir, String name) {
        Path root = dir.toAbsolutePath().normalize();
        long unpacked = 0;
        int entries = 0;
        try (ZipFile zf = new ZipFile(zip.toFile())) {
            Enumeration<? extends ZipEntry> en = zf.entries();
            byte[] buf = new byte[1 << 16];
            while (en.hasMoreElements()) {
                ZipEntry e = en.nextElement();
                if (++entries > MAX_ENTRIES) {
                    throw new DataFormatException(name, "more than " + MAX_ENTRIES + " entries; refusing it");
                }
                Path out = root.resolve(e.getName()).normalize();
                if (!out.startsWith(root) || out.equals(root)) {
                    throw new DataFormatException(name, "entry '" + e.getName() + "' would be written outside the target directory; refusing the archive");
                }
                if (e.isDirectory()) {
                    Files.createDirectories(out);
                    continue;
                }
                Files.createDirectories(out.getParent());
                CRC32 crc = new CRC32();
                long size = 0;
                try (InputStream in = zf.getInputStream(e); OutputStream os = Files.newOutputStream(out)) {
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        size += n;
                        unpacked += n;
                        if (unpacked > MAX_UNPACKED_BYTES) {
                            throw new DataFormatException(name, "unpacks to more than " + MAX_UNPACKED_BYTES + " bytes; refusing it");
                        }
                        crc.update(buf, 0, n);
                        os.write(buf, 0, n);
                    }
                }
                if (e.getSize() >= 0 && size != e.getSize()) {
                    throw new DataFormatException(name, "entry '" + e.getName() + "' is corrupt: " + size + " bytes, expected " + e.getSize());
                }
                if (e.getCrc() >= 0 && crc.getValue() != e.getCrc()) {
                    throw new DataFormatException(name, "entry '" + e.getName() + "' is corrupt: CRC-32 mismatch");
                }
            }
        } catch (ZipException e) {
            throw new DataFormatException(name, "not a valid zip archive (corrupt or truncated): " + e.getMessage(), e);
        } catch (IOException e) {
            throw new DataFormatException(name, "cannot unpack: " + e.getMessage(), e);
        }
        if (entries == 0) {
            throw new DataFormatException(name, "empty archive");
        }
    }

    /** The directory of the unpacked tree holding the format's files: {@code <id>/} as in GroupLens' archives, or the root. */
    private static Path locate(MovieLensFormat format, Path unpacked) throws IOException {
        String marker = format.requiredFiles().get(0);
        Path dataDir;
        if (Files.isRegularFile(unpacked.resolve(format.id()).resolve(marker))) {
            dataDir = unpacked.resolve(format.id());
        } else if (Files.isRegularFile(unpacked.resolve(marker))) {
            dataDir = unpacked;
        } else {
            try (Stream<Path> s = Files.find(unpacked, 3, (p, a) -> a.isRegularFile() && p.getFileName().toString().equals(marker))) {
                dataDir = s.findFirst().map(Path::getParent).orElseThrow(() ->
                        new DataFormatException(archiveName(format), "archive has no " + marker));
            }
        }
        for (String f : format.requiredFiles()) {
            if (!Files.isRegularFile(dataDir.resolve(f))) {
                throw new DataFormatException(archiveName(format), "archive has no " + f + " next to " + marker);
            }
        }
        if (dataDir.equals(unpacked)) {
            // Files at the archive root: move them one level down so the whole temp dir is not renamed away.
            Path sub = Files.createDirectory(unpacked.resolve("." + format.id() + "-data"));
            try (Stream<Path> s = Files.list(unpacked)) {
                for (Path p : (Iterable<Path>) s::iterator) {
                    if (!p.equals(sub)) {
                        Files.move(p, sub.resolve(p.getFileName()));
                    }
                }
            }
            dataDir = sub;
        }
        return dataDir;
    }

    private static void checkMd5(Path dir, Map<String, String> expected, String what) throws IOException {
        for (Map.Entry<String, String> e : expected.entrySet()) {
            Path f = dir.resolve(e.getKey());
            if (!Files.isRegularFile(f)) {
                throw new DataFormatException(what, "has no " + e.getKey() + " to verify");
            }
            MessageDigest md = Digests.md5();
            try (InputStream in = Files.newInputStream(f)) {
                byte[] buf = new byte[1 << 16];
                int n;
                while ((n = in.read(buf)) > 0) {
                    md.update(buf, 0, n);
                }
            }
            String actual = Digests.hex(md.digest());
            if (!actual.equals(e.getValue())) {
                throw new DataFormatException(what, "MD5 mismatch for " + e.getKey() + ": expected " + e.getValue()
                        + ", found " + actual + "; nothing was kept");
            }
        }
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest md = Digests.sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return Digests.hex(md.digest());
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteQuietly(Path p) {
        if (!Files.exists(p)) {
            return;
        }
        try {
            Files.walkFileTree(p, new SimpleFileVisitor<>() {
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
        } catch (IOException e) {
            logger.log(Level.WARNING, "Could not delete temporary " + p, e);
        }
    }
}
