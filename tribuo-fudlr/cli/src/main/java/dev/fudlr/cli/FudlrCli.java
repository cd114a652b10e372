/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.cli;

import dev.fudlr.progress.Progress;
import dev.fudlr.progress.ProgressSink;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Entry point of the {@code fudlr} command. Each subcommand is a small class in this package.
 * <p>
 * Exit codes: 0 success, {@value #EXIT_FAILURE} failure while running, {@value #EXIT_USAGE} bad usage or input,
 * {@value #EXIT_NOT_VERIFIED} a {@code fudlr verify} check failed.
 */
@Command(name = "fudlr", mixinStandardHelpOptions = true, version = "fudlr 0.1.0",
         description = "Audit, debias and unlearn LLM-based recommenders built on Tribuo and DJL.",
         subcommands = {DemoCommand.class, DataCommand.class, TrainCommand.class, EvaluateCommand.class, AuditCommand.class,
                        DebiasCommand.class, VerifyCommand.class, ProvenanceCommand.class, ReportCommand.class,
                        CommandLine.HelpCommand.class})
public final class FudlrCli implements Runnable {

    /** Exit code for bad usage or input. */
    public static final int EXIT_USAGE = 2;
    /** Exit code for a failure while running. */
    public static final int EXIT_FAILURE = 1;
    /** Exit code of {@code fudlr verify} when a check failed. */
    public static final int EXIT_NOT_VERIFIED = 3;

    /** Libraries' start-up notices that are not about the command (held: JUL keeps loggers weakly). */
    private static final List<Logger> QUIET_UNLESS_VERBOSE = List.of(Logger.getLogger("ai.djl.util.cuda"),
                                                                     Logger.getLogger("ai.djl.onnxruntime.engine"));

    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "Print stack traces of errors (and the libraries' log messages).")
    boolean verbose;

    @Option(names = TelemetryExecution.OPTION, scope = CommandLine.ScopeType.INHERIT,
            description = "Export traces and metrics with OpenTelemetry, configured by the standard OTEL_* environment "
                          + "variables (default: the logging exporter; OTEL_TRACES_EXPORTER=otlp for a collector).")
    boolean otel;

    @Option(names = "--progress", scope = CommandLine.ScopeType.INHERIT, paramLabel = "MODE", defaultValue = "auto",
            description = "Progress of long stages: auto (an updating line on a terminal, plain lines otherwise), tty, plain or none.")
    String progress;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand (try: fudlr demo)");
    }

    /**
     * Builds the command line with the project's error handling (one line and a hint, unless --verbose) and progress
     * display (installed for the duration of the command).
     * @return the configured command line.
     */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new FudlrCli());
        cl.setExecutionStrategy(parseResult -> {
            String mode = inheritedValue(parseResult, "--progress", "auto");
            ProgressSink sink;
            try {
                sink = ProgressSinks.forMode(mode, System.err);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(parseResult.commandSpec().commandLine(), e.getMessage());
            }
            ProgressSink previous = Progress.install(sink);
            try {
                return new CommandLine.RunLast().execute(parseResult);
            } finally {
                Progress.install(previous);
            }
        });
        cl.setExecutionStrategy(new TelemetryExecution(cl.getExecutionStrategy()));
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) ->
            report(ex, null, commandLine.getErr(), commandLine.getCommandSpec().qualifiedName(" "), matched(parseResult, "--verbose")));
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine sub = ex.getCommandLine();
            String suggestion = ex instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()
                ? "did you mean " + String.join(" or ", u.getSuggestions()) + "?" : null;
            return report(ex, suggestion, sub.getErr(), sub.getCommandSpec().qualifiedName(" "), Arrays.asList(args).contains("--verbose"));
        });
        return cl;
    }

    /**
     * Prints a failure as {@code fudlr: error: ...} and {@code hint: ...} lines (the stack trace with --verbose) and
     * returns its exit code, as {@link Failures} maps it.
     */
    private static int report(Throwable ex, String extraHint, PrintWriter err, String command, boolean verbose) {
        // command: the qualified name, e.g. "fudlr data get".
        Failures.Failure f = Failures.classify(ex);
        err.println("fudlr: error: " + f.message());
        if (f.hint() != null) {
            err.println("hint: " + f.hint());
        }
        if (extraHint != null) {
            err.println("hint: " + extraHint);
        }
        if (verbose) {
            ex.printStackTrace(err);
        } else if (!f.internal()) {
            err.println("hint: `" + command + " --help` lists the options; --verbose prints the stack trace.");
        }
        err.flush();
        return f.exitCode();
    }

    private static boolean matched(CommandLine.ParseResult pr, String option) {
        for (CommandLine.ParseResult p = pr; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption(option)) {
                return true;
            }
        }
        return false;
    }

    private static String inheritedValue(CommandLine.ParseResult pr, String option, String fallback) {
        String value = fallback;
        for (CommandLine.ParseResult p = pr; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption(option)) {
                value = p.matchedOptionValue(option, fallback);
            }
        }
        return value;
    }

    /**
     * Quiet logging for the command line: one line per record, warnings only unless {@code --verbose} (the commands
     * print their own results, and progress has its own display).
     * @param verbose whether to show informational messages.
     */
    static void configureLogging(boolean verbose) {
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%4$s %3$s: %5$s%6$s%n");
        }
        Level level = verbose ? Level.INFO : Level.WARNING;
        Logger root = Logger.getLogger("");
        root.setLevel(level);
        for (Handler h : root.getHandlers()) {
            h.setLevel(level);
        }
        // DJL (through SLF4J) warns at every start on a machine without a usable GPU; --verbose shows it.
        for (Logger l : QUIET_UNLESS_VERBOSE) {
            l.setLevel(verbose ? null : Level.SEVERE);
        }
    }

    /**
     * Runs the command line and exits with its code.
     * @param args arguments.
     */
    public static void main(String[] args) {
        configureLogging(Arrays.asList(args).contains("--verbose"));
        System.exit(commandLine().execute(args));
    }
}
