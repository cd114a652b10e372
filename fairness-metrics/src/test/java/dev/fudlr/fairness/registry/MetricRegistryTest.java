/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.registry;

import dev.fudlr.fairness.data.Recommendations;
import dev.fudlr.fairness.metric.Direction;
import dev.fudlr.fairness.metric.FairnessMetric;
import dev.fudlr.fairness.metric.MetricFamily;
import dev.fudlr.fairness.metric.MetricResult;
import dev.fudlr.fairness.metric.accuracy.AccuracyMetric;
import dev.fudlr.fairness.metric.composite.CompositeMetric;
import dev.fudlr.fairness.metric.popularity.MeanGroupUnfairness;
import dev.fudlr.fairness.metric.user.UtilityGap;
import dev.fudlr.fairness.ranking.RankingMetric;
import dev.fudlr.fairness.surrogate.Surrogate;
import dev.fudlr.fairness.surrogate.SurrogateSettings;
import dev.fudlr.fairness.testing.TestData;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetricRegistryTest {

    private static final MetricRegistry REGISTRY = MetricRegistry.standard();

    private static final List<String> NAMES = List.of("hr@10", "ndcg@5", "recall@20", "mrr@10", "gp@10:pop1", "gu@10:tail;items=headtail",
            "mgu@10", "mgu@10;items=pop10", "dgu@10;items=genre", "arp@10", "aplt@10", "aplt@10;items=pop;tail=pop5", "gini@10;discount=true",
            "coverage@10", "ndcg-gap@10:gender", "hr-gap@10:gender*age;agg=mad;unknown=group", "recall-gap@10:age;agg=signed",
            "mrr-gap@10:occupation", "exposure-parity@10:gender;dist=l1;items=headtail", "impact-ratio@10:age;threshold=0.9",
            "item-exposure@10;reference=relevance", "0.7*mgu@10/0.082+0.3*ndcg-gap@10:gender/0.02");

    @Test
    void everyNameRoundTrips() {
        for (String n : NAMES) {
            FairnessMetric m = REGISTRY.parse(n);
            assertEquals(n, m.name(), "canonical name of " + n);
            assertEquals(m, REGISTRY.parse(m.name()));
        }
        // Defaults are dropped and parameters sorted in canonical names.
        assertEquals("ndcg-gap@10:gender", REGISTRY.parse("ndcg-gap@10:gender;unknown=exclude;agg=range").name());
        assertEquals("hr-gap@10:g;agg=mad;unknown=group", REGISTRY.parse("HR-gap@10:g;unknown=group;agg=mad").name());
    }

    @Test
    void namesBuildTheRightMetrics() {
        assertEquals(new AccuracyMetric(RankingMetric.Type.NDCG, 5), REGISTRY.parse("ndcg@5"));
        assertEquals(new MeanGroupUnfairness(10, "pop"), REGISTRY.parse("mgu@10"));
        assertEquals(new UtilityGap(RankingMetric.Type.NDCG, 10, "gender"), REGISTRY.parse("ndcg-gap@10:gender"));
        assertEquals(Direction.SIGNED, REGISTRY.parse("ndcg-gap@10:gender;agg=signed").direction());
        CompositeMetric c = assertInstanceOf(CompositeMetric.class, REGISTRY.parse("0.7*mgu@10/0.082 + 0.3*ndcg-gap@10:gender/0.02"));
        assertEquals(2, c.terms().size());
        assertEquals(0.7, c.terms().get(0).weight(), 0);
        assertEquals(0.02, c.terms().get(1).reference(), 0);
        assertEquals(1.0, assertInstanceOf(CompositeMetric.class, REGISTRY.parse("mgu@10/0.5")).terms().get(0).weight(), 0);
        // Parsed metrics compute like constructed ones.
        assertEquals(1.0 / 8, REGISTRY.parse("mgu@2;items=pop2").value(TestData.small()), 1e-12);
    }

    @Test
    void badNamesAreExplained() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> REGISTRY.parse("foo@10")).getMessage().contains("Unknown metric family 'foo'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> REGISTRY.parse("mgu")).getMessage().contains("needs a cut-off"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> REGISTRY.parse("ndcg-gap@10")).getMessage().contains("needs a user attribute"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> REGISTRY.parse("mgu@10:gender")).getMessage().contains("takes no ':' argument"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> REGISTRY.parse("mgu@10;groups=5")).getMessage().contains("unknown parameter 'groups'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> REGISTRY.parse("ndcg-gap@10:g;agg=max")).getMessage().contains("range, mad, signed"));
        assertThrows(IllegalArgumentException.class, () -> REGISTRY.parse(""));
        assertThrows(IllegalArgumentException.class, () -> REGISTRY.parse("gini@10;discount=maybe"));
    }

    @Test
    void addingAMetricIsOneClass() {
        // A whole metric in one anonymous class: its family parses "top-share@K".
        MetricFamily topShare = MetricFamily.of(List.of("top-share"), "top-share@K", "Share of lists whose first item is item 0.", spec -> {
            int k = spec.requireK();
            spec.allowParams(Set.of());
            return new FairnessMetric() {
                @Override
                public String name() {
                    return "top-share@" + k;
                }

                @Override
                public Direction direction() {
                    return Direction.LOWER_IS_BETTER;
                }

                @Override
                public int cutoff() {
                    return k;
                }

                @Override
                public MetricResult compute(Recommendations recs) {
                    int n = 0;
                    for (int u = 0; u < recs.numUsers(); u++) {
                        n += recs.lists().item(u, 0) == 0 ? 1 : 0;
                    }
                    return MetricResult.of(name(), direction(), n / (double) recs.numUsers());
                }

                @Override
                public boolean hasSurrogate() {
                    return false;
                }

                @Override
                public Surrogate surrogate(SurrogateSettings settings) {
                    throw new UnsupportedOperationException();
                }
            };
        });
        MetricRegistry extended = REGISTRY.with(topShare);
        assertEquals(0.75, extended.parse("top-share@2").value(TestData.small()), 1e-12);
        assertTrue(extended.describe().contains("top-share@K"));
        assertThrows(IllegalArgumentException.class, () -> REGISTRY.parse("top-share@2"));
        assertThrows(IllegalArgumentException.class, () -> extended.with(topShare));
        assertTrue(REGISTRY.familyNames().containsAll(List.of("hr", "mgu", "ndcg-gap", "exposure-parity", "impact-ratio", "item-exposure")));
    }

    @Test
    void familiesFromServiceLoaderJoinTheStandardRegistry() {
        // Registered in src/test/resources/META-INF/services.
        assertEquals(5.0 / 6, REGISTRY.parse("test-coverage@2").value(TestData.small()), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> MetricRegistry.of(MetricRegistry.BUILT_IN).parse("test-coverage@2"));
    }
}
