/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.data;

import java.lang.ref.SoftReference;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The data sources' shared cache of parsed data and built samples, so that the train, validation and test sources of
 * one experiment parse their files and build their samples once. Keys name the inputs (files by path and SHA-256,
 * generator parameters, sample parameters); the last few values are kept, softly referenced, so memory pressure can
 * drop them.
 */
final class DataCache {

    private static final int CACHE_SIZE = 8;
    private static final Map<String, SoftReference<Object>> CACHE = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, SoftReference<Object>> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    private DataCache() {}

    /**
     * The samples of some data, shared with other callers that ask for the same data key and parameters.
     * @param data the ratings.
     * @param dataKey identifies the data (e.g. format, paths and combined SHA-256).
     * @param builder the sample parameters.
     * @return splits whose {@link SampleSplits#ratings()} is {@code data}.
     */
    static SampleSplits splits(RatingsData data, String dataKey, SampleBuilder builder) {
        String key = "splits:" + dataKey + "|" + builder;
        SampleSplits s = cached(key, () -> builder.build(data));
        if (s.ratings() != data) {
            // Same key, other instance (an identity hash reused, or the data re-read after being dropped):
            // rebuild so callers can rely on splits.ratings() being the data they passed.
            s = builder.build(data);
            synchronized (CACHE) {
                CACHE.put(key, new SoftReference<>(s));
            }
        }
        return s;
    }

    /**
     * The cached value of a key, made (outside the lock) when absent or dropped.
     * @param key the key.
     * @param make makes the value.
     * @param <T> the value type; one key always holds one type.
     * @return the value.
     */
    @SuppressWarnings("unchecked")
    static <T> T cached(String key, Supplier<T> make) {
        synchronized (CACHE) {
            SoftReference<Object> ref = CACHE.get(key);
            Object value = ref == null ? null : ref.get();
            if (value != null) {
                return (T) value;
            }
        }
        T value = make.get();
        synchronized (CACHE) {
            CACHE.put(key, new SoftReference<>(value));
        }
        return value;
    }
}
