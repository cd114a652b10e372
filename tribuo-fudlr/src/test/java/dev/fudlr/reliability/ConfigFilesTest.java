/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.reliability;

import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import dev.fudlr.debias.FudlrTransformer;
import dev.fudlr.model.LmRecommenderTrainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The choice of a configuration file's component shared by {@code fudlr debias} and the Spark entry point. */
class ConfigFilesTest {

    private static String component(String name, Class<?> type) {
        return "  <component name=\"" + name + "\" type=\"" + type.getName() + "\"/>\n";
    }

    @Test
    void choosesTheRequestedComponentOrTheFirstOfTheTypeInFileOrder(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("two.xml");
        // File order zeta, trainer, alpha: the first transformer is zeta, although alpha sorts first.
        Files.writeString(file, "<config>\n" + component("zeta", FudlrTransformer.class) + component("trainer", LmRecommenderTrainer.class)
                                + component("alpha", FudlrTransformer.class) + "</config>\n");
        SafeXml.Checked checked = ConfigFiles.checked(file);
        try (ConfigurationManager cm = ConfigFiles.load(checked)) {
            assertEquals("zeta", ConfigFiles.component(checked, cm, file, null, FudlrTransformer.class));
            assertEquals("alpha", ConfigFiles.component(checked, cm, file, "alpha", FudlrTransformer.class));
            assertEquals("trainer", ConfigFiles.component(checked, cm, file, null, LmRecommenderTrainer.class));
            IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> ConfigFiles.component(checked, cm, file, "nope", FudlrTransformer.class));
            assertEquals("--config " + file + " has no component named 'nope' (it has: alpha, trainer, zeta)", missing.getMessage());
            IllegalArgumentException wrongType = assertThrows(IllegalArgumentException.class,
                () -> ConfigFiles.component(checked, cm, file, "trainer", FudlrTransformer.class));
            assertEquals("component 'trainer' in " + file + " is a " + LmRecommenderTrainer.class.getName() + ", not a "
                         + FudlrTransformer.class.getName(), wrongType.getMessage());
        }
        Path none = dir.resolve("none.xml");
        Files.writeString(none, "<config>\n" + component("trainer", LmRecommenderTrainer.class) + "</config>\n");
        SafeXml.Checked noneChecked = ConfigFiles.checked(none);
        try (ConfigurationManager cm = ConfigFiles.load(noneChecked)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConfigFiles.component(noneChecked, cm, none, null, FudlrTransformer.class));
            assertTrue(e.getMessage().startsWith("--config " + none + " holds no " + FudlrTransformer.class.getName() + " component (it has: trainer)"),
                       e.getMessage());
        }
    }
}
