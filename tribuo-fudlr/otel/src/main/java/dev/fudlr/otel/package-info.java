/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */

/**
 * OpenTelemetry SDK wiring for the command line ({@link dev.fudlr.otel.OtelSdk}): exporters configured from the
 * standard {@code OTEL_*} settings, installed into {@link dev.fudlr.telemetry.FudlrTelemetry}. The core records spans
 * through the OpenTelemetry API only and never needs the SDK.
 */
package dev.fudlr.otel;
