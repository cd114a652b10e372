/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A delimited text file with a header row (CSV or TSV), decoded whole ({@link TextLines}: UTF-8 or ISO-8859-1), read
 * row by row with line numbers for error messages.
 * <p>
 * The delimiter is a tab when the file name ends with {@code .tsv} or {@code .tab} or the header line contains a tab,
 * else a comma. A field may be enclosed in double quotes (then it may hold the delimiter, and {@code ""} stands for one
 * quote); a quoted field ends on its line. Fields and column names are trimmed. Blank lines are skipped, a trailing
 * carriage return is ignored. Every row must have as many fields as the header has columns.
 */
final class DelimitedText {

    private final TextLines lines;
    private final String file;
    private final char delimiter;
    private final List<String> header;
    private final Map<String, Integer> columns;
    private final int headerLine;

    /**
     * Reads the header.
     * @param file the file name, for messages.
     * @param bytes the content.
     * @throws DataFormatException if the file is empty or the header has an empty or repeated column name.
     */
    DelimitedText(String file, byte[] bytes) {
        this.file = file;
        this.lines = new TextLines(file, bytes);
        String first = lines.next();
        if (first == null) {
            throw new DataFormatException(file, "empty file, expected a header row naming the columns");
        }
        String lower = file.toLowerCase(Locale.ROOT);
        this.delimiter = lower.endsWith(".tsv") || lower.endsWith(".tab") || first.indexOf('\t') >= 0 ? '\t' : ',';
        this.headerLine = lines.lineNumber();
        this.header = Collections.unmodifiableList(split(first));
        Map<String, Integer> index = new LinkedHashMap<>();
        for (int c = 0; c < header.size(); c++) {
            String name = header.get(c);
            if (name.isEmpty()) {
                throw new DataFormatException(file, headerLine, "header: column " + (c + 1) + " has no name");
            }
            Integer prev = index.putIfAbsent(name, c);
            if (prev != null) {
                throw new DataFormatException(file, headerLine, name, "header: the column name appears twice (columns "
                        + (prev + 1) + " and " + (c + 1) + ")");
            }
        }
        this.columns = Collections.unmodifiableMap(index);
    }

    /** The file name used in messages. */
    String file() {
        return file;
    }

    /** The column names, in file order. */
    List<String> header() {
        return header;
    }

    /** The line number of the header row. */
    int headerLine() {
        return headerLine;
    }

    /** The delimiter's name for messages. */
    private String delimiterName() {
        return delimiter == '\t' ? "tab" : "comma";
    }

    /**
     * The index of a column.
     * @param name the column name.
     * @return the index, or -1 when the header has no such column.
     */
    int column(String name) {
        return columns.getOrDefault(name, -1);
    }

    /**
     * The index of a column that must exist.
     * @param name the column name.
     * @param what what the column is for, e.g. {@code "the user id column (userColumn)"}.
     * @return the index.
     * @throws DataFormatException naming the column and the header's columns when it is absent.
     */
    int requiredColumn(String name, String what) {
        int c = column(name);
        if (c < 0) {
            throw new DataFormatException(file, headerLine, name, "header has no column '" + name + "' for " + what
                    + "; its columns are " + String.join(", ", header));
        }
        return c;
    }

    /**
     * The next data row.
     * @return its fields, one per header column, trimmed; null at the end of the file.
     * @throws DataFormatException if the row has another number of fields or a malformed quoted field.
     */
    String[] next() {
        String line = lines.next();
        if (line == null) {
            return null;
        }
        List<String> fields = split(line);
        if (fields.size() != header.size()) {
            String problem = "expected " + header.size() + " " + delimiterName() + "-separated fields (" + String.join(", ", header)
                    + "), found " + fields.size();
            throw fields.size() < header.size()
                    ? error(header.get(fields.size()), problem + ": the column is missing")
                    : lines.error(problem);
        }
        return fields.toArray(new String[0]);
    }

    /** The 1-based line number of the last row returned. */
    int lineNumber() {
        return lines.lineNumber();
    }

    /**
     * A problem in one column of the current row.
     * @param column the column name.
     * @param problem what is wrong.
     * @return the exception, naming the file, line and column.
     */
    DataFormatException error(String column, String problem) {
        return new DataFormatException(file, lines.lineNumber(), column, problem);
    }

    /** Splits a line into trimmed fields, honouring double-quoted fields. */
    private List<String> split(String line) {
        List<String> fields = new ArrayList<>();
        int n = line.length();
        int i = 0;
        while (true) {
            int start = i;
            while (i < n && line.charAt(i) == ' ') {
                i++;
            }
            if (i < n && line.charAt(i) == '"') {
                StringBuilder sb = new StringBuilder();
                i++;
                while (true) {
                    if (i >= n) {
                        throw lines.error("field " + (fields.size() + 1)
                                + ": a quoted field is not closed on its line");
                    }
                    char c = line.charAt(i++);
                    if (c != '"') {
                        sb.append(c);
                    } else if (i < n && line.charAt(i) == '"') {
                        sb.append('"');
                        i++;
                    } else {
                        break;
                    }
                }
                while (i < n && line.charAt(i) == ' ') {
                    i++;
                }
                if (i < n && line.charAt(i) != delimiter) {
                    throw lines.error("field " + (fields.size() + 1)
                            + ": text after the closing quote of a quoted field");
                }
                fields.add(sb.toString().trim());
            } else {
                int end = line.indexOf(delimiter, start);
                i = end < 0 ? n : end;
                fields.add(line.substring(start, i).trim());
            }
            if (i >= n) {
                return fields;
            }
            i++; // the delimiter
        }
    }
}
