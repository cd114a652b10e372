/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The command-line tests' shared models: a tiny float64 transformer trained with {@code fudlr train} on small
 * synthetic data and its FUDLR-debiased copy ({@code fudlr debias} with the settings of FudlrTransformerTest). Made
 * once per test JVM (a few seconds) and shared by {@link FudlrWorkflowTest} and {@link VerifyCommandTest}; tests must
 * not modify these files (they write tampered copies to their own directories).
 */
final class WorkflowFixture {

    /** Data options of every command: FudlrTransformerTest's synthetic sizes. */
    static final String[] DATA = {"--history", "5", "--synthetic-users", "80", "--synthetic-items", "50",
                                  "--synthetic-max-per-user", "22"};

    private static WorkflowFixture shared;

    /** The trained model. */
    final Path base;
    /** The debiased model (alone in its directory with {@link #summary}). */
    final Path debiased;
    /** The debias run's summary file. */
    final Path summary;
    /** The debias run's output. */
    final CliRunner.Run debias;

    private WorkflowFixture(Path dir) throws Exception {
        base = dir.resolve("base.model");
        Path config = Path.of(WorkflowFixture.class.getResource("/dev/fudlr/cli/tiny-float64-trainer.xml").toURI());
        CliRunner.Run train = CliRunner.run(args(new String[]{"train", "--config", config.toString(), "-o", base.toString()}));
        assertEquals(0, train.code(), train.toString());
        debiased = dir.resolve("out").resolve("debiased.model");
        summary = dir.resolve("out").resolve("summary.txt");
        debias = CliRunner.run(args(new String[]{"debias", base.toString()}, "--objective", "mgu@10", "--max-removal-fraction", "0.3",
                                    "--accuracy-tolerance", "0.5", "--hessian-subsample", "200", "--cg-tolerance", "1e-3",
                                    "--cg-max-iterations", "30", "--mask-steps", "200", "--set", "maskLearningRate=0.1",
                                    "--seed", "3", "-o", debiased.toString(), "--summary", summary.toString()));
        assertEquals(0, debias.code(), debias.toString());
    }

    /**
     * The shared models, made on first use.
     * @return the fixture.
     * @throws Exception if training or debiasing fails.
     */
    static synchronized WorkflowFixture get() throws Exception {
        if (shared == null) {
            Path dir = Files.createTempDirectory("fudlr-workflow");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
            shared = new WorkflowFixture(dir);
        }
        return shared;
    }

    /**
     * A command line: {@code head}, then {@link #DATA}, then {@code tail}.
     * @param head the command and its first arguments.
     * @param tail more arguments.
     * @return the arguments.
     */
    static String[] args(String[] head, String... tail) {
        List<String> all = new ArrayList<>(List.of(head));
        all.addAll(List.of(DATA));
        all.addAll(List.of(tail));
        return all.toArray(new String[0]);
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // Best effort: a temporary directory.
        }
    }
}
