/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.data;

import dev.fudlr.reliability.InputFileError;

/**
 * Unchecked exception for malformed or missing input data. The message names the file, the line number
 * (when the problem is on a line), the column (when the file has named columns) and the problem, e.g.
 * {@code "u.data line 17: expected 4 tab-separated fields, found 3"} or
 * {@code "events.csv line 5, column 'rating': not a number: 'five'"}.
 * <p>
 * Not to be confused with {@link java.util.zip.DataFormatException}, which is checked and about compressed streams.
 */
public final class DataFormatException extends RuntimeException implements InputFileError {
    private static final long serialVersionUID = 1L;

    /** The file the problem is in. */
    private final String file;
    /** The 1-based line, or -1. */
    private final int line;
    /** The column name, or null. */
    private final String column;

    /**
     * A problem on one line of a file.
     * @param file the file name (not the full path, which the caller usually knows).
     * @param line the 1-based line number.
     * @param problem what is wrong.
     */
    public DataFormatException(String file, int line, String problem) {
        this(file, line, null, problem);
    }

    /**
     * A problem in one column of one line of a file with a header row.
     * @param file the file name (not the full path, which the caller usually knows).
     * @param line the 1-based line number.
     * @param column the column name as written in the header, or null when the problem is not in one column.
     * @param problem what is wrong.
     */
    public DataFormatException(String file, int line, String column, String problem) {
        super(file + " line " + line + (column == null ? "" : ", column '" + column + "'") + ": " + problem);
        this.file = file;
        this.line = line;
        this.column = column;
    }

    /**
     * A problem with a whole file (missing, unreadable, empty, wrong checksum).
     * @param file the file name or path.
     * @param problem what is wrong.
     */
    public DataFormatException(String file, String problem) {
        super(file + ": " + problem);
        this.file = file;
        this.line = -1;
        this.column = null;
    }

    /**
     * A problem with a whole file, with its cause.
     * @param file the file name or path.
     * @param problem what is wrong.
     * @param cause the underlying exception.
     */
    public DataFormatException(String file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
        this.line = -1;
        this.column = null;
    }

    /**
     * The file the problem is in.
     * @return the file name as given to the constructor.
     */
    public String file() {
        return file;
    }

    /**
     * The 1-based line number of the problem.
     * @return the line number, or -1 when the problem is not on a particular line.
     */
    public int line() {
        return line;
    }

    /**
     * The column of the problem.
     * @return the column name as written in the file's header, or null when the problem is not in one column.
     */
    public String column() {
        return column;
    }
}
