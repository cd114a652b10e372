/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.data;

/**
 * Line cursor over a whole text file decoded by {@link MovieLensReader#decode} (UTF-8 or ISO-8859-1). Skips blank
 * lines, drops a trailing carriage return, and tracks 1-based line numbers for error messages.
 */
class TextLines {
    private final String file;
    private final String text;
    private int pos = 0;
    private int lineNumber = 0;

    /**
     * Decodes a file.
     * @param file the file name, for messages.
     * @param bytes the content.
     * @throws DataFormatException for a UTF-16 byte-order mark or a NUL byte.
     */
    TextLines(String file, byte[] bytes) {
        this.file = file;
        this.text = MovieLensReader.decode(file, bytes);
    }

    /** The file name used in messages. */
    final String file() {
        return file;
    }

    /** Next non-blank line without its terminator, or null at the end. */
    final String next() {
        while (pos < text.length()) {
            int end = text.indexOf('\n', pos);
            if (end < 0) {
                end = text.length();
            }
            int stop = end;
            if (stop > pos && text.charAt(stop - 1) == '\r') {
                stop--;
            }
            String line = text.substring(pos, stop);
            pos = end + 1;
            lineNumber++;
            if (!line.isBlank()) {
                return line;
            }
        }
        return null;
    }

    /** The 1-based number of the last line returned. */
    final int lineNumber() {
        return lineNumber;
    }

    /**
     * A problem on the last line returned.
     * @param problem what is wrong.
     * @return the exception.
     */
    final DataFormatException error(String problem) {
        return new DataFormatException(file, lineNumber, problem);
    }
}
