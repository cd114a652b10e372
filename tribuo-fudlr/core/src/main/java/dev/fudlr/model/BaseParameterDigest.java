/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.model;

import ai.djl.ndarray.types.DataType;
import dev.fudlr.model.djl.HostTensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * SHA-256 of the base (non-trainable) part of a recommender: everything its scores depend on besides the trainable
 * parameters theta. Unlearning changes only theta, so this digest is the same before and after debiasing, and a
 * change of any frozen value shows here (the trainable values are covered by their own hash).
 * <p>
 * Entries are grouped (for the tiny transformer: one group per top-level tensor or per layer, e.g.
 * {@code item_embedding}, {@code layer0}; plus {@value #SETTINGS} and {@value #CATALOGUE}), so a mismatch can name
 * what changed. Each group's digest is the SHA-256 of its entries in name order, each entry length-prefixed:
 * <ul>
 *     <li>a tensor: {@code "tensor"}, its name, its dtype ({@code float32}/{@code float64}), its rank and
 *     dimensions (int64), then its values as raw little-endian IEEE bits (every bit counts, NaN payloads
 *     included);</li>
 *     <li>a setting: {@code "setting"}, its name and its value as UTF-8 (doubles as their raw bits in hex, because
 *     {@link Double#toString} differs between JDK releases).</li>
 * </ul>
 * The overall {@link #sha256()} is the SHA-256 of the UTF-8 lines {@code group TAB groupDigest LF} in group order.
 * Immutable.
 */
public final class BaseParameterDigest {

    /** Group of the architecture settings that shape the scores but are not tensors (e.g. LoRA alpha, heads). */
    public static final String SETTINGS = "settings";

    /** Group of the item catalogue: the item ids in score-column order (and item texts where the model reads them). */
    public static final String CATALOGUE = "catalogue";

    private final SortedMap<String, String> groups;
    private final String sha256;

    private BaseParameterDigest(SortedMap<String, String> groups) {
        if (groups.isEmpty()) {
            throw new IllegalArgumentException("A base-parameter digest needs at least one group");
        }
        this.groups = Collections.unmodifiableSortedMap(new TreeMap<>(groups));
        StringBuilder lines = new StringBuilder();
        this.groups.forEach((g, d) -> lines.append(g).append('\t').append(d).append('\n'));
        this.sha256 = hex(newDigest().digest(lines.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * A new builder.
     * @return the builder.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the hex SHA-256 over every group. */
    public String sha256() {
        return sha256;
    }

    /** @return the hex SHA-256 of each group, by group name (sorted, unmodifiable). */
    public SortedMap<String, String> groups() {
        return groups;
    }

    /**
     * The groups whose digest differs from a recorded one (also groups only one side has).
     * @param recorded group name to hex digest, e.g. as recorded in provenance.
     * @return the differing group names, sorted.
     */
    public List<String> changedGroups(Map<String, String> recorded) {
        SortedMap<String, Boolean> names = new TreeMap<>();
        groups.keySet().forEach(g -> names.put(g, true));
        recorded.keySet().forEach(g -> names.put(g, true));
        List<String> out = new ArrayList<>();
        for (String g : names.keySet()) {
            if (!Objects.equals(groups.get(g), recorded.get(g))) {
                out.add(g);
            }
        }
        return out;
    }

    /**
     * The group of a tensor of the tiny transformer: {@code layerN} for the tensors of layer N, the tensor name
     * otherwise ({@code final_norm} for both of its tensors).
     * @param tensorName a full parameter name of {@link dev.fudlr.model.transformer.CausalTransformerBlock}.
     * @return the group name.
     */
    public static String transformerGroup(String tensorName) {
        int cut = tensorName.indexOf('_');
        String head = cut < 0 ? tensorName : tensorName.substring(0, cut);
        if (head.matches("layer\\d+")) {
            return head;
        }
        return tensorName.startsWith("final_norm_") ? "final_norm" : tensorName;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BaseParameterDigest other && groups.equals(other.groups);
    }

    @Override
    public int hashCode() {
        return groups.hashCode();
    }

    @Override
    public String toString() {
        return "BaseParameterDigest(" + sha256 + ", groups " + groups.keySet() + ")";
    }

    /**
     * SHA-256 of a parameter vector as little-endian IEEE doubles: how reports and provenance identify a model's
     * trainable parameters.
     * @param values the values.
     * @return lower-case hex.
     */
    public static String vectorSha256(double[] values) {
        ByteBuffer buf = ByteBuffer.allocate(values.length * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            buf.putDouble(v);
        }
        return hex(newDigest().digest(buf.array()));
    }

    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    /** Collects entries by group; {@link #build()} hashes each group in entry-name order. */
    public static final class Builder {
        // group -> entry name -> what the entry feeds to the group's digest (tensor values are read once, at build)
        private final SortedMap<String, SortedMap<String, Entry>> entries = new TreeMap<>();

        private Builder() {}

        private interface Entry {
            void update(MessageDigest md);
        }

        private void add(String group, String name, Entry e) {
            if (entries.computeIfAbsent(Objects.requireNonNull(group, "group"), g -> new TreeMap<>())
                       .put(Objects.requireNonNull(name, "name"), e) != null) {
                throw new IllegalArgumentException("Entry " + name + " appears twice in group " + group);
            }
        }

        /**
         * Adds a frozen tensor (name, dtype, shape and every value).
         * @param group the group.
         * @param t the tensor (float32 or float64).
         * @return this.
         */
        public Builder tensor(String group, HostTensor t) {
            add(group, t.name(), md -> {
                putString(md, "tensor");
                putString(md, t.name());
                boolean f32 = t.dataType() == DataType.FLOAT32;
                putString(md, f32 ? "float32" : "float64");
                long[] shape = t.shape();
                ByteBuffer dims = ByteBuffer.allocate(Long.BYTES * (shape.length + 1)).order(ByteOrder.LITTLE_ENDIAN);
                dims.putLong(shape.length);
                for (long s : shape) {
                    dims.putLong(s);
                }
                md.update(dims.array());
                // One host copy of the values, fed in bounded chunks.
                ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
                if (f32) {
                    for (float v : t.toFloatArray()) {
                        if (buf.remaining() < Float.BYTES) {
                            flush(md, buf);
                        }
                        buf.putInt(Float.floatToRawIntBits(v));
                    }
                } else {
                    for (double v : t.toDoubleArray()) {
                        if (buf.remaining() < Double.BYTES) {
                            flush(md, buf);
                        }
                        buf.putLong(Double.doubleToRawLongBits(v));
                    }
                }
                flush(md, buf);
            });
            return this;
        }

        /**
         * Adds a setting.
         * @param group the group.
         * @param name the setting's name.
         * @param value its value.
         * @return this.
         */
        public Builder setting(String group, String name, String value) {
            String v = Objects.requireNonNull(value, "value");
            add(group, name, md -> {
                putString(md, "setting");
                putString(md, name);
                putString(md, v);
            });
            return this;
        }

        /**
         * Adds a numeric setting (its raw bits, so the digest is the same on every JDK).
         * @param group the group.
         * @param name the setting's name.
         * @param value its value.
         * @return this.
         */
        public Builder setting(String group, String name, double value) {
            return setting(group, name, "0x" + Long.toHexString(Double.doubleToRawLongBits(value)));
        }

        /**
         * Adds a list of strings (e.g. catalogue ids or texts), in order.
         * @param group the group.
         * @param name the setting's name.
         * @param values the values.
         * @return this.
         */
        public Builder settings(String group, String name, List<String> values) {
            List<String> copy = List.copyOf(values);
            add(group, name, md -> {
                putString(md, "list");
                putString(md, name);
                md.update(ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(copy.size()).array());
                for (String s : copy) {
                    putString(md, s);
                }
            });
            return this;
        }

        /**
         * Hashes every group.
         * @return the digest.
         */
        public BaseParameterDigest build() {
            SortedMap<String, String> out = new TreeMap<>();
            for (Map.Entry<String, SortedMap<String, Entry>> g : entries.entrySet()) {
                MessageDigest md = newDigest();
                for (Entry e : g.getValue().values()) {
                    e.update(md);
                }
                out.put(g.getKey(), hex(md.digest()));
            }
            return new BaseParameterDigest(out);
        }

        private static void putString(MessageDigest md, String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            md.update(ByteBuffer.allocate(Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN).putInt(b.length).array());
            md.update(b);
        }

        private static void flush(MessageDigest md, ByteBuffer buf) {
            buf.flip();
            md.update(buf);
            buf.clear();
        }
    }
}
