/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.debias;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The provenance contract of a FUDLR run is {@link ReportKey} (plus {@link ReportDetails}' report-only keys): every key
 * a run writes is one of them, and every one of them is documented in docs/provenance.md.
 */
class ReportKeyTest {

    @BeforeAll
    static void run() {
        FudlrTransformerTest.run();
    }

    @AfterAll
    static void close() {
        FudlrTransformerTest.close();
    }

    /** Exact keys and key prefixes (ending with '.') of the contract. */
    private static List<String> contract() throws IllegalAccessException {
        List<String> out = new ArrayList<>();
        for (ReportKey k : ReportKey.values()) {
            out.add(k.key());
        }
        for (ReportKey.Family f : ReportKey.Family.values()) {
            out.add(f.prefix());
        }
        for (Field f : ReportDetails.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class && ((String) f.get(null)).startsWith(ReportKey.PREFIX)) {
                out.add((String) f.get(null));
            }
        }
        return out;
    }

    private static boolean covered(String key, List<String> contract) {
        for (String c : contract) {
            if (key.equals(c) || (c.endsWith(".") && key.startsWith(c))) {
                return true;
            }
        }
        return false;
    }

    @Test
    void everyKeyARunWritesIsInTheContract() throws IllegalAccessException {
        List<String> contract = contract();
        var values = FudlrTransformerTest.result.model().getProvenance().getInstanceProvenance().getMap();
        assertTrue(values.size() > 30, "a run records its report: " + values.keySet());
        for (String key : values.keySet()) {
            assertTrue(covered(key, contract), key + " is written but is not a ReportKey or ReportDetails constant");
        }
        // And the run wrote the keys the report and verify read.
        for (ReportKey k : List.of(ReportKey.TRAIN_SIZE, ReportKey.GUARD_SATISFIED, ReportKey.SOLVE_CONVERGED, ReportKey.MASK_HISTOGRAM,
                                   ReportKey.UNLEARNED_IDS, ReportKey.THETA_SHA256_AFTER, ReportKey.BASE_PARAMETERS_GROUPS)) {
            assertTrue(values.containsKey(k.key()), k + " not written");
        }
    }

    @Test
    void everyKeyIsDocumented() throws IOException {
        String doc = Files.readString(Path.of("..", "docs", "provenance.md"));
        for (ReportKey k : ReportKey.values()) {
            assertTrue(doc.contains("`" + k.key() + "`"), k.key() + " is not documented in docs/provenance.md");
        }
        for (ReportKey.Family f : ReportKey.Family.values()) {
            assertTrue(doc.contains("`" + f.prefix()), f.prefix() + "* is not documented in docs/provenance.md");
        }
    }
}
