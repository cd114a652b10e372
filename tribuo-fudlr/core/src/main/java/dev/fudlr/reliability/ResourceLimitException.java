/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.reliability;

/**
 * A requested operation would exceed a configured resource budget ({@link MemoryBudget}). Thrown before any memory is
 * allocated; the message names the operation, the memory it needs, the budget and the alternative.
 */
public final class ResourceLimitException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** Bytes the operation needs. */
    private final long requiredBytes;
    /** The budget in bytes. */
    private final long budgetBytes;

    /**
     * Creates the exception.
     * @param message the one-line message.
     * @param requiredBytes bytes needed.
     * @param budgetBytes the budget.
     */
    public ResourceLimitException(String message, long requiredBytes, long budgetBytes) {
        super(message);
        this.requiredBytes = requiredBytes;
        this.budgetBytes = budgetBytes;
    }

    /** @return bytes the refused operation needs ({@link Long#MAX_VALUE} if that overflows a long). */
    public long requiredBytes() {
        return requiredBytes;
    }

    /** @return the budget in bytes. */
    public long budgetBytes() {
        return budgetBytes;
    }
}
