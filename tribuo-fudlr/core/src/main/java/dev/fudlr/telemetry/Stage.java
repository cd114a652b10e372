/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.telemetry;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One traced stage: a span that is current (the parent of spans started inside it) from
 * {@link FudlrTelemetry#start} until {@link #end()} or {@link #fail(Throwable)}, plus the stage-duration
 * measurement recorded when it ends.
 * <p>
 * Stages nest per thread. Ending or failing a stage first ends every stage still open inside it, innermost
 * first, so that scopes close in order: an exception that skips the {@code end()} calls of inner stages is
 * recorded on the innermost one (status ERROR) by the enclosing {@link FudlrTelemetry#call} (or an explicit
 * {@code fail}), and every stage on its path ends with status ERROR. This is what lets the instrumented code
 * use plain {@code start(...)} / {@code end()} pairs without try blocks, as long as a {@code call} encloses
 * them. A stage is used by the thread that started it. {@link #close()} is {@link #end()}, for
 * try-with-resources.
 */
public final class Stage implements AutoCloseable {

    /** Open stages of each thread, innermost first. */
    private static final ThreadLocal<Deque<Stage>> OPEN = ThreadLocal.withInitial(ArrayDeque::new);

    private final FudlrTelemetry telemetry;
    private final String name;
    private final Span span;
    private final Scope scope;
    private final long startNanos;
    private final Deque<Stage> stack;
    private boolean ended;

    Stage(FudlrTelemetry telemetry, String name, Span span) {
        this.telemetry = telemetry;
        this.name = name;
        this.span = span;
        this.startNanos = System.nanoTime();
        this.scope = span.makeCurrent();
        this.stack = OPEN.get();
        stack.push(this);
    }

    /** @return the stage (span) name. */
    public String name() {
        return name;
    }

    /** @return the span (invalid and not recording under the no-op API). */
    public Span span() {
        return span;
    }

    /** @return whether the span records attributes (false under the no-op API: skip costly attribute values). */
    public boolean isRecording() {
        return span.isRecording();
    }

    /**
     * Sets an attribute (ignored when the value is null).
     * @param key the key.
     * @param value the value.
     * @param <T> the value type.
     * @return this.
     */
    public <T> Stage set(AttributeKey<T> key, T value) {
        if (value != null) {
            span.setAttribute(key, value);
        }
        return this;
    }

    /**
     * Sets a long attribute.
     * @param key the key.
     * @param value the value.
     * @return this.
     */
    public Stage set(AttributeKey<Long> key, long value) {
        span.setAttribute(key, value);
        return this;
    }

    /**
     * Sets a double attribute.
     * @param key the key.
     * @param value the value.
     * @return this.
     */
    public Stage set(AttributeKey<Double> key, double value) {
        span.setAttribute(key, value);
        return this;
    }

    /**
     * Sets attributes.
     * @param attributes the attributes.
     * @return this.
     */
    public Stage setAll(Attributes attributes) {
        span.setAllAttributes(attributes);
        return this;
    }

    /**
     * Records the samples this stage processed: the {@link FudlrAttributes#SAMPLES} attribute and the
     * samples-processed counter (with this stage's name).
     * @param count the samples.
     * @return this.
     */
    public Stage samples(long count) {
        span.setAttribute(FudlrAttributes.SAMPLES, count);
        telemetry.samplesProcessed(name, count);
        return this;
    }

    /**
     * Sets metric values as {@code fudlr.metric.<name>} attributes; per-group breakdown entries (names with a
     * {@code '/'}) are left out to keep spans small.
     * @param values metric values by name.
     * @return this.
     */
    public Stage metrics(Map<String, Double> values) {
        if (span.isRecording()) {
            for (Map.Entry<String, Double> e : values.entrySet()) {
                if (e.getValue() != null && e.getKey().indexOf('/') < 0) {
                    span.setAttribute(FudlrAttributes.metric(e.getKey()), e.getValue());
                }
            }
        }
        return this;
    }

    /**
     * Ends the stage normally (no-op if already ended); stages still open inside it end with status ERROR.
     */
    public void end() {
        if (ended) {
            return;
        }
        unwindInner(null);
        finish(null, null);
    }

    /**
     * Ends the stage with status ERROR and the exception recorded on the innermost stage still open inside it
     * (or on this one); every stage in between ends with status ERROR too. No-op if already ended.
     * @param error the exception.
     */
    public void fail(Throwable error) {
        if (ended) {
            return;
        }
        boolean recorded = unwindInner(error);
        finish(error, recorded ? null : error);
    }

    /** Same as {@link #end()}. */
    @Override
    public void close() {
        end();
    }

    /** Ends the stages above this one; returns whether the error was recorded on one of them. */
    private boolean unwindInner(Throwable error) {
        boolean recorded = false;
        if (!stack.contains(this)) {
            return false;
        }
        while (stack.peek() != this) {
            Stage inner = stack.peek();
            // The first one popped is the innermost: the exception is recorded there, once.
            inner.finish(error == null ? new IllegalStateException("stage " + inner.name + " was not ended") : error,
                         recorded || error == null ? null : error);
            recorded |= error != null;
        }
        return recorded;
    }

    private void finish(Throwable status, Throwable record) {
        ended = true;
        if (stack.peek() == this) {
            stack.pop();
            scope.close();
        }
        long endNanos = System.nanoTime();
        if (record != null) {
            span.recordException(record);
        }
        if (status != null) {
            String message = status.getMessage() == null ? status.getClass().getName() : status.getMessage();
            span.setStatus(StatusCode.ERROR, message);
        }
        span.end();
        telemetry.stageDuration(name, (endNanos - startNanos) / (double) TimeUnit.SECONDS.toNanos(1), status == null);
    }

    @Override
    public String toString() {
        return "Stage(" + name + (ended ? ", ended" : "") + ")";
    }
}
