/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.bench;

import dev.fudlr.model.djl.Devices;
import dev.fudlr.data.MovieLensDataSource;
import dev.fudlr.data.MovieLensFormat;
import dev.fudlr.data.SampleBuilder;
import dev.fudlr.data.SampleSplits;
import dev.fudlr.data.SyntheticGenerator;
import dev.fudlr.model.DjlRecommenderModel;
import dev.fudlr.model.LmRecommenderTrainer;
import org.tribuo.Dataset;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.dataset.DatasetView;
import org.tribuo.datasource.ListDataSource;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * What the fidelity and trade-off benchmarks share: options, data, the base model (trained or read from the model
 * cache that {@link DebiasBenchmark} also uses), trainers, datasets with example weights, logging.
 */
final class BenchSupport {

    private BenchSupport() {}

    /** Pre-training epochs of the base model (as in DebiasBenchmark). */
    static final int PRETRAIN_EPOCHS = LmRecommenderTrainer.DEFAULT_PRETRAIN_EPOCHS;
    /** Quick mode's pre-training epochs (as in DebiasBenchmark --quick). */
    static final int QUICK_PRETRAIN_EPOCHS = 4;
    /** LoRA epochs of the base model. */
    static final int EPOCHS = LmRecommenderTrainer.DEFAULT_EPOCHS;

    /**
     * Parses {@code --key value} options; {@code --quick} and the given flags take no value (their value is "true").
     * An option that is neither in {@code valued} nor a flag is refused: a misspelt option would otherwise be ignored
     * and a long benchmark would run with the default in its place.
     * @param args the command line.
     * @param valued the options that take a value.
     * @param flags further options without a value.
     * @return option to value, in command-line order.
     */
    static Map<String, String> parse(String[] args, java.util.List<String> valued, String... flags) {
        java.util.Set<String> noValue = new java.util.HashSet<>(java.util.List.of(flags));
        noValue.add("quick");
        // Every benchmark takes --device (the models' device; default cpu, the device of the published figures).
        valued = new java.util.ArrayList<>(valued);
        if (!valued.contains(DEVICE)) {
            valued.add(DEVICE);
        }
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("Unexpected argument '" + args[i] + "' (options start with --)");
            }
            String k = args[i].substring(2);
            if (noValue.contains(k)) {
                m.put(k, "true");
            } else if (!valued.contains(k)) {
                java.util.List<String> known = new java.util.ArrayList<>(valued);
                known.addAll(noValue);
                java.util.Collections.sort(known);
                throw new IllegalArgumentException("Unknown option --" + k + " (known: --" + String.join(", --", known) + ")");
            } else if (i + 1 < args.length) {
                m.put(k, args[++i]);
            } else {
                throw new IllegalArgumentException("Option --" + k + " needs a value");
            }
        }
        String d = m.getOrDefault(DEVICE, DEFAULT_DEVICE);
        if (!dev.fudlr.model.djl.Devices.isValid(d)) {
            throw new IllegalArgumentException("--device must be auto, cpu, gpu or gpu:<index>, not '" + d + "'");
        }
        device = d;
        return m;
    }

    /** The option naming the models' device. */
    static final String DEVICE = "device";
    /** The device of every published figure. */
    static final String DEFAULT_DEVICE = "cpu";
    private static volatile String device = DEFAULT_DEVICE;

    /** @return the device of the benchmark's models (the last parsed {@code --device}, default cpu). */
    static String device() {
        return device;
    }

    /** The splits of ML-100K at {@code data}, or of the default synthetic data for {@code "synthetic"}. */
    static SampleSplits splits(String data) {
        SampleBuilder builder = new SampleBuilder();
        return "synthetic".equals(data)
            ? MovieLensDataSource.splits(SyntheticGenerator.generate(SyntheticGenerator.Config.defaults()), builder)
            : MovieLensDataSource.splits(MovieLensFormat.ML_100K, Path.of(data), builder);
    }

    /** The benchmark trainer: DebiasBenchmark's settings (the library's default epochs and learning rate, {@link #device()}; quick mode: width 32, FFN 64). */
    static LmRecommenderTrainer trainer(long seed, boolean quick) {
        LmRecommenderTrainer.Builder b = LmRecommenderTrainer.builder().pretrainEpochs(quick ? QUICK_PRETRAIN_EPOCHS : PRETRAIN_EPOCHS)
            .epochs(EPOCHS).seed(seed).device(device());
        if (quick) {
            b.embeddingDim(32).ffnDim(64);
        }
        return b.build();
    }

    /**
     * The base model: read from the {@link ModelCache} in {@code cache} when a model with the same trainer settings,
     * training examples, code and CPU numerics is there, else trained and, with a cache directory, written there.
     * @return the model and its training seconds (NaN when read from the cache).
     */
    static Base base(Path cache, long seed, boolean quick, MutableDataset<Label> train) {
        LmRecommenderTrainer trainer = trainer(seed, quick);
        double[] seconds = {Double.NaN};
        DjlRecommenderModel m = ModelCache.at(cache).getOrTrain("tiny-base-seed" + seed, trainer, train, List.of(), () -> {
            long t0 = System.nanoTime();
            DjlRecommenderModel trained = trainer.trainTransformer(train);
            seconds[0] = (System.nanoTime() - t0) / 1e9;
            log("base model trained in %.1f s", seconds[0]);
            return trained;
        }).model();
        return new Base(m, seconds[0]);
    }

    /** A base model and its training time. */
    record Base(DjlRecommenderModel model, double trainSeconds) {}

    /** The examples whose target the model can rank (items outside its catalogue are left out, as FUDLR's audit does). */
    static List<Example<Label>> inCatalogue(DjlRecommenderModel model, List<Example<Label>> examples) {
        List<Example<Label>> out = new java.util.ArrayList<>();
        for (Example<Label> e : examples) {
            if (model.items().contains(e.getOutput().getLabel())) {
                out.add(e);
            }
        }
        return out;
    }

    /** A Tribuo dataset of the examples (kept as given, weights included). */
    static MutableDataset<Label> dataset(List<Example<Label>> examples, String name) {
        LabelFactory f = new LabelFactory();
        return new MutableDataset<>(new ListDataSource<>(examples, f, new SimpleDataSourceProvenance(name,
            OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC), f)));
    }

    /**
     * The training set with the removed samples weighted 0 and all others 1: the trainer normalises weights to mean 1,
     * so its loss is the mean over the retained samples, while the mini-batch order is that of the full data (paired
     * with the control run, see the fidelity doc).
     */
    static MutableDataset<Label> zeroWeighted(List<Example<Label>> train, int[] removed) {
        boolean[] out = new boolean[train.size()];
        for (int i : removed) {
            out[i] = true;
        }
        List<Example<Label>> copies = new ArrayList<>(train.size());
        for (int i = 0; i < train.size(); i++) {
            Example<Label> c = train.get(i).copy();
            c.setWeight(out[i] ? 0f : 1f);
            copies.add(c);
        }
        return dataset(copies, "train, " + removed.length + " samples weighted 0");
    }

    /**
     * The training set without the removed samples, as a view that keeps the full data's feature and output domains:
     * a cold retraining builds its item catalogue from them, and removing every sample of a rare target item must not
     * shrink the catalogue (the audit data describes the original one).
     */
    static Dataset<Label> without(Dataset<Label> train, int[] removed) {
        boolean[] out = new boolean[train.size()];
        for (int i : removed) {
            out[i] = true;
        }
        int[] kept = IntStream.range(0, train.size()).filter(i -> !out[i]).toArray();
        return new DatasetView<>(train, kept, train.getFeatureIDMap(), train.getOutputIDInfo(), "without " + removed.length + " samples");
    }

    /** Seconds since {@code t0} (System.nanoTime). */
    static double since(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    /** VmHWM of this process. */
    static String peakRss() {
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

    /** Progress to stderr (stdout carries the tables). */
    static void log(String format, Object... args) {
        System.err.printf(Locale.ROOT, "[%tT] " + format + "%n", prepend(new java.util.Date(), args));
    }

    private static Object[] prepend(Object first, Object[] rest) {
        Object[] out = new Object[rest.length + 1];
        out[0] = first;
        System.arraycopy(rest, 0, out, 1, rest.length);
        return out;
    }
}
