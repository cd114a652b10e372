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
     * One human-readable line at the task's average rate, e.g.
     * {@code pretrain: epoch 2/8, 3,840/7,680 samples (50%), 1,234 samples/s, ETA 0:03}.
     * @param e the event.
     * @return the line.
     */
    static String line(ProgressEvent e) {
        return line(e, e.rate());
    }

    /**
     * One human-readable line.
     * @param e the event.
     * @param rate units per second to show and to estimate the time left from (while running).
     * @return the line.
     */
    static String line(ProgressEvent e, double rate) {
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
        double shown = e.finished() ? e.rate() : rate;
        if (e.elapsedNanos() > 0 && e.done() > 0 && shown > 0) {
            double r = bytes ? shown / 1e6 : shown;
            sb.append(String.format(Locale.ROOT, r >= 100 ? ", %,.0f %s/s" : ", %.3g %s/s", r, unit));
            if (!e.finished() && e.total() > 0) {
                sb.append(", ETA ").append(duration(Math.max(0, e.total() - e.done()) / shown));
            }
        }
        return sb.toString();
    }

    /**
     * Per task, the recent rate: an exponential moving average with a {@value #RATE_WINDOW_SECONDS} s time constant,
     * so the ETA follows a rate that changes (a slow first batch, a machine that gets busy) instead of the average
     * since the start.
     */
    static final class RecentRates {
        static final double RATE_WINDOW_SECONDS = 5.0;
        private final Map<String, double[]> state = new HashMap<>();

        /**
         * Updates and returns a task's recent rate.
         * @param e the event.
         * @return units per second.
         */
        double update(ProgressEvent e) {
            double t = e.elapsedSeconds();
            double[] s = state.get(e.task());
            if (s == null || e.done() < s[0] || t < s[1]) {
                // {done, elapsed, rate}; a new task starts from its average rate.
                s = new double[]{e.done(), t, e.rate()};
                state.put(e.task(), s);
            } else if (t > s[1]) {
                double instant = (e.done() - s[0]) / (t - s[1]);
                double alpha = 1 - Math.exp(-(t - s[1]) / RATE_WINDOW_SECONDS);
                s[2] = s[2] <= 0 ? instant : alpha * instant + (1 - alpha) * s[2];
                s[0] = e.done();
                s[1] = t;
            }
            if (e.finished()) {
                state.remove(e.task());
            }
            return s[2];
        }
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
        private final RecentRates rates = new RecentRates();
        private boolean drawn;

        Terminal(PrintStream err) {
            this.err = err;
        }

        @Override
        public synchronized void update(ProgressEvent e) {
            double rate = rates.update(e);
            if (e.finished()) {
                if (e.elapsedNanos() >= QUIET_NANOS) {
                    err.print("\r\033[K" + line(e) + "\n");
                } else if (drawn) {
                    err.print("\r\033[K");
                }
                drawn = false;
            } else if (e.elapsedNanos() >= QUIET_NANOS / 2) {
                err.print("\r\033[K" + line(e, rate));
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
        private final RecentRates rates = new RecentRates();

        Plain(PrintStream err, long intervalNanos) {
            this.err = err;
            this.intervalNanos = intervalNanos;
        }

        @Override
        public synchronized void update(ProgressEvent e) {
            double rate = rates.update(e);
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
                err.println("fudlr: " + line(e, rate));
            }
        }
    }
}
