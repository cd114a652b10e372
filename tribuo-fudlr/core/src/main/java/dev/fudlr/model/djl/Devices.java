/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.model.djl;

import ai.djl.Device;
import ai.djl.engine.Engine;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The DJL engine this project runs on and the device specifications every model, trainer, command and benchmark
 * accepts: {@code auto}, {@code cpu}, {@code gpu} or {@code gpu:i}.
 */
public final class Devices {

    /** The DJL engine this project runs on. */
    public static final String ENGINE = "PyTorch";

    private static final Pattern DEVICE_PATTERN = Pattern.compile("auto|cpu|gpu(?::(\\d+))?");

    private Devices() {}

    /**
     * Resolves a device specification.
     * @param spec {@code auto} (a GPU when the engine sees one, else the CPU), {@code cpu}, {@code gpu} or
     *             {@code gpu:i}.
     * @param strict when true a GPU request without that GPU fails; otherwise it falls back to the CPU.
     * @return the device.
     * @throws IllegalArgumentException for a malformed spec, or a missing GPU when strict.
     */
    public static Device resolve(String spec, boolean strict) {
        Matcher m = DEVICE_PATTERN.matcher(spec == null ? "" : spec.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("Invalid device '" + spec + "', expected auto, cpu, gpu or gpu:<index>");
        }
        String s = m.group();
        if (s.equals("cpu")) {
            return Device.cpu();
        }
        int gpus = Engine.getEngine(ENGINE).getGpuCount();
        if (s.equals("auto")) {
            return gpus > 0 ? Device.gpu() : Device.cpu();
        }
        int index = m.group(1) == null ? 0 : Integer.parseInt(m.group(1));
        if (index >= gpus) {
            if (strict) {
                throw new IllegalArgumentException("Device '" + spec + "' requested but the engine sees " + gpus + " GPU(s)");
            }
            return Device.cpu();
        }
        return Device.gpu(index);
    }

    /**
     * Checks the syntax of a device specification without touching the engine.
     * @param spec the specification.
     * @return true if it is {@code auto}, {@code cpu}, {@code gpu} or {@code gpu:i}.
     */
    public static boolean isValid(String spec) {
        return spec != null && DEVICE_PATTERN.matcher(spec.trim().toLowerCase(Locale.ROOT)).matches();
    }
}
