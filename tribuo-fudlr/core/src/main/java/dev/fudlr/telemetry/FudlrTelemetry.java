/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.telemetry;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.Tracer;

import java.util.List;
import java.util.Objects;

/**
 * The telemetry facade: a {@link Tracer} and a {@link Meter} under the instrumentation scope
 * {@value #INSTRUMENTATION_SCOPE}, stage spans ({@link #start}, {@link #call}) and the three metrics:
 * <ul>
 *     <li>{@value #SAMPLES_PROCESSED} (counter, {@code {sample}}, by {@code fudlr.stage});</li>
 *     <li>{@value #HVP_COUNT} (counter, {@code {product}}, by {@code fudlr.curvature.backend}): curvature
 *     (Hessian-vector) products of the traced inverse-HVP solves;</li>
 *     <li>{@value #STAGE_DURATION} (histogram, seconds, by {@code fudlr.stage} and {@code fudlr.outcome}).</li>
 * </ul>
 * {@link #get()} is what instrumented code calls: the instance {@link #install installed} for the process (the
 * CLI's {@code --otel} installs the SDK), else a view of {@link GlobalOpenTelemetry} if something set it (the
 * OpenTelemetry Java agent does), else the no-op API, under which nothing is recorded and every call is cheap.
 * {@code get()} never sets the global instance itself (it uses {@link GlobalOpenTelemetry#getOrNoop()}), so an
 * application may still set it later. Thread-safe.
 */
public final class FudlrTelemetry {

    /** The instrumentation scope name of every tracer and meter. */
    public static final String INSTRUMENTATION_SCOPE = "dev.fudlr";
    /** Counter of samples processed per stage. */
    public static final String SAMPLES_PROCESSED = "fudlr.samples.processed";
    /** Counter of curvature (Hessian-vector) products. */
    public static final String HVP_COUNT = "fudlr.hvp.count";
    /** Histogram of stage durations in seconds. */
    public static final String STAGE_DURATION = "fudlr.stage.duration";

    /** Bucket boundaries of the duration histogram: milliseconds to an hour. */
    private static final List<Double> DURATION_BUCKETS = List.of(0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
                                                                 30.0, 60.0, 300.0, 900.0, 3600.0);

    private static final FudlrTelemetry NOOP = new FudlrTelemetry(OpenTelemetry.noop());

    private static volatile FudlrTelemetry installed;
    private static volatile FudlrTelemetry globalView;

    private final OpenTelemetry openTelemetry;
    private final Tracer tracer;
    private final Meter meter;
    private final LongCounter samples;
    private final LongCounter hvps;
    private final DoubleHistogram durations;

    private FudlrTelemetry(OpenTelemetry openTelemetry) {
        this.openTelemetry = openTelemetry;
        this.tracer = openTelemetry.getTracer(INSTRUMENTATION_SCOPE);
        this.meter = openTelemetry.getMeter(INSTRUMENTATION_SCOPE);
        this.samples = meter.counterBuilder(SAMPLES_PROCESSED).setUnit("{sample}")
            .setDescription("Samples processed by FUDLR stages (training samples x epochs, audit examples, scored samples).").build();
        this.hvps = meter.counterBuilder(HVP_COUNT).setUnit("{product}")
            .setDescription("Curvature (Hessian-vector) products of inverse-HVP solves.").build();
        this.durations = meter.histogramBuilder(STAGE_DURATION).setUnit("s")
            .setDescription("Wall-clock duration of FUDLR stages.").setExplicitBucketBoundariesAdvice(DURATION_BUCKETS).build();
    }

    /**
     * A facade over the given API instance (for explicit wiring and tests; {@link #get()} does not see it).
     * @param openTelemetry the API instance (an SDK, or {@link OpenTelemetry#noop()}).
     * @return the facade.
     */
    public static FudlrTelemetry of(OpenTelemetry openTelemetry) {
        Objects.requireNonNull(openTelemetry, "openTelemetry");
        return openTelemetry == OpenTelemetry.noop() ? NOOP : new FudlrTelemetry(openTelemetry);
    }

    /**
     * The facade instrumented code uses: the installed one, else the global instance if set, else no-op.
     * @return the facade.
     */
    public static FudlrTelemetry get() {
        FudlrTelemetry t = installed;
        if (t != null) {
            return t;
        }
        if (!GlobalOpenTelemetry.isSet()) {
            return NOOP;
        }
        OpenTelemetry global = GlobalOpenTelemetry.getOrNoop();
        FudlrTelemetry view = globalView;
        if (view == null || view.openTelemetry != global) {
            view = new FudlrTelemetry(global);
            globalView = view;
        }
        return view;
    }

    /**
     * Makes {@link #get()} return a facade over this instance, for the whole process, until {@link #uninstall()}
     * (the caller keeps ownership: shutting the SDK down is its job).
     * @param openTelemetry the API instance.
     * @return the installed facade.
     */
    public static FudlrTelemetry install(OpenTelemetry openTelemetry) {
        FudlrTelemetry t = of(openTelemetry);
        installed = t;
        return t;
    }

    /** Removes the installed instance: {@link #get()} falls back to the global instance or no-op. */
    public static void uninstall() {
        installed = null;
    }

    /** @return the API instance. */
    public OpenTelemetry openTelemetry() {
        return openTelemetry;
    }

    /** @return the tracer of scope {@value #INSTRUMENTATION_SCOPE}. */
    public Tracer tracer() {
        return tracer;
    }

    /** @return the meter of scope {@value #INSTRUMENTATION_SCOPE}. */
    public Meter meter() {
        return meter;
    }

    /** @return true for the no-op API (nothing is recorded). */
    public boolean isNoop() {
        return this == NOOP;
    }

    /**
     * Starts a stage span, child of the current context, and makes it current. Pair it with {@link Stage#end()};
     * inside a {@link #call} an exception may skip the {@code end()}: the call ends it.
     * @param name the span name (see {@link SpanNames}).
     * @return the stage.
     */
    public Stage start(String name) {
        return start(name, Attributes.empty());
    }

    /**
     * Starts a stage span with attributes.
     * @param name the span name.
     * @param attributes initial attributes.
     * @return the stage.
     */
    public Stage start(String name, Attributes attributes) {
        SpanBuilder b = tracer.spanBuilder(name);
        if (!attributes.isEmpty()) {
            b.setAllAttributes(attributes);
        }
        return new Stage(this, name, b.startSpan());
    }

    /**
     * Runs a body in a stage: the stage ends when the body returns; if it throws, the exception is recorded
     * (on the innermost stage left open inside), the stages end with status ERROR, and the exception propagates.
     * @param name the span name.
     * @param attributes initial attributes.
     * @param body the body, given the stage.
     * @param <T> the result type.
     * @param <E> the checked exception the body may throw.
     * @return the body's result.
     * @throws E what the body throws.
     */
    public <T, E extends Exception> T call(String name, Attributes attributes, StageBody<T, E> body) throws E {
        Stage stage = start(name, attributes);
        try {
            T result = body.apply(stage);
            stage.end();
            return result;
        } catch (RuntimeException | Error e) {
            stage.fail(e);
            throw e;
        } catch (Exception e) {
            stage.fail(e);
            throw e;
        }
    }

    /**
     * {@link #call(String, Attributes, StageBody)} without initial attributes.
     * @param name the span name.
     * @param body the body.
     * @param <T> the result type.
     * @param <E> the checked exception.
     * @return the result.
     * @throws E what the body throws.
     */
    public <T, E extends Exception> T call(String name, StageBody<T, E> body) throws E {
        return call(name, Attributes.empty(), body);
    }

    /**
     * Adds to the samples-processed counter.
     * @param stage the stage name.
     * @param count the samples.
     */
    public void samplesProcessed(String stage, long count) {
        samples.add(count, Attributes.of(FudlrAttributes.STAGE, stage));
    }

    /**
     * Adds to the HVP counter.
     * @param backend the curvature backend name.
     * @param products the products.
     */
    public void hessianVectorProducts(String backend, long products) {
        hvps.add(products, Attributes.of(FudlrAttributes.CURVATURE_BACKEND, backend));
    }

    void stageDuration(String stage, double seconds, boolean ok) {
        durations.record(seconds, Attributes.of(FudlrAttributes.STAGE, stage, FudlrAttributes.OUTCOME,
                                                ok ? FudlrAttributes.OUTCOME_OK : FudlrAttributes.OUTCOME_ERROR));
    }

    @Override
    public String toString() {
        return "FudlrTelemetry(" + (isNoop() ? "no-op" : openTelemetry.toString()) + ")";
    }

    /**
     * The body of a {@link #call}.
     * @param <T> the result type.
     * @param <E> the checked exception it may throw.
     */
    @FunctionalInterface
    public interface StageBody<T, E extends Exception> {
        /**
         * Runs the body.
         * @param stage the enclosing stage (for attributes).
         * @return the result.
         * @throws E on failure.
         */
        T apply(Stage stage) throws E;
    }
}
