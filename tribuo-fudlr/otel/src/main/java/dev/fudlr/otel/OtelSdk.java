/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.otel;

import dev.fudlr.telemetry.FudlrTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The OpenTelemetry SDK for one process run (the CLI's {@code --otel}): configured by
 * {@code AutoConfiguredOpenTelemetrySdk} from the standard {@code OTEL_*} environment variables and
 * {@code otel.*} system properties, installed into {@link FudlrTelemetry}, and shut down (flushed) by
 * {@link #close()}.
 * <p>
 * Defaults for settings left unset ({@link #DEFAULTS}): service name {@code fudlr}, traces and metrics to the
 * {@code logging} exporter (java.util.logging), no log export. The autoconfigure defaults would send everything
 * by OTLP to {@code localhost:4318}; without a collector that only produces retries and warnings, so OTLP is
 * opt-in ({@code OTEL_TRACES_EXPORTER=otlp}, {@code OTEL_METRICS_EXPORTER=otlp}, {@code OTEL_EXPORTER_OTLP_ENDPOINT}).
 * The shutdown waits at most {@link #SHUTDOWN_TIMEOUT} for the flush, so an unreachable collector never holds the
 * command up for longer. The global instance is left alone.
 */
public final class OtelSdk implements AutoCloseable {
    private static final Logger logger = Logger.getLogger(OtelSdk.class.getName());

    /** Settings used when neither the environment nor system properties give them. */
    public static final Map<String, String> DEFAULTS = Map.of(
        "otel.service.name", "fudlr",
        "otel.traces.exporter", "logging",
        "otel.metrics.exporter", "logging",
        "otel.logs.exporter", "none");

    /** The longest wait for the final flush. */
    public static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(5);

    private final OpenTelemetrySdk sdk;
    private final FudlrTelemetry telemetry;
    private boolean closed;

    private OtelSdk(OpenTelemetrySdk sdk) {
        this.sdk = sdk;
        this.telemetry = FudlrTelemetry.install(sdk);
    }

    /**
     * Starts the SDK from the environment (with {@link #DEFAULTS}) and installs it.
     * @return the running SDK.
     */
    public static OtelSdk start() {
        return start(Map.of());
    }

    /**
     * Starts the SDK with settings that override the environment (for tests and embedding), and installs it.
     * @param overrides {@code otel.*} properties that win over environment variables and system properties.
     * @return the running SDK.
     */
    public static OtelSdk start(Map<String, String> overrides) {
        Map<String, String> copy = Map.copyOf(Objects.requireNonNull(overrides, "overrides"));
        OpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.builder()
            .addPropertiesSupplier(() -> DEFAULTS)
            .addPropertiesCustomizer(config -> copy)
            // This class shuts the SDK down itself, with a bounded wait; a JVM hook could block an exit.
            .disableShutdownHook()
            .build()
            .getOpenTelemetrySdk();
        logger.fine(() -> "OpenTelemetry SDK started: " + sdk);
        return new OtelSdk(sdk);
    }

    /** @return the facade over the SDK (also what {@link FudlrTelemetry#get()} returns until closed). */
    public FudlrTelemetry telemetry() {
        return telemetry;
    }

    /** @return the SDK. */
    public OpenTelemetrySdk sdk() {
        return sdk;
    }

    /**
     * Uninstalls and shuts the SDK down, flushing pending spans and metrics.
     * @return true if the flush finished successfully within {@link #SHUTDOWN_TIMEOUT}.
     */
    public boolean shutdown() {
        return shutdown(SHUTDOWN_TIMEOUT);
    }

    /**
     * Uninstalls and shuts the SDK down, waiting at most the given time for the flush.
     * @param timeout the longest wait.
     * @return true if the flush finished successfully in time.
     */
    public synchronized boolean shutdown(Duration timeout) {
        if (closed) {
            return true;
        }
        closed = true;
        if (FudlrTelemetry.get() == telemetry) {
            FudlrTelemetry.uninstall();
        }
        // The SDK's shutdown blocks in places (a final metric export with retries), so it runs on a daemon thread
        // and the wait for it is bounded as a whole.
        CompletableResultCode result = new CompletableResultCode();
        Thread t = new Thread(() -> {
            CompletableResultCode r = sdk.shutdown();
            r.whenComplete(() -> {
                if (r.isSuccess()) {
                    result.succeed();
                } else {
                    result.fail();
                }
            });
        }, "fudlr-otel-shutdown");
        t.setDaemon(true);
        t.start();
        result.join(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!result.isDone()) {
            logger.warning("OpenTelemetry export did not finish within " + timeout.toMillis() / 1000.0
                           + " s (is the collector reachable?); pending telemetry is dropped");
            return false;
        }
        if (!result.isSuccess()) {
            logger.warning("OpenTelemetry export failed at shutdown; see the exporter's log for the cause");
            return false;
        }
        return true;
    }

    /** Same as {@link #shutdown()}. */
    @Override
    public void close() {
        shutdown();
    }
}
