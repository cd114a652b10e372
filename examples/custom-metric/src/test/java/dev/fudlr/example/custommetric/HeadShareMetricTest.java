/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.example.custommetric;

import com.oracle.labs.mlrg.olcut.config.PropertyException;
import dev.fudlr.PostTrainingResult;
import dev.fudlr.cdi.FudlrComponents;
import dev.fudlr.data.MovieLensDataSource;
import dev.fudlr.data.SampleBuilder;
import dev.fudlr.data.SampleSplits;
import dev.fudlr.data.SyntheticData;
import dev.fudlr.data.SyntheticGenerator;
import dev.fudlr.debias.FudlrReport;
import dev.fudlr.debias.FudlrTransformer;
import dev.fudlr.fairness.data.AuditData;
import dev.fudlr.fairness.data.Recommendations;
import dev.fudlr.fairness.data.ScoreMatrix;
import dev.fudlr.fairness.metric.FairnessMetric;
import dev.fudlr.fairness.surrogate.GradientCheck;
import dev.fudlr.fairness.surrogate.Surrogate;
import dev.fudlr.fairness.surrogate.SurrogateSettings;
import dev.fudlr.model.DjlRecommenderModel;
import dev.fudlr.model.LmRecommenderTrainer;
import dev.fudlr.model.train.Precision;
import jakarta.enterprise.inject.literal.NamedLiteral;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.Test;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.datasource.ListDataSource;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The example end to end: the metric is correct on its own; without a container the core does not know it; with
 * Weld SE (classpath discovery, as an application would start it) it resolves by name, and FUDLR debiases a small
 * synthetic recommender for it.
 */
class HeadShareMetricTest {
    private static final Logger logger = Logger.getLogger(HeadShareMetricTest.class.getName());

    /** 2 users x 12 items; items 0-2 have the most interactions, so they are the head (ceil(0.2 x 12) = 3). */
    private static AuditData audit() {
        long[] counts = {50, 40, 30, 9, 8, 7, 6, 5, 4, 3, 2, 1};
        return AuditData.builder(2, counts.length).itemCounts(counts).build();
    }

    /** User 0 ranks items 11..0 (head items last: items 0 and 1 fall outside the top 10); user 1 ranks 0..11. */
    private static ScoreMatrix scores() {
        double[][] s = new double[2][12];
        for (int i = 0; i < 12; i++) {
            s[0][i] = i;
            s[1][i] = 12 - i;
        }
        return ScoreMatrix.of(s);
    }

    @Test
    void exactValueCountsHeadSlots() {
        HeadShareMetric m = new HeadShareMetric();
        // User 0's top 10 holds head item 2 only (1/10), user 1's all three (3/10): mean 0.2.
        assertEquals(0.2, m.value(Recommendations.fromScores(scores(), audit(), 10)), 1e-12);
        assertEquals("head-share@10", m.name());
    }

    @Test
    void surrogateGradientMatchesFiniteDifferencesAndTendsToTheExactValue() {
        Surrogate s = new HeadShareMetric().surrogate(SurrogateSettings.DEFAULT);
        GradientCheck.Result check = GradientCheck.check(s, scores(), audit(), 1e-6);
        assertTrue(check.maxRelError() < 1e-5, check.toString());
        assertTrue(check.gradientNorm() > 0, check.toString());
        Surrogate sharp = new HeadShareMetric().surrogate(SurrogateSettings.DEFAULT.withTemperature(0.01));
        assertEquals(0.2, sharp.value(scores(), audit()), 1e-3);
    }

    @Test
    void withoutAContainerTheCoreDoesNotKnowTheMetric() {
        assertThrows(IllegalArgumentException.class, () -> FudlrComponents.current().metric("head-share@10"));
        PropertyException e = assertThrows(PropertyException.class, () -> FudlrTransformer.builder().objectives("head-share@10").build());
        assertTrue(e.getMessage().contains("head-share"), e.getMessage());
    }

    @Test
    void inAContainerFudlrDebiasesForTheBeanMetric() {
        SyntheticData synthetic = SyntheticGenerator.generate(SyntheticGenerator.Config.defaults().withSizes(40, 30, 8, 16));
        SampleSplits splits = MovieLensDataSource.splits(synthetic, new SampleBuilder(5, 0, 3));
        MutableDataset<Label> train = dataset(splits.train(), "synthetic train");
        MutableDataset<Label> validation = dataset(splits.validation(), "synthetic validation");
        long start = System.nanoTime();
        // Classpath discovery: this module's beans.xml (and tribuo-fudlr's) make them bean archives.
        try (WeldContainer container = new Weld().initialize();
             DjlRecommenderModel model = LmRecommenderTrainer.builder().embeddingDim(8).numLayers(1).numHeads(2).ffnDim(16)
                 .maxHistory(5).loraRank(2).loraAlpha(4).pretrainEpochs(2).epochs(1).batchSize(32).learningRate(1e-2).seed(7)
                 .device("cpu").dtype(Precision.FLOAT64).build().trainTransformer(train)) {
            FairnessMetric bean = container.select(FairnessMetric.class, NamedLiteral.of(HeadShareMetric.FAMILY)).get();
            assertInstanceOf(HeadShareMetric.class, bean);
            FudlrComponents components = FudlrComponents.current();
            assertInstanceOf(HeadShareMetric.class, components.metric("head-share"));
            assertInstanceOf(HeadShareMetric.class, components.metric("head-share@10"));
            assertTrue(components.contributions().stream().anyMatch(c -> c.contains(HeadShareMetric.class.getName())),
                       components.contributions().toString());

            // gamma (removal cost) below the default 0.1: on this tiny model the per-sample head-share effects are
            // small, and at 0.1 the mask removes nothing, which would not exercise the unlearning half.
            // Forced: on this tiny model no descent step changes the exact head share (0.275 at every temperature), so
            // FUDLR's calibration refuses; this test is about the wiring (the bean metric resolved by name and used).
            FudlrTransformer fudlr = FudlrTransformer.builder().objectives("head-share@10").maxRemovalFraction(0.3).gamma(0.01)
                .accuracyTolerance(0.5).hessianSubsample(100).cg(1e-3, 30).mask(100, 0.1).seed(3).force(true).build();
            PostTrainingResult<Label> result = fudlr.transform(model, train, validation);
            FudlrReport report = (FudlrReport) result.report();
            try (DjlRecommenderModel debiased = (DjlRecommenderModel) result.model()) {
                double before = report.metricsBefore().get("head-share@10");
                double after = report.metricsAfter().get("head-share@10");
                logger.info(String.format("head-share@10 %.4f -> %.4f, %d samples unlearned, %.1f s", before, after,
                                          report.unlearnedIds().size(), (System.nanoTime() - start) / 1e9));
                assertTrue(before >= 0 && before <= 1 && after >= 0 && after <= 1);
                assertTrue(report.surrogateCheck().containsKey("head-share@10"), report.surrogateCheck().keySet().toString());
                // The bean metric went through FUDLR's calibration (recorded) and its refusal was recorded, not hidden.
                assertTrue(report.provenanceValues().containsKey("fudlr.calibration.head-share@10.rows"), report.summary());
                assertTrue(report.provenanceValues().get("fudlr.refusals").toString().contains("head-share@10"), report.summary());
                // Nothing that did not improve the metric was applied.
                assertTrue(after <= before + 1e-12, before + " -> " + after);
            }
        }
    }

    private static MutableDataset<Label> dataset(List<Example<Label>> examples, String name) {
        LabelFactory f = new LabelFactory();
        return new MutableDataset<>(new ListDataSource<>(examples, f, new SimpleDataSourceProvenance(name,
            OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC), f)));
    }
}
