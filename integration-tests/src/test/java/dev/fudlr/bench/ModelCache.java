/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.bench;

import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import dev.fudlr.data.SampleEncoding;
import org.tribuo.Dataset;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.Model;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.provenance.DataSourceProvenance;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The benchmarks' cache of trained base models. A model is reused only when everything that decides it is equal, so
 * a result can never come from a stale model: the key is the SHA-256 of
 * <ul>
 *     <li>every configured parameter of the trainer (epochs, learning rate, sizes, seed, ...),</li>
 *     <li>the training examples themselves (sample id, target and features of each, in order: this covers the data
 *     files, the sample builder's settings and any subset),</li>
 *     <li>the starting model when training continues from one (its parameter digest),</li>
 *     <li>the code: the class files of the trainers' modules (core and minilm), so any change of the code that trains
 *     invalidates the cache, and</li>
 *     <li>the CPU numerics settings (docs/reliability.md), which change the trained model.</li>
 * </ul>
 * The file is {@code <label>-<first 16 hex digits of the key>.model}, with the key's text beside it in
 * {@code .key.txt} for a human who wonders why a model was retrained.
 */
final class ModelCache {

    /** Environment variables that change libtorch's CPU arithmetic (pinned by the launcher and the test JVMs). */
    static final List<String> NUMERICS_ENV = List.of("ATEN_CPU_CAPABILITY", "MKL_CBWR", "ONEDNN_MAX_CPU_ISA", "MKL_DYNAMIC", "OMP_NUM_THREADS");

    /**
     * A data source's creation time (e.g. of the catalogue source a hybrid network records in its configuration)
     * differs on every run and decides nothing the file hashes beside it do not; left in, no such model ever hit.
     */
    private static final Pattern CREATION_TIME = Pattern.compile(",?" + Pattern.quote(DataSourceProvenance.DATASOURCE_CREATION_TIME) + "=[^,)]*");

    private static volatile String codeDigest;

    private final Path dir;

    private ModelCache(Path dir) {
        this.dir = dir;
    }

    /**
     * A cache in a directory.
     * @param dir the directory, or null for no cache (every model is trained).
     * @return the cache.
     */
    static ModelCache at(Path dir) {
        return new ModelCache(dir);
    }

    /**
     * Reads the model of this key from the cache, or trains it and stores it.
     * @param label a readable prefix of the file name, e.g. {@code "tiny-base-seed1"}.
     * @param trainer the trainer (its configured parameters enter the key).
     * @param train the training data (its examples enter the key).
     * @param extra further key parts, e.g. a starting model's digest; may be empty.
     * @param training trains the model when it is not cached.
     * @param <M> the model type.
     * @return the model and whether it came from the cache.
     */
    <M extends Model<Label>> Cached<M> getOrTrain(String label, Trainer<Label> trainer, Dataset<Label> train, List<String> extra,
                                                 Supplier<M> training) {
        if (dir == null) {
            return new Cached<>(training.get(), false, null);
        }
        String keyText = keyText(trainer, train, extra);
        Path file = dir.resolve(label + "-" + sha256(keyText).substring(0, 16) + ".model");
        try {
            if (Files.exists(file)) {
                @SuppressWarnings("unchecked")
                M model = (M) Model.deserializeFromFile(file);
                BenchSupport.log("model cache: %s read from %s", label, file);
                return new Cached<>(model, true, file);
            }
            BenchSupport.log("model cache: %s not in the cache (%s); training it", label, file);
            M model = training.get();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, label, ".tmp");
            model.serializeToFile(tmp);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            Files.writeString(dir.resolve(file.getFileName().toString().replace(".model", ".key.txt")), keyText, StandardCharsets.UTF_8);
            BenchSupport.log("model cache: %s written to %s", label, file);
            return new Cached<>(model, false, file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot use the model cache " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The key's text: one {@code name=value} line per part.
     * @param trainer the trainer.
     * @param train the training data.
     * @param extra further parts.
     * @return the text.
     */
    static String keyText(Trainer<Label> trainer, Dataset<Label> train, List<String> extra) {
        StringBuilder sb = new StringBuilder();
        sb.append("trainer=").append(trainer.getClass().getName()).append('\n');
        Map<String, Provenance> params = new TreeMap<>(trainer.getProvenance().getConfiguredParameters());
        params.forEach((k, v) -> sb.append("trainer.").append(k).append('=').append(v).append('\n'));
        sb.append("train.examples=").append(train.size()).append('\n');
        sb.append("train.sha256=").append(dataDigest(train)).append('\n');
        for (String e : extra) {
            sb.append("extra=").append(e).append('\n');
        }
        sb.append("code.sha256=").append(codeDigest()).append('\n');
        for (String v : NUMERICS_ENV) {
            sb.append("env.").append(v).append('=').append(System.getenv().getOrDefault(v, "")).append('\n');
        }
        return CREATION_TIME.matcher(sb).replaceAll("");
    }

    /**
     * SHA-256 of the training examples in order: sample id, target and every feature with its value.
     * @param data the data.
     * @return lower-case hex.
     */
    static String dataDigest(Dataset<Label> data) {
        MessageDigest md = newSha256();
        StringBuilder sb = new StringBuilder(256);
        for (Example<Label> e : data) {
            sb.setLength(0);
            sb.append(SampleEncoding.metadata(e, SampleEncoding.SAMPLE)).append('|').append(e.getOutput().getLabel());
            for (Feature f : e) {
                sb.append('|').append(f.getName()).append(':').append(f.getValue());
            }
            sb.append(':').append(e.getWeight()).append('\n');
            md.update(sb.toString().getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /**
     * SHA-256 of the class files of the modules that train models (core, minilm), by entry name, computed once per JVM.
     * Class files do not hold build times, so a rebuild of the same code keeps the digest.
     * @return lower-case hex.
     */
    static String codeDigest() {
        String d = codeDigest;
        if (d == null) {
            MessageDigest md = newSha256();
            for (Class<?> c : List.of(dev.fudlr.model.LmRecommenderTrainer.class, dev.fudlr.model.minilm.MiniLmRecommenderTrainer.class)) {
                digestCodeSource(c, md);
            }
            d = HexFormat.of().formatHex(md.digest());
            codeDigest = d;
        }
        return d;
    }

    private static void digestCodeSource(Class<?> c, MessageDigest md) {
        try {
            Path location = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
            TreeMap<String, byte[]> classes = new TreeMap<>();
            if (Files.isDirectory(location)) {
                try (Stream<Path> files = Files.walk(location)) {
                    for (Path p : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                        classes.put(location.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
                    }
                }
            } else {
                try (JarFile jar = new JarFile(location.toFile())) {
                    Enumeration<JarEntry> entries = jar.entries();
                    while (entries.hasMoreElements()) {
                        JarEntry e = entries.nextElement();
                        if (e.getName().endsWith(".class")) {
                            try (InputStream in = jar.getInputStream(e)) {
                                classes.put(e.getName(), in.readAllBytes());
                            }
                        }
                    }
                }
            }
            for (Map.Entry<String, byte[]> e : classes.entrySet()) {
                md.update(e.getKey().getBytes(StandardCharsets.UTF_8));
                md.update(e.getValue());
            }
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("Cannot read the code of " + c.getName() + " for the model cache key: " + e.getMessage(), e);
        }
    }

    static String sha256(String text) {
        return HexFormat.of().formatHex(newSha256().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A model from the cache or freshly trained.
     * @param model the model.
     * @param fromCache true when it was read from the cache (its training time is then unknown).
     * @param file the cache file, or null without a cache.
     * @param <M> the model type.
     */
    record Cached<M>(M model, boolean fromCache, Path file) {
    }
}
