/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.spark.bench;

import dev.fudlr.PostTrainingResult;
import dev.fudlr.data.Interaction;
import dev.fudlr.data.MovieLensDataSource;
import dev.fudlr.data.MovieLensFormat;
import dev.fudlr.data.SampleBuilder;
import dev.fudlr.data.SampleSplits;
import dev.fudlr.data.UserInfo;
import dev.fudlr.debias.FudlrReport;
import dev.fudlr.model.DjlRecommenderModel;
import dev.fudlr.model.LmRecommenderTrainer;
import dev.fudlr.model.ModelFiles;
import dev.fudlr.spark.LocalClusters;
import dev.fudlr.spark.SparkDebias;
import dev.fudlr.spark.SparkDebiasOptions;
import org.apache.spark.sql.SparkSession;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.datasource.ListDataSource;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A whole debias on Spark against the same debias in one JVM (issue 25), in one run on the same model and data: the
 * single JVM runs {@link dev.fudlr.debias.FudlrTransformer#transform} on the model's own samples; each Spark configuration runs
 * {@link SparkDebias#run} (reading the log, building the samples on the executors, every stage) on {@code local-cluster}
 * with the given executors, {@code --curvature-on}, {@code --re-audits-on} and {@code --first-audit-on}. Reported per run: the wall seconds of the whole call, the sum of
 * FUDLR's stage seconds (the report's, the same stages in both), their ratio to the single JVM's, and whether the run
 * is the single JVM's (the same unlearned samples; the largest parameter difference relative to the step).
 * <p>
 * The environment is {@link SparkOverheadBenchmark}'s (pinned numerics, {@code SPARK_HOME}, {@code SPARK_SCALA_VERSION}),
 * and so is the model cache (the default tiny transformer on ML-100K, seed 1).
 * <p>
 * Usage: {@code SparkDebiasBenchmark [--data ../shared/data/ml-100k] [--out target/spark-debias] [--model-cache DIR]
 * [--seed 1] [--runs 1x2:executors:executors,1x2:driver:driver,2x1:executors:executors] [--executor-memory-mb 2048] [--config XML]
 * (a run: EXECUTORSxTHREADS:CURVATURE_ON:RE_AUDITS_ON[:FIRST_AUDIT_ON])
 * [--single-runs 2] [--synthetic-users U] [--quick]}; {@code --synthetic-users U}: instead of ML-100K, the synthetic data
 * and model of {@link SparkOverheadBenchmark}'s option (25,700 users: 1,000,063 training samples); {@code --single-runs}:
 * the single JVM's debiases (the last is the reference);
 * {@code --config}: the FUDLR settings of both runs (default: the defaults); {@code --quick}: small synthetic data, a
 * small model and {@link #QUICK_CONFIG} (about 1 min).
 */
public final class SparkDebiasBenchmark {

    /** {@code --quick}: a small model may select nothing under the defaults; forced, with a wider budget. */
    static final String QUICK_CONFIG = """
        <?xml version="1.0" encoding="UTF-8"?>
        <config>
            <component name="fudlr" type="dev.fudlr.debias.FudlrTransformer">
                <property name="maxRemovalFraction" value="0.3"/>
                <property name="accuracyTolerance" value="0.5"/>
                <property name="force" value="true"/>
            </component>
        </config>
        """;

    private SparkDebiasBenchmark() {}

    /** One configuration: executor JVMs, where the Fisher's gradients are kept, where the re-audits and the first audit run. */
    record Config(int executors, int threads, SparkDebiasOptions.Placement curvatureOn, SparkDebiasOptions.Placement reAuditsOn,
                  SparkDebiasOptions.Placement firstAuditOn) {
        /**
         * Parses {@code EXECUTORSxTHREADS:CURVATURE_ON:RE_AUDITS_ON[:FIRST_AUDIT_ON]}, each placement executors or driver;
         * the first audit runs where the re-audits run unless given.
         * @param spec the text.
         * @return the configuration.
         */
        static Config parse(String spec) {
            String[] parts = spec.trim().split(":");
            String[] layout = parts[0].split("x");
            if (parts.length < 3 || parts.length > 4 || layout.length != 2) {
                throw new IllegalArgumentException("A run is EXECUTORSxTHREADS:CURVATURE_ON:RE_AUDITS_ON[:FIRST_AUDIT_ON], e.g. "
                                                   + "1x2:executors:executors:driver; found '" + spec + "'");
            }
            SparkDebiasOptions.Placement reAudits = placement(parts[2]);
            return new Config(Integer.parseInt(layout[0]), Integer.parseInt(layout[1]), placement(parts[1]), reAudits,
                              parts.length == 4 ? placement(parts[3]) : reAudits);
        }

        private static SparkDebiasOptions.Placement placement(String text) {
            return SparkDebiasOptions.Placement.valueOf(text.trim().toUpperCase(Locale.ROOT));
        }

        String label() {
            return executors + " x " + threads + ", Fisher on the " + name(curvatureOn) + ", re-audits on the " + name(reAuditsOn)
                   + ", first audit on the " + name(firstAuditOn);
        }

        String file() {
            return executors + "x" + threads + "-" + name(curvatureOn) + "-" + name(reAuditsOn) + "-" + name(firstAuditOn);
        }

        private static String name(SparkDebiasOptions.Placement p) {
            return p.name().toLowerCase(Locale.ROOT);
        }
    }

    /** One run's row. */
    record Row(String configuration, double wallSeconds, double stageSeconds, double stageRatio, double wallRatio, int unlearned,
               boolean sameSamples, double parameterDifference, String fisherGradientRows, String driverExampleRows,
               Map<String, Double> stages) {}

    /**
     * Runs the benchmark.
     * @param args see the class description.
     * @throws Exception on failure.
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> o = new TreeMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--quick")) {
                o.put("quick", "true");
            } else if (a.startsWith("--") && i + 1 < args.length) {
                o.put(a.substring(2), args[++i]);
            } else {
                throw new IllegalArgumentException("Unknown argument '" + a + "'; see the class description");
            }
        }
        boolean quick = o.containsKey("quick");
        int syntheticUsers = Integer.parseInt(o.getOrDefault("synthetic-users", "0"));
        int singleRuns = Integer.parseInt(o.getOrDefault("single-runs", "2"));
        if (quick && syntheticUsers > 0) {
            throw new IllegalArgumentException("--quick and --synthetic-users choose different data; pass one");
        }
        if (singleRuns < 1) {
            throw new IllegalArgumentException("--single-runs must be at least 1, found " + singleRuns);
        }
        long seed = Long.parseLong(o.getOrDefault("seed", "1"));
        int executorMb = Integer.parseInt(o.getOrDefault("executor-memory-mb", quick ? "768" : "2048"));
        Path out = Files.createDirectories(Path.of(o.getOrDefault("out", "target/spark-debias")));
        Path cache = o.containsKey("model-cache") ? Path.of(o.get("model-cache")) : null;
        List<Config> configs = new ArrayList<>();
        for (String spec : o.getOrDefault("runs", "1x2:executors:executors,1x2:driver:driver,2x1:executors:executors").split(",")) {
            configs.add(Config.parse(spec));
        }
        Map<String, Double> singleStageMap = Map.of();
        Map<String, String> numerics = new TreeMap<>();
        for (String v : LocalClusters.NUMERICS_ENV) {
            if (System.getenv(v) == null) {
                log("WARNING: %s is not set: the CPU numerics are not pinned (run with the fudlr launcher's settings)", v);
            } else {
                numerics.put(v, System.getenv(v));
            }
        }

        long t0 = System.nanoTime();
        SampleSplits splits = quick
            ? MovieLensDataSource.splits(MovieLensDataSource.synthetic(dev.fudlr.data.SyntheticGenerator.Config.defaults().withSizes(300, 150, 8, 20)),
                                         new SampleBuilder())
            : syntheticUsers > 0
            ? MovieLensDataSource.splits(MovieLensDataSource.synthetic(dev.fudlr.data.SyntheticGenerator.Config.defaults().withSeed(seed)
                                                                           .withSizes(syntheticUsers, 2000, 20, 64)), new SampleBuilder())
            : MovieLensDataSource.splits(MovieLensFormat.ML_100K, Path.of(o.getOrDefault("data", "../shared/data/ml-100k")), new SampleBuilder());
        double readSeconds = since(t0);
        List<Example<Label>> train = splits.train();
        LmRecommenderTrainer trainer = quick
            ? LmRecommenderTrainer.builder().embeddingDim(8).numLayers(1).numHeads(2).ffnDim(16).maxHistory(10).loraRank(2).loraAlpha(4)
                .pretrainEpochs(1).epochs(1).batchSize(32).learningRate(1e-2).seed(seed).device("cpu").build()
            : syntheticUsers > 0
            // SparkOverheadBenchmark's synthetic model (the same cache entry).
            ? LmRecommenderTrainer.builder().seed(seed).pretrainEpochs(0).epochs(1).device("cpu").build()
            : LmRecommenderTrainer.builder().seed(seed).device("cpu").build();
        byte[] bytes = SparkOverheadBenchmark.baseModel(cache, trainer, train, seed,
                                                        quick ? "debias-quick" : syntheticUsers > 0 ? "synthetic" : "tiny", numerics);
        Path modelFile = out.resolve("model.fudlr");
        Files.write(modelFile, bytes);
        Path[] log = writeLog(out, splits);
        Path config = o.containsKey("config") ? Path.of(o.get("config")) : quick ? Files.writeString(out.resolve("quick.xml"), QUICK_CONFIG) : null;
        log("%d training samples (read in %.1f s); inputs in %s", train.size(), readSeconds, out);

        // The single JVM: the model's own samples, the default FUDLR settings; twice, the second (warm JIT, as the
        // driver is for the Spark runs after it) is the reference.
        double[] base = null;
        double[] single = null;
        List<String> singleIds = null;
        List<String> firstIds = null;
        double singleStages = 0;
        double singleWall = 0;
        List<Row> rows = new ArrayList<>();
        for (int rep = 0; rep < singleRuns; rep++) {
            try (DjlRecommenderModel model = ModelFiles.load(bytes, modelFile, DjlRecommenderModel.class)) {
                base = model.trainableParametersAsDouble();
                long t = System.nanoTime();
                PostTrainingResult<Label> r = SparkDebias.transformer(config, null).transform(model, dataset(train), dataset(splits.validation()));
                singleWall = since(t) + readSeconds;
                FudlrReport report = (FudlrReport) r.report();
                singleIds = report.unlearnedIds();
                singleStages = sum(report.stageSeconds());
                singleStageMap = report.stageSeconds();
                single = ((DjlRecommenderModel) r.model()).trainableParametersAsDouble();
                ((DjlRecommenderModel) r.model()).close();
            }
            log("single JVM run %d: %.1f s (stages %.1f s, reading %.1f s), %d unlearned", rep + 1, singleWall, singleStages, readSeconds,
                singleIds.size());
            if (rep == 0 && singleRuns > 1) {
                firstIds = singleIds;
                rows.add(new Row("single JVM, 2 threads, first (cold)", singleWall, singleStages, Double.NaN, Double.NaN, singleIds.size(), true,
                                 0.0, "-", "-", singleStageMap));
            }
        }
        if (firstIds != null && !singleIds.equals(firstIds)) {
            throw new IllegalStateException("Two single-JVM debiases of the same model unlearned different samples: the numerics are not pinned");
        }
        final double warmStages = singleStages;
        rows.add(new Row(singleRuns > 1 ? "single JVM, 2 threads, last" : "single JVM, 2 threads", singleWall, singleStages, 1.0, 1.0, singleIds.size(), true, 0.0, "-", "-",
                         singleStageMap));
        if (singleRuns > 1) {
            Row firstRow = rows.get(0);
            rows.set(0, new Row(firstRow.configuration(), firstRow.wallSeconds(), firstRow.stageSeconds(), firstRow.stageSeconds() / warmStages,
                                firstRow.wallSeconds() / singleWall, firstRow.unlearned(), true, 0.0, "-", "-", firstRow.stages()));
        }
        for (Config c : configs) {
            Map<String, String> env = new TreeMap<>(numerics);
            env.put("OMP_NUM_THREADS", Integer.toString(c.threads()));
            long ts = System.nanoTime();
            SparkSession spark = LocalClusters.start("SparkDebiasBenchmark", c.executors(), executorMb, env, 180);
            log("%s: session started in %.1f s", c.label(), since(ts));
            try {
                Path result = out.resolve("debiased-" + c.file() + ".fudlr");
                long t = System.nanoTime();
                List<String> a = new ArrayList<>(List.of("--model", modelFile.toString(), "--interactions", log[0].toString(), "--users",
                    log[1].toString(), "--out", result.toString(), "--force", "--curvature-on", c.curvatureOn().name().toLowerCase(Locale.ROOT),
                    "--re-audits-on", c.reAuditsOn().name().toLowerCase(Locale.ROOT), "--first-audit-on",
                    c.firstAuditOn().name().toLowerCase(Locale.ROOT)));
                if (config != null) {
                    a.addAll(List.of("--config", config.toString()));
                }
                PostTrainingResult<Label> r = SparkDebias.run(spark, SparkDebiasOptions.parse(a.toArray(new String[0])));
                double wall = since(t);
                FudlrReport report = (FudlrReport) r.report();
                double stages = sum(report.stageSeconds());
                double[] theta = ((DjlRecommenderModel) r.model()).trainableParametersAsDouble();
                Map<String, ?> facts = ((com.oracle.labs.mlrg.olcut.provenance.MapProvenance<?>) r.model().getProvenance()
                    .getInstanceProvenance().getMap().get(dev.fudlr.debias.ReportKey.EXECUTION.key())).getMap();
                ((DjlRecommenderModel) r.model()).close();
                rows.add(new Row(c.label(), wall, stages, stages / singleStages, wall / singleWall, report.unlearnedIds().size(),
                                 report.unlearnedIds().equals(singleIds), relativeDifference(base, single, theta),
                                 String.valueOf(facts.get("spark.stage.fisher-gradients.rows")),
                                 String.valueOf(facts.get("spark.stage.driver-examples.rows")), report.stageSeconds()));
                log("%s: %.1f s (stages %.1f s), same samples %s", c.label(), wall, stages, report.unlearnedIds().equals(singleIds));
            } finally {
                spark.stop();
            }
        }
        String table = table(train.size(), rows);
        System.out.println(table);
        Files.writeString(out.resolve("spark-debias.md"), table, StandardCharsets.UTF_8);
        Files.writeString(out.resolve("spark-debias.csv"), csv(rows), StandardCharsets.UTF_8);
        log("written %s", out.resolve("spark-debias.csv"));
    }

    /** The log (user, item, timestamp, rating) and the user table (user, gender, age, occupation) as CSV. */
    static Path[] writeLog(Path dir, SampleSplits splits) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("user,item,timestamp,rating");
        for (Interaction x : splits.ratings().interactions()) {
            lines.add(x.user() + "," + x.item() + "," + x.timestamp() + "," + x.rating());
        }
        Path log = Files.write(dir.resolve("interactions.csv"), lines);
        List<String> users = new ArrayList<>();
        users.add("user,gender,age,occupation");
        for (UserInfo u : splits.ratings().users().values()) {
            users.add(u.id() + "," + text(u.gender()) + "," + text(u.age()) + "," + text(u.occupation()));
        }
        return new Path[]{log, Files.write(dir.resolve("users.csv"), users)};
    }

    /** Largest |theta_spark - theta_single| over the single JVM's largest step component. */
    static double relativeDifference(double[] base, double[] single, double[] spark) {
        double step = 0;
        double diff = 0;
        for (int j = 0; j < base.length; j++) {
            step = Math.max(step, Math.abs(single[j] - base[j]));
            diff = Math.max(diff, Math.abs(spark[j] - single[j]));
        }
        return step == 0 ? diff : diff / step;
    }

    static String table(int n, List<Row> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Whole debias, n = %,d training samples, default FUDLR settings%n%n", n));
        sb.append("| configuration | whole run s | FUDLR stages s | stages / single JVM | whole / single JVM | unlearned | same samples | "
                  + "parameter difference / step | Fisher gradients on executors | examples sent to the driver |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---|---:|---:|---:|\n");
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.2fx | %.2fx | %d | %s | %.1e | %s | %s |%n", r.configuration(),
                                    r.wallSeconds(), r.stageSeconds(), r.stageRatio(), r.wallRatio(), r.unlearned(),
                                    r.sameSamples() ? "yes" : "no", r.parameterDifference(), dash(r.fisherGradientRows()),
                                    dash(r.driverExampleRows())));
        }
        // FUDLR's stages, seconds per run.
        List<String> names = new ArrayList<>(rows.get(rows.size() - 1).stages().keySet());
        sb.append("\n| configuration | ").append(String.join(" | ", names)).append(" |\n|---|");
        sb.append("---:|".repeat(names.size())).append('\n');
        for (Row r : rows) {
            sb.append("| ").append(r.configuration());
            for (String stage : names) {
                sb.append(String.format(Locale.ROOT, " | %.2f", r.stages().getOrDefault(stage, Double.NaN)));
            }
            sb.append(" |\n");
        }
        return sb.toString();
    }

    static String csv(List<Row> rows) {
        StringBuilder sb = new StringBuilder("configuration,wall_seconds,stage_seconds,stage_ratio,wall_ratio,unlearned,same_samples,"
                                             + "parameter_difference,fisher_gradient_rows,driver_example_rows\n");
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "\"%s\",%.3f,%.3f,%.4f,%.4f,%d,%s,%.3e,%s,%s%n", r.configuration(), r.wallSeconds(),
                                    r.stageSeconds(), r.stageRatio(), r.wallRatio(), r.unlearned(), r.sameSamples(), r.parameterDifference(),
                                    dash(r.fisherGradientRows()), dash(r.driverExampleRows())));
        }
        return sb.toString();
    }

    private static String dash(String s) {
        return s == null || s.equals("null") ? "-" : s;
    }

    private static double sum(Map<String, Double> seconds) {
        return seconds.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    private static MutableDataset<Label> dataset(List<Example<Label>> examples) {
        LabelFactory f = new LabelFactory();
        return new MutableDataset<>(new ListDataSource<>(examples, f, new SimpleDataSourceProvenance("spark debias benchmark",
            OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC), f)));
    }

    private static String text(Object o) {
        return o == null ? "" : o.toString();
    }

    private static double since(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static void log(String format, Object... args) {
        System.err.println("[spark-debias] " + String.format(Locale.ROOT, format, args));
    }
}
