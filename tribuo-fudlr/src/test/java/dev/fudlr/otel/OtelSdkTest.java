/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.otel;

import dev.fudlr.telemetry.LogCapture;
import dev.fudlr.telemetry.FudlrTelemetry;
import dev.fudlr.telemetry.SpanNames;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class OtelSdkTest {

    @AfterEach
    void tearDown() {
        FudlrTelemetry.uninstall();
    }

    @Test
    void defaultsLogSpansAndShutdownUninstallsAndFlushes() {
        assumeTrue(System.getenv("OTEL_TRACES_EXPORTER") == null && System.getProperty("otel.traces.exporter") == null,
                   "the environment chooses another exporter");
        try (LogCapture log = new LogCapture(LogCapture.SPAN_EXPORTER)) {
            OtelSdk sdk = OtelSdk.start();
            assertSame(sdk.telemetry(), FudlrTelemetry.get());
            assertFalse(sdk.telemetry().isNoop());
            sdk.telemetry().start(SpanNames.AUDIT).samples(3).end();
            assertTrue(sdk.shutdown());
            assertTrue(sdk.shutdown(), "a second shutdown is a no-op");
            assertTrue(FudlrTelemetry.get().isNoop());
            assertTrue(log.any("'" + SpanNames.AUDIT + "'"), "logged: " + log.messages());
            assertTrue(log.any("fudlr.samples=3"), "logged: " + log.messages());
        }
    }

    @Test
    void anUnreachableCollectorDoesNotHoldTheShutdownUp() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        OtelSdk sdk = OtelSdk.start(Map.of("otel.traces.exporter", "otlp", "otel.metrics.exporter", "otlp",
                                           "otel.exporter.otlp.endpoint", "http://127.0.0.1:" + port));
        for (int i = 0; i < 20; i++) {
            sdk.telemetry().start(SpanNames.IHVP_SOLVE).end();
        }
        sdk.telemetry().samplesProcessed(SpanNames.AUDIT, 5);
        long start = System.nanoTime();
        // Connection refused is retried with back-off for longer than this: the wait must be cut at the timeout.
        assertFalse(sdk.shutdown(Duration.ofSeconds(1)));
        double seconds = (System.nanoTime() - start) / 1e9;
        assertTrue(seconds < 3, "shutdown took " + seconds + " s");
        assertTrue(FudlrTelemetry.get().isNoop());
    }

    @Test
    void anUnknownExporterIsAClearError() {
        RuntimeException e = assertThrows(RuntimeException.class, () -> OtelSdk.start(Map.of("otel.traces.exporter", "no-such-exporter")));
        assertTrue(e.getMessage().contains("no-such-exporter"), e.getMessage());
        assertTrue(FudlrTelemetry.get().isNoop());
    }
}
