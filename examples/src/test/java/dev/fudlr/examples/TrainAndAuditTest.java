/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.examples;

import dev.fudlr.data.SampleEncoding;
import dev.fudlr.data.SampleSplits;
import dev.fudlr.fairness.evaluation.ChainedEvaluation;
import dev.fudlr.fairness.evaluation.FairnessEvaluation;
import org.junit.jupiter.api.Test;
import org.tribuo.classification.Label;
import org.tribuo.classification.evaluation.LabelEvaluation;
import org.tribuo.evaluation.metrics.MetricID;
import org.tribuo.evaluation.metrics.MetricTarget;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainAndAuditTest {

    @Test
    void auditsATinyRecommenderWithBothEvaluators() {
        SampleSplits splits = ExampleData.synthetic(80, 50);
        ChainedEvaluation<Label> report = TrainAndAudit.trainAndAudit(splits, ExampleData.tinyTrainer());
        LabelEvaluation label = report.get("label", LabelEvaluation.class);
        FairnessEvaluation fair = report.get("fairness", FairnessEvaluation.class);
        // One prediction per test sample, shared by both parts.
        assertEquals(splits.test().size(), report.getPredictions().size());
        assertSame(report.getPredictions(), label.getPredictions());
        // Without history exclusion, the top-1 hit rate is Tribuo's accuracy computed independently.
        assertEquals(label.accuracy(), fair.get("hr@1"), 1e-12);
        for (String m : TrainAndAudit.METRICS) {
            double v = fair.get(m);
            assertTrue(Double.isFinite(v) && v >= 0, m + " = " + v);
            // The chain exposes every fairness metric under its registry name.
            assertEquals(v, report.get(new MetricID<>(MetricTarget.<Label>macroAverageTarget(), m)), 0.0);
        }
        assertTrue(fair.get("hr@10") >= fair.get("hr@1"));
        // Every audited user is counted in exactly one gender group.
        Map<String, Integer> genders = fair.groupCounts(SampleEncoding.GENDER);
        assertEquals(splits.test().size(), genders.values().stream().mapToInt(Integer::intValue).sum());
    }
}
