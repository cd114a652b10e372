/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.debias;

import com.oracle.labs.mlrg.olcut.provenance.ListProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.BooleanProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.DoubleProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.LongProvenance;
import dev.fudlr.PostTrainingResult;
import dev.fudlr.data.MovieLensDataSource;
import dev.fudlr.data.SampleBuilder;
import dev.fudlr.data.SampleSplits;
import dev.fudlr.data.SyntheticData;
import dev.fudlr.data.SyntheticGenerator;
import dev.fudlr.model.DjlRecommenderModel;
import dev.fudlr.model.LmRecommenderTrainer;
import dev.fudlr.model.train.Precision;
import dev.fudlr.telemetry.FudlrAttributes;
import dev.fudlr.telemetry.FudlrTelemetry;
import dev.fudlr.telemetry.InMemoryTelemetry;
import dev.fudlr.telemetry.SpanNames;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The span tree and metrics of training plus one FUDLR run on a tiny synthetic model, recorded with the SDK's
 * in-memory exporter and reader; the same run without an SDK (the default) records nothing and gives the same
 * model; a failing run ends its spans with status ERROR.
 */
class FudlrTransformerTracingTest {
    private static final Logger logger = Logger.getLogger(FudlrTransformerTracingTest.class.getName());

    static InMemoryTelemetry mem;
    static MutableDataset<Label> train;
    static MutableDataset<Label> validation;
    static DjlRecommenderModel original;
    static FudlrReport traced;
    static FudlrReport untraced;
    static String thetaTraced;
    static String thetaUntraced;
    static int spansAfterTracedRun;
    static int spansAfterUntracedRun;

    static FudlrTransformer fudlr(String objective) {
        // Forced: on this 352-sample model FUDLR's own checks may refuse; the spans of a full run are what is tested.
        return FudlrTransformer.builder().objectives(objective).maxRemovalFraction(0.3).accuracyTolerance(0.5)
            .curvature("exact").damping(0.1).hessianSubsample(100).cg(1e-3, 30).mask(100, 0.1).seed(3).force(true).build();
    }

    @BeforeAll
    static void run() {
        SyntheticData synthetic = SyntheticGenerator.generate(SyntheticGenerator.Config.defaults().withSizes(40, 30, 8, 16));
        SampleSplits splits = MovieLensDataSource.splits(synthetic, new SampleBuilder(5, 0, 3));
        train = FudlrTransformerTest.dataset(splits.train(), "synthetic train");
        validation = FudlrTransformerTest.dataset(splits.validation(), "synthetic validation");
        mem = new InMemoryTelemetry();
        FudlrTelemetry.install(mem.sdk);
        long start = System.nanoTime();
        try {
            original = LmRecommenderTrainer.builder().embeddingDim(8).numLayers(1).numHeads(2).ffnDim(16).maxHistory(5)
                .loraRank(2).loraAlpha(4).pretrainEpochs(2).epochs(1).batchSize(32).learningRate(1e-2).seed(7)
                .device("cpu").dtype(Precision.FLOAT64).build().trainTransformer(train);
            PostTrainingResult<Label> r = fudlr("mgu@10").transform(original, train, validation);
            traced = (FudlrReport) r.report();
            thetaTraced = FudlrTransformer.sha256(((DjlRecommenderModel) r.model()).trainableParametersAsDouble());
            ((DjlRecommenderModel) r.model()).close();
        } finally {
            FudlrTelemetry.uninstall();
        }
        spansAfterTracedRun = mem.finished().size();
        PostTrainingResult<Label> r = fudlr("mgu@10").transform(original, train, validation);
        untraced = (FudlrReport) r.report();
        thetaUntraced = FudlrTransformer.sha256(((DjlRecommenderModel) r.model()).trainableParametersAsDouble());
        ((DjlRecommenderModel) r.model()).close();
        spansAfterUntracedRun = mem.finished().size();
        logger.info("Training and two FUDLR runs on " + train.size() + " samples took " + (System.nanoTime() - start) / 1e9
                    + " s; spans: " + InMemoryTelemetry.names(mem.finished()));
    }

    @AfterAll
    static void close() {
        FudlrTelemetry.uninstall();
        if (original != null) {
            original.close();
        }
        if (mem != null) {
            mem.close();
        }
    }

    private static double provenanceDouble(String key) {
        return ((DoubleProvenance) traced.provenanceValues().get(FudlrTransformer.PREFIX + key)).getValue();
    }

    @Test
    void trainingIsOneRootSpanWithTheBackboneAttributes() {
        SpanData t = mem.single(SpanNames.TRAIN);
        assertFalse(t.getParentSpanContext().isValid());
        Attributes a = t.getAttributes();
        assertEquals(LmRecommenderTrainer.BACKBONE_TRANSFORMER, a.get(FudlrAttributes.BACKBONE));
        assertEquals(FudlrAttributes.ITEM_TRANSFORMER, a.get(FudlrAttributes.GEN_AI_REQUEST_MODEL));
        assertEquals((long) train.size(), a.get(FudlrAttributes.TRAIN_SAMPLES));
        assertEquals(3L * train.size(), a.get(FudlrAttributes.SAMPLES), "samples x (2 + 1) epochs");
        assertEquals((long) original.numTrainableParameters(), a.get(FudlrAttributes.PARAMETERS));
    }

    @Test
    void debiasSpanTreeHasTheStagesInOrder() {
        SpanData root = mem.single(SpanNames.DEBIAS);
        assertFalse(root.getParentSpanContext().isValid());
        assertEquals(List.of("mgu@10"), root.getAttributes().get(FudlrAttributes.OBJECTIVES));
        assertEquals("exact", root.getAttributes().get(FudlrAttributes.CURVATURE_BACKEND));
        assertEquals(FudlrAttributes.ITEM_TRANSFORMER, root.getAttributes().get(FudlrAttributes.GEN_AI_REQUEST_MODEL));
        assertEquals((long) train.size(), root.getAttributes().get(FudlrAttributes.TRAIN_SAMPLES));
        assertEquals((long) validation.size(), root.getAttributes().get(FudlrAttributes.AUDIT_SAMPLES));

        List<SpanData> children = mem.children(root);
        List<String> names = InMemoryTelemetry.names(children);
        List<String> stages = new ArrayList<>(names);
        stages.removeIf(SpanNames.IHVP_SOLVE::equals);
        assertEquals(List.of(SpanNames.AUDIT, SpanNames.GRADIENTS, SpanNames.EFFECTS, SpanNames.MASK, SpanNames.UNLEARN), stages);
        // The influence solves (one span per damping attempt) sit between the gradients and the effects.
        int first = names.indexOf(SpanNames.IHVP_SOLVE);
        int last = names.lastIndexOf(SpanNames.IHVP_SOLVE);
        assertEquals(names.indexOf(SpanNames.GRADIENTS) + 1, first, names.toString());
        assertEquals(names.indexOf(SpanNames.EFFECTS) - 1, last, names.toString());
        // Children end before the next one starts, all inside the root.
        for (int i = 0; i < children.size(); i++) {
            SpanData c = children.get(i);
            assertTrue(c.getStartEpochNanos() >= root.getStartEpochNanos() && c.getEndEpochNanos() <= root.getEndEpochNanos());
            if (i > 0) {
                assertTrue(children.get(i - 1).getEndEpochNanos() <= c.getStartEpochNanos(), names.toString());
            }
        }
        for (SpanData s : mem.finished()) {
            assertEquals(StatusCode.UNSET, s.getStatus().getStatusCode(), s.getName());
            if (!s.getName().equals(SpanNames.TRAIN)) {
                assertEquals(root.getTraceId(), s.getTraceId(), s.getName());
            }
        }
    }

    @Test
    void influenceSolveSpansMatchTheReport() {
        SpanData root = mem.single(SpanNames.DEBIAS);
        List<SpanData> solves = new ArrayList<>(mem.children(root));
        solves.removeIf(s -> !s.getName().equals(SpanNames.IHVP_SOLVE));
        assertFalse(solves.isEmpty());
        assertEquals(0.1, solves.get(0).getAttributes().get(FudlrAttributes.DAMPING), "the configured initial damping");
        for (int i = 1; i < solves.size(); i++) {
            assertEquals(10 * solves.get(i - 1).getAttributes().get(FudlrAttributes.DAMPING),
                         solves.get(i).getAttributes().get(FudlrAttributes.DAMPING), 1e-12, "damping escalates by 10");
            assertEquals(false, solves.get(i - 1).getAttributes().get(FudlrAttributes.CONVERGED), "only failed attempts are retried");
        }
        SpanData lastSolve = solves.get(solves.size() - 1);
        assertEquals(provenanceDouble("solve.damping"), lastSolve.getAttributes().get(FudlrAttributes.DAMPING));
        assertEquals(((BooleanProvenance) traced.provenanceValues().get(FudlrTransformer.PREFIX + "solve.converged")).getValue(),
                     lastSolve.getAttributes().get(FudlrAttributes.CONVERGED));
        long products = 0;
        for (SpanData s : solves) {
            Attributes a = s.getAttributes();
            assertEquals("cg", a.get(FudlrAttributes.SOLVER));
            assertEquals("exact", a.get(FudlrAttributes.CURVATURE_BACKEND));
            assertEquals(2L, a.get(FudlrAttributes.RIGHT_HAND_SIDES), "one objective plus the validation loss");
            assertTrue(a.get(FudlrAttributes.ITERATIONS) >= 1 && a.get(FudlrAttributes.ITERATIONS) <= 30);
            if (a.get(FudlrAttributes.CONVERGED)) {
                assertTrue(a.get(FudlrAttributes.RESIDUAL) <= 1e-3, "converged below the CG tolerance");
            }
            products += a.get(FudlrAttributes.PRODUCTS);
        }
        // The report counts the operator's products after the query solves: the same number.
        assertEquals(((LongProvenance) traced.provenanceValues().get(FudlrTransformer.PREFIX + "solve.curvature-products")).getValue(),
                     products);
    }

    @Test
    void stageAttributesMatchTheReport() {
        SpanData audit = mem.single(SpanNames.AUDIT);
        assertEquals(traced.metricsBefore().get("mgu@10"), audit.getAttributes().get(FudlrAttributes.metric("mgu@10")));
        assertEquals(traced.metricsBefore().get("ndcg@10"), audit.getAttributes().get(FudlrAttributes.metric("ndcg@10")));
        assertEquals((long) validation.size(), audit.getAttributes().get(FudlrAttributes.SAMPLES));

        SpanData mask = mem.single(SpanNames.MASK);
        assertEquals(provenanceDouble("mask.threshold"), mask.getAttributes().get(FudlrAttributes.MASK_THRESHOLD));
        assertEquals(provenanceDouble("mask.final-objective"), mask.getAttributes().get(FudlrAttributes.MASK_OBJECTIVE_FINAL));

        SpanData unlearn = mem.single(SpanNames.UNLEARN);
        assertEquals((long) traced.unlearnedIds().size(), unlearn.getAttributes().get(FudlrAttributes.UNLEARNED));
        List<SpanData> inner = mem.children(unlearn);
        List<SpanData> reaudits = new ArrayList<>(inner);
        reaudits.removeIf(s -> !s.getName().equals(SpanNames.REAUDIT));
        int guardAttempts = ((ListProvenance<?>) traced.provenanceValues().get(FudlrTransformer.PREFIX + "guard.attempts")).getList().size();
        assertEquals(guardAttempts, reaudits.size());
        for (SpanData s : inner) {
            assertTrue(s.getName().equals(SpanNames.REAUDIT) || s.getName().equals(SpanNames.IHVP_SOLVE), s.getName());
        }
        if (!traced.unlearnedIds().isEmpty()) {
            // The accepted attempt is the last one; its re-audit measured the reported "after" metrics.
            SpanData accepted = reaudits.get(reaudits.size() - 1);
            assertEquals((long) traced.unlearnedIds().size(), accepted.getAttributes().get(FudlrAttributes.SELECTION_SIZE));
            assertEquals(traced.metricsAfter().get("mgu@10"), accepted.getAttributes().get(FudlrAttributes.metric("mgu@10")));
            assertEquals(SpanNames.IHVP_SOLVE, inner.get(0).getName(), "the Newton removal solves before the first re-audit");
        }
    }

    @Test
    void metricsCountSamplesProductsAndStages() {
        List<MetricData> metrics = mem.collect();
        long products = 0;
        for (SpanData s : mem.named(SpanNames.IHVP_SOLVE)) {
            products += s.getAttributes().get(FudlrAttributes.PRODUCTS);
        }
        assertTrue(products > 0);
        assertEquals(products, InMemoryTelemetry.counter(metrics, FudlrTelemetry.HVP_COUNT, Attributes.empty()));
        assertEquals((long) validation.size() * (1 + mem.named(SpanNames.REAUDIT).size()),
                     InMemoryTelemetry.counter(metrics, FudlrTelemetry.SAMPLES_PROCESSED, Attributes.of(FudlrAttributes.STAGE, SpanNames.AUDIT))
                     + InMemoryTelemetry.counter(metrics, FudlrTelemetry.SAMPLES_PROCESSED, Attributes.of(FudlrAttributes.STAGE, SpanNames.REAUDIT)));
        assertEquals(3L * train.size(), InMemoryTelemetry.counter(metrics, FudlrTelemetry.SAMPLES_PROCESSED,
                                                                  Attributes.of(FudlrAttributes.STAGE, SpanNames.TRAIN)));
        assertEquals(1L, InMemoryTelemetry.histogramCount(metrics, FudlrTelemetry.STAGE_DURATION,
                                                          Attributes.of(FudlrAttributes.STAGE, SpanNames.DEBIAS)));
        assertEquals(mem.named(SpanNames.IHVP_SOLVE).size(), InMemoryTelemetry.histogramCount(metrics, FudlrTelemetry.STAGE_DURATION,
                                                          Attributes.of(FudlrAttributes.STAGE, SpanNames.IHVP_SOLVE)));
    }

    @Test
    void withoutAnSdkNothingIsRecordedAndTheResultIsTheSame() {
        assertEquals(spansAfterTracedRun, spansAfterUntracedRun);
        assertEquals(traced.unlearnedIds(), untraced.unlearnedIds());
        assertEquals(thetaTraced, thetaUntraced);
        assertFalse(Span.current().getSpanContext().isValid());
    }

    @Test
    void aFailingRunEndsItsSpansWithStatusError() {
        try (InMemoryTelemetry own = new InMemoryTelemetry()) {
            FudlrTelemetry.install(own.sdk);
            try {
                // The audit data has no attribute 'zodiac': the audit stage fails (an attribute the project knows, such as
                // occupation without attributes=occupation, would already fail at configuration).
                FudlrTransformer bad = fudlr("ndcg-gap@10:zodiac");
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> bad.transform(original, train, validation));
                assertTrue(e.getMessage().contains("zodiac"), e.getMessage());
            } finally {
                FudlrTelemetry.uninstall();
            }
            assertFalse(Span.current().getSpanContext().isValid(), "every scope must be closed");
            SpanData failed = own.single(SpanNames.DEBIAS);
            assertEquals(List.of("ndcg-gap@10:zodiac"), failed.getAttributes().get(FudlrAttributes.OBJECTIVES));
            assertEquals(StatusCode.ERROR, failed.getStatus().getStatusCode());
            List<SpanData> children = own.children(failed);
            assertEquals(List.of(SpanNames.AUDIT), InMemoryTelemetry.names(children));
            SpanData audit = children.get(0);
            assertEquals(StatusCode.ERROR, audit.getStatus().getStatusCode());
            assertEquals(1, audit.getEvents().stream().map(EventData::getName).filter("exception"::equals).count());
            assertEquals(1L, InMemoryTelemetry.histogramCount(own.collect(), FudlrTelemetry.STAGE_DURATION,
                                                              Attributes.of(FudlrAttributes.STAGE, SpanNames.DEBIAS,
                                                                            FudlrAttributes.OUTCOME, FudlrAttributes.OUTCOME_ERROR)));
        }
    }
}
