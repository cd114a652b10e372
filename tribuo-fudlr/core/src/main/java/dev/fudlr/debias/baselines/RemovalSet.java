/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.debias.baselines;

import dev.fudlr.data.SampleEncoding;
import org.tribuo.Example;
import org.tribuo.classification.Label;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A set S of training sample ids (metadata {@value SampleEncoding#SAMPLE}, e.g. {@code "17:5"}) to remove, kept
 * sorted and without duplicates. The file form is one id per line (UTF-8; blank lines and lines starting with
 * {@code #} are ignored), the same layout as FUDLR's sorted list of unlearned ids, and {@link #sha256()} is the
 * SHA-256 of the sorted ids joined by {@code '\n'}, the digest FUDLR records as {@code fudlr.unlearned-ids-sha256};
 * so a retraining baseline run on FUDLR's selection carries the same digest. Immutable.
 */
public final class RemovalSet {

    private final List<String> ids;

    private RemovalSet(Collection<String> ids) {
        TreeSet<String> sorted = new TreeSet<>();
        for (String id : ids) {
            if (id == null || id.isBlank()) {
                throw new IllegalArgumentException("A removal set cannot contain a blank sample id");
            }
            sorted.add(id.trim());
        }
        this.ids = Collections.unmodifiableList(new ArrayList<>(sorted));
    }

    /**
     * A removal set of the given ids (trimmed, sorted, duplicates dropped).
     * @param ids the sample ids.
     * @return the set.
     * @throws IllegalArgumentException if an id is null or blank.
     */
    public static RemovalSet of(Collection<String> ids) {
        return new RemovalSet(ids);
    }

    /**
     * Reads a removal set file.
     * @param file one id per line.
     * @return the set.
     * @throws IllegalArgumentException if the file cannot be read.
     */
    public static RemovalSet read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read the sample id file " + file + ": " + e, e);
        }
        List<String> ids = new ArrayList<>();
        for (String line : lines) {
            String t = line.strip();
            if (!t.isEmpty() && !t.startsWith("#")) {
                ids.add(t);
            }
        }
        return new RemovalSet(ids);
    }

    /**
     * Writes this set in the file form (sorted ids, one per line).
     * @param file the file (replaced if it exists).
     * @throws IOException if it cannot be written.
     */
    public void write(Path file) throws IOException {
        Files.write(file, ids, StandardCharsets.UTF_8);
    }

    /**
     * This set joined with another.
     * @param other more ids.
     * @return the union.
     */
    public RemovalSet union(RemovalSet other) {
        List<String> all = new ArrayList<>(ids);
        all.addAll(other.ids);
        return new RemovalSet(all);
    }

    /** @return the sorted ids (unmodifiable). */
    public List<String> ids() {
        return ids;
    }

    /** @return |S|. */
    public int size() {
        return ids.size();
    }

    /** @return SHA-256 (hex) of the sorted ids joined by newlines. */
    public String sha256() {
        return Digest.sha256(String.join("\n", ids).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The positions of S's samples in a training list (every example whose sample id is in S).
     * @param train the training examples.
     * @return ascending indices.
     * @throws IllegalArgumentException if an id of S matches no training example (the message lists a few).
     */
    public int[] indicesIn(List<? extends Example<Label>> train) {
        Set<String> wanted = new HashSet<>(ids);
        Set<String> found = new HashSet<>();
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < train.size(); i++) {
            String id = SampleEncoding.metadata(train.get(i), SampleEncoding.SAMPLE);
            if (id != null && wanted.contains(id)) {
                out.add(i);
                found.add(id);
            }
        }
        if (found.size() < ids.size()) {
            List<String> missing = new ArrayList<>();
            for (String id : ids) {
                if (!found.contains(id) && missing.size() < 5) {
                    missing.add(id);
                }
            }
            throw new IllegalArgumentException((ids.size() - found.size()) + " of the " + ids.size()
                                               + " sample ids to remove are not in the training data (metadata '"
                                               + SampleEncoding.SAMPLE + "'), e.g. " + missing);
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RemovalSet && ids.equals(((RemovalSet) o).ids);
    }

    @Override
    public int hashCode() {
        return ids.hashCode();
    }

    @Override
    public String toString() {
        return "RemovalSet(" + ids.size() + " ids, sha256=" + sha256() + ")";
    }
}
