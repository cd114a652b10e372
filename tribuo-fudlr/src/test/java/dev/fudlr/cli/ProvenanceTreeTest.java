/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.oracle.labs.mlrg.olcut.provenance.ListProvenance;
import com.oracle.labs.mlrg.olcut.provenance.MapProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.DoubleProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.StringProvenance;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProvenanceTreeTest {

    private static MapProvenance<Provenance> prov(double lr, List<String> ids, String extraKey) {
        Map<String, Provenance> m = new LinkedHashMap<>();
        m.put("learningRate", new DoubleProvenance("learningRate", lr));
        m.put("fudlr.unlearned-ids", new ListProvenance<>(ids.stream().map(s -> new StringProvenance("value", s)).toList()));
        if (extraKey != null) {
            m.put(extraKey, new StringProvenance(extraKey, "x"));
        }
        return new MapProvenance<>(m);
    }

    @Test
    void diffNamesChangedAddedAndRemovedPaths() {
        MapProvenance<Provenance> a = prov(0.01, List.of("1:3", "2:5"), "only-in-a");
        MapProvenance<Provenance> b = prov(0.02, List.of("1:3", "2:6", "4:1"), "mgu@10/gu[pop1]");
        List<ProvenanceTree.Change> changes = ProvenanceTree.diff(a, b);
        // Map keys in sorted order; changes and removals first, then additions.
        assertEquals(List.of(
            new ProvenanceTree.Change("changed", "[\"fudlr.unlearned-ids\"][1]", "2:5", "2:6"),
            new ProvenanceTree.Change("changed", "learningRate", 0.01, 0.02),
            new ProvenanceTree.Change("removed", "only-in-a", "x", null),
            new ProvenanceTree.Change("added", "[\"fudlr.unlearned-ids\"][2]", null, "4:1"),
            new ProvenanceTree.Change("added", "[\"mgu@10/gu[pop1]\"]", null, "x")), changes);
        String text = ProvenanceTree.format(changes);
        assertTrue(text.contains("~ learningRate: 0.01 -> 0.02\n"), text);
        assertTrue(text.endsWith("2 changed, 2 added, 1 removed\n"), text);
        assertEquals("identical provenance\n", ProvenanceTree.format(ProvenanceTree.diff(a, a)));
    }

    @Test
    void jsonIsValidAndKeepsNumbers() throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("quote\"and\\slash\n", "tab\there");
        m.put("nan", Double.NaN);
        m.put("list", List.of(1, 2.5, true));
        m.put("empty", Map.of());
        m.put("doubles", new double[]{0.5, Double.POSITIVE_INFINITY});
        JsonNode node = new ObjectMapper().readTree(Json.write(m));
        assertEquals("tab\there", node.get("quote\"and\\slash\n").asText());
        assertTrue(node.get("nan").isNull());
        assertEquals(2.5, node.get("list").get(1).asDouble(), 0.0);
        assertTrue(node.get("list").get(2).asBoolean());
        assertEquals(0, node.get("empty").size());
        assertTrue(node.get("doubles").get(1).isNull());

        Map<String, Object> diff = ProvenanceTree.toJson(ProvenanceTree.diff(prov(0.01, List.of(), null), prov(0.02, List.of(), null)));
        JsonNode d = new ObjectMapper().readTree(Json.write(diff));
        assertEquals(0.02, d.get("changed").get("learningRate").get("to").asDouble(), 0.0);
        assertEquals(0, d.get("added").size());
    }
}
