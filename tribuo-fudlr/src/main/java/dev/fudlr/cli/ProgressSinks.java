/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.cli;

import dev.fudlr.progress.ProgressEvent;
import dev.fudlr.progress.ProgressSink;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The command line's progress displays: on a terminal one line on standard error that updates in place; otherwise
 * plain log lines, at most one per task every few seconds plus one when a long task ends. Tasks shorter than a second
 * stay silent either way.
 */
final class ProgressSinks {

    /** Tasks that end sooner leave no line behind. */
    static final long QUIET_NANOS = 1_000_000_000L;

    private ProgressSinks() {}

    /**
     * The sink for a {@code --progress} mode.
     * @param mode auto (terminal when {@code System.console() != null}, else plain), tty, plain or none.
     * @param err where to write.
     * @return the sink.
     */
    static ProgressSink forMode(String mode, PrintStream err) {
        return switch (mode.toLowerCase(Locale.ROOT)) {
            case "auto" -> System.console() != null ? new Terminal(err) : new Plain(err, 10_000_000_000L);
            case "tty" -> new Terminal(err);
            case "plain" -> new Plain(err, 10_000_000_000L);
            case "none" -> ProgressSink.NONE;
            default -> throw new IllegalArgumentException("--progress must be auto, tty, plain or none, not '" + mode + "'");
        };
    }

    /**
     * One human-readable line, e.g. {@code pretrain: epoch 2/8, 3,840/7,680 samples (50%), 1,234 samples/s, ETA 0:03}.
     * @param e the event.
     * @return the line.
     */
    static String line(ProgressEvent e) {
        StringBuilder sb = new StringBuilder(e.task()).append(':');
        if (!e.detail().isEmpty()) {
            sb.append(' ').append(e.detail()).append(',');
        }
        boolean bytes = e.unit().equals("bytes");
        String unit = bytes ? "MB" : e.unit();
        sb.append(' ').append(amount(e.done(), bytes));
        if (e.total() > 0) {
            sb.append('/').append(amount(e.total(), bytes));
        }
        sb.append(' ').append(unit);
        e.fraction().ifPresent(f -> sb.append(String.format(Locale.ROOT, " (%.0f%%)", 100 * f)));
        if (e.finished()) {
            sb.append(" in ").append(duration(e.elapsedSeconds()));
        }
        if (e.elapsedNanos() > 0 && e.done() > 0) {
            double rate = bytes ? e.rate() / 1e6 : e.rate();
            sb.append(String.format(Locale.ROOT, rate >= 100 ? ", %,.0f %s/s" : ", %.3g %s/s", rate, unit));
        }
        if (!e.finished()) {
            e.etaSeconds().ifPresent(s -> sb.append(", ETA ").append(duration(s)));
        }
        return sb.toString();
    }

    private static String amount(long v, boolean bytes) {
        return bytes ? String.format(Locale.ROOT, "%.1f", v / 1e6) : String.format(Locale.ROOT, "%,d", v);
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) {
            return s + " s";
        }
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60)
                         : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    /** A single line on a terminal, redrawn in place ({@code \r} and erase-to-end-of-line). */
    static final class Terminal implements ProgressSink {
        private final PrintStream err;
        private boolean drawn;

        Terminal(PrintStream err) {
            this.err = err;
        }

        @Override
        public synchronized void update(ProgressEvent e) {
            if (e.finished()) {
                if (e.elapsedNanos() >= QUIET_NANOS) {
                    err.print("\r\033[K" + line(e) + "\n");
                } else if (drawn) {
                    err.print("\r\033[K");
                }
                drawn = false;
            } else if (e.elapsedNanos() >= QUIET_NANOS / 2) {
                err.print("\r\033[K" + line(e));
                drawn = true;
            }
            err.flush();
        }
    }

    /** Plain lines for logs: per task at most one every {@code interval}, plus the end of any task that took a second. */
    static final class Plain implements ProgressSink {
        private final PrintStream err;
        private final long intervalNanos;
        private final Map<String, Long> lastPrinted = new HashMap<>();

        Plain(PrintStream err, long intervalNanos) {
            this.err = err;
            this.intervalNanos = intervalNanos;
        }

        @Override
        public synchronized void update(ProgressEvent e) {
            if (e.finished()) {
                lastPrinted.remove(e.task());
                if (e.elapsedNanos() >= QUIET_NANOS) {
                    err.println("fudlr: " + line(e));
                }
                return;
            }
            long last = lastPrinted.getOrDefault(e.task(), 0L);
            if (e.elapsedNanos() - last >= intervalNanos) {
                lastPrinted.put(e.task(), e.elapsedNanos());
                err.println("fudlr: " + line(e));
            }
        }
    }
}
