/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.cli;

import dev.fudlr.reliability.AtomicFiles;
import dev.fudlr.reliability.Fuzzer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seeded fuzzing of the command line: valid command lines of every subcommand, mutated (values replaced by odd ones
 * such as huge numbers, missing or unreadable paths, devices, an unsafe configuration, a non-model file; options
 * dropped, repeated, swapped or added from the subcommand's own option list; unknown options). The commands that read
 * a model ({@code evaluate}, {@code audit}, {@code provenance}, {@code verify}, {@code report}) are run on a tiny
 * trained and debiased model; those that train or download ({@code demo}, {@code train}, {@code debias},
 * {@code data get}) are only parsed, which must end in a parse or a picocli usage error. Every run must end with exit
 * code 0, 3 ({@code verify}) or a documented error: {@code fudlr: error:} and {@code hint:} lines only, exit code 1 or
 * 2, never an internal error, a stack trace without {@code --verbose}, a hang, or a {@code .partial} file left behind.
 */
class FudlrCliFuzzTest {

    private static final int INPUTS = 2000;
    private static final long PER_INPUT_SECONDS = 60;

    @TempDir
    Path dir;

    @Test
    void mutatedCommandLinesEndInSuccessOrADocumentedError() throws Exception {
        WorkflowFixture fixture = WorkflowFixture.get();
        // Copies: a mutated command may name a model as its output (with --force); the shared fixture must stay intact.
        Path base = Files.copy(fixture.base, dir.resolve("base.model"));
        Path debiased = Files.copy(fixture.debiased, dir.resolve("debiased.model"));
        Path garbage = Files.writeString(dir.resolve("garbage.model"), "not a model");
        Path unsafe = Files.writeString(dir.resolve("unsafe.xml"), "<!DOCTYPE config [<!ENTITY e SYSTEM \"file:///etc/hostname\">]>"
                                                                    + "<config><component name=\"f\" type=\"dev.fudlr.debias.FudlrTransformer\"/></config>");
        String[] values = {"", "-1", "0", "1", "3", "1e309", "NaN", "2147483648", "2000000000", "-2147483649", "abc", "mgu@0", "ndcg-gap@10:zodiac",
                           "validation", "train", "/dev/null", "/nonexistent/x.model", dir.toString(), garbage.toString(), unsafe.toString(),
                           base.toString(), debiased.toString(), "x".repeat(300), "\u00e9\u00e8", "--", "-", "a=b"};
        Path outputs = Files.createDirectories(dir.resolve("outputs"));
        // A mutated output option may name a relative path ("-1", "validation"): what a run creates in the working
        // directory is removed after it (only entries that did not exist before the fuzzing started).
        Path cwd = Path.of("").toAbsolutePath();
        java.util.Set<Path> existing = entries(cwd);
        int[] counter = {0};
        Map<String, Integer> tally = Fuzzer.run("cli", 61206L, INPUTS, PER_INPUT_SECONDS, (r, log) -> {
            Path out = Files.createDirectories(outputs.resolve("run-" + (counter[0]++)));
            List<String[]> templates = List.of(
                WorkflowFixture.args(new String[]{"evaluate", "--model", base.toString()}, "--split", "validation"),
                WorkflowFixture.args(new String[]{"audit", base.toString()}, "--metrics", "mgu@10,ndcg-gap@5:gender", "-k", "5",
                                     "--out", out.resolve("a.json").toString()),
                new String[]{"audit", "--list-metrics"},
                new String[]{"provenance", debiased.toString(), "--diff", base.toString(), "--json"},
                new String[]{"provenance", base.toString(), "--tree", "--out", out.resolve("p.json").toString()},
                WorkflowFixture.args(new String[]{"verify", debiased.toString()}, "--original", base.toString()),
                new String[]{"report", debiased.toString(), "--out", out.resolve("r.html").toString(), "--top", "3"},
                new String[]{"--version"},
                WorkflowFixture.args(new String[]{"demo"}, "--epochs", "1"),
                WorkflowFixture.args(new String[]{"train"}, "-o", out.resolve("m.model").toString()),
                WorkflowFixture.args(new String[]{"debias", base.toString()}, "-o", out.resolve("d.model").toString(), "--objective", "mgu@10"),
                new String[]{"data", "get", "ml-100k", "--dir", out.toString()});
            int t = r.nextInt(templates.size());
            List<String> args = new ArrayList<>(Arrays.asList(templates.get(t)));
            int mutations = r.nextInt(4);
            for (int m = 0; m < mutations; m++) {
                mutate(args, r, values, log);
            }
            log.add("args " + args);
            String[] argv = args.toArray(new String[0]);
            String outcome;
            try {
                outcome = args.isEmpty() || !List.of("demo", "train", "debias", "data").contains(args.get(0))
                    ? execute(argv, out) : parse(argv);
            } finally {
                for (Path created : entries(cwd)) {
                    if (!existing.contains(created)) {
                        log.add("removed " + created.getFileName() + " from the working directory");
                        deleteRecursively(created);
                    }
                }
            }
            // Whatever happened, no temporary file may be left behind.
            try (Stream<Path> files = Files.walk(out)) {
                List<Path> partial = files.filter(p -> p.getFileName().toString().endsWith(AtomicFiles.TEMP_SUFFIX)).toList();
                assertTrue(partial.isEmpty(), "temporary files left: " + partial);
            }
            return outcome;
        });
        assertTrue(tally.getOrDefault("exit 0", 0) > INPUTS / 20, tally.toString());
        assertTrue(tally.getOrDefault("exit 2", 0) > INPUTS / 10, tally.toString());
        assertTrue(tally.getOrDefault("parsed", 0) + tally.getOrDefault("usage error (parse)", 0) > INPUTS / 10, tally.toString());
    }

    /** Runs the command line in-process and checks the documented outcome. */
    private static String execute(String[] argv, Path out) throws IOException {
        CliRunner.Run run = CliRunner.run(argv);
        boolean verbose = Arrays.asList(argv).contains("--verbose");
        assertTrue(run.code() >= 0 && run.code() <= 3, "exit code " + run);
        if (run.code() == 1 || run.code() == 2) {
            String[] lines = run.err().split("\n");
            int first = firstErrorLine(lines);
            assertTrue(first >= 0, "no fudlr: error: line: " + run);
            assertFalse(lines[first].contains("internal error"), "an internal error: " + run);
            if (!verbose) {
                for (int i = first + 1; i < lines.length; i++) {
                    assertTrue(lines[i].startsWith("hint: "), "only hint lines after the error line: " + run);
                }
            }
        }
        if (!verbose) {
            assertFalse(run.err().contains("\tat "), "a stack trace without --verbose: " + run);
        }
        return "exit " + run.code();
    }

    /** The first {@code fudlr: error:} line (warnings and progress lines may come before it). */
    private static int firstErrorLine(String[] lines) {
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].startsWith("fudlr: error: ")) {
                return i;
            }
        }
        return -1;
    }

    /** Parses only (the command would train or download): a parse, or a picocli usage error. */
    private static String parse(String[] argv) {
        try {
            FudlrCli.commandLine().parseArgs(argv);
            return "parsed";
        } catch (CommandLine.ParameterException e) {
            assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), e.toString());
            return "usage error (parse)";
        }
    }

    private static void mutate(List<String> args, SplittableRandom r, String[] values, List<String> log) {
        if (args.isEmpty()) {
            args.add("--help");
            return;
        }
        int i = r.nextInt(args.size());
        switch (r.nextInt(6)) {
            case 0, 1 -> {
                // Replace a value (a token that is not an option name), or any token.
                int v = i;
                for (int k = 0; k < args.size() && args.get(v).startsWith("-"); k++) {
                    v = (v + 1) % args.size();
                }
                String value = values[r.nextInt(values.length)];
                log.add("set #" + v + " '" + args.get(v) + "' to '" + (value.length() > 20 ? value.substring(0, 20) + "..." : value) + "'");
                args.set(v, value);
            }
            case 2 -> {
                log.add("drop #" + i + " '" + args.get(i) + "'");
                args.remove(i);
            }
            case 3 -> {
                log.add("repeat #" + i + " '" + args.get(i) + "'");
                args.add(i, args.get(i));
            }
            case 4 -> {
                // An option of the subcommand (or an unknown one) with an odd value.
                List<String> names = optionNames(args.get(0));
                String name = names.isEmpty() || r.nextInt(5) == 0 ? "--no-such-option" : names.get(r.nextInt(names.size()));
                String value = values[r.nextInt(values.length)];
                int at = 1 + r.nextInt(args.size());
                log.add("insert " + name + " '" + value + "' at " + at);
                args.add(Math.min(at, args.size()), name);
                if (r.nextInt(4) != 0) {
                    args.add(Math.min(at + 1, args.size()), value);
                }
            }
            default -> {
                int j = r.nextInt(args.size());
                log.add("swap #" + i + " and #" + j);
                String a = args.get(i);
                args.set(i, args.get(j));
                args.set(j, a);
            }
        }
    }

    private static java.util.Set<Path> entries(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.collect(java.util.stream.Collectors.toSet());
        }
    }

    private static void deleteRecursively(Path p) throws IOException {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path f : (Iterable<Path>) s.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(f);
            }
        }
    }

    /** The option names of a subcommand, from picocli's own model. */
    private static List<String> optionNames(String command) {
        CommandLine cl = FudlrCli.commandLine();
        CommandLine sub = cl.getSubcommands().get(command);
        List<String> names = new ArrayList<>();
        for (CommandLine.Model.OptionSpec o : (sub == null ? cl : sub).getCommandSpec().options()) {
            names.add(o.longestName());
        }
        return names;
    }
}
