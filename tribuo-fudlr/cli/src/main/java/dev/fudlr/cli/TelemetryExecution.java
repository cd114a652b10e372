/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.cli;

import dev.fudlr.telemetry.FudlrAttributes;
import dev.fudlr.otel.OtelSdk;
import dev.fudlr.telemetry.SpanNames;
import io.opentelemetry.api.common.Attributes;
import picocli.CommandLine;

/**
 * The execution strategy behind {@code --otel}: when the option is given (at any level of the command), the
 * OpenTelemetry SDK is started before the subcommand runs and shut down (flushed, with a bounded wait) after it,
 * and the whole command is one {@value SpanNames#COMMAND} span, parent of the stage spans. Without the option the
 * delegate runs unchanged and the no-op API stays in place.
 */
final class TelemetryExecution implements CommandLine.IExecutionStrategy {

    /** The option name. */
    static final String OPTION = "--otel";

    private final CommandLine.IExecutionStrategy delegate;

    TelemetryExecution(CommandLine.IExecutionStrategy delegate) {
        this.delegate = delegate;
    }

    @Override
    public int execute(CommandLine.ParseResult parseResult) {
        if (!matched(parseResult)) {
            return delegate.execute(parseResult);
        }
        CommandLine.ParseResult last = parseResult;
        while (last.subcommand() != null) {
            last = last.subcommand();
        }
        OtelSdk sdk;
        try {
            sdk = OtelSdk.start();
        } catch (RuntimeException e) {
            // Bad OTEL_* settings: a usage error reported like any other (one line, exit code), not a crash.
            // picocli hands the cause to the exception handler, so the cause carries the message.
            IllegalArgumentException cause = new IllegalArgumentException("Cannot start OpenTelemetry (check the OTEL_* settings): "
                                                                          + e.getMessage(), e);
            throw new CommandLine.ExecutionException(last.commandSpec().commandLine(), cause.getMessage(), cause);
        }
        try (sdk) {
            Attributes attributes = Attributes.of(FudlrAttributes.COMMAND, last.commandSpec().qualifiedName(" "));
            return sdk.telemetry().call(SpanNames.COMMAND, attributes, stage -> {
                int code = delegate.execute(parseResult);
                stage.set(FudlrAttributes.EXIT_CODE, (long) code);
                return code;
            });
        }
    }

    /** Whether {@value #OPTION} was given on the command or any of its subcommands. */
    static boolean matched(CommandLine.ParseResult parseResult) {
        for (CommandLine.ParseResult p = parseResult; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption(OPTION)) {
                return true;
            }
        }
        return false;
    }
}
