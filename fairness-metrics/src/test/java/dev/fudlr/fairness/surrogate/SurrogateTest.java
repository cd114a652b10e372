/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.surrogate;

import dev.fudlr.fairness.data.AuditData;
import dev.fudlr.fairness.data.ItemGroups;
import dev.fudlr.fairness.data.Recommendations;
import dev.fudlr.fairness.data.ScoreMatrix;
import dev.fudlr.fairness.data.UserAttribute;
import dev.fudlr.fairness.metric.FairnessMetric;
import dev.fudlr.fairness.registry.MetricRegistry;
import dev.fudlr.fairness.testing.TestData;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The contract of every surrogate: its analytic gradient matches central finite differences (double
 * precision), and as the temperature goes to 0 it approaches the exact metric, on random and adversarial
 * score matrices.
 */
class SurrogateTest {

    /** Every metric with a surrogate, at K = 3 (user attributes and groupings of {@link TestData#randomAudit}). */
    static final List<String> METRICS = List.of(
            "hr@3", "ndcg@3", "recall@3", "mrr@3",
            "gp@3:pop1", "gu@3:pop5", "mgu@3", "mgu@3;items=pop3", "mgu@3;items=popmass3", "dgu@3", "dgu@3;items=genre",
            "arp@3", "aplt@3", "aplt@3;items=recbole-tail", "aplt@3;items=elliot-tail", "gini@3", "gini@3;discount=true",
            "ndcg-gap@3:gender", "hr-gap@3:gender;agg=mad;unknown=group", "recall-gap@3:age", "ndcg-gap@3:age;agg=pairwise;users=relevant", "mrr-gap@3:gender*age",
            "ndcg-gap@3:age;agg=signed", "exposure-parity@3:gender", "exposure-parity@3:age;dist=l1;items=genre",
            "item-exposure@3", "item-exposure@3;items=headtail;reference=relevance",
            "0.5*mgu@3+0.5*ndcg-gap@3:gender/0.1+0.2*hr@3");

    private static List<FairnessMetric> metrics() {
        return MetricRegistry.standard().parseAll(METRICS);
    }

    private static void assertGradient(FairnessMetric m, SurrogateSettings settings, ScoreMatrix scores, AuditData audit) {
        Surrogate s = m.surrogate(settings);
        GradientCheck.Result r = GradientCheck.check(s, scores, audit, 1e-6);
        assertTrue(r.maxRelError() < 1e-5, m.name() + " " + settings + ": " + r);
        assertTrue(r.gradientNorm() > 0, m.name() + " has a zero gradient");
    }

    @Test
    void gradientsMatchFiniteDifferencesThreshold() {
        Random rng = new Random(11);
        AuditData audit = TestData.randomAudit(rng, 7, 12, false);
        ScoreMatrix scores = TestData.randomScores(rng, 7, 12);
        for (FairnessMetric m : metrics()) {
            assertGradient(m, SurrogateSettings.DEFAULT, scores, audit);
        }
    }

    @Test
    void gradientsMatchFiniteDifferencesSoftmaxWithExclusions() {
        Random rng = new Random(12);
        AuditData audit = TestData.randomAudit(rng, 7, 12, true);
        ScoreMatrix scores = TestData.randomScores(rng, 7, 12);
        for (FairnessMetric m : metrics()) {
            assertGradient(m, SurrogateSettings.softmax(0.7), scores, audit);
            assertGradient(m, SurrogateSettings.threshold(1.3), scores, audit);
        }
    }

    @Test
    void worstGapHasTheRangeSurrogateValueAndItsGradientOnTheWorstGroupOnly() {
        Random rng = new Random(13);
        AuditData audit = TestData.randomAudit(rng, 9, 12, false);
        ScoreMatrix scores = TestData.randomScores(rng, 9, 12);
        SurrogateResult range = MetricRegistry.standard().parse("ndcg-gap@3:gender").surrogate(SurrogateSettings.DEFAULT).evaluate(scores, audit);
        SurrogateResult worst = MetricRegistry.standard().parse("ndcg-gap@3:gender;agg=worst").surrogate(SurrogateSettings.DEFAULT)
            .evaluate(scores, audit);
        assertEquals(range.value(), worst.value(), 1e-15);
        int raised = 0;
        int heldFixed = 0;
        for (int u = 0; u < scores.rows(); u++) {
            boolean zero = true;
            boolean same = true;
            boolean rangeZero = true;
            for (int i = 0; i < scores.cols(); i++) {
                zero &= worst.gradient(u, i) == 0.0;
                same &= worst.gradient(u, i) == range.gradient(u, i);
                rangeZero &= range.gradient(u, i) == 0.0;
            }
            // Every user's row is either the range gradient (worst group) or zero (any other group).
            assertTrue(zero || same, "user " + u);
            raised += !zero ? 1 : 0;
            heldFixed += zero && !rangeZero ? 1 : 0;
        }
        assertTrue(raised > 0, "no user of the worst group has a gradient");
        assertTrue(heldFixed > 0, "the best group was not held fixed");
    }

    @Test
    void surrogateValueIsNotTheExactValueAtWarmTemperatures() {
        // Guards against a surrogate that secretly returns the exact metric: at tau = 2 they must differ.
        Random rng = new Random(13);
        AuditData audit = TestData.randomAudit(rng, 7, 12, false);
        ScoreMatrix scores = TestData.randomScores(rng, 7, 12);
        Recommendations recs = Recommendations.fromScores(scores, audit, 3);
        for (FairnessMetric m : metrics()) {
            double exact = m.value(recs);
            double warm = m.surrogate(SurrogateSettings.threshold(2.0)).value(scores, audit);
            assertTrue(Math.abs(warm - exact) > 1e-6, m.name() + ": surrogate " + warm + " vs exact " + exact);
        }
    }

    private static List<double[]> adversarialMatrices(Random rng, int users, int items) {
        List<double[]> out = new ArrayList<>();
        // Many ties, including at the K-th position.
        double[] ties = new double[users * items];
        for (int i = 0; i < ties.length; i++) {
            ties[i] = rng.nextInt(3);
        }
        out.add(ties);
        // All scores equal.
        out.add(new double[users * items]);
        // A few -Infinity masks and huge magnitudes.
        double[] masks = new double[users * items];
        for (int i = 0; i < masks.length; i++) {
            masks[i] = i % 5 == 0 ? Double.NEGATIVE_INFINITY : rng.nextGaussian() * 1e6;
        }
        out.add(masks);
        // Continuous random scores.
        out.add(TestData.randomScores(rng, users, items).toFlatArray());
        return out;
    }

    /** Random audit plus a one-user group ("solo") and a declared empty group ("never"). */
    private static AuditData adversarialAudit(Random rng, int users, int items, boolean exclude) {
        AuditData base = TestData.randomAudit(rng, users, items, exclude);
        String[] solo = new String[users];
        for (int u = 0; u < users; u++) {
            solo[u] = u == 1 ? "S" : "T";
        }
        AuditData.Builder b = AuditData.builder(users, items).targets(base.targets("t")).itemCounts(base.itemCounts("t"))
                .attribute(base.attribute("gender")).attribute(base.attribute("age"))
                .attribute(UserAttribute.of("solo", solo, List.of("S", "T", "never")))
                .itemGroups(base.itemGroups("genre"));
        int[][] history = new int[users][];
        for (int u = 0; u < users; u++) {
            history[u] = base.history(u);
        }
        b.history(history);
        if (exclude) {
            b.excludeHistory();
        }
        return b.build();
    }

    @Test
    void thresholdSurrogatesApproachExactMetricsAsTemperatureVanishes() {
        Random rng = new Random(21);
        List<FairnessMetric> ms = new ArrayList<>(metrics());
        ms.addAll(MetricRegistry.standard().parseAll(List.of("ndcg-gap@3:solo", "exposure-parity@3:solo", "hr-gap@3:solo;agg=mad")));
        for (boolean exclude : new boolean[]{false, true}) {
            AuditData audit = adversarialAudit(rng, 8, 12, exclude);
            int case_ = 0;
            for (double[] flat : adversarialMatrices(rng, 8, 12)) {
                ScoreMatrix scores = ScoreMatrix.ofFlat(flat, 8, 12);
                Recommendations recs = Recommendations.fromScores(scores, audit, 3);
                for (FairnessMetric m : ms) {
                    double exact = m.value(recs);
                    double cold = m.surrogate(SurrogateSettings.threshold(1e-7)).value(scores, audit);
                    assertEquals(exact, cold, 1e-9 * Math.max(1, Math.abs(exact)),
                            m.name() + " on matrix " + case_ + " (exclusions " + exclude + ")");
                }
                case_++;
            }
        }
    }

    @Test
    void errorShrinksWithTemperatureOnContinuousScores() {
        Random rng = new Random(22);
        AuditData audit = TestData.randomAudit(rng, 8, 12, true);
        ScoreMatrix scores = TestData.randomScores(rng, 8, 12);
        Recommendations recs = Recommendations.fromScores(scores, audit, 3);
        for (FairnessMetric m : metrics()) {
            double exact = m.value(recs);
            double e1 = Math.abs(m.surrogate(SurrogateSettings.threshold(1.0)).value(scores, audit) - exact);
            double e2 = Math.abs(m.surrogate(SurrogateSettings.threshold(0.01)).value(scores, audit) - exact);
            double e3 = Math.abs(m.surrogate(SurrogateSettings.threshold(1e-4)).value(scores, audit) - exact);
            assertTrue(e3 <= e2 + 1e-12 && e3 < 1e-6, m.name() + ": errors " + e1 + ", " + e2 + ", " + e3);
        }
    }

    @Test
    void softmaxSurrogatesApproachExactMetricsAtKEqualsOne() {
        Random rng = new Random(23);
        AuditData audit = TestData.randomAudit(rng, 8, 12, false);
        ScoreMatrix scores = TestData.randomScores(rng, 8, 12);
        Recommendations recs = Recommendations.fromScores(scores, audit, 1);
        for (FairnessMetric m : MetricRegistry.standard().parseAll(List.of("hr@1", "ndcg@1", "mgu@1", "dgu@1", "arp@1", "aplt@1",
                "gini@1", "ndcg-gap@1:gender", "exposure-parity@1:age", "item-exposure@1"))) {
            double exact = m.value(recs);
            double cold = m.surrogate(SurrogateSettings.softmax(1e-4)).value(scores, audit);
            assertEquals(exact, cold, 1e-6, m.name());
        }
    }
}
