/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.metric;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetricSpecTest {

    @Test
    void parsesAllParts() {
        MetricSpec s = MetricSpec.parse(" NDCG-gap@10:gender*age;unknown=group;agg=mad ");
        assertEquals("ndcg-gap", s.family());
        assertEquals(10, s.k());
        assertEquals("gender*age", s.argument());
        assertEquals(Map.of("agg", "mad", "unknown", "group"), s.params());
        assertEquals("ndcg-gap@10:gender*age;agg=mad;unknown=group", s.toString());
        assertEquals(s, MetricSpec.parse(s.toString()));
        MetricSpec bare = MetricSpec.parse("coverage");
        assertNull(bare.k());
        assertNull(bare.argument());
    }

    @Test
    void cutOffsAreCappedAtMaxCutoff() {
        assertEquals(MetricSpec.MAX_CUTOFF, MetricSpec.parse("ndcg@" + MetricSpec.MAX_CUTOFF).requireK());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                                                  () -> MetricSpec.parse("ndcg@" + (MetricSpec.MAX_CUTOFF + 1)).requireK());
        assertTrue(e.getMessage().contains("K must be at most 1000 (MetricSpec.MAX_CUTOFF)"), e.getMessage());
        // Through the registry too, so that 'fudlr audit --metrics mgu@5000' is refused before anything is scored.
        assertThrows(IllegalArgumentException.class,
                     () -> dev.fudlr.fairness.registry.MetricRegistry.standard().parse("mgu@2000000000"));
    }

    @Test
    void errorsNameTheProblem() {
        assertThrows(IllegalArgumentException.class, () -> MetricSpec.parse("mgu@"));
        assertThrows(IllegalArgumentException.class, () -> MetricSpec.parse("@10"));
        assertThrows(IllegalArgumentException.class, () -> MetricSpec.parse("mgu@10;items"));
        assertThrows(IllegalArgumentException.class, () -> MetricSpec.parse("mgu@10;a=1;a=2"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MetricSpec.parse("mgu").requireK()).getMessage().contains("mgu@10"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MetricSpec.parse("mgu@10;x=1").allowParams(Set.of("items")))
                .getMessage().contains("unknown parameter 'x'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MetricSpec.parse("mgu@10;agg=max").enumParam("agg", Direction.class, Direction.SIGNED))
                .getMessage().contains("must be one of"));
        assertThrows(IllegalArgumentException.class, () -> MetricSpec.parse("mgu@0").requireK());
    }
}
