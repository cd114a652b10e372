/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.fudlr.data.SampleSplits;
import dev.fudlr.influence.GradientEngine;
import dev.fudlr.influence.RecommenderObjectives;
import dev.fudlr.influence.SampleLoss;
import dev.fudlr.model.DjlRecommenderModel;
import dev.fudlr.model.LmRecommenderTrainer;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Where FUDLR's per-sample pass spends its time (issue 23: the pass alone costs more than a training epoch). On the
 * benchmark's tiny base model, over all training samples and in the same run: one LoRA training epoch (the cost
 * unit), host-side encoding of the inputs alone, a forward pass of the losses alone, a loss-gradient pass, and the
 * product's per-sample pass ({@link GradientEngine#directionalDerivatives}, tangent kernel, K directions) with and
 * without the gradient sum it also yields, at each chunk size. Every stage is the engine's own method.
 * <p>
 * Usage: {@code EffectsPassProfile [--data DIR] [--seed 1] [--model-cache DIR] [--chunks 128,256,1024] [--directions 2]
 * [--out DIR] [--quick]}; writes {@code profile.csv} and prints a table. {@code --quick}: synthetic data and the
 * benchmarks' small quick-mode model (a smoke run, seconds).
 */
public final class EffectsPassProfile {

    private EffectsPassProfile() {}

    public static void main(String[] args) throws IOException {
        Map<String, String> opt = BenchSupport.parse(args, List.of("chunks", "data", "directions", "model-cache", "out", "seed"));
        boolean quick = opt.containsKey("quick");
        String data = quick ? "synthetic" : opt.getOrDefault("data", "../shared/data/ml-100k");
        long seed = Long.parseLong(opt.getOrDefault("seed", "1"));
        Path cache = opt.containsKey("model-cache") ? Path.of(opt.get("model-cache")) : null;
        Path out = Path.of(opt.getOrDefault("out", "target/bench-effects-profile"));
        int[] chunks = Arrays.stream(opt.getOrDefault("chunks", "128,256,1024").split(",")).mapToInt(s -> Integer.parseInt(s.trim())).toArray();
        int k = Integer.parseInt(opt.getOrDefault("directions", "2"));
        Files.createDirectories(out);

        SampleSplits splits = BenchSupport.splits(data);
        List<Example<Label>> train = splits.train();
        MutableDataset<Label> trainData = BenchSupport.dataset(train, "train");
        DjlRecommenderModel base = BenchSupport.base(cache, seed, quick, trainData).model();
        LmRecommenderTrainer trainer = BenchSupport.trainer(seed, quick);
        int n = train.size();
        int[] all = GradientEngine.range(n);

        List<String[]> rows = new ArrayList<>();
        // Warm-up and the cost unit: one LoRA epoch from the base (as DebiasBenchmark and TradeOffSweep time it).
        trainer.continueTraining(base, trainData, 1).close();
        long t0 = System.nanoTime();
        trainer.continueTraining(base, trainData, 1).close();
        double epoch = BenchSupport.since(t0);
        BenchSupport.log("one LoRA epoch: %.2f s", epoch);
        rows.add(new String[]{"one LoRA training epoch (the trainer's default batch, Adam)", "-", fmt(epoch), "1.00"});

        SampleLoss loss = RecommenderObjectives.loss(base, train);
        for (int chunk : chunks) {
            try (GradientEngine engine = new GradientEngine(RecommenderObjectives.space(base), base.manager(), chunk)) {
                int p = engine.space().size();
                Random rng = new Random(seed);
                NDArray[] directions = new NDArray[k];
                for (int d = 0; d < k; d++) {
                    double[] v = new double[p];
                    for (int j = 0; j < p; j++) {
                        v[j] = rng.nextGaussian();
                    }
                    directions[d] = engine.space().fromHost(engine.vectors(), v);
                }
                long e0 = System.nanoTime();
                for (int start = 0; start < n; start += chunk) {
                    List<Example<Label>> batch = train.subList(start, Math.min(n, start + chunk));
                    try (NDManager step = base.manager().newSubManager()) {
                        base.encodeHistories(step, batch);
                        base.encodeTargets(step, batch);
                    }
                }
                add(rows, "encode inputs only (host to native)", chunk, BenchSupport.since(e0), epoch);
                long f0 = System.nanoTime();
                engine.losses(loss, all, null);
                add(rows, "forward: per-sample losses", chunk, BenchSupport.since(f0), epoch);
                long g0 = System.nanoTime();
                engine.gradient(loss, all, 1.0 / n, null).close();
                add(rows, "forward + backward: loss gradient", chunk, BenchSupport.since(g0), epoch);
                long d0 = System.nanoTime();
                engine.directionalDerivatives(loss, all, directions, GradientEngine.DirectionalMode.EXACT, null, new double[p]);
                add(rows, "per-sample pass, " + k + " directions + gradient sum (FUDLR's)", chunk, BenchSupport.since(d0), epoch);
                long d1 = System.nanoTime();
                engine.directionalDerivatives(loss, all, directions, GradientEngine.DirectionalMode.EXACT, null, null);
                add(rows, "per-sample pass, " + k + " directions, no gradient sum", chunk, BenchSupport.since(d1), epoch);
                BenchSupport.log("chunk %d done (kernel %s)", chunk, engine.lastDirectionalKernel());
                for (NDArray d : directions) {
                    d.close();
                }
            }
        }
        base.close();
        StringBuilder csv = new StringBuilder("stage,chunk,seconds,epochs\n");
        StringBuilder md = new StringBuilder(String.format(Locale.ROOT, "n = %,d training samples, seed %d, peak RSS %s%n%n", n, seed, BenchSupport.peakRss()))
            .append("| stage | chunk | seconds | epochs |\n|---|---:|---:|---:|\n");
        for (String[] r : rows) {
            csv.append('"').append(r[0]).append("\",").append(r[1]).append(',').append(r[2]).append(',').append(r[3]).append('\n');
            md.append("| ").append(String.join(" | ", r)).append(" |\n");
        }
        Files.writeString(out.resolve("profile.csv"), csv, StandardCharsets.UTF_8);
        Files.writeString(out.resolve("profile.md"), md, StandardCharsets.UTF_8);
        System.out.println(md);
    }

    private static void add(List<String[]> rows, String stage, int chunk, double seconds, double epoch) {
        rows.add(new String[]{stage, String.valueOf(chunk), fmt(seconds), String.format(Locale.ROOT, "%.2f", seconds / epoch)});
        BenchSupport.log("%s, chunk %d: %.2f s (%.2f epochs)", stage, chunk, seconds, seconds / epoch);
    }

    private static String fmt(double seconds) {
        return String.format(Locale.ROOT, "%.2f", seconds);
    }
}
