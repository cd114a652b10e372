/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
/**
 * OpenTelemetry traces and metrics of training and debiasing, under the instrumentation scope
 * {@value dev.fudlr.telemetry.FudlrTelemetry#INSTRUMENTATION_SCOPE}.
 * <p>
 * {@link dev.fudlr.telemetry.FudlrTelemetry} is the facade the rest of the code calls: it holds an
 * {@link io.opentelemetry.api.OpenTelemetry} (the no-op one unless an SDK was installed, or the global instance
 * was set, for example by the OpenTelemetry Java agent) and hands out {@link dev.fudlr.telemetry.Stage} spans.
 * Span names are in {@link dev.fudlr.telemetry.SpanNames}, attribute keys (namespace {@code fudlr.*} plus
 * {@code gen_ai.request.model}) in {@link dev.fudlr.telemetry.FudlrAttributes}. {@code dev.fudlr.otel.OtelSdk} (in the tribuo-fudlr artifact)
 * starts the SDK from the standard {@code OTEL_*} settings (the CLI's {@code --otel} option).
 * <p>
 * This package is a thin edge: nothing in the core depends on a span being recorded, and with the no-op API every
 * call is cheap.
 */
package dev.fudlr.telemetry;
