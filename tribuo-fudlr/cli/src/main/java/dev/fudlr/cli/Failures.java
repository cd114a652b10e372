/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.cli;

import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.config.io.ConfigLoaderException;
import dev.fudlr.data.DataFormatException;
import dev.fudlr.debias.DebiasRefusedException;
import dev.fudlr.model.ModelFileException;
import dev.fudlr.reliability.FudlrNumericException;
import dev.fudlr.reliability.ResourceLimitException;
import picocli.CommandLine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.UndeclaredThrowableException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The one mapping from a failure to the command line's exit code and its {@code fudlr: error:} / {@code hint:} lines
 * (documented in docs/cli.md, "Exit codes and errors"):
 * <ul>
 *     <li>{@value FudlrCli#EXIT_USAGE}, bad usage or input the user can fix: picocli's usage errors, invalid values
 *     ({@link IllegalArgumentException}, OLCUT's {@link PropertyException}), configuration files
 *     ({@link ConfigLoaderException}, including refused XML constructs), data files ({@link DataFormatException}),
 *     model files ({@link ModelFileException}), missing inputs, existing or unwritable outputs, and requests over a
 *     resource limit ({@link ResourceLimitException});</li>
 *     <li>{@value FudlrCli#EXIT_FAILURE}, a failure while running: I/O errors, numerical faults, a refused debias,
 *     running out of memory (with the heap size and how to raise it), and anything unexpected, which is reported as an
 *     <em>internal error</em> naming the exception and asking for {@code --verbose};</li>
 *     <li>{@value FudlrCli#EXIT_NOT_VERIFIED}, returned by {@code fudlr verify} itself, never by this mapping.</li>
 * </ul>
 */
final class Failures {

    /**
     * How one failure is reported.
     * @param exitCode the process exit code.
     * @param message the error line (without the {@code fudlr: error: } prefix), one line.
     * @param hint what to do, one line, or null.
     * @param internal whether this is an unexpected exception (a bug, or a failure of a library).
     */
    record Failure(int exitCode, String message, String hint, boolean internal) {}

    private Failures() {}

    /**
     * Classifies a failure.
     * @param thrown what the command threw.
     * @return its exit code, message and hint.
     */
    static Failure classify(Throwable thrown) {
        Throwable ex = unwrap(thrown);
        OutOfMemoryError oom = causeOfType(thrown, OutOfMemoryError.class);
        if (oom != null) {
            long heapMb = Runtime.getRuntime().maxMemory() >> 20;
            return new Failure(FudlrCli.EXIT_FAILURE, "out of memory (Java heap of " + heapMb + " MB): " + message(oom),
                               "give the JVM more memory (FUDLR_JAVA_OPTS=-Xmx16g fudlr ...) or lower the data or model sizes", false);
        }
        if (ex instanceof CommandLine.ParameterException) {
            return new Failure(FudlrCli.EXIT_USAGE, message(ex), null, false);
        }
        if (isBadInput(ex)) {
            return new Failure(FudlrCli.EXIT_USAGE, message(ex), hintOf(thrown), false);
        }
        if (ex instanceof IOException || ex instanceof FudlrNumericException || ex instanceof DebiasRefusedException) {
            return new Failure(FudlrCli.EXIT_FAILURE, message(ex), hintOf(thrown), false);
        }
        return new Failure(FudlrCli.EXIT_FAILURE, "internal error: " + ex.getClass().getName() + ": " + message(ex),
                           "this is a bug or a failure of a library; run again with --verbose and report the stack trace", true);
    }

    /** Bad input the user can fix (exit code 2). */
    private static boolean isBadInput(Throwable ex) {
        return ex instanceof IllegalArgumentException || ex instanceof PropertyException || ex instanceof ConfigLoaderException
               || ex instanceof DataFormatException || ex instanceof ModelFileException || ex instanceof ResourceLimitException
               || ex instanceof FileAlreadyExistsException || ex instanceof NoSuchFileException || ex instanceof NotDirectoryException
               || ex instanceof AccessDeniedException
               // Other file-system refusals that name a path (read-only file system, name too long) are about the path given.
               || ex instanceof FileSystemException fs && fs.getFile() != null && fs.getReason() != null;
    }

    /** Strips wrappers that add nothing for the user (executor, reflection and unchecked-I/O wrappers). */
    static Throwable unwrap(Throwable ex) {
        Throwable t = ex;
        while (t.getCause() != null && t.getCause() != t
               && (t instanceof ExecutionException || t instanceof CompletionException || t instanceof InvocationTargetException
                   || t instanceof UndeclaredThrowableException || t instanceof UncheckedIOException
                   || t instanceof CommandLine.ExecutionException
                   || t.getMessage() == null || t.getMessage().equals(t.getCause().toString()))) {
            t = t.getCause();
        }
        return t;
    }

    /**
     * The hint an exception (or one of its causes) carries through a public {@code String hint()} method, as the
     * library's refusal exceptions do, so this class depends on no particular exception class for it.
     * @param ex the exception.
     * @return the hint, or null.
     */
    static String hintOf(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
            try {
                Method m = t.getClass().getMethod("hint");
                if (m.getReturnType() == String.class && m.getParameterCount() == 0) {
                    Object h = m.invoke(t);
                    if (h != null && !h.toString().isBlank()) {
                        return oneLine(h.toString());
                    }
                }
            } catch (ReflectiveOperationException | RuntimeException ignored) {
                // No hint on this exception.
            }
        }
        return null;
    }

    private static <E extends Throwable> E causeOfType(Throwable ex, Class<E> type) {
        for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /** The exception's message on one line; file-system exceptions say which path and why. */
    private static String message(Throwable t) {
        String m;
        if (t instanceof FileSystemException fs && fs.getFile() != null) {
            String reason = fs.getReason() != null ? fs.getReason() : describe(fs);
            m = fs.getFile() + (fs.getOtherFile() != null ? " -> " + fs.getOtherFile() : "") + ": " + reason;
        } else {
            m = t.getMessage() == null || t.getMessage().isBlank() ? t.getClass().getSimpleName() : t.getMessage();
        }
        return oneLine(m);
    }

    private static String describe(FileSystemException fs) {
        if (fs instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (fs instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (fs instanceof NotDirectoryException) {
            return "not a directory";
        }
        if (fs instanceof FileAlreadyExistsException) {
            return "already exists";
        }
        return fs.getClass().getSimpleName().replace("Exception", "").toLowerCase(Locale.ROOT);
    }

    /** One line: line breaks and tabs become spaces, other control characters (e.g. from a corrupt file) are escaped. */
    private static String oneLine(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        s.replace("\r\n", " ").codePoints().forEach(c -> {
            if (c == '\n' || c == '\r' || c == '\t' || c == 0x2028 || c == 0x2029) {
                sb.append(' ');
            } else if (Character.isISOControl(c)) {
                sb.append(String.format("\\u%04x", c));
            } else {
                sb.appendCodePoint(c);
            }
        });
        return sb.toString().strip();
    }
}
