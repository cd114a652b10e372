/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;

/**
 * Entry point of the {@code fudlr} command. Each subcommand is a small class in this package.
 */
@Command(name = "fudlr", mixinStandardHelpOptions = true, version = "fudlr 0.1.0",
         description = "Audit, debias and unlearn LLM-based recommenders built on Tribuo and DJL.",
         subcommands = {DemoCommand.class, TrainCommand.class, EvaluateCommand.class, ReportCommand.class, CommandLine.HelpCommand.class})
public final class FudlrCli implements Runnable {

    /** Exit code for bad usage or input. */
    public static final int EXIT_USAGE = 2;
    /** Exit code for a failure while running. */
    public static final int EXIT_FAILURE = 1;

    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "Print stack traces of errors.")
    boolean verbose;

    @Option(names = TelemetryExecution.OPTION, scope = CommandLine.ScopeType.INHERIT,
            description = "Export traces and metrics with OpenTelemetry, configured by the standard OTEL_* environment "
                          + "variables (default: the logging exporter; OTEL_TRACES_EXPORTER=otlp for a collector).")
    boolean otel;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand (try: fudlr demo)");
    }

    /**
     * Builds the command line with the project's error handling: one line and a hint, unless --verbose.
     * @return the configured command line.
     */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new FudlrCli());
        cl.setExecutionStrategy(new TelemetryExecution(cl.getExecutionStrategy()));
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            boolean verbose = parseResult.hasMatchedOption("--verbose")
                || parseResult.subcommands().stream().anyMatch(p -> p.hasMatchedOption("--verbose"));
            err.println("fudlr: error: " + oneLine(ex));
            if (verbose) {
                ex.printStackTrace(err);
            } else {
                err.println("hint: run with --verbose for the stack trace; `fudlr " + commandLine.getCommandName()
                            + " --help` lists the options.");
            }
            return ex instanceof IllegalArgumentException ? EXIT_USAGE : EXIT_FAILURE;
        });
        return cl;
    }

    private static String oneLine(Throwable ex) {
        Throwable t = ex;
        // Wrapped exceptions add nothing for the user: show the innermost message.
        while (t.getCause() != null && (t.getMessage() == null || t.getMessage().equals(t.getCause().toString()))) {
            t = t.getCause();
        }
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return message.replace('\n', ' ');
    }

    /**
     * Runs the command line and exits with its code.
     * @param args arguments.
     */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
