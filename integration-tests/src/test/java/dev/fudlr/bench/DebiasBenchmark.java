/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.bench;

import dev.fudlr.data.MovieLensDataSource;
import dev.fudlr.data.MovieLensFormat;
import dev.fudlr.data.SampleBuilder;
import dev.fudlr.data.SampleEncoding;
import dev.fudlr.data.SampleSplits;
import dev.fudlr.data.SyntheticGenerator;
import dev.fudlr.debias.DebiasRefusedException;
import dev.fudlr.debias.FudlrReport;
import dev.fudlr.debias.FudlrTransformer;
import dev.fudlr.debias.RecommenderAudit;
import dev.fudlr.fairness.data.AuditData;
import dev.fudlr.fairness.data.Recommendations;
import dev.fudlr.fairness.data.ScoreMatrix;
import dev.fudlr.fairness.evaluation.Bootstrap;
import dev.fudlr.fairness.metric.FairnessMetric;
import dev.fudlr.fairness.registry.MetricRegistry;
import dev.fudlr.model.DjlRecommenderModel;
import dev.fudlr.model.LmRecommenderTrainer;
import dev.fudlr.model.RecommenderScorer;
import dev.fudlr.debias.baselines.PopularityReRanker;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.datasource.ListDataSource;
import org.tribuo.classification.LabelFactory;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The debiasing benchmark: for each seed, trains the tiny LoRA transformer, then for each objective set runs FUDLR
 * (mask selection, accuracy guard), the same Newton removal for fairness-only top-k and random sets of FUDLR's size
 * (shared influence computations), and retraining from scratch without FUDLR's set; every model is evaluated on the
 * held-out test users. Prints a table and writes CSV + Markdown.
 * <p>
 * Usage: {@code DebiasBenchmark [--data DIR|synthetic] [--seeds 1,2,3] [--objectives "mgu@10|ndcg-gap@10:gender|mgu@10,ndcg-gap@10:gender"]
 * [--pretrain-epochs 3] [--epochs 1] [--retrain first|all|none] [--max-removal-fraction 0.1] [--model-cache DIR] [--rerank-lambda 0.5] [--out DIR] [--quick]}
 * (retraining without S, the expensive baseline, runs for the first objective set only by default).
 */
public final class DebiasBenchmark {

    private static final List<String> ALWAYS = List.of("ndcg@10", "hr@10", "mgu@10", "ndcg-gap@10:gender");

    /** Where base models are kept between runs (null = always train). */
    private static Path cache;
    /** Penalty weight of the popularity re-ranking baseline. */
    private static double rerankLambda;

    private DebiasBenchmark() {}

    /** One evaluated model. */
    record Row(String objectives, long seed, String method, int removed, Map<String, Double> test, double seconds,
               double epochSeconds, String note, Recommendations recs) {}

    /** Metrics whose paired bootstrap interval (after - base, same test users) is reported. */
    private static final List<String> PAIRED = List.of("ndcg@10", "mgu@10", "ndcg-gap@10:gender;agg=signed");

    public static void main(String[] args) throws IOException {
        Map<String, String> opt = parse(args);
        boolean quick = opt.containsKey("quick");
        String data = opt.getOrDefault("data", quick ? "synthetic" : "../shared/data/ml-100k");
        long[] seeds = Arrays.stream(opt.getOrDefault("seeds", quick ? "1" : "1,2,3").split(",")).mapToLong(Long::parseLong).toArray();
        List<List<String>> objectiveSets = new ArrayList<>();
        for (String set : opt.getOrDefault("objectives", quick ? "mgu@10" : "mgu@10|ndcg-gap@10:gender|mgu@10,ndcg-gap@10:gender").split("\\|")) {
            objectiveSets.add(List.of(set.split(",")));
        }
        int pre = Integer.parseInt(opt.getOrDefault("pretrain-epochs", quick ? "4" : "3"));
        int ep = Integer.parseInt(opt.getOrDefault("epochs", "1"));
        String retrainMode = opt.getOrDefault("retrain", "first");
        boolean retrain = !retrainMode.equals("none");
        boolean retrainFirstOnly = retrainMode.equals("first");
        double maxFraction = Double.parseDouble(opt.getOrDefault("max-removal-fraction", "0.1"));
        Path out = Path.of(opt.getOrDefault("out", "target/bench"));
        rerankLambda = Double.parseDouble(opt.getOrDefault("rerank-lambda", "0.5"));
        cache = opt.containsKey("model-cache") ? Path.of(opt.get("model-cache")) : null;
        List<Row> rows = run(data, seeds, objectiveSets, pre, ep, retrain, retrainFirstOnly, maxFraction, quick);
        Files.createDirectories(out);
        Files.writeString(out.resolve("debias.csv"), csv(rows), StandardCharsets.UTF_8);
        String md = markdown(rows, data, pre, ep, seeds);
        Files.writeString(out.resolve("debias.md"), md, StandardCharsets.UTF_8);
        System.out.println(md);
        System.out.printf(Locale.ROOT, "peak RSS (VmHWM): %s%n", peakRss());
    }

    static List<Row> run(String data, long[] seeds, List<List<String>> objectiveSets, int pre, int ep, boolean retrain,
                         boolean retrainFirstOnly, double maxFraction, boolean quick) {
        SampleBuilder builder = new SampleBuilder();
        SampleSplits splits = "synthetic".equals(data)
            ? MovieLensDataSource.splits(SyntheticGenerator.generate(SyntheticGenerator.Config.defaults()), builder)
            : MovieLensDataSource.splits(MovieLensFormat.ML_100K, Path.of(data), builder);
        MutableDataset<Label> train = dataset(splits.train(), "train");
        MutableDataset<Label> validation = dataset(splits.validation(), "validation");
        List<Example<Label>> test = splits.test();
        List<Row> rows = new ArrayList<>();
        for (long seed : seeds) {
            LmRecommenderTrainer trainer = trainer(pre, ep, seed, quick);
            Path cached = cache == null ? null : cache.resolve("base-seed" + seed + (quick ? "-quick" : "") + ".model");
            DjlRecommenderModel base;
            double trainSeconds;
            try {
                if (cached != null && Files.exists(cached)) {
                    base = (DjlRecommenderModel) org.tribuo.Model.deserializeFromFile(cached);
                    trainSeconds = Double.NaN;
                    log("seed %d: base model loaded from %s", seed, cached);
                } else {
                    long t0 = System.nanoTime();
                    base = trainer.trainTransformer(train);
                    trainSeconds = (System.nanoTime() - t0) / 1e9;
                    if (cached != null) {
                        Files.createDirectories(cache);
                        base.serializeToFile(cached);
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException("Cannot use the model cache " + cached + ": " + e.getMessage(), e);
            }
            // The cost unit, timed in this run: one LoRA epoch of the same model over all training samples.
            long u0 = System.nanoTime();
            trainer.continueTraining(base, train, 1).close();
            double epochSeconds = (System.nanoTime() - u0) / 1e9;
            log("seed %d: base trained in %.1f s; one LoRA epoch %.1f s", seed, trainSeconds, epochSeconds);
            Set<String> metricNames = new LinkedHashSet<>(ALWAYS);
            objectiveSets.forEach(metricNames::addAll);
            AuditData testAudit = RecommenderAudit.build(base.items(), splits.train(), test, List.of(SampleEncoding.GENDER));
            Recommendations baseRecs = recommend(base, test, testAudit);
            Map<String, Double> baseTest = metrics(baseRecs, metricNames);
            rows.add(new Row("-", seed, "base", 0, baseTest, trainSeconds, epochSeconds, "training", baseRecs));
            for (List<String> objectives : objectiveSets) {
                String label = String.join("+", objectives);
                FudlrTransformer fudlr = FudlrTransformer.builder().objectives(objectives.toArray(String[]::new))
                    .maxRemovalFraction(maxFraction).compareBaselines(true).seed(seed).build();
                long f0 = System.nanoTime();
                try {
                    var result = fudlr.transform(base, train, validation);
                    double seconds = (System.nanoTime() - f0) / 1e9;
                    FudlrReport report = (FudlrReport) result.report();
                    DjlRecommenderModel debiased = (DjlRecommenderModel) result.model();
                    int size = report.unlearnedIds().size();
                    double baselineSeconds = report.stageSeconds().getOrDefault("baseline-selections", 0.0);
                    Recommendations r1 = recommend(debiased, test, testAudit);
                    rows.add(new Row(label, seed, "fudlr", size, metrics(r1, metricNames),
                                     seconds - baselineSeconds, epochSeconds, "stages " + fmt(report.stageSeconds()), r1));
                    debiased.close();
                    for (FudlrReport.BaselineRun b : report.baselineSelections().values()) {
                        DjlRecommenderModel m = base.copyWithTrainableParameters(b.thetaAfter(), base.getProvenance());
                        Recommendations r2 = recommend(m, test, testAudit);
                        rows.add(new Row(label, seed, b.rule() + "@|S|", b.indices().length, metrics(r2, metricNames),
                                         Double.NaN, epochSeconds, "same Newton removal, same |S|", r2));
                        m.close();
                    }
                    if (retrain && size > 0 && (!retrainFirstOnly || objectives == objectiveSets.get(0))) {
                        Set<Integer> removed = new HashSet<>();
                        for (int i : report.unlearnedIndices()) {
                            removed.add(i);
                        }
                        List<Example<Label>> kept = new ArrayList<>();
                        for (int i = 0; i < splits.train().size(); i++) {
                            if (!removed.contains(i)) {
                                kept.add(splits.train().get(i));
                            }
                        }
                        long r0 = System.nanoTime();
                        DjlRecommenderModel re = trainer(pre, ep, seed, quick).trainTransformer(dataset(kept, "train without S"));
                        double reSeconds = (System.nanoTime() - r0) / 1e9;
                        Recommendations r3 = recommend(re, test, testAudit);
                        rows.add(new Row(label, seed, "retrain-without-S (cold)", size, metrics(r3, metricNames),
                                         reSeconds, epochSeconds, (pre + ep) + " epochs from scratch", r3));
                        re.close();
                        long w0 = System.nanoTime();
                        DjlRecommenderModel warm = trainer(pre, ep, seed, quick).continueTraining(base, dataset(kept, "train without S"), 1);
                        double warmSeconds = (System.nanoTime() - w0) / 1e9;
                        Recommendations r4 = recommend(warm, test, testAudit);
                        rows.add(new Row(label, seed, "retrain-without-S (warm, 1 LoRA epoch)", size, metrics(r4, metricNames),
                                         warmSeconds, epochSeconds, "1 LoRA epoch from the base", r4));
                        warm.close();
                    }
                } catch (DebiasRefusedException e) {
                    rows.add(new Row(label, seed, "fudlr", 0, baseTest, (System.nanoTime() - f0) / 1e9, epochSeconds,
                                     "REFUSED: " + e.getMessage(), baseRecs));
                }
                if (objectives.contains("mgu@10")) {
                    // Post-processing baseline: scores minus lambda log(1 + training count); no training data removed.
                    long p0 = System.nanoTime();
                    var reranked = new PopularityReRanker(rerankLambda, PopularityReRanker.PENALTY_LOG).transform(base, train, validation);
                    double pSeconds = (System.nanoTime() - p0) / 1e9;
                    Recommendations r5 = recommend((RecommenderScorer) reranked.model(), test, testAudit);
                    rows.add(new Row(label, seed, "popularity-rerank (lambda " + rerankLambda + ")", 0, metrics(r5, metricNames),
                                     pSeconds, epochSeconds, "post-processing", r5));
                }
                log("seed %d, %s done", seed, label);
            }
            base.close();
        }
        return rows;
    }

    private static LmRecommenderTrainer trainer(int pre, int ep, long seed, boolean quick) {
        LmRecommenderTrainer.Builder b = LmRecommenderTrainer.builder().pretrainEpochs(pre).epochs(ep).learningRate(3e-3)
            .seed(seed).device("cpu");
        if (quick) {
            b.embeddingDim(32).ffnDim(64);
        }
        return b.build();
    }

    static Recommendations recommend(RecommenderScorer model, List<Example<Label>> test, AuditData audit) {
        return Recommendations.fromScores(ScoreMatrix.ofFloats(model.scores(test)), audit, 10);
    }

    static Map<String, Double> metrics(Recommendations recs, Set<String> names) {
        MetricRegistry registry = MetricRegistry.standard();
        Map<String, Double> out = new LinkedHashMap<>();
        for (String n : names) {
            out.put(n, registry.parse(n).compute(recs).value());
        }
        return out;
    }

    static MutableDataset<Label> dataset(List<Example<Label>> examples, String name) {
        LabelFactory f = new LabelFactory();
        return new MutableDataset<>(new ListDataSource<>(examples, f, new SimpleDataSourceProvenance(name,
            OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC), f)));
    }

    static String csv(List<Row> rows) {
        Set<String> names = new LinkedHashSet<>();
        rows.forEach(r -> names.addAll(r.test().keySet()));
        StringBuilder sb = new StringBuilder("objectives,seed,method,removed,seconds,epoch_seconds");
        names.forEach(n -> sb.append(',').append(n));
        sb.append(",note\n");
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "%s,%d,%s,%d,%.3f,%.3f", r.objectives(), r.seed(), r.method(), r.removed(), r.seconds(),
                                    r.epochSeconds()));
            for (String n : names) {
                sb.append(',').append(String.format(Locale.ROOT, "%.6f", r.test().getOrDefault(n, Double.NaN)));
            }
            sb.append(",\"").append(r.note().replace("\"", "'")).append("\"\n");
        }
        return sb.toString();
    }

    /** Mean and sample standard deviation over seeds of each method's relative change against its seed's base model. */
    static String markdown(List<Row> rows, String data, int pre, int ep, long[] seeds) {
        Set<String> names = new LinkedHashSet<>();
        rows.forEach(r -> names.addAll(r.test().keySet()));
        Map<Long, Row> base = new LinkedHashMap<>();
        rows.stream().filter(r -> r.method().equals("base")).forEach(r -> base.put(r.seed(), r));
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Data %s, %d+%d epochs, seeds %s. Change vs the seed's base model on the test users (relative, or absolute where marked), "
                                + "mean ± sd over seeds; cost in epoch-equivalents (one training epoch of the same model, same run).%n%n",
                                data, pre, ep, Arrays.toString(seeds)));
        sb.append("| objectives | method | |S| | cost (epochs) |");
        names.forEach(n -> sb.append(' ').append(n).append(relative(base, n) ? " |" : " (abs. Δ) |"));
        sb.append("\n|---|---|---:|---:|");
        names.forEach(n -> sb.append("---:|"));
        sb.append('\n');
        sb.append("| - | base (absolute) | 0 | ").append(stat(base.values().stream().map(r -> r.seconds() / r.epochSeconds()).toList())).append(" |");
        for (String n : names) {
            sb.append(' ').append(stat(base.values().stream().map(r -> r.test().get(n)).toList(), "%.4f")).append(" |");
        }
        sb.append('\n');
        Map<String, List<Row>> groups = new LinkedHashMap<>();
        rows.stream().filter(r -> !r.method().equals("base")).forEach(r -> groups.computeIfAbsent(r.objectives() + "\u0000" + r.method(),
                                                                                                    k -> new ArrayList<>()).add(r));
        for (List<Row> g : groups.values()) {
            Row first = g.get(0);
            sb.append("| ").append(first.objectives()).append(" | ").append(first.method()).append(" | ")
                .append(stat(g.stream().map(r -> (double) r.removed()).toList(), "%.0f")).append(" | ")
                .append(stat(g.stream().map(r -> r.seconds() / r.epochSeconds()).toList())).append(" |");
            for (String n : names) {
                boolean relative = relative(base, n);
                List<Double> change = new ArrayList<>();
                for (Row r : g) {
                    double b = base.get(r.seed()).test().get(n);
                    change.add(relative ? 100 * (r.test().get(n) - b) / Math.abs(b) : r.test().get(n) - b);
                }
                sb.append(' ').append(stat(change, relative ? "%+.1f%%" : "%+.4f")).append(" |");
            }
            sb.append('\n');
        }
        sb.append("\nPaired 95% bootstrap intervals of (after - base) on the same test users (1,000 resamples of users), per seed:\n\n");
        sb.append("| objectives | method | seed |");
        PAIRED.forEach(n -> sb.append(" Δ ").append(n).append(" [95% CI] |"));
        sb.append("\n|---|---|---:|");
        PAIRED.forEach(n -> sb.append("---|"));
        sb.append('\n');
        MetricRegistry registry = MetricRegistry.standard();
        Map<Long, Row> baseRows = base;
        for (Row r : rows) {
            if (r.method().equals("base") || r.note().startsWith("REFUSED")) {
                continue;
            }
            sb.append("| ").append(r.objectives()).append(" | ").append(r.method()).append(" | ").append(r.seed()).append(" |");
            for (String n : PAIRED) {
                Bootstrap.Interval ci = Bootstrap.pairedDifference(registry.parse(n), baseRows.get(r.seed()).recs(), r.recs(), 1000, 0.95, 7L);
                sb.append(String.format(Locale.ROOT, " %+.4f [%+.4f, %+.4f]%s |", ci.value(), ci.lower(), ci.upper(),
                                        ci.lower() > 0 || ci.upper() < 0 ? " *" : ""));
            }
            sb.append('\n');
        }
        sb.append("\n(* = the interval excludes 0.)\n");
        rows.stream().filter(r -> r.note().startsWith("REFUSED")).forEach(r -> sb.append("\n* seed ").append(r.seed()).append(", ")
            .append(r.objectives()).append(": ").append(r.note()));
        return sb.append('\n').toString();
    }

    /** Relative changes only where every seed's base value is clearly away from 0 (a gap near 0 has none). */
    private static boolean relative(Map<Long, Row> base, String metric) {
        return base.values().stream().allMatch(r -> Math.abs(r.test().get(metric)) >= 0.01);
    }

    private static String stat(List<Double> v) {
        return stat(v, "%.2f");
    }

    private static String stat(List<Double> v, String f) {
        List<Double> x = v.stream().filter(d -> d != null && Double.isFinite(d)).toList();
        if (x.isEmpty()) {
            return "-";
        }
        double mean = x.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        if (x.size() == 1) {
            return String.format(Locale.ROOT, f, mean);
        }
        double ss = x.stream().mapToDouble(d -> (d - mean) * (d - mean)).sum();
        double sd = Math.sqrt(ss / (x.size() - 1));
        return String.format(Locale.ROOT, f + " ± " + f.replace("+", ""), mean, sd);
    }

    private static String fmt(Map<String, Double> m) {
        StringBuilder sb = new StringBuilder();
        m.forEach((k, v) -> sb.append(k).append('=').append(String.format(Locale.ROOT, "%.1f", v)).append("s "));
        return sb.toString().trim();
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("Unexpected argument '" + args[i] + "' (options start with --)");
            }
            String k = args[i].substring(2);
            if (k.equals("quick")) {
                m.put(k, "true");
            } else if (i + 1 < args.length) {
                m.put(k, args[++i]);
            } else {
                throw new IllegalArgumentException("Option --" + k + " needs a value");
            }
        }
        return m;
    }

    private static String peakRss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM")) {
                    return line.substring(6).trim();
                }
            }
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
        return "unknown";
    }

    private static void log(String format, Object... args) {
        System.err.printf(Locale.ROOT, format + "%n", args);
    }
}
