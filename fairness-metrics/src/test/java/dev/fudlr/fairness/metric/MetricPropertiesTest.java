/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.metric;

import dev.fudlr.fairness.data.AuditData;
import dev.fudlr.fairness.data.Recommendations;
import dev.fudlr.fairness.data.ScoreMatrix;
import dev.fudlr.fairness.data.UserAttribute;
import dev.fudlr.fairness.registry.MetricRegistry;
import dev.fudlr.fairness.surrogate.SurrogateResult;
import dev.fudlr.fairness.surrogate.SurrogateSettings;
import dev.fudlr.fairness.testing.TestData;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Properties every population metric must have, on seeded random audits.
 */
class MetricPropertiesTest {

    private static final List<String> ALL = List.of("hr@5", "ndcg@5", "recall@5", "mrr@5", "gp@5:pop1", "gu@5:pop5", "mgu@5", "dgu@5",
            "arp@5", "aplt@5", "gini@5", "coverage@5", "ndcg-gap@5:gender", "hr-gap@5:gender*age;agg=mad", "exposure-parity@5:gender",
            "impact-ratio@5:gender", "item-exposure@5;reference=relevance", "0.3*mgu@5/0.1+ndcg-gap@5:age");

    private static int[] permutation(Random rng, int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** Row u of the result is row perm[u] of the input. */
    private static AuditData permute(AuditData a, int[] perm) {
        int n = perm.length;
        int[] targets = new int[n];
        int[][] history = new int[n][];
        int[][] exclusions = new int[n][];
        for (int u = 0; u < n; u++) {
            int[] t = a.targets("t").relevant(perm[u]);
            targets[u] = t.length == 0 ? -1 : t[0];
            history[u] = a.history(perm[u]);
            exclusions[u] = a.exclusions(perm[u]);
        }
        AuditData.Builder b = AuditData.builder(n, a.numItems()).targets(targets).history(history).exclusions(exclusions)
                .itemCounts(a.itemCounts("t")).itemGroups(a.itemGroups("genre"));
        for (String name : a.attributeNames()) {
            b.attribute(a.attribute(name).select(perm));
        }
        return b.build();
    }

    private static ScoreMatrix permute(ScoreMatrix s, int[] perm) {
        double[][] rows = new double[perm.length][];
        for (int u = 0; u < perm.length; u++) {
            rows[u] = s.row(perm[u]);
        }
        return ScoreMatrix.of(rows);
    }

    @Test
    void permutingUsersLeavesPopulationMetricsUnchanged() {
        Random rng = new Random(31);
        AuditData audit = TestData.randomAudit(rng, 40, 30, true);
        ScoreMatrix scores = TestData.randomScores(rng, 40, 30);
        int[] perm = permutation(rng, 40);
        AuditData pa = permute(audit, perm);
        ScoreMatrix ps = permute(scores, perm);
        MetricSuite suite = MetricSuite.of(MetricRegistry.standard().parseAll(ALL));
        Map<String, MetricResult> before = suite.evaluate(scores, audit);
        Map<String, MetricResult> after = suite.evaluate(ps, pa);
        for (String name : before.keySet()) {
            assertEquals(before.get(name).value(), after.get(name).value(), 1e-12, name);
        }
        // Surrogates too; their gradients move with the users.
        for (FairnessMetric m : suite.metrics()) {
            if (!m.hasSurrogate()) {
                continue;
            }
            SurrogateResult r = m.surrogate(SurrogateSettings.DEFAULT).evaluate(scores, audit);
            SurrogateResult pr = m.surrogate(SurrogateSettings.DEFAULT).evaluate(ps, pa);
            assertEquals(r.value(), pr.value(), 1e-12, m.name());
            for (int u = 0; u < 40; u += 7) {
                for (int i = 0; i < 30; i += 5) {
                    assertEquals(r.gradient(perm[u], i), pr.gradient(u, i), 1e-12, m.name());
                }
            }
        }
    }

    @Test
    void swappingTwoGroupLabelsLeavesGapsUnchanged() {
        Random rng = new Random(32);
        AuditData audit = TestData.randomAudit(rng, 40, 30, false);
        ScoreMatrix scores = TestData.randomScores(rng, 40, 30);
        String[] swapped = new String[40];
        UserAttribute g = audit.attribute("gender");
        for (int u = 0; u < 40; u++) {
            String v = g.group(g.groupOf(u));
            swapped[u] = v.equals("F") ? "M" : v.equals("M") ? "F" : v;
        }
        int[] ids = new int[40];
        int[][] history = new int[40][];
        for (int u = 0; u < 40; u++) {
            ids[u] = audit.targets("t").relevant(u, 0);
            history[u] = audit.history(u);
        }
        AuditData other = AuditData.builder(40, 30).targets(ids).history(history).itemCounts(audit.itemCounts("t"))
                .attribute("gender", swapped).build();
        for (String name : List.of("ndcg-gap@5:gender", "hr-gap@5:gender;agg=mad", "mrr-gap@5:gender;unknown=group",
                "exposure-parity@5:gender", "impact-ratio@5:gender")) {
            FairnessMetric m = MetricRegistry.standard().parse(name);
            assertEquals(m.value(Recommendations.fromScores(scores, audit, 5)), m.value(Recommendations.fromScores(scores, other, 5)), 1e-12, name);
            if (m.hasSurrogate()) {
                assertEquals(m.surrogate(SurrogateSettings.DEFAULT).value(scores, audit), m.surrogate(SurrogateSettings.DEFAULT).value(scores, other), 1e-12, name);
            }
        }
    }
}
