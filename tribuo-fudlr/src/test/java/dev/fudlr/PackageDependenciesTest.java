/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Dependencies between the packages of the main code run one way: no package cycle may appear. A package depends on
 * another when one of its files names a class of it (import or fully qualified name; comments and strings ignored).
 * fairness-metrics must not depend on the plugin at all, the core artifact not on its edges, and the influence engine
 * and unlearning not on fairness-metrics (objectives reach them as {@code ScoreObjective}s).
 */
class PackageDependenciesTest {

    private static final Path CORE = Path.of("core", "src", "main", "java");
    private static final Path[] EDGES = {Path.of("cli", "src", "main", "java"), Path.of("report", "src", "main", "java"),
        Path.of("cdi", "src", "main", "java"), Path.of("otel", "src", "main", "java"), Path.of("minilm", "src", "main", "java"),
        Path.of("spark", "src", "main", "java")};
    private static final Path METRICS = Path.of("..", "fairness-metrics", "src", "main", "java");

    private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
    private static final Pattern REFERENCE = Pattern.compile("\\b(dev\\.fudlr(?:\\.[a-z_]\\w*)*)\\.[A-Z]\\w*");
    // Comments and string literals (a message may name a class of another package without depending on it).
    private static final Pattern COMMENTS = Pattern.compile("/\\*.*?\\*/|//[^\\n]*|\"(?:\\\\.|[^\"\\\\\\n])*\"", Pattern.DOTALL);

    /** Package to the packages it names. */
    static Map<String, Set<String>> dependencies(Path... roots) throws IOException {
        Map<String, Set<String>> deps = new TreeMap<>();
        for (Path root : roots) {
            List<Path> files;
            try (Stream<Path> s = Files.walk(root)) {
                files = s.filter(p -> p.toString().endsWith(".java") && !p.getFileName().toString().equals("package-info.java")).toList();
            }
            for (Path f : files) {
                String text = Files.readString(f, StandardCharsets.UTF_8);
                Matcher pm = PACKAGE.matcher(text);
                if (!pm.find()) {
                    continue;
                }
                String pkg = pm.group(1);
                Set<String> out = deps.computeIfAbsent(pkg, k -> new TreeSet<>());
                Matcher rm = REFERENCE.matcher(COMMENTS.matcher(text).replaceAll(""));
                while (rm.find()) {
                    if (!rm.group(1).equals(pkg)) {
                        out.add(rm.group(1));
                    }
                }
            }
        }
        return deps;
    }

    private static Path[] concat(Path a, Path b, Path... more) {
        Path[] out = new Path[more.length + 2];
        out[0] = a;
        out[1] = b;
        System.arraycopy(more, 0, out, 2, more.length);
        return out;
    }

    /** Strongly connected components of more than one package (Tarjan, iterative over the sorted packages). */
    static List<Set<String>> cycles(Map<String, Set<String>> deps) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<Set<String>> out = new ArrayList<>();
        int[] counter = {0};
        for (String v : deps.keySet()) {
            if (!index.containsKey(v)) {
                strongConnect(v, deps, index, low, stack, onStack, out, counter);
            }
        }
        return out;
    }

    private static void strongConnect(String v, Map<String, Set<String>> deps, Map<String, Integer> index, Map<String, Integer> low,
                                      Deque<String> stack, Set<String> onStack, List<Set<String>> out, int[] counter) {
        index.put(v, counter[0]);
        low.put(v, counter[0]++);
        stack.push(v);
        onStack.add(v);
        for (String w : deps.getOrDefault(v, Set.of())) {
            if (!deps.containsKey(w)) {
                continue;
            }
            if (!index.containsKey(w)) {
                strongConnect(w, deps, index, low, stack, onStack, out, counter);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> component = new TreeSet<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                component.add(w);
            } while (!w.equals(v));
            if (component.size() > 1) {
                out.add(component);
            }
        }
    }

    @Test
    void noPackageCycle() throws IOException {
        Map<String, Set<String>> deps = dependencies(concat(CORE, METRICS, EDGES));
        assertTrue(deps.size() > 20, "packages found: " + deps.keySet());
        List<Set<String>> cycles = cycles(deps);
        assertTrue(cycles.isEmpty(), "package cycles: " + cycles);
    }

    @Test
    void fairnessMetricsDependsOnNoPluginPackage() throws IOException {
        for (Map.Entry<String, Set<String>> e : dependencies(METRICS).entrySet()) {
            for (String d : e.getValue()) {
                assertTrue(d.startsWith("dev.fudlr.fairness"), e.getKey() + " depends on " + d);
            }
        }
    }

    @Test
    void theInfluenceEngineKnowsNoFairnessMetric() throws IOException {
        for (Map.Entry<String, Set<String>> e : dependencies(CORE).entrySet()) {
            if (e.getKey().startsWith("dev.fudlr.influence") || e.getKey().startsWith("dev.fudlr.unlearn")) {
                for (String d : e.getValue()) {
                    assertFalse(d.startsWith("dev.fudlr.fairness"), e.getKey() + " depends on " + d);
                }
            }
        }
    }

    /** The core artifact names no class of the edges (CLI, report, CDI, OpenTelemetry SDK wiring, MiniLM, Spark). */
    @Test
    void theCoreKnowsNoEdge() throws IOException {
        Set<String> edges = dependencies(EDGES).keySet();
        assertTrue(edges.contains("dev.fudlr.cli") && edges.contains("dev.fudlr.model.minilm"), "edge packages: " + edges);
        Map<String, Set<String>> core = dependencies(CORE);
        for (Map.Entry<String, Set<String>> e : core.entrySet()) {
            assertFalse(edges.contains(e.getKey()), "package " + e.getKey() + " is split between the core and the edges");
            for (String d : e.getValue()) {
                assertFalse(edges.contains(d), e.getKey() + " (core) depends on " + d + " (an edge)");
            }
        }
    }

    @Test
    void theCycleFinderFindsACycle() {
        Map<String, Set<String>> deps = new TreeMap<>(Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"), "d", Set.of("a")));
        assertEquals(List.of(Set.of("a", "b", "c")), cycles(deps));
        assertFalse(cycles(Map.of("a", Set.of("b"), "b", Set.of())).iterator().hasNext());
    }
}
