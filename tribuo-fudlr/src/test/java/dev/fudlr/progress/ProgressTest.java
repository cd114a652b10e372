/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.progress;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressTest {

    private static final long MS = 1_000_000L;

    @AfterEach
    void restore() {
        Progress.install(ProgressSink.NONE);
    }

    @Test
    void withoutASinkNothingIsReported() {
        assertSame(ProgressSink.NONE, Progress.installed());
        Progress p = Progress.start("task", 10, "samples");
        p.step(5);
        p.close();
        // The inert task records nothing: reporting is free when no one listens.
        assertEquals(0, p.done());
    }

    @Test
    void updatesAreThrottledAndTheLastOneAlwaysArrives() {
        List<ProgressEvent> events = new ArrayList<>();
        AtomicLong clock = new AtomicLong(0);
        Progress p = Progress.start(events::add, clock::get, "train", 100, "samples");
        assertEquals(1, events.size(), "a start event");
        for (int i = 0; i < 10; i++) {
            clock.addAndGet(10 * MS);
            p.step(5, "epoch 1/2");
        }
        // 100 ms passed in steps of 10 ms: exactly one more update.
        assertEquals(2, events.size());
        ProgressEvent mid = events.get(1);
        assertEquals(50, mid.done());
        assertEquals("epoch 1/2", mid.detail());
        assertEquals(0.5, mid.fraction().getAsDouble(), 1e-12);
        assertEquals(500.0, mid.rate(), 1e-9, "50 samples in 0.1 s");
        assertEquals(0.1, mid.etaSeconds().getAsDouble(), 1e-9, "50 more at 500/s");
        clock.addAndGet(MS);
        p.step(50);
        p.close();
        p.close();
        assertEquals(3, events.size(), "one final event, once");
        ProgressEvent last = events.get(2);
        assertTrue(last.finished());
        assertEquals(100, last.done());
        assertFalse(events.get(1).finished());
        p.step(7);
        assertEquals(100, p.done(), "a finished task ignores further steps");
    }

    @Test
    void installedSinkReceivesEventsAndItsFailuresAreContained() {
        List<ProgressEvent> events = new ArrayList<>();
        ProgressSink previous = Progress.install(events::add);
        assertSame(ProgressSink.NONE, previous);
        try (Progress p = Progress.start("gradients", 3, "samples")) {
            p.step(3);
        }
        assertTrue(events.get(events.size() - 1).finished());
        assertEquals(3, events.get(events.size() - 1).done());

        Progress.install(e -> {
            throw new IllegalStateException("broken display");
        });
        try (Progress p = Progress.start("gradients", 3, "samples")) {
            p.step(3);
        }
        assertThrows(IllegalArgumentException.class, () -> Progress.start("x", 1, "u").step(-1));
    }

    @Test
    void unknownTotalsHaveNoFractionOrEta() {
        ProgressEvent e = new ProgressEvent("download", null, 10, 0, "bytes", 2_000_000_000L, false);
        assertTrue(e.fraction().isEmpty());
        assertTrue(e.etaSeconds().isEmpty());
        assertEquals("", e.detail());
        assertEquals(5.0, e.rate(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> new ProgressEvent("t", "", -1, 0, "u", 0, false));
    }
}
