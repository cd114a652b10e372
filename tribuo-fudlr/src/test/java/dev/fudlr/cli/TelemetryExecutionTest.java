/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.cli;

import dev.fudlr.telemetry.FudlrTelemetry;
import dev.fudlr.telemetry.LogCapture;
import dev.fudlr.telemetry.SpanNames;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The CLI's {@code --otel} option: SDK on for the command's duration, one command span, clean shutdown. */
class TelemetryExecutionTest {

    private static final String EXPORTER_PROPERTY = "otel.traces.exporter";

    @AfterEach
    void tearDown() {
        FudlrTelemetry.uninstall();
        System.clearProperty(EXPORTER_PROPERTY);
    }

    private static int run(StringWriter err, String... args) {
        CommandLine cl = FudlrCli.commandLine();
        cl.setErr(new PrintWriter(err, true));
        cl.setOut(new PrintWriter(new StringWriter(), true));
        return cl.execute(args);
    }

    @Test
    void otelWrapsTheCommandInASpanAndShutsTheSdkDown() {
        assumeTrue(System.getenv("OTEL_TRACES_EXPORTER") == null, "the environment chooses another exporter");
        try (LogCapture log = new LogCapture(LogCapture.SPAN_EXPORTER)) {
            assertEquals(0, run(new StringWriter(), "--otel", "help"));
            assertTrue(log.any("'" + SpanNames.COMMAND + "'"), "logged: " + log.messages());
            assertTrue(log.any("fudlr.command=fudlr help"), "logged: " + log.messages());
            assertTrue(log.any("fudlr.exit_code=0"), "logged: " + log.messages());
        }
        assertTrue(FudlrTelemetry.get().isNoop(), "the SDK must be uninstalled after the command");
    }

    @Test
    void withoutOtelNothingIsExported() {
        try (LogCapture log = new LogCapture(LogCapture.SPAN_EXPORTER)) {
            assertEquals(0, run(new StringWriter(), "help"));
            assertTrue(log.messages().isEmpty(), "logged: " + log.messages());
        }
    }

    @Test
    void theOptionIsInheritedBySubcommands() {
        CommandLine cl = FudlrCli.commandLine();
        assertTrue(TelemetryExecution.matched(cl.parseArgs("help", "--otel")));
        assertTrue(TelemetryExecution.matched(FudlrCli.commandLine().parseArgs("--otel", "help")));
        assertFalse(TelemetryExecution.matched(FudlrCli.commandLine().parseArgs("help")));
    }

    @Test
    void badOtelSettingsAreOneLineErrors() {
        System.setProperty(EXPORTER_PROPERTY, "no-such-exporter");
        StringWriter err = new StringWriter();
        int code = run(err, "--otel", "help");
        assertEquals(FudlrCli.EXIT_USAGE, code);
        String first = err.toString().lines().findFirst().orElse("");
        assertTrue(first.startsWith("fudlr: error: Cannot start OpenTelemetry"), err.toString());
        assertTrue(first.contains("no-such-exporter"), err.toString());
        assertTrue(FudlrTelemetry.get().isNoop());
    }
}
