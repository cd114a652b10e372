/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.telemetry;

import ai.djl.ndarray.NDArray;
import dev.fudlr.influence.CurvatureOperator;
import dev.fudlr.influence.InverseHvpSolver;
import dev.fudlr.influence.SolveResult;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FudlrTelemetryTest {

    private InMemoryTelemetry mem;
    private FudlrTelemetry telemetry;

    @BeforeEach
    void setUp() {
        mem = new InMemoryTelemetry();
        telemetry = FudlrTelemetry.of(mem.sdk);
    }

    @AfterEach
    void tearDown() {
        FudlrTelemetry.uninstall();
        mem.close();
    }

    @Test
    void defaultIsNoopAndLeavesTheGlobalInstanceUnset() {
        FudlrTelemetry.uninstall();
        FudlrTelemetry t = FudlrTelemetry.get();
        assertTrue(t.isNoop());
        Stage s = t.start(SpanNames.AUDIT).samples(10).set(FudlrAttributes.DAMPING, 0.5);
        assertFalse(s.isRecording());
        assertFalse(s.span().getSpanContext().isValid());
        s.end();
        assertFalse(Span.current().getSpanContext().isValid());
        assertEquals("ok", t.call(SpanNames.DEBIAS, stage -> "ok"));
        // get() must not freeze the global instance to no-op (an application may set it later).
        assertFalse(GlobalOpenTelemetry.isSet());
        assertTrue(mem.finished().isEmpty());
    }

    @Test
    void installMakesGetReturnTheSdkUntilUninstalled() {
        FudlrTelemetry installed = FudlrTelemetry.install(mem.sdk);
        assertSame(installed, FudlrTelemetry.get());
        assertFalse(installed.isNoop());
        FudlrTelemetry.get().start(SpanNames.TRAIN).end();
        FudlrTelemetry.uninstall();
        FudlrTelemetry.get().start(SpanNames.TRAIN).end();
        assertEquals(1, mem.named(SpanNames.TRAIN).size());
        assertEquals(FudlrTelemetry.INSTRUMENTATION_SCOPE, mem.single(SpanNames.TRAIN).getInstrumentationScopeInfo().getName());
    }

    @Test
    void stagesNestAndRestoreTheContext() {
        Stage root = telemetry.start(SpanNames.DEBIAS, Attributes.of(FudlrAttributes.CURVATURE_BACKEND, "exact"));
        Stage audit = telemetry.start(SpanNames.AUDIT).samples(7).metrics(Map.of("mgu@10", 0.25, "mgu@10/pop1", 0.5));
        assertSame(audit.span(), Span.current());
        audit.end();
        assertSame(root.span(), Span.current());
        try (Stage mask = telemetry.start(SpanNames.MASK)) {
            mask.set(FudlrAttributes.MASK_SELECTED, 3);
        }
        root.end();
        assertFalse(Span.current().getSpanContext().isValid());

        SpanData r = mem.single(SpanNames.DEBIAS);
        assertFalse(r.getParentSpanContext().isValid());
        assertEquals(List.of(SpanNames.AUDIT, SpanNames.MASK), InMemoryTelemetry.names(mem.children(r)));
        SpanData a = mem.single(SpanNames.AUDIT);
        assertEquals(7L, a.getAttributes().get(FudlrAttributes.SAMPLES));
        assertEquals(0.25, a.getAttributes().get(FudlrAttributes.metric("mgu@10")));
        // Per-group breakdowns are left out.
        assertEquals(null, a.getAttributes().get(FudlrAttributes.metric("mgu@10/pop1")));
        assertEquals(3L, mem.single(SpanNames.MASK).getAttributes().get(FudlrAttributes.MASK_SELECTED));
        assertEquals("exact", r.getAttributes().get(FudlrAttributes.CURVATURE_BACKEND));
        for (SpanData s : mem.finished()) {
            assertEquals(StatusCode.UNSET, s.getStatus().getStatusCode(), s.getName());
        }

        List<MetricData> metrics = mem.collect();
        assertEquals(7L, InMemoryTelemetry.counter(metrics, FudlrTelemetry.SAMPLES_PROCESSED,
                                                   Attributes.of(FudlrAttributes.STAGE, SpanNames.AUDIT)));
        assertEquals(1L, InMemoryTelemetry.histogramCount(metrics, FudlrTelemetry.STAGE_DURATION,
                                                          Attributes.of(FudlrAttributes.STAGE, SpanNames.DEBIAS,
                                                                        FudlrAttributes.OUTCOME, FudlrAttributes.OUTCOME_OK)));
    }

    @Test
    void anExceptionEndsEveryOpenStageWithStatusErrorAndIsRecordedOnce() {
        IllegalStateException boom = new IllegalStateException("boom in gradients");
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> telemetry.call(SpanNames.DEBIAS, root -> {
            telemetry.start(SpanNames.AUDIT).end();
            telemetry.start(SpanNames.GRADIENTS);
            telemetry.start(SpanNames.IHVP_SOLVE);
            // Neither inner stage is ended: the exception skips their end() calls.
            throw boom;
        }));
        assertSame(boom, thrown);
        assertFalse(Span.current().getSpanContext().isValid(), "every scope must be closed");

        SpanData root = mem.single(SpanNames.DEBIAS);
        SpanData gradients = mem.single(SpanNames.GRADIENTS);
        SpanData solve = mem.single(SpanNames.IHVP_SOLVE);
        assertEquals(StatusCode.UNSET, mem.single(SpanNames.AUDIT).getStatus().getStatusCode());
        for (SpanData s : List.of(root, gradients, solve)) {
            assertEquals(StatusCode.ERROR, s.getStatus().getStatusCode(), s.getName());
            assertEquals("boom in gradients", s.getStatus().getDescription());
        }
        assertEquals(gradients.getSpanId(), solve.getParentSpanId());
        assertEquals(1, exceptions(solve), "recorded on the innermost open stage");
        assertEquals(0, exceptions(gradients));
        assertEquals(0, exceptions(root));
        assertEquals(1L, InMemoryTelemetry.histogramCount(mem.collect(), FudlrTelemetry.STAGE_DURATION,
                                                          Attributes.of(FudlrAttributes.STAGE, SpanNames.DEBIAS,
                                                                        FudlrAttributes.OUTCOME, FudlrAttributes.OUTCOME_ERROR)));
    }

    @Test
    void checkedExceptionsPropagateThroughCall() {
        IOException e = assertThrows(IOException.class, () -> telemetry.call(SpanNames.TRAIN, s -> {
            throw new IOException("disk full");
        }));
        assertEquals("disk full", e.getMessage());
        SpanData train = mem.single(SpanNames.TRAIN);
        assertEquals(StatusCode.ERROR, train.getStatus().getStatusCode());
        assertEquals(1, exceptions(train));
    }

    @Test
    void endingAParentEndsAForgottenChildAsAnError() {
        Stage root = telemetry.start(SpanNames.UNLEARN);
        telemetry.start(SpanNames.REAUDIT);
        root.end();
        root.end();
        assertFalse(Span.current().getSpanContext().isValid());
        assertEquals(StatusCode.ERROR, mem.single(SpanNames.REAUDIT).getStatus().getStatusCode());
        assertEquals(StatusCode.UNSET, mem.single(SpanNames.UNLEARN).getStatus().getStatusCode());
        assertEquals(2, mem.finished().size());
    }

    @Test
    void tracedSolverRecordsOneSpanPerSolveAndCountsProducts() {
        FakeCurvature curvature = new FakeCurvature();
        InverseHvpSolver solver = new InverseHvpSolver() {
            @Override
            public String name() {
                return "fake";
            }

            @Override
            public SolveResult[] solve(CurvatureOperator c, double damping, NDArray... rhs) {
                ((FakeCurvature) c).products += 5L * rhs.length;
                return new SolveResult[]{
                    new SolveResult(null, "fake", 4, 1e-4, true, false, 0.1, 4, new double[]{1e-2, 1e-4}),
                    new SolveResult(null, "fake", 5, 2e-4, damping > 0.5, false, 0.1, 5, new double[]{1e-2, 2e-4})};
            }
        };
        InverseHvpSolver traced = dev.fudlr.influence.TracedSolver.of(solver, telemetry);
        assertSame(traced, dev.fudlr.influence.TracedSolver.of(traced, telemetry));
        assertEquals("fake", traced.name());
        Stage parent = telemetry.start(SpanNames.DEBIAS);
        assertEquals(2, traced.solve(curvature, 0.1, new NDArray[2]).length);
        traced.solve(curvature, 1.0, new NDArray[2]);
        parent.end();

        List<SpanData> solves = mem.named(SpanNames.IHVP_SOLVE);
        assertEquals(2, solves.size());
        SpanData first = solves.get(0);
        assertEquals(mem.single(SpanNames.DEBIAS).getSpanId(), first.getParentSpanId());
        assertEquals(0.1, first.getAttributes().get(FudlrAttributes.DAMPING));
        assertEquals("fake", first.getAttributes().get(FudlrAttributes.SOLVER));
        assertEquals("fake-curvature", first.getAttributes().get(FudlrAttributes.CURVATURE_BACKEND));
        assertEquals(2L, first.getAttributes().get(FudlrAttributes.RIGHT_HAND_SIDES));
        assertEquals(5L, first.getAttributes().get(FudlrAttributes.ITERATIONS));
        assertEquals(2e-4, first.getAttributes().get(FudlrAttributes.RESIDUAL));
        assertEquals(false, first.getAttributes().get(FudlrAttributes.CONVERGED));
        assertEquals(10L, first.getAttributes().get(FudlrAttributes.PRODUCTS));
        assertEquals(true, solves.get(1).getAttributes().get(FudlrAttributes.CONVERGED));
        assertEquals(20L, InMemoryTelemetry.counter(mem.collect(), FudlrTelemetry.HVP_COUNT,
                                                    Attributes.of(FudlrAttributes.CURVATURE_BACKEND, "fake-curvature")));
    }


    private static long exceptions(SpanData s) {
        return s.getEvents().stream().map(EventData::getName).filter("exception"::equals).count();
    }

    private static final class FakeCurvature implements CurvatureOperator {
        long products;

        @Override
        public String name() {
            return "fake-curvature";
        }

        @Override
        public int dimension() {
            return 3;
        }

        @Override
        public NDArray[] apply(NDArray... vs) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long products() {
            return products;
        }
    }
}
