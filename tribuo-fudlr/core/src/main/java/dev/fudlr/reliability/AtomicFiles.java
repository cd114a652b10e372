/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.reliability;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
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

    /** The usual limit of one file name (ext4, XFS, APFS, NTFS: 255 bytes or UTF-16 units). */
    static final int MAX_NAME_BYTES = 255;
    /** Room left in a temporary name for the target's name: 255 minus dots, a pid, a random long and the suffix. */
    private static final int MAX_PREFIX_NAME_BYTES = MAX_NAME_BYTES - 2 - 10 - 1 - 19 - TEMP_SUFFIX.length();

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
     * Fails early, before any work, when an output could not be written at the end: it exists and may not be
     * overwritten, it is not a regular file (a directory, a device, a FIFO, a socket) or a symbolic link (never
     * followed, never replaced), or its directory cannot take the temporary file (missing and not creatable, not a
     * directory, read-only, or the name too long). The last is checked by creating and deleting the temporary file
     * itself, so every reason the final write could fail on the directory is found now.
     * @param target the output file.
     * @param force whether overwriting is allowed.
     * @param option the option naming it (for the message).
     * @throws IllegalArgumentException if the target cannot or may not be written, naming the option and the reason.
     */
    public static void checkTarget(Path target, boolean force, String option) {
        String what = option + " " + target;
        Path absolute = target.toAbsolutePath().normalize();
        if (absolute.getFileName() == null) {
            throw new IllegalArgumentException(what + ": names no file");
        }
        int nameBytes = absolute.getFileName().toString().getBytes(StandardCharsets.UTF_8).length;
        if (nameBytes > MAX_NAME_BYTES) {
            throw new IllegalArgumentException(what + ": the file name is " + nameBytes + " bytes long; file systems allow "
                                               + MAX_NAME_BYTES);
        }
        Path dir = absolute.getParent();
        Path existing = dir;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing)) {
            throw new IllegalArgumentException(what + ": " + existing + " is not a directory");
        }
        try {
            checkReplaceable(absolute, force);
        } catch (IOException e) {
            throw new IllegalArgumentException(what + " " + reason(e), e);
        }
        if (existing.equals(dir)) {
            try {
                Files.delete(Files.createFile(temporaryFile(absolute)));
            } catch (IOException e) {
                throw new IllegalArgumentException(what + ": cannot write in " + dir + " (" + reason(e) + ")", e);
            }
        } else if (!Files.isWritable(existing)) {
            throw new IllegalArgumentException(what + ": cannot create " + dir + " (" + existing + " is not writable)");
        }
    }

    /**
     * Refuses a target that exists and is not a regular file, is a symbolic link, or may not be overwritten.
     * @param absolute the absolute target.
     * @param force whether overwriting is allowed.
     * @throws IOException naming the reason.
     */
    private static void checkReplaceable(Path absolute, boolean force) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(absolute, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return;
        }
        if (attributes.isSymbolicLink()) {
            throw new FileSystemException(absolute.toString(), null,
                "is a symbolic link; name the file itself (outputs never follow or replace links)");
        }
        if (attributes.isDirectory()) {
            throw new FileSystemException(absolute.toString(), null, "is a directory; name a file");
        }
        if (!attributes.isRegularFile()) {
            throw new FileSystemException(absolute.toString(), null,
                "is not a regular file (a device, FIFO or socket); outputs only replace regular files");
        }
        if (!force) {
            throw new FileAlreadyExistsException(absolute.toString(), null, "exists; pass --force to overwrite it");
        }
    }

    private static String reason(IOException e) {
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        String name = e.getClass().getSimpleName().replace("Exception", "");
        return e.getMessage() == null ? name : name + " " + e.getMessage();
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
        checkReplaceable(absolute, force);
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
            // Checked again just before the rename: something may have appeared at the target during the work.
            checkReplaceable(absolute, force);
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
     * @return {@code <prefix><pid>.<random>.partial} in the target's directory, never longer than a file name may be.
     */
    static Path temporaryFile(Path target) {
        long random = RANDOM.nextLong() & Long.MAX_VALUE;
        return target.resolveSibling(temporaryPrefix(target) + ProcessHandle.current().pid() + "." + random + TEMP_SUFFIX);
    }

    /**
     * {@code .<target name>.}, or for a name too long to leave room for the pid, the random number and the suffix
     * within {@value #MAX_NAME_BYTES} bytes (the usual file-name limit), {@code .<start of the name>~<hash>.}: still
     * recognisably the target's, and the same for every writer of that target.
     */
    static String temporaryPrefix(Path target) {
        String name = target.getFileName().toString();
        if (name.getBytes(StandardCharsets.UTF_8).length <= MAX_PREFIX_NAME_BYTES) {
            return "." + name + ".";
        }
        String hash = Integer.toHexString(name.hashCode());
        StringBuilder start = new StringBuilder();
        int bytes = 0;
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            int len = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + len > MAX_PREFIX_NAME_BYTES - 1 - hash.length()) {
                break;
            }
            start.appendCodePoint(cp);
            bytes += len;
            i += Character.charCount(cp);
        }
        return "." + start + "~" + hash + ".";
    }

    /**
     * Deletes the temporary files of a target left by writers that are no longer running.
     * @param target the absolute target.
     * @return the deleted files.
     * @throws IOException if the directory cannot be listed.
     */
    static List<Path> removeStaleTemporaryFiles(Path target) throws IOException {
        String prefix = temporaryPrefix(target);
        Pattern pattern = Pattern.compile(Pattern.quote(prefix) + "(\\d+)\\.\\d+" + Pattern.quote(TEMP_SUFFIX));
        List<Path> removed = new ArrayList<>();
        Path dir = target.getParent();
        if (!Files.isDirectory(dir)) {
            return removed;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, f -> f.getFileName().toString().startsWith(prefix))) {
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
