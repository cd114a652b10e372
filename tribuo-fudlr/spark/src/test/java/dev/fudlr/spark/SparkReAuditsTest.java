/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.spark;

import dev.fudlr.debias.AuditPass;
import dev.fudlr.debias.RecommenderAudit;
import dev.fudlr.fairness.data.AuditData;
import dev.fudlr.fairness.data.ScoreMatrix;
import dev.fudlr.fairness.data.TopKLists;
import dev.fudlr.model.AbstractDjlRecommenderModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tribuo.Example;
import org.tribuo.classification.Label;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Re-audits on the executors against the same candidate audited in this JVM: equal top-K lists and bit-identical
 * losses, for the model's own parameters and a moved candidate, with audit rows over several partitions.
 */
class SparkReAuditsTest {
    private static Fixture.Run run;

    @BeforeAll
    static void start() {
        run = Fixture.Run.start(Fixture.session("local[2]", "SparkReAuditsTest"));
    }

    @AfterAll
    static void stop() {
        if (run != null) {
            run.close();
        }
    }

    @Test
    void listsAndLossesEqualThisJvmsAudit() {
        List<Example<Label>> rows = RecommenderAudit.inCatalogue(run.reference().items(), Fixture.validation());
        // Several scoring chunks: the audit rows repeated (the model's chunk is 512).
        List<Example<Label>> many = new ArrayList<>();
        while (many.size() < 1300) {
            many.addAll(rows);
        }
        AuditData data = RecommenderAudit.build(run.reference().items(), Fixture.train(), many, List.of());
        int[][] exclusions = data.exclusionsArray();
        ClusterFacts.Recorder facts = new ClusterFacts.Recorder();
        double[] base = run.reference().trainableParametersAsDouble();
        double[] moved = base.clone();
        Random r = new Random(3);
        for (int j = 0; j < moved.length; j++) {
            moved[j] = (float) (moved[j] + 0.05 * r.nextGaussian());
        }
        try (AuditPass.Bound bound = new SparkReAudits(run.spark(), run.broadcast(), 1, facts).bind(many, exclusions)) {
            for (double[] theta : List.of(base, moved)) {
                AuditPass.Audit got = bound.audit(theta, 10);
                try (AbstractDjlRecommenderModel here = run.reference().copyWithTrainableParameters(theta, run.reference().getProvenance())) {
                    TopKLists expected = TopKLists.fromScores(ScoreMatrix.ofFloats(here.scores(many)), 10, exclusions);
                    for (int row = 0; row < many.size(); row++) {
                        assertArrayEquals(expected.list(row), got.lists()[row], "row " + row);
                    }
                    assertArrayEquals(here.perSampleLossAsDouble(many), got.losses(), 0.0);
                }
            }
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> bound.audit(new double[3], 10));
            assertTrue(e.getMessage().contains("3 parameters"), e.getMessage());
        }
        assertEquals(2, facts.stages().size());
        assertEquals(SparkReAudits.STAGE, facts.stages().get(0).name());
        assertEquals(3, facts.stages().get(0).partitions(), "1,300-odd rows in chunks of 512");
    }
}
