/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.bench;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchSupportTest {

    @Test
    void parsesValuedOptionsAndFlagsInOrder() {
        Map<String, String> opt = BenchSupport.parse(new String[]{"--seeds", "1,2", "--oracle", "--quick", "--out", "x"},
                                                     List.of("seeds", "out"), "oracle");
        assertEquals(List.of("seeds", "oracle", "quick", "out"), List.copyOf(opt.keySet()));
        assertEquals("1,2", opt.get("seeds"));
        assertEquals("true", opt.get("oracle"));
        assertEquals("x", opt.get("out"));
    }

    @Test
    void refusesAMisspeltOptionAndNamesTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> BenchSupport.parse(new String[]{"--max-removal-fracton", "0.2"}, List.of("max-removal-fraction"), "oracle"));
        assertTrue(e.getMessage().contains("--max-removal-fracton") && e.getMessage().contains("--max-removal-fraction")
                   && e.getMessage().contains("--oracle"), e.getMessage());
        // A flag given a value is not swallowed: the value is then an unexpected argument.
        assertThrows(IllegalArgumentException.class, () -> BenchSupport.parse(new String[]{"--oracle", "yes"}, List.of(), "oracle"));
        assertThrows(IllegalArgumentException.class, () -> BenchSupport.parse(new String[]{"--seeds"}, List.of("seeds")));
    }

    @Test
    void everyBenchmarkTakesADevice() {
        try {
            assertEquals("gpu:1", BenchSupport.parse(new String[]{"--device", "gpu:1"}, List.of()).get("device"));
            assertEquals("gpu:1", BenchSupport.device());
            BenchSupport.parse(new String[]{}, List.of());
            assertEquals("cpu", BenchSupport.device(), "the device of the published figures by default");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BenchSupport.parse(new String[]{"--device", "gpu0"}, List.of()));
            assertTrue(e.getMessage().contains("--device"), e.getMessage());
        } finally {
            BenchSupport.parse(new String[]{}, List.of());
        }
    }
}
