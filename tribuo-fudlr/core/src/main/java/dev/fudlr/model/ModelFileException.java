/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.model;

import java.nio.file.Path;

/**
 * A model file that cannot be loaded: missing, empty, truncated or corrupt, of another class, written by a newer
 * serialization version, or made for another base model. The message is one line, {@code "<file>: <problem>"}.
 */
public final class ModelFileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The file, as a string (Path is not serializable). */
    private final String file;

    /**
     * Creates the exception.
     * @param file the file.
     * @param problem what is wrong.
     */
    public ModelFileException(Path file, String problem) {
        super(file + ": " + printable(problem));
        this.file = file.toString();
    }

    /**
     * Creates the exception with a cause.
     * @param file the file.
     * @param problem what is wrong.
     * @param cause the underlying exception.
     */
    public ModelFileException(Path file, String problem, Throwable cause) {
        super(file + ": " + printable(problem), cause);
        this.file = file.toString();
    }

    /**
     * The problem with control characters escaped: it may quote text from a corrupt file (a class name, a key), and
     * the message must stay one line that cannot move a terminal's cursor.
     */
    private static String printable(String problem) {
        StringBuilder sb = new StringBuilder(problem.length());
        problem.codePoints().forEach(c -> {
            if (Character.isISOControl(c) || c == 0x2028 || c == 0x2029) {
                sb.append(String.format("\\u%04x", c));
            } else {
                sb.appendCodePoint(c);
            }
        });
        return sb.toString();
    }

    /**
     * The model file.
     * @return its path as given.
     */
    public String file() {
        return file;
    }
}
