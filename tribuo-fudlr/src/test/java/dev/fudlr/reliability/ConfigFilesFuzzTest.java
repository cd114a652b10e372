/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.reliability;

import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.config.io.ConfigLoaderException;
import dev.fudlr.data.DataFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seeded fuzzing of configuration loading ({@link ConfigFiles}) with the OLCUT XML files of {@code examples/}: each
 * input is an example (shrunk to small synthetic data, the MiniLM catalogue pointed at a tiny ML-100K copy) with one
 * to three mutations (character flips, truncation, line duplication and deletion, attribute values replaced by odd
 * values, unknown metric names and class names, attributes and property elements removed). Every component of every
 * input is built. Each failure must be one of the documented types ({@link ConfigLoaderException},
 * {@link PropertyException} naming the component, {@link DataFormatException}) with a non-empty message, must not
 * hide a NullPointerException, ArrayIndexOutOfBoundsException or ClassCastException thrown by project code, and must
 * come within a time limit (no hang).
 */
class ConfigFilesFuzzTest {

    static final Path EXAMPLES = Paths.get("..", "examples", "src", "main", "resources", "dev", "fudlr", "examples");
    private static final int INPUTS = 1500;
    private static final long PER_INPUT_SECONDS = 20;

    private static final char[] INTERESTING = {'<', '>', '"', '/', '=', '&', '!', '-', '0', '9', '.', 'x', ' ', '\n', '@', '$', '{', '}'};
    private static final String[] VALUES = {"", "-1", "0", "1e308", "NaN", "Infinity", "-Infinity", "2147483648", "abc",
            "true", "null", "mgu@0", "mgu@-3", "ndcg-gap@10:zodiac", "bogus-metric@10", "gpu:x", "float16", "ml-20m",
            "java.lang.String", "dev.fudlr.NoSuchClass", "${undefined}", "&amp;", "0.5", "1", "100000000000"};

    /** Content of a local file that the unsafe mutations try to pull into the configuration: it must never surface. */
    private static final String SECRET = "FUZZ-SECRET-5c1e";
    /** URI of the file holding {@link #SECRET} (set per run). */
    private static volatile String secretUri = "file:///nonexistent";

    @TempDir
    Path tmp;

    /** The example configurations, shrunk (small synthetic data, the MiniLM catalogue from a tiny ML-100K copy). */
    private List<String> bases(Path ml) throws Exception {
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".xml")).sorted().collect(Collectors.toList())) {
                String xml = Files.readString(f, StandardCharsets.UTF_8)
                    .replace("<property name=\"seed\" value=\"42\"/>", "<property name=\"seed\" value=\"42\"/>"
                             + "<property name=\"syntheticUsers\" value=\"30\"/><property name=\"syntheticItems\" value=\"40\"/>"
                             + "<property name=\"syntheticMinPerUser\" value=\"5\"/><property name=\"syntheticMaxPerUser\" value=\"15\"/>")
                    .replace("../shared/data/ml-100k", ml.toString());
                out.add(xml);
            }
        }
        assertTrue(out.size() >= 5, "examples found: " + out.size());
        return out;
    }

    private static Path tinyMl100k(Path dir) throws Exception {
        Files.createDirectories(dir);
        List<String> users = new ArrayList<>();
        List<String> data = new ArrayList<>();
        for (int u = 1; u <= 6; u++) {
            users.add(u + "|" + (20 + u) + "|" + (u % 2 == 0 ? "F" : "M") + "|other|12345");
            for (int k = 0; k < 6; k++) {
                data.add(u + "\t" + (1 + (u + k) % 10) + "\t4\t" + (100 * u + k));
            }
        }
        List<String> items = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            items.add(i + "|Film " + i + " (1990)|01-Jan-1990||http://x|" + String.join("|", java.util.Collections.nCopies(19, i % 3 == 0 ? "1" : "0")));
        }
        Files.writeString(dir.resolve("u.user"), String.join("\n", users) + "\n");
        Files.writeString(dir.resolve("u.data"), String.join("\n", data) + "\n");
        Files.writeString(dir.resolve("u.item"), String.join("\n", items) + "\n");
        return dir;
    }

    static String mutate(String in, SplittableRandom rng, List<String> log) {
        List<String> lines = new ArrayList<>(Arrays.asList(in.split("\n", -1)));
        int op = rng.nextInt(10);
        if (in.isEmpty()) {
            log.add("(empty, unchanged)");
            return in;
        }
        switch (op) {
            case 0: {
                char[] c = in.toCharArray();
                int pos = rng.nextInt(c.length);
                char v = rng.nextInt(3) == 0 ? (char) (32 + rng.nextInt(95)) : INTERESTING[rng.nextInt(INTERESTING.length)];
                log.add("flip char " + pos + " to '" + v + "'");
                c[pos] = v;
                return new String(c);
            }
            case 1: {
                int len = rng.nextInt(in.length());
                log.add("truncate to " + len);
                return in.substring(0, len);
            }
            case 2: {
                int l = rng.nextInt(lines.size());
                log.add("duplicate line " + (l + 1));
                lines.add(rng.nextInt(lines.size() + 1), lines.get(l));
                break;
            }
            case 3: {
                int l = rng.nextInt(lines.size());
                log.add("delete line " + (l + 1));
                lines.remove(l);
                break;
            }
            case 4:
            case 5: {
                // Replace one attribute value (value="...", name="...", type="...") or one <item> text.
                List<int[]> spans = new ArrayList<>();
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?:value|name|type)=\"([^\"]*)\"|<item>([^<]*)</item>").matcher(in);
                while (m.find()) {
                    int g = m.group(1) != null ? 1 : 2;
                    spans.add(new int[]{m.start(g), m.end(g)});
                }
                if (spans.isEmpty()) {
                    log.add("(no value to set)");
                    return in;
                }
                int[] s = spans.get(rng.nextInt(spans.size()));
                String v = VALUES[rng.nextInt(VALUES.length)];
                log.add("set '" + in.substring(s[0], s[1]) + "' to '" + v + "'");
                return in.substring(0, s[0]) + v + in.substring(s[1]);
            }
            case 6: {
                // Remove one attribute.
                List<int[]> spans = new ArrayList<>();
                java.util.regex.Matcher m = java.util.regex.Pattern.compile(" (?:value|name|type)=\"[^\"]*\"").matcher(in);
                while (m.find()) {
                    spans.add(new int[]{m.start(), m.end()});
                }
                if (spans.isEmpty()) {
                    log.add("(no attribute to remove)");
                    return in;
                }
                int[] s = spans.get(rng.nextInt(spans.size()));
                log.add("remove '" + in.substring(s[0], s[1]) + "'");
                return in.substring(0, s[0]) + in.substring(s[1]);
            }
            case 8:
            case 9: {
                // An unsafe construct that would read the secret file, and a use of its entity in a value.
                String[] constructs = {
                    "<!DOCTYPE config [<!ENTITY e SYSTEM \"" + secretUri + "\">]>",
                    "<!DOCTYPE config [<!ENTITY % p SYSTEM \"" + secretUri + "\"> %p;]>",
                    "<!DOCTYPE config SYSTEM \"" + secretUri + "\">",
                    "<!DOCTYPE config [<!ENTITY a \"aaaaaaaa\"><!ENTITY e \"&a;&a;&a;&a;&a;&a;&a;&a;\">]>",
                    "<xi:include xmlns:xi=\"http://www.w3.org/2001/XInclude\" href=\"" + secretUri + "\" parse=\"text\"/>",
                    "<file name=\"inc\" value=\"" + secretUri + "\"/>",
                    "<serialized name=\"s\" type=\"java.lang.Object\" location=\"" + secretUri + "\"/>"};
                int c = rng.nextInt(constructs.length);
                String construct = constructs[c];
                String out;
                if (construct.startsWith("<!DOCTYPE")) {
                    int decl = in.startsWith("<?xml") ? in.indexOf("?>") + 2 : 0;
                    out = in.substring(0, Math.max(0, decl)) + "\n" + construct + "\n" + in.substring(Math.max(0, decl));
                    out = out.replaceFirst("<item>[^<]*</item>", "<item>&e;</item>");
                } else {
                    int at = in.indexOf("<config>");
                    out = at < 0 ? construct + in : in.substring(0, at + 8) + "\n" + construct + in.substring(at + 8);
                }
                log.add("insert unsafe construct " + c);
                return out;
            }
            default: {
                // Remove one property or item element.
                List<Integer> props = new ArrayList<>();
                for (int i = 0; i < lines.size(); i++) {
                    if (lines.get(i).contains("<property ") || lines.get(i).contains("<item>")) {
                        props.add(i);
                    }
                }
                if (props.isEmpty()) {
                    log.add("(no element to remove)");
                    return in;
                }
                int l = props.get(rng.nextInt(props.size()));
                log.add("remove element line " + (l + 1) + " " + lines.get(l).trim());
                lines.remove(l);
                break;
            }
        }
        return String.join("\n", lines);
    }

    @Test
    void mutatedExampleConfigurationsFailOnlyWithDocumentedExceptions() throws Exception {
        Path ml = tinyMl100k(tmp.resolve("ml-100k"));
        Path secret = tmp.resolve("secret.txt");
        Files.writeString(secret, SECRET);
        secretUri = secret.toUri().toString();
        List<String> bases = bases(ml);
        int[] counter = {0};
        Map<String, Integer> tally = Fuzzer.run("config-files", 1128L, INPUTS, PER_INPUT_SECONDS, (r, log) -> {
            int base = r.nextInt(bases.size());
            String xml = bases.get(base);
            log.add("example " + base);
            int mutations = 1 + r.nextInt(3);
            for (int m = 0; m < mutations; m++) {
                xml = mutate(xml, r, log);
            }
            Path file = tmp.resolve("config-" + (counter[0]++) + ".xml");
            Files.writeString(file, xml, StandardCharsets.UTF_8);
            String outcome = load(file);
            Files.delete(file);
            return outcome;
        });
        // Each outcome must be reached, or the fuzzer tests less than it claims.
        for (String outcome : List.of("loaded", "ConfigLoaderException", "PropertyException", "UnsafeXmlException")) {
            assertTrue(tally.getOrDefault(outcome, 0) > INPUTS / 50, outcome + ": " + tally);
        }
    }

    /** Loads and builds everything; returns the outcome or throws an AssertionError / the undocumented exception. */
    private static String load(Path file) {
        String fileName = file.getFileName().toString();
        try (ConfigurationManager cm = ConfigFiles.load(file)) {
            for (String name : cm.getComponentNames()) {
                String data = String.valueOf(cm.getConfigurationData(name).map(Object::toString).orElse(""));
                assertFalse(data.contains(SECRET), "the secret file's content reached the configuration: " + data);
            }
            ConfigFiles.validateAll(cm);
            return "loaded";
        } catch (UnsafeXmlException e) {
            assertMessage(e);
            assertTrue(e.getMessage().startsWith(file.toString()), "names the file: " + e.getMessage());
            return "UnsafeXmlException";
        } catch (ConfigLoaderException e) {
            assertMessage(e);
            assertTrue(e.getMessage().contains(fileName), "names the file: " + e.getMessage());
            return "ConfigLoaderException";
        } catch (PropertyException e) {
            assertMessage(e);
            assertTrue(e.getMessage().startsWith("Component: "), "names the component: " + e.getMessage());
            return "PropertyException";
        } catch (DataFormatException e) {
            assertMessage(e);
            return "DataFormatException";
        }
    }

    private static void assertMessage(RuntimeException e) {
        assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), "empty message: " + e);
        assertFalse(e.getMessage().contains(SECRET), "the secret file's content reached a message: " + e.getMessage());
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof NullPointerException || t instanceof ArrayIndexOutOfBoundsException || t instanceof ClassCastException) {
                StackTraceElement top = t.getStackTrace().length == 0 ? null : t.getStackTrace()[0];
                assertFalse(top != null && top.getClassName().startsWith("dev.fudlr."), "project bug behind " + e.getMessage() + ": " + t);
            }
            if (t.getCause() == t) {
                break;
            }
        }
    }
}
