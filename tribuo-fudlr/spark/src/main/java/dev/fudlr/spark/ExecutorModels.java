/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.spark;

import dev.fudlr.model.AbstractDjlRecommenderModel;
import dev.fudlr.model.ModelFiles;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * The models of one executor JVM and the lock around every DJL pass in it.
 * <p>
 * <b>Why a per-JVM lock.</b> DJL's PyTorch engine allows one open gradient collector per JVM
 * ({@code PtGradientCollector} keeps a static flag and throws "A PtGradientCollector is already collecting" on a
 * second), and PyTorch's grad mode is per thread; two Spark tasks running gradient passes in one executor would fail
 * or read wrong gradients. Every pass therefore runs inside {@link #withModel}, which holds one fair lock per JVM.
 * The recommended executor layout is one task slot per executor JVM ({@code spark.executor.cores=1}, the cores given to
 * libtorch through {@code spark.executorEnv.OMP_NUM_THREADS}); with more slots the tasks of one executor wait for each
 * other on this lock, which is correct but leaves slots idle.
 * <p>
 * <b>Cache.</b> A model is deserialized once per JVM from its broadcast bytes ({@link ModelFiles#load(byte[], Path,
 * Class)}, the checks of a model file) after the bytes are checked against the broadcast SHA-256, and cached under
 * that hash. At most {@value #CAPACITY} models are kept (the current one and its predecessor, e.g. before and after a
 * Newton step); the least recently used is closed, which frees its native memory.
 */
public final class ExecutorModels {
    private static final Logger logger = Logger.getLogger(ExecutorModels.class.getName());

    /** Models kept per JVM. */
    public static final int CAPACITY = 2;

    private static final ReentrantLock DJL = new ReentrantLock(true);
    /** Access-ordered; guarded by {@link #DJL}. */
    private static final Map<String, AbstractDjlRecommenderModel> MODELS = new LinkedHashMap<>(4, 0.75f, true);
    private static final AtomicLong LOADS = new AtomicLong();

    private ExecutorModels() {}

    /**
     * Runs DJL work on a broadcast model while holding this JVM's DJL lock (see the class description).
     * @param model the broadcast model.
     * @param work the work; it must not keep the model beyond the call.
     * @param <T> the result type.
     * @return the work's result.
     */
    public static <T> T withModel(ModelBroadcast model, Function<AbstractDjlRecommenderModel, T> work) {
        DJL.lock();
        try {
            return work.apply(get(model));
        } finally {
            DJL.unlock();
        }
    }

    /** The cached model, deserialized on first use; the caller holds the lock. */
    static AbstractDjlRecommenderModel get(ModelBroadcast broadcast) {
        if (!DJL.isHeldByCurrentThread()) {
            throw new IllegalStateException("A broadcast model is used outside ExecutorModels.withModel (the JVM's DJL lock)");
        }
        AbstractDjlRecommenderModel model = MODELS.get(broadcast.sha256());
        if (model != null) {
            return model;
        }
        long start = System.nanoTime();
        byte[] bytes = broadcast.bytes();
        String actual = ModelBroadcast.sha256(bytes);
        if (!actual.equals(broadcast.sha256())) {
            throw new IllegalStateException("The broadcast bytes of " + broadcast.modelClass() + " have SHA-256 " + actual
                                            + ", the driver sent " + broadcast.sha256() + ": corrupted in transfer");
        }
        model = ModelFiles.load(bytes, Path.of("spark-broadcast", broadcast.sha256() + ".model"), AbstractDjlRecommenderModel.class);
        if (model.numTrainableParameters() != broadcast.parameters()) {
            model.close();
            throw new IllegalStateException("The broadcast " + broadcast.modelClass() + " has " + model.numTrainableParameters()
                                            + " trainable parameters after deserialization, the driver's had " + broadcast.parameters());
        }
        LOADS.incrementAndGet();
        MODELS.put(broadcast.sha256(), model);
        evictBeyondCapacity();
        double ms = (System.nanoTime() - start) / 1e6;
        logger.info(() -> String.format(java.util.Locale.ROOT, "Executor model %s (%s, %d bytes) loaded in %.0f ms",
                                        broadcast.sha256().substring(0, 12), broadcast.modelClass(), bytes.length, ms));
        return model;
    }

    private static void evictBeyondCapacity() {
        Iterator<Map.Entry<String, AbstractDjlRecommenderModel>> it = MODELS.entrySet().iterator();
        while (MODELS.size() > CAPACITY && it.hasNext()) {
            Map.Entry<String, AbstractDjlRecommenderModel> eldest = it.next();
            it.remove();
            eldest.getValue().close();
            logger.info(() -> "Executor model " + eldest.getKey().substring(0, 12) + " evicted");
        }
    }

    /** @return deserializations in this JVM since it started (or since {@link #clear()}). */
    public static long loads() {
        return LOADS.get();
    }

    /** @return models cached in this JVM. */
    public static int cached() {
        DJL.lock();
        try {
            return MODELS.size();
        } finally {
            DJL.unlock();
        }
    }

    /** Closes and forgets every cached model and resets {@link #loads()} (tests; an application shutting down). */
    public static void clear() {
        DJL.lock();
        try {
            MODELS.values().forEach(AbstractDjlRecommenderModel::close);
            MODELS.clear();
            LOADS.set(0);
        } finally {
            DJL.unlock();
        }
    }
}
