/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.reliability;

import java.util.Locale;
import java.util.logging.Logger;

/**
 * A cap on the memory of single dense operations (a dense matrix of per-sample gradients, the Gram matrix of a
 * Woodbury solve, a score matrix): an operation asks {@link #check} before it allocates, and a
 * {@link ResourceLimitException} names what it needs, the budget and the alternative (a matrix-free backend or a
 * smaller sample) instead of an out-of-memory crash half-way through a run.
 * <p>
 * The default ({@value #DEFAULT_MEGABYTES} MB) can be changed per JVM with the system property
 * {@value #PROPERTY} (in MB), and per run by the configuration that creates the engine (e.g.
 * {@code InfluenceSettings.memoryBudgetMb}). The budget bounds one operation's dense buffers, not the process: the
 * model, the data and the framework come on top.
 * <p>
 * {@link #checkHeap} bounds the other side: work of user-chosen size (synthetic data, samples, an audit's scores) whose
 * estimate exceeds the maximum Java heap is refused before it starts, naming {@code -Xmx}.
 * <p>
 * Immutable.
 */
public final class MemoryBudget {
    private static final Logger logger = Logger.getLogger(MemoryBudget.class.getName());

    /** System property overriding the default budget, in MB. */
    public static final String PROPERTY = "fudlr.memoryBudgetMb";
    /** Default budget in MB. */
    public static final long DEFAULT_MEGABYTES = 4096;

    private static final long MB = 1024L * 1024L;

    private final long bytes;

    private MemoryBudget(long bytes) {
        this.bytes = bytes;
    }

    /**
     * A budget.
     * @param megabytes at least 1.
     * @return the budget.
     * @throws IllegalArgumentException if megabytes is below 1 or overflows.
     */
    public static MemoryBudget ofMegabytes(long megabytes) {
        if (megabytes < 1 || megabytes > Long.MAX_VALUE / MB) {
            throw new IllegalArgumentException("memory budget must be between 1 MB and " + (Long.MAX_VALUE / MB) + " MB, got " + megabytes);
        }
        return new MemoryBudget(megabytes * MB);
    }

    /**
     * The default budget: the system property {@value #PROPERTY} (MB) when set and valid, else
     * {@value #DEFAULT_MEGABYTES} MB.
     * @return the budget.
     */
    public static MemoryBudget defaults() {
        String p = System.getProperty(PROPERTY);
        if (p != null) {
            try {
                return ofMegabytes(Long.parseLong(p.trim()));
            } catch (IllegalArgumentException e) {
                logger.warning("Ignoring -D" + PROPERTY + "=" + p + " (" + e.getMessage() + "); using " + DEFAULT_MEGABYTES + " MB");
            }
        }
        return ofMegabytes(DEFAULT_MEGABYTES);
    }

    /** @return the budget in bytes. */
    public long bytes() {
        return bytes;
    }

    /**
     * Bytes of {@code count} dense matrices of {@code rows x cols} values of {@code bytesPerValue} bytes, saturating
     * at {@link Long#MAX_VALUE} instead of overflowing.
     * @param count how many such matrices.
     * @param rows rows.
     * @param cols columns.
     * @param bytesPerValue 4 for float32, 8 for float64.
     * @return the bytes.
     */
    public static long denseBytes(long count, long rows, long cols, long bytesPerValue) {
        if (count < 0 || rows < 0 || cols < 0 || bytesPerValue < 0) {
            throw new IllegalArgumentException("negative size: " + count + " x " + rows + " x " + cols + " x " + bytesPerValue);
        }
        try {
            return Math.multiplyExact(Math.multiplyExact(Math.multiplyExact(count, rows), cols), bytesPerValue);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /**
     * Refuses an operation that needs more than the budget.
     * @param operation what would be allocated, e.g. {@code "Woodbury Gram matrix (m x m, m = 97,171)"}.
     * @param requiredBytes the bytes it needs.
     * @param alternative what to do instead, e.g. {@code "use the 'cg' solver"}.
     * @throws ResourceLimitException if {@code requiredBytes} exceeds the budget.
     */
    public void check(String operation, long requiredBytes, String alternative) {
        if (requiredBytes > bytes) {
            throw new ResourceLimitException(String.format(Locale.ROOT, "%s needs %s, over the memory budget of %s. %s, or raise "
                    + "the budget (memoryBudgetMb, or -D%s=<MB>)", operation, human(requiredBytes), human(bytes), alternative, PROPERTY),
                    requiredBytes, bytes);
        }
    }

    /**
     * Refuses work whose estimated heap use exceeds the maximum Java heap ({@code -Xmx}, {@link Runtime#maxMemory()}),
     * before it allocates: the data and samples of user-chosen sizes (the budget above bounds single dense buffers,
     * this bounds the process's heap). The comparison is with the whole heap, not with what is free now: softly cached
     * data (e.g. other splits) count as in use until memory runs short, so "free now" would refuse work that fits.
     * @param operation what would be allocated, e.g. {@code "Synthetic data of 2,000,000 users and its samples"}.
     * @param requiredBytes the estimated bytes.
     * @param alternative what to do instead, e.g. {@code "Lower --synthetic-users"}.
     * @throws ResourceLimitException naming the estimate, the heap and how to raise it, if it does not fit.
     */
    public static void checkHeap(String operation, long requiredBytes, String alternative) {
        long max = Runtime.getRuntime().maxMemory();
        if (requiredBytes > max) { // maxMemory() is Long.MAX_VALUE when the heap has no limit
            throw new ResourceLimitException(String.format(Locale.ROOT, "%s needs about %s, more than the maximum Java heap of %s. "
                    + "%s, or give the JVM more memory (-Xmx; for ./fudlr e.g. FUDLR_JAVA_OPTS=-Xmx16g)",
                    operation, human(requiredBytes), human(max), alternative), requiredBytes, max);
        }
    }

    /**
     * A human-readable size.
     * @param b bytes.
     * @return e.g. "37.8 GB".
     */
    public static String human(long b) {
        if (b == Long.MAX_VALUE) {
            return "more than 8 EB";
        }
        String[] units = {"B", "KB", "MB", "GB", "TB", "PB", "EB"};
        double v = b;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? b + " B" : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MemoryBudget && ((MemoryBudget) o).bytes == bytes;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "MemoryBudget(" + human(bytes) + ")";
    }
}
