/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.surrogate;

import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.test.Helpers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SurrogateSettingsTest {

    @Test
    void defaultsAndValidation() {
        assertEquals(SmoothingMode.THRESHOLD, SurrogateSettings.DEFAULT.mode());
        assertEquals(0.5, SurrogateSettings.DEFAULT.temperature(), 0.0);
        assertEquals(SurrogateSettings.threshold(0.2), SurrogateSettings.DEFAULT.withTemperature(0.2));
        assertNotEquals(SurrogateSettings.softmax(0.2), SurrogateSettings.threshold(0.2));
        assertThrows(PropertyException.class, () -> SurrogateSettings.threshold(0.0));
        assertThrows(PropertyException.class, () -> SurrogateSettings.threshold(Double.NaN));
        assertThrows(PropertyException.class, () -> SurrogateSettings.softmax(Double.POSITIVE_INFINITY));
    }

    @Test
    void configurableFromXmlAndProvenance(@TempDir Path dir) throws IOException {
        Path xml = dir.resolve("surrogate.xml");
        Files.writeString(xml, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<config>\n"
                + "  <component name=\"smooth\" type=\"dev.fudlr.fairness.surrogate.SurrogateSettings\">\n"
                + "    <property name=\"mode\" value=\"SOFTMAX\"/>\n"
                + "    <property name=\"temperature\" value=\"0.25\"/>\n"
                + "    <property name=\"thresholdGradient\" value=\"false\"/>\n"
                + "  </component>\n"
                + "  <component name=\"bad\" type=\"dev.fudlr.fairness.surrogate.SurrogateSettings\">\n"
                + "    <property name=\"temperature\" value=\"-1\"/>\n"
                + "  </component>\n</config>\n");
        ConfigurationManager cm = new ConfigurationManager(xml.toString());
        SurrogateSettings s = (SurrogateSettings) cm.lookup("smooth");
        assertEquals(SmoothingMode.SOFTMAX, s.mode());
        assertEquals(0.25, s.temperature(), 0.0);
        assertFalse(s.thresholdGradient());
        assertThrows(PropertyException.class, () -> cm.lookup("bad"));
        Helpers.testConfigurableRoundtrip(SurrogateSettings.threshold(0.3));
    }
}
