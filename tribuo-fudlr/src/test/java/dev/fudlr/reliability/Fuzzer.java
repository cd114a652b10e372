/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.reliability;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The loop every fuzz test shares: seeded inputs, one at a time on a daemon thread with a time limit (a hang fails),
 * outcome counts, and on any failure the input's own seed and mutations, so it can be replayed alone with
 * {@code -Dfudlr.fuzz.replay=NAME:SEED} (e.g. {@code mvn -pl tribuo-fudlr test -Dtest=ModelFilesFuzzTest
 * -Dfudlr.fuzz.replay=model-files:-4410...}). Each run prints one line with its input count and the running total of
 * the JVM, which {@code mvn -B verify} shows for the whole suite.
 */
public final class Fuzzer {

    /** One fuzz case. */
    @FunctionalInterface
    public interface Case {
        /**
         * Builds one input from its own generator and runs it.
         * @param rng the input's generator.
         * @param log where to describe the input (printed on failure).
         * @return the outcome's name (counted), e.g. {@code "read"} or {@code "DataFormatException"}.
         * @throws Exception an undocumented failure (fails the test).
         */
        String run(SplittableRandom rng, List<String> log) throws Exception;
    }

    private static final AtomicLong TOTAL = new AtomicLong();

    private Fuzzer() {}

    /** @return inputs run so far by every fuzz test of this JVM. */
    public static long total() {
        return TOTAL.get();
    }

    /**
     * Runs a fuzz case.
     * @param name the fuzzer's name (for the summary line and replays).
     * @param seed the master seed.
     * @param inputs how many inputs.
     * @param perInputSeconds the time limit of one input.
     * @param fuzzCase the case.
     * @return outcome counts.
     */
    public static Map<String, Integer> run(String name, long seed, int inputs, long perInputSeconds, Case fuzzCase) {
        String replay = System.getProperty("fudlr.fuzz.replay", "");
        long[] seeds;
        if (replay.startsWith(name + ":")) {
            seeds = new long[]{Long.parseLong(replay.substring(name.length() + 1))};
        } else {
            SplittableRandom master = new SplittableRandom(seed);
            seeds = new long[inputs];
            for (int i = 0; i < inputs; i++) {
                seeds[i] = master.nextLong();
            }
        }
        Map<String, Integer> tally = new TreeMap<>();
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-" + name);
            t.setDaemon(true);
            return t;
        });
        long start = System.nanoTime();
        try {
            for (int i = 0; i < seeds.length; i++) {
                long inputSeed = seeds[i];
                // Written by the worker, read here on failure (also after a timeout, while the worker may still run).
                List<String> log = new CopyOnWriteArrayList<>();
                Future<String> outcome = executor.submit(() -> fuzzCase.run(new SplittableRandom(inputSeed), log));
                String where = name + " input " + i + " (replay: -Dfudlr.fuzz.replay=" + name + ":" + inputSeed + "): ";
                try {
                    tally.merge(outcome.get(perInputSeconds, TimeUnit.SECONDS), 1, Integer::sum);
                } catch (TimeoutException e) {
                    outcome.cancel(true);
                    throw new AssertionError("No result within " + perInputSeconds + " s for " + where + String.join("; ", log));
                } catch (ExecutionException e) {
                    throw new AssertionError("Undocumented failure for " + where + String.join("; ", log) + ": " + e.getCause(),
                                             e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted at " + where, e);
                }
            }
        } finally {
            executor.shutdownNow();
        }
        long total = TOTAL.addAndGet(seeds.length);
        System.out.printf("Fuzzed %d %s inputs in %.1f s (%d fuzz inputs in this JVM so far): %s%n", seeds.length, name,
                          (System.nanoTime() - start) / 1e9, total, tally);
        return tally;
    }
}
