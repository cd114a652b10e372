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
    void headerAndJsonNameWhichSideIsWhich() throws Exception {
        // As 'fudlr provenance MODEL --diff OTHER' calls it: from OTHER to MODEL, so what MODEL adds reads as '+'.
        MapProvenance<Provenance> other = prov(0.01, List.of("1:3"), null);
        MapProvenance<Provenance> model = prov(0.02, List.of("1:3"), "fudlr.unlearned-count");
        List<ProvenanceTree.Change> changes = ProvenanceTree.diff(other, model);
        String text = ProvenanceTree.format(changes, "base.model (--diff)", "debiased.model");
        assertEquals("--- base.model (--diff)\n+++ debiased.model\n"
                     + "~ learningRate: 0.01 -> 0.02\n"
                     + "+ [\"fudlr.unlearned-count\"]: x\n"
                     + "1 changed, 1 added, 0 removed\n", text);
        JsonNode d = new ObjectMapper().readTree(Json.write(ProvenanceTree.toJson(changes, "base.model", "debiased.model")));
        assertEquals(List.of("from", "to", "changed", "added", "removed"), iterable(d.fieldNames()));
        assertEquals("base.model", d.get("from").asText());
        assertEquals("debiased.model", d.get("to").asText());
        assertEquals("x", d.get("added").get("[\"fudlr.unlearned-count\"]").asText());
        assertEquals(0.01, d.get("changed").get("learningRate").get("from").asDouble(), 0.0);
    }

    private static List<String> iterable(java.util.Iterator<String> it) {
        List<String> out = new java.util.ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
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
