/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.spark.bench;

import ai.djl.ndarray.NDArray;
import dev.fudlr.data.MovieLensDataSource;
import dev.fudlr.data.MovieLensFormat;
import dev.fudlr.data.SampleBuilder;
import dev.fudlr.data.SyntheticGenerator;
import dev.fudlr.influence.GradientEngine;
import dev.fudlr.influence.RecommenderObjectives;
import dev.fudlr.model.DjlRecommenderModel;
import dev.fudlr.model.LmRecommenderTrainer;
import dev.fudlr.model.ModelFiles;
import dev.fudlr.spark.ClusterFacts;
import dev.fudlr.spark.DirectionalEffects;
import dev.fudlr.spark.Fixture;
import dev.fudlr.spark.LocalClusters;
import dev.fudlr.spark.ModelBroadcast;
import dev.fudlr.spark.SampleRows;
import dev.fudlr.spark.SparkGradients;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
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
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * The Spark overhead of FUDLR's per-sample passes (issue 25): in one run, on the same model, samples and directions,
 * <ol>
 *     <li>the single-JVM engine in this JVM: {@link GradientEngine#directionalDerivatives} over all training samples
 *     (exact mode, K random unit directions, with the gradient sum) twice, and one {@link GradientEngine#gradient} over
 *     all samples;</li>
 *     <li>the same two passes through {@link SparkGradients} on {@code local-cluster} with one executor JVM
 *     ({@code OMP_NUM_THREADS=2}), then with two executor JVMs ({@code OMP_NUM_THREADS=1} each), one task slot per
 *     executor.</li>
 * </ol>
 * Each pass's wall seconds exclude the session's start-up (reported apart) and the samples' DataFrame (built and
 * cached before, reported apart); the model broadcast is reported apart, and the first directional pass of each session
 * includes the executors' first model load (libtorch's start, deserialization and checks, {@code ExecutorModels}) and
 * JIT warm-up, which the second one does not (the single JVM's first pass has the JIT warm-up only). The per-sample values are
 * compared with the single-JVM ones (max absolute difference: the libtorch thread count differs between the
 * configurations, so it is reported, not asserted). A cost model {@code T(k) = fixed + perSample * n / k} is fitted
 * from the two Spark points; on 2 cores both points use both cores (1 x 2 threads, 2 x 1 thread).
 * <p>
 * The driver JVM must run with the pinned CPU numerics of the {@code fudlr} launcher ({@code ATEN_CPU_CAPABILITY=avx2},
 * {@code MKL_CBWR=AVX2,STRICT}, {@code ONEDNN_MAX_CPU_ISA=AVX2}, {@code MKL_DYNAMIC=FALSE}, {@code OMP_NUM_THREADS=2});
 * they are passed on to the executors with {@code spark.executorEnv.*}, with each configuration's thread count. The
 * workers need {@code SPARK_HOME} and {@code SPARK_SCALA_VERSION=2.13} ({@link LocalClusters}).
 * <p>
 * Usage: {@code SparkOverheadBenchmark [--data ../shared/data/ml-100k] [--out target/spark-overhead] [--model-cache DIR]
 * [--seed 1] [--directions 2] [--direction-seed 42] [--chunk 256] [--partitions 8] [--executor-memory-mb 2048] [--quick]
 * [--synthetic-users U] [--one-pass]}.
 * {@code --quick}: small synthetic data (about 3,000 training samples) and a small model, a few seconds per pass.
 * {@code --synthetic-users U}: instead of ML-100K, synthetic data of U users with 20-64 interactions each over 2,000
 * items (about 40 training samples per user: 25,000 users give about 1M) and the default tiny transformer after one
 * LoRA epoch (the pass costs the same whatever the training). {@code --one-pass}: one directional pass per
 * configuration, no second pass and no gradient sum (for large n, where the first pass's warm-up is amortised).
 */
public final class SparkOverheadBenchmark {

    private static final List<String> VALUED = List.of("data", "out", "model-cache", "seed", "directions", "direction-seed", "chunk",
                                                       "partitions", "executor-memory-mb", "synthetic-users");
    private static final List<String> FLAGS = List.of("quick", "one-pass");

    /** The passes: the directional pass twice (the first one with the executors' first model load), then one gradient sum. */
    static final String DIR_FIRST = "directional 1st";
    static final String DIR_REPEAT = "directional 2nd";
    static final String SUM = "gradient sum";

    private SparkOverheadBenchmark() {}

    /** One measured pass. */
    record Pass(String configuration, String master, int executors, int threads, String pass, long n, int partitions, double seconds,
                double ratio, double maxAbsDiff, double sumRelErr, String kernel) {}

    /** A Spark configuration's set-up times. */
    record Setup(String configuration, double startSeconds, double broadcastSeconds, double dataFrameSeconds, int executorsSeen) {}

    /** The benchmark's results. */
    record Result(long n, int parameters, List<Pass> passes, List<Setup> setups, String table) {}

    public static void main(String[] args) throws Exception {
        Map<String, String> o = parse(args);
        Result r = run(o);
        System.out.println(r.table());
    }

    static Map<String, String> parse(String[] args) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("Unexpected argument '" + args[i] + "' (options start with --)");
            }
            String k = args[i].substring(2);
            if (FLAGS.contains(k)) {
                m.put(k, "true");
            } else if (!VALUED.contains(k)) {
                throw new IllegalArgumentException("Unknown option --" + k + " (known: --" + String.join(", --", FLAGS) + ", --"
                                                   + String.join(", --", VALUED) + ")");
            } else if (i + 1 < args.length) {
                m.put(k, args[++i]);
            } else {
                throw new IllegalArgumentException("Option --" + k + " needs a value");
            }
        }
        return m;
    }

    static Result run(Map<String, String> o) throws Exception {
        boolean quick = o.containsKey("quick");
        int syntheticUsers = Integer.parseInt(o.getOrDefault("synthetic-users", "0"));
        if (quick && syntheticUsers > 0) {
            throw new IllegalArgumentException("--quick and --synthetic-users choose different data; pass one");
        }
        int repeats = o.containsKey("one-pass") ? 1 : 2;
        long seed = Long.parseLong(o.getOrDefault("seed", "1"));
        int kDirs = Integer.parseInt(o.getOrDefault("directions", "2"));
        long dirSeed = Long.parseLong(o.getOrDefault("direction-seed", "42"));
        int chunk = Integer.parseInt(o.getOrDefault("chunk", "256"));
        int partitions = Integer.parseInt(o.getOrDefault("partitions", "8"));
        int executorMb = Integer.parseInt(o.getOrDefault("executor-memory-mb", quick ? "768" : "2048"));
        Path out = Path.of(o.getOrDefault("out", "target/spark-overhead"));
        Path cache = o.containsKey("model-cache") ? Path.of(o.get("model-cache")) : null;
        Map<String, String> numerics = new TreeMap<>();
        for (String v : LocalClusters.NUMERICS_ENV) {
            String val = System.getenv(v);
            if (val == null) {
                log("WARNING: %s is not set: the CPU numerics are not pinned (run with the fudlr launcher's settings)", v);
            } else {
                numerics.put(v, val);
            }
        }
        int driverThreads = Integer.parseInt(numerics.getOrDefault("OMP_NUM_THREADS", "0"));

        long t0 = System.nanoTime();
        List<Example<Label>> train = quick
            ? MovieLensDataSource.splits(MovieLensDataSource.synthetic(SyntheticGenerator.Config.defaults().withSizes(300, 150, 8, 20)),
                                         new SampleBuilder(5, 0, 3)).train()
            : syntheticUsers > 0
            ? MovieLensDataSource.splits(MovieLensDataSource.synthetic(SyntheticGenerator.Config.defaults().withSeed(seed)
                                                                           .withSizes(syntheticUsers, 2000, 20, 64)), new SampleBuilder()).train()
            : MovieLensDataSource.splits(MovieLensFormat.ML_100K, Path.of(o.getOrDefault("data", "../shared/data/ml-100k")),
                                         new SampleBuilder()).train();
        int n = train.size();
        log("%d training samples read in %.1f s", n, since(t0));

        LmRecommenderTrainer trainer = quick
            ? LmRecommenderTrainer.builder().embeddingDim(8).numLayers(1).numHeads(2).ffnDim(16).maxHistory(5).loraRank(2).loraAlpha(4)
                .pretrainEpochs(1).epochs(1).batchSize(32).learningRate(1e-2).seed(seed).device("cpu").build()
            : syntheticUsers > 0
            ? LmRecommenderTrainer.builder().seed(seed).pretrainEpochs(0).epochs(1).device("cpu").build()
            : LmRecommenderTrainer.builder().seed(seed).device("cpu").build();
        byte[] bytes = baseModel(cache, trainer, train, seed, quick ? "quick" : syntheticUsers > 0 ? "synthetic" : "tiny", numerics);
        DjlRecommenderModel model = ModelFiles.load(bytes, Path.of("spark-overhead-base.model"), DjlRecommenderModel.class);
        int p = model.numTrainableParameters();
        double[][] dirs = unitDirections(kDirs, p, dirSeed);
        log("model: %d trainable parameters, %d bytes; %d directions", p, bytes.length, kDirs);

        List<Pass> passes = new ArrayList<>();
        List<Setup> setups = new ArrayList<>();

        // 1. Single JVM: the directional pass twice (the first one warms the JIT; the model is already loaded), one sum.
        double[][] ref = null;
        double[] refSum = null;
        double[] refGrad;
        String kernel = null;
        double[] singleDir = new double[2];
        for (int rep = 0; rep < repeats; rep++) {
            long t = System.nanoTime();
            try (GradientEngine engine = new GradientEngine(RecommenderObjectives.space(model), model.manager(), chunk)) {
                NDArray[] v = new NDArray[kDirs];
                for (int k = 0; k < kDirs; k++) {
                    v[k] = engine.space().fromHost(engine.vectors(), dirs[k]);
                }
                double[] sum = new double[p];
                double[][] d = engine.directionalDerivatives(RecommenderObjectives.loss(model, train), GradientEngine.range(n), v,
                                                             GradientEngine.DirectionalMode.EXACT, null, sum);
                kernel = String.valueOf(engine.lastDirectionalKernel());
                if (ref == null) {
                    ref = d;
                    refSum = sum;
                } else if (maxAbsDiff(d, ref) != 0 || Fixture.relativeError(sum, refSum) != 0) {
                    throw new IllegalStateException("Two single-JVM passes differ: the CPU numerics are not deterministic");
                }
            }
            singleDir[rep] = since(t);
            log("single JVM directional pass %d: %.2f s (%s kernel)", rep + 1, singleDir[rep], kernel);
        }
        double singleSum = Double.NaN;
        refGrad = null;
        if (repeats > 1) {
            long ts = System.nanoTime();
            try (GradientEngine engine = new GradientEngine(RecommenderObjectives.space(model), model.manager(), chunk)) {
                refGrad = engine.space().toHost(engine.gradient(RecommenderObjectives.loss(model, train), GradientEngine.range(n), 1.0, null));
            }
            singleSum = since(ts);
            log("single JVM gradient sum: %.2f s", singleSum);
        }
        passes.add(new Pass("single JVM", "-", 0, driverThreads, DIR_FIRST, n, 1, singleDir[0], 1.0, 0, 0, kernel));
        if (repeats > 1) {
            passes.add(new Pass("single JVM", "-", 0, driverThreads, DIR_REPEAT, n, 1, singleDir[1], 1.0, 0, 0, kernel));
            passes.add(new Pass("single JVM", "-", 0, driverThreads, SUM, n, 1, singleSum, 1.0, 0, 0, "-"));
        }

        // 2. and 3. Spark local-cluster with 1 executor x 2 threads and 2 executors x 1 thread.
        int cores = Math.max(1, driverThreads);
        for (int executors : new int[]{1, 2}) {
            int threads = Math.max(1, cores / executors);
            Map<String, String> env = new TreeMap<>(numerics);
            env.put("OMP_NUM_THREADS", Integer.toString(threads));
            String name = executors + " executor" + (executors > 1 ? "s" : "") + " x " + threads + " thread" + (threads > 1 ? "s" : "");
            long t = System.nanoTime();
            SparkSession spark = LocalClusters.start("SparkOverheadBenchmark-" + executors, executors, executorMb, env, 180);
            double start = since(t);
            String master = spark.sparkContext().master();
            try {
                t = System.nanoTime();
                ModelBroadcast broadcast = ModelBroadcast.of(JavaSparkContext.fromSparkContext(spark.sparkContext()), model);
                double bc = since(t);
                t = System.nanoTime();
                Dataset<Row> samples = SampleRows.toDataFrame(spark, train).cache();
                long count = samples.count();
                double df = since(t);
                if (count != n) {
                    throw new IllegalStateException("The DataFrame holds " + count + " samples, not " + n);
                }
                int chunksPerPartition = Math.max(1, (int) Math.ceil((double) ((n + chunk - 1) / chunk) / partitions));
                ClusterFacts.Recorder recorder = new ClusterFacts.Recorder();
                SparkGradients g = new SparkGradients(spark, broadcast, chunk, chunksPerPartition, recorder);
                log("%s: started in %.1f s, broadcast %.2f s, DataFrame %.1f s, %d chunks per partition", name, start, bc, df, chunksPerPartition);

                ClusterFacts facts = null;
                for (int rep = 0; rep < repeats; rep++) {
                    t = System.nanoTime();
                    DirectionalEffects e = g.directionalDerivatives(samples, dirs, GradientEngine.DirectionalMode.EXACT, true);
                    double dir = since(t);
                    facts = recorder.snapshot(spark.sparkContext());
                    int parts = facts.stages().get(facts.stages().size() - 1).partitions();
                    passes.add(new Pass(name, master, executors, threads, rep == 0 ? DIR_FIRST : DIR_REPEAT, n, parts, dir, dir / singleDir[rep],
                                        maxAbsDiff(e.values(), ref), Fixture.relativeError(e.gradientSum(), refSum), String.valueOf(e.kernel())));
                    log("%s: directional pass %d %.2f s (x%.2f)", name, rep + 1, dir, dir / singleDir[rep]);
                }
                if (repeats > 1) {
                    t = System.nanoTime();
                    double[] sum = g.gradientSum(samples, null, null);
                    double gs = since(t);
                    facts = recorder.snapshot(spark.sparkContext());
                    passes.add(new Pass(name, master, executors, threads, SUM, n, facts.stages().get(facts.stages().size() - 1).partitions(), gs,
                                        gs / singleSum, 0, Fixture.relativeError(sum, refGrad), "-"));
                    log("%s: gradient sum %.2f s (x%.2f)", name, gs, gs / singleSum);
                }
                setups.add(new Setup(name, start, bc, df, facts.executors()));
                samples.unpersist();
                broadcast.destroy();
            } finally {
                spark.stop();
            }
        }
        model.close();

        String table = table(n, p, passes, setups);
        Files.createDirectories(out);
        Files.writeString(out.resolve("spark-overhead.csv"), csv(passes, setups), StandardCharsets.UTF_8);
        Files.writeString(out.resolve("spark-overhead.md"), table, StandardCharsets.UTF_8);
        log("written %s", out.resolve("spark-overhead.csv"));
        return new Result(n, p, passes, setups, table);
    }

    /** The base model's bytes from the cache (keyed by seed, n, the trainer's settings and the numerics) or trained. */
    static byte[] baseModel(Path cache, LmRecommenderTrainer trainer, List<Example<Label>> train, long seed, String label,
                            Map<String, String> numerics) throws IOException {
        String keyText = "trainer=" + new TreeMap<>(trainer.getProvenance().getConfiguredParameters()) + "\nn=" + train.size() + "\nnumerics="
            + numerics + "\n";
        String name = String.format(Locale.ROOT, "spark-overhead-%s-seed%d-n%d-%s.model", label, seed, train.size(),
                                    sha256(keyText).substring(0, 12));
        Path file = cache == null ? null : cache.resolve(name);
        if (file != null && Files.exists(file)) {
            log("model cache: read %s", file);
            return Files.readAllBytes(file);
        }
        LabelFactory f = new LabelFactory();
        MutableDataset<Label> data = new MutableDataset<>(new ListDataSource<>(train, f, new SimpleDataSourceProvenance("spark overhead train",
            OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC), f)));
        long t = System.nanoTime();
        DjlRecommenderModel m = trainer.trainTransformer(data);
        log("base model trained in %.1f s", since(t));
        byte[] bytes = m.serialize().toByteArray();
        m.close();
        if (file != null) {
            Files.createDirectories(cache);
            Path tmp = Files.createTempFile(cache, "spark-overhead", ".tmp");
            Files.write(tmp, bytes);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            Files.writeString(cache.resolve(name.replace(".model", ".key.txt")), keyText, StandardCharsets.UTF_8);
            log("model cache: wrote %s", file);
        }
        return bytes;
    }

    /** K seeded random unit directions of length p. */
    static double[][] unitDirections(int k, int p, long seed) {
        Random r = new Random(seed);
        double[][] out = new double[k][p];
        for (double[] v : out) {
            double norm = 0;
            for (int j = 0; j < p; j++) {
                v[j] = r.nextGaussian();
                norm += v[j] * v[j];
            }
            norm = Math.sqrt(norm);
            for (int j = 0; j < p; j++) {
                v[j] /= norm;
            }
        }
        return out;
    }

    static double maxAbsDiff(double[][] a, double[][] b) {
        if (a.length != b.length) {
            throw new IllegalStateException(a.length + " rows against " + b.length);
        }
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            for (int k = 0; k < b[i].length; k++) {
                m = Math.max(m, Math.abs(a[i][k] - b[i][k]));
            }
        }
        return m;
    }

    /**
     * The cost model {@code T(k) = fixed + perSample * n / k} through the two Spark points (k = 1, 2).
     * @return {fixed seconds, perSample * n seconds}.
     */
    static double[] fit(double t1, double t2) {
        return new double[]{2 * t2 - t1, 2 * (t1 - t2)};
    }

    static String table(long n, int p, List<Pass> passes, List<Setup> setups) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "n = %,d training samples, p = %,d trainable parameters%n%n", n, p));
        sb.append("| configuration | pass | partitions | seconds | x single JVM | max abs diff of g_i.v_k | sum rel. error |\n");
        sb.append("|---|---|---:|---:|---:|---:|---:|\n");
        for (Pass x : passes) {
            sb.append(String.format(Locale.ROOT, "| %s | %s | %d | %.2f | %.2f | %s | %s |%n", x.configuration(), x.pass(), x.partitions(),
                                    x.seconds(), x.ratio(), x.executors() == 0 || x.pass().equals(SUM) ? "-" : sci(x.maxAbsDiff()),
                                    x.executors() == 0 ? "-" : sci(x.sumRelErr())));
        }
        sb.append("\n| configuration | session start s | model broadcast s | samples DataFrame (cached) s |\n|---|---:|---:|---:|\n");
        for (Setup s : setups) {
            sb.append(String.format(Locale.ROOT, "| %s | %.1f | %.2f | %.1f |%n", s.configuration(), s.startSeconds(), s.broadcastSeconds(),
                                    s.dataFrameSeconds()));
        }
        sb.append("\nCost model T(k) = fixed + perSample * n / k through the two Spark points:\n\n| pass | fixed s | perSample * n s | per sample ms |\n|---|---:|---:|---:|\n");
        for (String pass : List.of(DIR_FIRST, DIR_REPEAT, SUM)) {
            if (passes.stream().noneMatch(x -> x.executors() == 1 && x.pass().equals(pass))) {
                continue; // --one-pass: the first pass only
            }
            double t1 = seconds(passes, 1, pass);
            double t2 = seconds(passes, 2, pass);
            double[] c = fit(t1, t2);
            sb.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.4f |%n", pass, c[0], c[1], 1000 * c[1] / n));
        }
        sb.append("\nBoth Spark points use the machine's cores (1 executor x 2 threads, 2 executors x 1 thread): on 2 cores, k = 2 cannot\n"
                  + "show more than 2 cores' worth, so the fit separates per-JVM fixed costs from per-sample work at a constant core count.\n");
        return sb.toString();
    }

    private static double seconds(List<Pass> passes, int executors, String pass) {
        return passes.stream().filter(x -> x.executors() == executors && x.pass().equals(pass)).findFirst().orElseThrow().seconds();
    }

    static String csv(List<Pass> passes, List<Setup> setups) {
        StringBuilder sb = new StringBuilder(
            "configuration,master,executors,omp_threads,pass,n,partitions,seconds,ratio_to_single_jvm,max_abs_diff,sum_rel_error,kernel,"
            + "session_start_s,broadcast_s,dataframe_s\n");
        for (Pass x : passes) {
            Setup s = setups.stream().filter(y -> y.configuration().equals(x.configuration())).findFirst().orElse(null);
            sb.append(String.format(Locale.ROOT, "%s,%s,%d,%d,%s,%d,%d,%.4f,%.4f,%s,%s,%s,%s,%s,%s%n", field(x.configuration()),
                                    field(x.master()), x.executors(),
                                    x.threads(), field(x.pass()), x.n(), x.partitions(), x.seconds(), x.ratio(), x.maxAbsDiff(), x.sumRelErr(), x.kernel(),
                                    s == null ? "" : String.format(Locale.ROOT, "%.3f", s.startSeconds()),
                                    s == null ? "" : String.format(Locale.ROOT, "%.3f", s.broadcastSeconds()),
                                    s == null ? "" : String.format(Locale.ROOT, "%.3f", s.dataFrameSeconds())));
        }
        return sb.toString();
    }

    /** A CSV field, quoted when it holds a comma or a quote (the master URL does). */
    static String field(String s) {
        return s.indexOf(',') < 0 && s.indexOf('"') < 0 ? s : '"' + s.replace("\"", "\"\"") + '"';
    }

    private static String sci(double v) {
        return v == 0 ? "0" : String.format(Locale.ROOT, "%.1e", v);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double since(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static void log(String format, Object... args) {
        System.err.printf(Locale.ROOT, "[SparkOverheadBenchmark] " + format + "%n", args);
    }
}
