/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes output files so that a reader never sees a partial file: write to a temporary file in the same
 * directory, then rename it over the target. An existing target is kept unless overwriting is forced.
 */
final class AtomicFiles {

    /** Something that writes a whole file. */
    @FunctionalInterface
    interface Writer {
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
    static void checkTarget(Path target, boolean force, String option) {
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
    static void writeString(Path target, boolean force, String text) throws IOException {
        write(target, force, p -> Files.writeString(p, text, StandardCharsets.UTF_8));
    }

    /**
     * Writes {@code target} atomically.
     * @param target the output file.
     * @param force overwrite an existing file.
     * @param writer writes the content to the path it is given.
     * @throws IOException if writing fails (the temporary file is removed, the target untouched).
     */
    static void write(Path target, boolean force, Writer writer) throws IOException {
        Path absolute = target.toAbsolutePath();
        if (Files.exists(absolute) && !force) {
            throw new FileAlreadyExistsException(absolute.toString(), null,
                "output exists; pass --force to overwrite it");
        }
        Path dir = absolute.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + absolute.getFileName(), ".partial");
        try {
            writer.write(tmp);
            try {
                Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
