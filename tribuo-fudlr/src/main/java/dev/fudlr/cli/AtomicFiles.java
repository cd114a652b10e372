/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.cli;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes output files (models, reports, provenance) so that a reader never sees a partial file, even if the process
 * is killed mid-write:
 * <ol>
 *     <li>the content goes to a temporary file in the target's directory (same file system, so the rename below is
 *     atomic), named {@code .<target name>.<pid>.<random>.partial}: hidden, and clearly not the output;</li>
 *     <li>the temporary file is flushed to the device ({@code fsync}), so a power loss cannot leave a renamed but empty
 *     file;</li>
 *     <li>it is renamed over the target with {@link StandardCopyOption#ATOMIC_MOVE}: the target is either the complete
 *     old content or the complete new content, never a mix; the directory is then flushed (best effort) so the rename
 *     itself survives a crash.</li>
 * </ol>
 * A killed writer leaves only its hidden {@code .partial} file; the next write of the same target deletes the
 * temporary files of writers that are no longer running (the pid in the name is checked), and never those of a live
 * writer. An existing target is kept unless overwriting is forced.
 */
public final class AtomicFiles {
    private static final Logger logger = Logger.getLogger(AtomicFiles.class.getName());

    /** Suffix of temporary files. */
    public static final String TEMP_SUFFIX = ".partial";

    private static final SecureRandom RANDOM = new SecureRandom();

    /** Something that writes a whole file. */
    @FunctionalInterface
    public interface Writer {
        /**
         * Writes the whole content.
         * @param path the (temporary) file to write.
         * @throws IOException if writing fails.
         */
        void write(Path path) throws IOException;
    }

    private AtomicFiles() {}

    /**
     * Fails early, before any work, when an output exists and may not be overwritten.
     * @param target the output file.
     * @param force whether overwriting is allowed.
     * @param option the option naming it (for the message).
     * @throws IllegalArgumentException if the target exists and {@code force} is false, or is a directory.
     */
    public static void checkTarget(Path target, boolean force, String option) {
        if (Files.isDirectory(target)) {
            throw new IllegalArgumentException(option + " " + target + " is a directory; name a file");
        }
        if (Files.exists(target) && !force) {
            throw new IllegalArgumentException(option + " " + target + " exists; pass --force to overwrite it");
        }
    }

    /**
     * Writes text (UTF-8) atomically.
     * @param target the output file.
     * @param force overwrite an existing file.
     * @param text the content.
     * @throws IOException if writing fails.
     */
    public static void writeString(Path target, boolean force, String text) throws IOException {
        write(target, force, p -> Files.writeString(p, text, StandardCharsets.UTF_8));
    }

    /**
     * Writes {@code target} atomically.
     * @param target the output file.
     * @param force overwrite an existing file.
     * @param writer writes the content to the path it is given.
     * @throws FileAlreadyExistsException if the target exists and {@code force} is false.
     * @throws IOException if writing fails (the temporary file is removed, the target untouched).
     */
    public static void write(Path target, boolean force, Writer writer) throws IOException {
        Path absolute = target.toAbsolutePath().normalize();
        if (Files.isDirectory(absolute)) {
            throw new IOException(absolute + " is a directory, not a file");
        }
        if (Files.exists(absolute) && !force) {
            throw new FileAlreadyExistsException(absolute.toString(), null,
                "output exists; pass --force to overwrite it");
        }
        Path dir = absolute.getParent();
        Files.createDirectories(dir);
        removeStaleTemporaryFiles(absolute);
        Path tmp = temporaryFile(absolute);
        try {
            writer.write(tmp);
            if (!Files.isRegularFile(tmp)) {
                throw new IOException("the writer of " + absolute + " did not create a file");
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            try {
                Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                // Same directory, so this only happens on file systems without atomic rename (some network mounts).
                logger.warning("Atomic rename not supported for " + absolute + "; replacing it non-atomically");
                Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
            syncDirectory(dir);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * The temporary file name of a target for this process.
     * @param target the absolute target.
     * @return {@code .<name>.<pid>.<random>.partial} in the target's directory.
     */
    static Path temporaryFile(Path target) {
        long random = RANDOM.nextLong() & Long.MAX_VALUE;
        return target.resolveSibling("." + target.getFileName() + "." + ProcessHandle.current().pid() + "." + random + TEMP_SUFFIX);
    }

    /**
     * Deletes the temporary files of a target left by writers that are no longer running.
     * @param target the absolute target.
     * @return the deleted files.
     * @throws IOException if the directory cannot be listed.
     */
    static List<Path> removeStaleTemporaryFiles(Path target) throws IOException {
        Pattern pattern = Pattern.compile(Pattern.quote("." + target.getFileName() + ".") + "(\\d+)\\.\\d+" + Pattern.quote(TEMP_SUFFIX));
        List<Path> removed = new ArrayList<>();
        Path dir = target.getParent();
        if (!Files.isDirectory(dir)) {
            return removed;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "." + target.getFileName() + ".*" + TEMP_SUFFIX)) {
            for (Path f : files) {
                Matcher m = pattern.matcher(f.getFileName().toString());
                if (!m.matches()) {
                    continue;
                }
                long pid;
                try {
                    pid = Long.parseLong(m.group(1));
                } catch (NumberFormatException e) {
                    continue;
                }
                boolean alive = pid == ProcessHandle.current().pid() || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
                if (!alive && Files.deleteIfExists(f)) {
                    removed.add(f);
                    logger.info("Removed " + f + ", left by an interrupted write (process " + pid + ")");
                }
            }
        }
        return removed;
    }

    /** Flushes a directory entry change (the rename) to the device; not supported everywhere, hence best effort. */
    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            logger.fine(() -> "Cannot fsync directory " + dir + ": " + e);
        }
    }
}
