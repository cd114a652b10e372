/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.cli;

import dev.fudlr.model.djl.Devices;
import com.oracle.labs.mlrg.olcut.config.ConfigurationData;
import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.property.SimpleProperty;
import dev.fudlr.model.AbstractDjlRecommenderModel;
import dev.fudlr.model.transformer.TransformerRuntime;
import org.tribuo.Model;
import picocli.CommandLine.Option;

import java.util.Optional;
import java.util.TreeSet;

/**
 * {@code --device auto|cpu|gpu|gpu:N}, shared by the commands that run a model: it overrides the device stored in a
 * model file (or a trainer's {@code device} setting) for this run only; nothing is written back. A device that is not
 * present falls back to the CPU with a warning, as the stored setting does.
 */
final class DeviceOption {

    /** The option's name. */
    static final String NAME = "--device";

    @Option(names = NAME, paramLabel = "DEVICE",
            description = "Run on auto, cpu, gpu or gpu:N instead of the device stored in the model or set in the trainer.")
    String device;

    /**
     * Validates the value before any work.
     * @throws IllegalArgumentException naming the option if the value is not a device.
     */
    void check() {
        if (device != null && !Devices.isValid(device)) {
            throw new IllegalArgumentException(NAME + " must be auto, cpu, gpu or gpu:<index>, not '" + device + "'");
        }
    }

    /**
     * Runs a loaded model on the requested device (models without a native network are unaffected).
     * @param model the model, or null.
     */
    void applyTo(Model<?> model) {
        if (device != null && model instanceof AbstractDjlRecommenderModel djl) {
            djl.runOn(device);
        }
    }

    /**
     * Sets the {@code device} property of every component of a configuration that has one (the trainers), before any
     * component is built.
     * @param cm the configuration.
     */
    void applyTo(ConfigurationManager cm) {
        if (device == null) {
            return;
        }
        for (String name : new TreeSet<>(cm.getComponentNames())) {
            Optional<ConfigurationData> data = cm.getConfigurationData(name);
            if (data.isPresent() && hasDeviceField(data.get().getClassName())) {
                cm.overrideConfigurableProperty(name, "device", new SimpleProperty(device));
            }
        }
    }

    private static boolean hasDeviceField(String className) {
        try {
            for (Class<?> c = Class.forName(className, false, DeviceOption.class.getClassLoader()); c != null; c = c.getSuperclass()) {
                try {
                    return c.getDeclaredField("device").isAnnotationPresent(com.oracle.labs.mlrg.olcut.config.Config.class);
                } catch (NoSuchFieldException e) {
                    // Try the superclass.
                }
            }
        } catch (ClassNotFoundException | LinkageError e) {
            // OLCUT reports the missing class when the component is built.
        }
        return false;
    }
}
