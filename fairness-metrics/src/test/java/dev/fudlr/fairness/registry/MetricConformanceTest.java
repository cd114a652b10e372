/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.registry;

import dev.fudlr.fairness.data.AuditData;
import dev.fudlr.fairness.data.Recommendations;
import dev.fudlr.fairness.data.Targets;
import dev.fudlr.fairness.data.TopKLists;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.DoubleBinaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Conformance with peer implementations: the generated cases under {@code conformance/} (see its README: 4 cases,
 * 500 users, 300-1,000 Zipf-popular items, tied and unseen items, unknown genders, three groups) and the values that
 * RecBole's, Elliot's and IFairLRS's own code computed on them ({@code references.tsv}, with the peer, commit and
 * file of each). Every mapped metric, by its registry name, must agree to 1e-9.
 * <p>
 * RecBole and Elliot evaluate only users with at least one test item; their values are compared with ours on those
 * users. Two peer metrics are on another scale and compared after a documented conversion: Elliot's ItemCoverage is a
 * count (ours a fraction), Elliot's Gini is an equality index {@code 1 - G n/(n-1)} of our concentration {@code G}.
 */
class MetricConformanceTest {

    private static final String DIR = "/dev/fudlr/fairness/conformance/";
    private static final double TOLERANCE = 1e-9;

    /** How one peer metric maps to ours: the registry name (K filled in) and a conversion of our value. */
    private record Mapping(String name, boolean relevantUsersOnly, DoubleBinaryOperator convert) {
        static Mapping same(String name, boolean relevantOnly) {
            return new Mapping(name, relevantOnly, (ours, n) -> ours);
        }
    }

    private static final Map<String, Mapping> MAPPINGS = new LinkedHashMap<>();

    static {
        MAPPINGS.put("recbole/Hit", Mapping.same("hr@K", true));
        MAPPINGS.put("recbole/NDCG", Mapping.same("ndcg@K", true));
        MAPPINGS.put("recbole/AveragePopularity", Mapping.same("arp@K", true));
        MAPPINGS.put("recbole/TailPercentage", Mapping.same("aplt@K;items=recbole-tail", true));
        MAPPINGS.put("recbole/ItemCoverage", Mapping.same("coverage@K", true));
        MAPPINGS.put("recbole/GiniIndex", Mapping.same("gini@K", true));
        MAPPINGS.put("elliot/nDCG", Mapping.same("ndcg@K", true));
        MAPPINGS.put("elliot/HR", Mapping.same("hr@K", true));
        MAPPINGS.put("elliot/ARP", Mapping.same("arp@K", true));
        MAPPINGS.put("elliot/APLT", Mapping.same("aplt@K;items=elliot-tail", true));
        MAPPINGS.put("elliot/ItemCoverage", new Mapping("coverage@K", true, (ours, n) -> ours * n));
        MAPPINGS.put("elliot/Gini", new Mapping("gini@K", true, (ours, n) -> 1 - ours * n / (n - 1)));
        MAPPINGS.put("elliot/UserMADranking", Mapping.same("ndcg-gap@K:gender;agg=pairwise;users=relevant", true));
        MAPPINGS.put("ifairlrs/MGU", Mapping.same("mgu@K", false));
        MAPPINGS.put("ifairlrs/DGU", Mapping.same("dgu@K", false));
    }

    /** One generated case. */
    private record Case(int users, int items, long[] counts, int[][] history, int[][] lists, int[][] targets, String[] gender) {}

    @Test
    void everyMappedMetricAgreesWithThePeersOwnCode() throws IOException {
        List<String[]> references = rows("references.tsv");
        assertEquals("case\tpeer\tmetric\tk\tvalue\tsource", String.join("\t", references.remove(0)));
        Map<String, Case> cases = new LinkedHashMap<>();
        TreeSet<String> metrics = new TreeSet<>();
        double worst = 0;
        List<String> failures = new ArrayList<>();
        for (String[] r : references) {
            Case c = cases.computeIfAbsent(r[0], MetricConformanceTest::load);
            Mapping m = MAPPINGS.get(r[1] + "/" + r[2]);
            if (m == null) {
                fail("No mapping for " + r[1] + " " + r[2] + " (" + r[5] + ")");
            }
            int k = Integer.parseInt(r[3]);
            String name = m.name().replace("@K", "@" + k);
            double ours = m.convert().applyAsDouble(MetricRegistry.standard().parse(name).value(recommendations(c, k, m.relevantUsersOnly())),
                                                    c.items());
            double peer = Double.parseDouble(r[4]);
            double diff = Math.abs(ours - peer);
            worst = Math.max(worst, diff);
            metrics.add(r[1] + " " + r[2]);
            if (!(diff <= TOLERANCE)) {
                failures.add(String.format("%s %s@%d: ours (%s) %.15g, peer %.15g (%s)", r[0], r[2], k, name, ours, peer, r[5]));
            }
        }
        System.out.printf("Conformance: %d cases, %d peer metrics, %d comparisons, largest difference %.2g%n", cases.size(),
                          metrics.size(), references.size(), worst);
        assertTrue(failures.isEmpty(), failures.size() + " disagreements:\n" + String.join("\n", failures));
        assertEquals(4, cases.size());
        assertEquals(MAPPINGS.size(), metrics.size(), "every mapping is exercised");
    }

    /** Our recommendations for a case at cut-off K, over every user or only those with a relevant item. */
    private static Recommendations recommendations(Case c, int k, boolean relevantOnly) {
        List<Integer> keep = new ArrayList<>();
        for (int u = 0; u < c.users(); u++) {
            if (!relevantOnly || c.targets()[u].length > 0) {
                keep.add(u);
            }
        }
        int n = keep.size();
        int[][] lists = new int[n][];
        int[][] targets = new int[n][];
        int[][] history = new int[n][];
        String[] gender = new String[n];
        for (int i = 0; i < n; i++) {
            int u = keep.get(i);
            lists[i] = Arrays.copyOf(c.lists()[u], k);
            targets[i] = c.targets()[u];
            history[i] = c.history()[u];
            gender[i] = c.gender()[u];
        }
        AuditData audit = AuditData.builder(n, c.items()).targets(Targets.sets(targets, c.items())).history(history)
            .itemCounts(c.counts()).attribute("gender", gender).build();
        return Recommendations.of(TopKLists.of(lists, k, c.items()), audit);
    }

    private static Case load(String name) {
        try {
            Map<String, String> meta = new LinkedHashMap<>();
            for (String[] r : rows(name + "/meta.tsv")) {
                meta.put(r[0], r[1]);
            }
            int users = Integer.parseInt(meta.get("num_users"));
            int items = Integer.parseInt(meta.get("num_items"));
            int maxK = Integer.parseInt(meta.get("max_k"));
            long[] counts = new long[items];
            for (String[] r : rows(name + "/counts.tsv")) {
                counts[Integer.parseInt(r[0])] = Long.parseLong(r[1]);
            }
            int[][] lists = new int[users][maxK];
            for (String[] r : rows(name + "/recs.tsv")) {
                lists[Integer.parseInt(r[0])][Integer.parseInt(r[1]) - 1] = Integer.parseInt(r[2]);
            }
            String[] gender = new String[users];
            for (String[] r : rows(name + "/attributes.tsv")) {
                gender[Integer.parseInt(r[0])] = r[1];
            }
            return new Case(users, items, counts, perUser(rows(name + "/history.tsv"), users), lists,
                            perUser(rows(name + "/targets.tsv"), users), gender);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read conformance case " + name, e);
        }
    }

    private static int[][] perUser(List<String[]> rows, int users) {
        List<List<Integer>> out = new ArrayList<>();
        for (int u = 0; u < users; u++) {
            out.add(new ArrayList<>());
        }
        for (String[] r : rows) {
            out.get(Integer.parseInt(r[0])).add(Integer.parseInt(r[1]));
        }
        return out.stream().map(l -> l.stream().mapToInt(Integer::intValue).toArray()).toArray(int[][]::new);
    }

    private static List<String[]> rows(String resource) throws IOException {
        try (InputStream in = MetricConformanceTest.class.getResourceAsStream(DIR + resource)) {
            if (in == null) {
                throw new IOException("missing test resource " + DIR + resource);
            }
            List<String[]> out = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    out.add(line.split("\t", -1));
                }
            }
            return out;
        }
    }
}
