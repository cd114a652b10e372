/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.reliability;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link MemoryBudget#checkHeap}: work estimated to need more than the maximum Java heap is refused before it allocates,
 * with one line naming the estimate, the heap and how to raise it (the budget itself is tested in NumericChecksTest).
 */
class MemoryBudgetTest {

    @Test
    void checkHeapRefusesMoreThanTheHeapNamingHowToRaiseIt() {
        long max = Runtime.getRuntime().maxMemory();
        MemoryBudget.checkHeap("A small thing", 1024, "Use less");
        ResourceLimitException e = assertThrows(ResourceLimitException.class, () -> MemoryBudget.checkHeap("A big thing", max + 1, "Use less"));
        assertTrue(e.getMessage().startsWith("A big thing needs about " + MemoryBudget.human(max + 1) + ", more than the maximum Java "
                                             + "heap of " + MemoryBudget.human(max) + ". "), e.getMessage());
        assertTrue(e.getMessage().endsWith("Use less, or give the JVM more memory (-Xmx; for ./fudlr e.g. FUDLR_JAVA_OPTS=-Xmx16g)"),
                   e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "one line");
        assertEquals(max + 1, e.requiredBytes());
        assertEquals(max, e.budgetBytes());
        MemoryBudget.checkHeap("Exactly the heap", max, "Use less");
        ResourceLimitException huge = assertThrows(ResourceLimitException.class,
                                                   () -> MemoryBudget.checkHeap("Everything", Long.MAX_VALUE, "Use less"));
        assertTrue(huge.getMessage().contains("needs about more than 8 EB"), huge.getMessage());
    }
}
