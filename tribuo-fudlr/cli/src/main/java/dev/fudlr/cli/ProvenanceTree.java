/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.cli;

import com.oracle.labs.mlrg.olcut.provenance.ListProvenance;
import com.oracle.labs.mlrg.olcut.provenance.MapProvenance;
import com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.PrimitiveProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.util.Pair;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A provenance as a plain nested tree (objects become maps in their own order, maps become key-sorted maps, lists
 * become lists, primitives become their values), its flattening to {@code path -> value}, and the structured difference of two provenances.
 * Paths read like JavaScript: {@code trainer.learningRate}, {@code instance-values["fudlr.metrics-after"]["mgu@10"]},
 * {@code steps[0]}.
 */
final class ProvenanceTree {

    /** Key under which an object's class name is kept. */
    static final String CLASS_NAME = "class-name";

    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");

    /**
     * One difference.
     * @param kind {@code added}, {@code removed} or {@code changed}.
     * @param path where.
     * @param before the old value (null when added).
     * @param after the new value (null when removed).
     */
    record Change(String kind, String path, Object before, Object after) {}

    private ProvenanceTree() {}

    /**
     * The nested tree of a provenance.
     * @param p the provenance.
     * @return maps, lists, numbers, booleans and strings.
     */
    static Object tree(Provenance p) {
        if (p == null) {
            return null;
        }
        if (p instanceof ObjectProvenance o) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put(CLASS_NAME, o.getClassName());
            for (Pair<String, Provenance> e : o) {
                m.put(e.getA(), tree(e.getB()));
            }
            return m;
        }
        if (p instanceof MapProvenance<?> mp) {
            // Sorted: a map provenance's own iteration order is not defined.
            Map<String, Object> m = new TreeMap<>();
            for (Pair<String, ? extends Provenance> e : mp) {
                m.put(e.getA(), tree(e.getB()));
            }
            return m;
        }
        if (p instanceof ListProvenance<?> lp) {
            List<Object> l = new ArrayList<>();
            for (Provenance item : lp) {
                l.add(tree(item));
            }
            return l;
        }
        if (p instanceof PrimitiveProvenance<?> pp) {
            Object v = pp.getValue();
            return v == null || v instanceof Number || v instanceof Boolean ? v : v.toString();
        }
        return p.toString();
    }

    /**
     * The leaves of a tree by path, in tree order (an empty map or list is a leaf of its own).
     * @param tree a tree from {@link #tree}.
     * @return path to value.
     */
    static Map<String, Object> flatten(Object tree) {
        Map<String, Object> out = new LinkedHashMap<>();
        flatten("", tree, out);
        return out;
    }

    private static void flatten(String path, Object node, Map<String, Object> out) {
        if (node instanceof Map<?, ?> m && !m.isEmpty()) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                flatten(child(path, String.valueOf(e.getKey())), e.getValue(), out);
            }
        } else if (node instanceof List<?> l && !l.isEmpty()) {
            for (int i = 0; i < l.size(); i++) {
                flatten(path + "[" + i + "]", l.get(i), out);
            }
        } else {
            out.put(path.isEmpty() ? "." : path, node);
        }
    }

    private static String child(String path, String key) {
        if (PLAIN_KEY.matcher(key).matches()) {
            return path.isEmpty() ? key : path + "." + key;
        }
        return path + "[\"" + key.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]";
    }

    /**
     * The differences from {@code a} to {@code b}: changed and removed paths in {@code a}'s order, then added paths in
     * {@code b}'s order.
     * @param a the first provenance.
     * @param b the second provenance.
     * @return the changes (empty when the trees are equal).
     */
    static List<Change> diff(Provenance a, Provenance b) {
        Map<String, Object> fa = flatten(tree(a));
        Map<String, Object> fb = flatten(tree(b));
        List<Change> changes = new ArrayList<>();
        for (Map.Entry<String, Object> e : fa.entrySet()) {
            if (!fb.containsKey(e.getKey())) {
                changes.add(new Change("removed", e.getKey(), e.getValue(), null));
            } else if (!Objects.equals(e.getValue(), fb.get(e.getKey()))) {
                changes.add(new Change("changed", e.getKey(), e.getValue(), fb.get(e.getKey())));
            }
        }
        for (Map.Entry<String, Object> e : fb.entrySet()) {
            if (!fa.containsKey(e.getKey())) {
                changes.add(new Change("added", e.getKey(), null, e.getValue()));
            }
        }
        return changes;
    }

    /**
     * Prints changes one per line ({@code ~ path: old -> new}, {@code + path: new}, {@code - path: old}) with a count line.
     * @param changes the changes.
     * @return the text.
     */
    static String format(List<Change> changes) {
        return format(changes, null, null);
    }

    /**
     * Prints changes as {@link #format(List)} does, after a header that says which side is which, as {@code diff -u}
     * does: {@code --- FROM} (whose values {@code -} lines show and {@code ~} lines show first) and {@code +++ TO}
     * (whose values {@code +} lines show and {@code ~} lines show second).
     * @param changes the changes from {@code from} to {@code to}.
     * @param from what the first provenance of {@link #diff} is, e.g. {@code "base.model (--diff)"}; null: no header.
     * @param to what the second provenance is.
     * @return the text.
     */
    static String format(List<Change> changes, String from, String to) {
        StringBuilder sb = new StringBuilder();
        if (from != null) {
            sb.append("--- ").append(from).append('\n').append("+++ ").append(to).append('\n');
        }
        int added = 0;
        int removed = 0;
        int changed = 0;
        for (Change c : changes) {
            switch (c.kind()) {
                case "added" -> {
                    added++;
                    sb.append("+ ").append(c.path()).append(": ").append(c.after()).append('\n');
                }
                case "removed" -> {
                    removed++;
                    sb.append("- ").append(c.path()).append(": ").append(c.before()).append('\n');
                }
                default -> {
                    changed++;
                    sb.append("~ ").append(c.path()).append(": ").append(c.before()).append(" -> ").append(c.after()).append('\n');
                }
            }
        }
        sb.append(changes.isEmpty() ? "identical provenance\n"
                                    : changed + " changed, " + added + " added, " + removed + " removed\n");
        return sb.toString();
    }

    /**
     * The changes as a JSON-ready map: {@code {"changed": {path: {"from", "to"}}, "added": {...}, "removed": {...}}}.
     * @param changes the changes.
     * @return the map.
     */
    static Map<String, Object> toJson(List<Change> changes) {
        return toJson(changes, null, null);
    }

    /**
     * The changes as a JSON-ready map naming both sides first: {@code {"from": FROM, "to": TO, "changed": {path:
     * {"from", "to"}}, "added": {...}, "removed": {...}}}; "added" paths are in {@code to} only, "removed" ones in
     * {@code from} only.
     * @param changes the changes from {@code from} to {@code to}.
     * @param from what the first provenance of {@link #diff} is (e.g. its file); null: no "from"/"to" keys.
     * @param to what the second provenance is.
     * @return the map.
     */
    static Map<String, Object> toJson(List<Change> changes, String from, String to) {
        Map<String, Object> changed = new LinkedHashMap<>();
        Map<String, Object> added = new LinkedHashMap<>();
        Map<String, Object> removed = new LinkedHashMap<>();
        for (Change c : changes) {
            switch (c.kind()) {
                case "added" -> added.put(c.path(), c.after());
                case "removed" -> removed.put(c.path(), c.before());
                default -> {
                    Map<String, Object> fromTo = new LinkedHashMap<>();
                    fromTo.put("from", c.before());
                    fromTo.put("to", c.after());
                    changed.put(c.path(), fromTo);
                }
            }
        }
        Map<String, Object> root = new LinkedHashMap<>();
        if (from != null) {
            root.put("from", from);
            root.put("to", to);
        }
        root.put("changed", changed);
        root.put("added", added);
        root.put("removed", removed);
        return root;
    }
}
