/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.reliability;

import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.io.ConfigLoaderException;
import com.oracle.labs.mlrg.olcut.config.property.ListProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link SafeXml} and {@link ConfigFiles#load}: every construct that could make the parser read another file is
 * refused naming the file, line and construct, and the referenced file's content appears nowhere; safe files load
 * from the checked bytes.
 */
class SafeXmlTest {

    private static final String SECRET = "TOPSECRET-7f3a";
    private static final String TRANSFORMER = "dev.fudlr.debias.FudlrTransformer";

    @TempDir
    Path dir;

    private Path secret() throws IOException {
        Path s = dir.resolve("secret.txt");
        Files.writeString(s, SECRET);
        return s;
    }

    private Path write(String name, String xml) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, xml, StandardCharsets.UTF_8);
        return f;
    }

    private static String config(String doctype, String objective) {
        return "<?xml version=\"1.0\"?>\n" + doctype + "<config>\n  <component name=\"fudlr\" type=\"" + TRANSFORMER + "\">\n"
               + "    <propertylist name=\"objectives\"><item>" + objective + "</item></propertylist>\n  </component>\n</config>\n";
    }

    /** Each unsafe file, with the construct its refusal must name. */
    private Stream<Object[]> unsafeFiles() throws IOException {
        String uri = secret().toUri().toString();
        return Stream.of(
            new Object[]{config("<!DOCTYPE config [<!ENTITY e SYSTEM \"" + uri + "\">]>\n", "&e;"), "DOCTYPE", 2},
            new Object[]{config("<!DOCTYPE config SYSTEM \"" + uri + "\">\n", "mgu@10"), "DOCTYPE", 2},
            new Object[]{config("<!DOCTYPE config [<!ENTITY % p SYSTEM \"" + uri + "\"> %p;]>\n", "mgu@10"), "DOCTYPE", 2},
            // Billion laughs: internal entities only, refused before any expansion.
            new Object[]{config("<!DOCTYPE config [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]>\n", "&b;"),
                         "DOCTYPE", 2},
            new Object[]{"<config xmlns:xi=\"http://www.w3.org/2001/XInclude\">\n  <xi:include href=\"" + uri + "\" parse=\"text\"/>\n</config>\n",
                         "XInclude", 2},
            new Object[]{"<config xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n xsi:noNamespaceSchemaLocation=\"" + uri + "\"/>\n",
                         "XML Schema reference", 2},
            new Object[]{"<config>\n  <file name=\"other\" value=\"" + secret() + "\"/>\n</config>\n", "<file> include", 2},
            new Object[]{"<config>\n  <serialized name=\"s\" type=\"java.lang.Object\" location=\"" + secret() + "\"/>\n</config>\n",
                         "<serialized> object", 2});
    }

    @Test
    void unsafeConstructsAreRefusedNamingFileLineAndConstructAndNeverReadTheReferencedFile() throws IOException {
        int i = 0;
        for (Object[] c : (Iterable<Object[]>) unsafeFiles()::iterator) {
            Path f = write("unsafe" + (i++) + ".xml", (String) c[0]);
            UnsafeXmlException e = assertThrows(UnsafeXmlException.class, () -> ConfigFiles.load(f), (String) c[0]);
            assertTrue(e.getMessage().startsWith(f + " line " + c[2] + ": "), e.getMessage());
            assertTrue(e.construct().contains((String) c[1]), e.construct());
            assertEquals(f.toString(), e.file());
            assertFalse(e.getMessage().contains(SECRET), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
        assertEquals(8, i);
    }

    @Test
    void oversizedAndNonXmlFilesAreRefusedBeforeParsing() throws IOException {
        Path big = dir.resolve("big.xml");
        byte[] bytes = new byte[(int) SafeXml.MAX_BYTES + 1];
        java.util.Arrays.fill(bytes, (byte) ' ');
        Files.write(big, bytes);
        UnsafeXmlException e = assertThrows(UnsafeXmlException.class, () -> ConfigFiles.load(big));
        assertTrue(e.getMessage().contains("bytes"), e.getMessage());
        Path json = write("c.json", "{}");
        ConfigLoaderException notXml = assertThrows(ConfigLoaderException.class, () -> ConfigFiles.load(json));
        assertTrue(notXml.getMessage().contains("*.xml"), notXml.getMessage());
        Path broken = write("broken.xml", "<config><component name=\"a\"></config>");
        ConfigLoaderException malformed = assertThrows(ConfigLoaderException.class, () -> ConfigFiles.load(broken));
        assertTrue(malformed.getMessage().startsWith(broken + " line 1: not well-formed XML"), malformed.getMessage());
    }

    @Test
    void safeFilesLoadFromTheCheckedBytesNotFromTheFileAgain() throws IOException {
        Path f = write("ok.xml", config("", "mgu@10"));
        SafeXml.Checked checked = ConfigFiles.checked(f);
        assertEquals(List.of(new SafeXml.Component("fudlr", TRANSFORMER)), checked.components());
        // Replaced after the check (a race an attacker could try): OLCUT must still see what was checked.
        Files.writeString(f, config("", "ndcg-gap@10:gender"));
        try (ConfigurationManager cm = ConfigFiles.load(checked)) {
            ListProperty objectives = (ListProperty) cm.getConfigurationData("fudlr").orElseThrow().getProperties().get("objectives");
            assertEquals("mgu@10", objectives.getSimpleList().get(0).getValue());
        }
    }

    @Test
    void everyShippedExampleConfigurationPasses() throws IOException {
        Path examples = Path.of("..", "examples", "src", "main", "resources", "dev", "fudlr", "examples");
        List<Path> files;
        try (Stream<Path> s = Files.list(examples)) {
            files = s.filter(p -> p.toString().endsWith(".xml")).sorted().toList();
        }
        assertTrue(files.size() >= 5, files.toString());
        for (Path p : files) {
            SafeXml.Checked c = SafeXml.check(p);
            assertFalse(c.components().isEmpty(), p.toString());
            try (ConfigurationManager cm = ConfigFiles.load(c)) {
                assertEquals(c.components().size(), cm.getComponentNames().size(), p.toString());
            }
        }
    }
}
