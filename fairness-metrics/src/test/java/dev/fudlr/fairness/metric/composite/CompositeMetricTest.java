/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.metric.composite;

import dev.fudlr.fairness.metric.FairnessMetric;
import dev.fudlr.fairness.metric.MetricResult;
import dev.fudlr.fairness.metric.accuracy.AccuracyMetric;
import dev.fudlr.fairness.metric.popularity.GroupProportion;
import dev.fudlr.fairness.metric.popularity.GroupUnfairness;
import dev.fudlr.fairness.metric.popularity.MeanGroupUnfairness;
import dev.fudlr.fairness.metric.user.ImpactRatio;
import dev.fudlr.fairness.metric.user.UtilityGap;
import dev.fudlr.fairness.ranking.RankingMetric;
import dev.fudlr.fairness.registry.MetricRegistry;
import dev.fudlr.fairness.testing.TestData;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CompositeMetricTest {

    private static final double EPS = 1e-12;
    private static final double F = (TestData.D2 + 1.0) / 2;

    @Test
    void weightedSumOfDistances() {
        FairnessMetric mgu = new MeanGroupUnfairness(2, "pop2");
        FairnessMetric gu = new GroupUnfairness(2, "pop2", "pop2");
        FairnessMetric hr = new AccuracyMetric(RankingMetric.Type.HR, 2);
        CompositeMetric c = new CompositeMetric(List.of(
                new CompositeMetric.Term(2.0, mgu, 1.0),
                new CompositeMetric.Term(1.0, gu, 0.5),
                new CompositeMetric.Term(0.5, hr, 1.0)));
        // 2 * 1/8 + |-1/8| / 0.5 + 0.5 * (1 - 0.5).
        MetricResult r = c.compute(TestData.small());
        assertEquals(0.25 + 0.25 + 0.25, r.value(), EPS);
        assertEquals(0.25, r.breakdown("contribution[" + gu.name() + "]"), EPS);
        assertEquals(-0.125, r.breakdown("value[" + gu.name() + "]"), EPS);
        assertEquals("2*mgu@2;items=pop2+1*gu@2:pop2;items=pop2/0.5+0.5*hr@2", c.name());
    }

    @Test
    void normalisedByValuesBeforeDebiasing() {
        FairnessMetric mgu = new MeanGroupUnfairness(2, "pop2");
        FairnessMetric gap = new UtilityGap(RankingMetric.Type.NDCG, 2, "gender");
        CompositeMetric c = new CompositeMetric(List.of(new CompositeMetric.Term(0.7, mgu, 1.0), new CompositeMetric.Term(0.3, gap, 1.0)))
                .withReferences(TestData.small());
        assertEquals(0.125, c.terms().get(0).reference(), EPS);
        assertEquals(F, c.terms().get(1).reference(), EPS);
        // Each normalised term starts at 1.
        assertEquals(1.0, c.value(TestData.small()), EPS);
        assertEquals(c, MetricRegistry.standard().parse(c.name()));
        assertEquals(c.value(TestData.small()), MetricRegistry.standard().parse(c.name()).value(TestData.small()), 1e-12);
    }

    @Test
    void rejectsDescriptiveTermsAndBadNumbers() {
        assertThrows(IllegalArgumentException.class, () -> new CompositeMetric.Term(1.0, new GroupProportion(2, "pop1", "pop2"), 1.0));
        assertThrows(IllegalArgumentException.class, () -> new CompositeMetric.Term(-1.0, new MeanGroupUnfairness(2, "pop"), 1.0));
        assertThrows(IllegalArgumentException.class, () -> new CompositeMetric.Term(1.0, new MeanGroupUnfairness(2, "pop"), 0.0));
        assertThrows(IllegalArgumentException.class, () -> new CompositeMetric(List.of()));
        assertThrows(IllegalArgumentException.class, () -> MetricRegistry.standard().parse("x*mgu@10"));
        assertThrows(IllegalArgumentException.class, () -> MetricRegistry.standard().parse("mgu@10+"));
        // A term already at its ideal (impact ratio 1 between age groups) cannot normalise.
        CompositeMetric zero = new CompositeMetric(List.of(new CompositeMetric.Term(1.0, new ImpactRatio(2, "age"), 1.0)));
        assertThrows(IllegalArgumentException.class, () -> zero.withReferences(TestData.small()));
    }
}
