/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.report;

import com.oracle.labs.mlrg.olcut.provenance.ListProvenance;
import com.oracle.labs.mlrg.olcut.provenance.MapProvenance;
import com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.PrimitiveProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.util.Pair;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Pretty-prints a provenance as nested HTML lists (objects and maps as {@code key: value} lines sorted by key with
 * an object's class name first, lists numbered in order), every key and value escaped. Long lists named in {@code elided} print their size and first entries only, with
 * a pointer to where the full content is (the unlearned id list is in the report as a download).
 */
final class ProvenanceTree {

    private static final int ELIDED_SHOWN = 5;

    private final Set<String> elided;
    private final String elidedNote;
    private final Set<String> hidden;
    private final String hiddenText;

    /**
     * @param elided keys whose list values are shortened.
     * @param elidedNote the note shown after a shortened list.
     */
    ProvenanceTree(Set<String> elided, String elidedNote) {
        this(elided, elidedNote, Set.of(), "");
    }

    /**
     * @param elided keys whose list values are shortened.
     * @param elidedNote the note shown after a shortened list.
     * @param hidden map-entry keys whose values are replaced by {@code hiddenText} (small-group suppression).
     * @param hiddenText the replacement.
     */
    ProvenanceTree(Set<String> elided, String elidedNote, Set<String> hidden, String hiddenText) {
        this.elided = elided;
        this.elidedNote = elidedNote;
        this.hidden = Set.copyOf(hidden);
        this.hiddenText = hiddenText;
    }

    void render(Html h, String name, ObjectProvenance root) {
        h.open("ul", "tree").nl();
        entry(h, name, root);
        h.close("ul").nl();
    }

    private void entry(Html h, String key, Provenance p) {
        h.open("li").element("span", "k", key);
        if (p instanceof PrimitiveProvenance<?> pp) {
            h.text(": ").element("span", "v", String.valueOf(pp.getValue()));
            h.close("li").nl();
            return;
        }
        if (p instanceof ObjectProvenance o) {
            h.text(" ").element("span", "t", "(" + o.getClassName() + ")").nl().open("ul").nl();
            // Sorted (class name first): configured parameters iterate in hash order, which a round trip may change.
            List<Pair<String, Provenance>> children = new ArrayList<>();
            o.forEach(children::add);
            children.sort(Comparator.comparing((Pair<String, Provenance> c) -> !ObjectProvenance.CLASS_NAME.equals(c.getA()))
                              .thenComparing(Pair::getA));
            for (Pair<String, Provenance> child : children) {
                entry(h, child.getA(), child.getB());
            }
            h.close("ul");
        } else if (p instanceof MapProvenance<?> m) {
            h.text(" ").element("span", "t", "{" + m.getMap().size() + "}").nl().open("ul").nl();
            for (Map.Entry<String, ? extends Provenance> child : new TreeMap<>(m.getMap()).entrySet()) {
                if (hidden.contains(child.getKey())) {
                    h.open("li").element("span", "k", child.getKey()).text(": ").element("span", "v", hiddenText).close("li").nl();
                } else {
                    entry(h, child.getKey(), child.getValue());
                }
            }
            h.close("ul");
        } else if (p instanceof ListProvenance<?> l) {
            int size = l.getList().size();
            h.text(" ").element("span", "t", "[" + size + "]").nl().open("ul").nl();
            boolean shorten = elided.contains(key) && size > ELIDED_SHOWN;
            int shown = shorten ? ELIDED_SHOWN : size;
            for (int i = 0; i < shown; i++) {
                entry(h, Integer.toString(i), l.getList().get(i));
            }
            if (shorten) {
                h.open("li", "note").text("... " + (size - shown) + " more: " + elidedNote).close("li").nl();
            }
            h.close("ul");
        } else {
            h.text(": ").element("span", "v", p == null ? "null" : p.toString());
        }
        h.close("li").nl();
    }
}
