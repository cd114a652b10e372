/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code fudlr data get} against archives served from {@code file:} directories (no network). */
class DataGetCommandTest {

    @TempDir
    Path tmp;

    /** A small ML-100K-shaped archive; the content of u.data varies with {@code ratings} so archives differ. */
    private static byte[] archive(String ratings) throws IOException {
        Map<String, String> files = new TreeMap<>();
        files.put("ml-100k/u.data", ratings);
        files.put("ml-100k/u.user", "1|24|M|technician|85711\n2|53|F|other|94043\n");
        files.put("ml-100k/u.item", "1|Toy Story (1995)|01-Jan-1995||http://x|0|0|0|1|1|1|0|0|0|0|0|0|0|0|0|0|0|0|0\n");
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (ZipOutputStream zos = new ZipOutputStream(bos)) {
            for (Map.Entry<String, String> e : files.entrySet()) {
                zos.putNextEntry(new ZipEntry(e.getKey()));
                zos.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                zos.closeEntry();
            }
        }
        return bos.toByteArray();
    }

    private Path serve(String name, byte[] archive) throws IOException {
        Path server = Files.createDirectories(tmp.resolve("server-" + System.nanoTime()));
        Files.write(server.resolve(name), archive);
        return server;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static Set<String> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }

    @Test
    void downloadsVerifiesReusesAndReplacesOnlyWithForce() throws Exception {
        byte[] first = archive("1\t1\t5\t881250949\n");
        Path target = tmp.resolve("data");
        Path server = serve("ml-100k.zip", first);
        CliRunner.Run get = CliRunner.run("data", "get", "ml-100k", "--dir", target.toString(), "--url", server.toUri().toString(),
                                          "--sha256", sha256(first), "--progress", "none");
        assertEquals(0, get.code(), get.toString());
        assertTrue(get.out().contains("ml-100k is ready in " + target.toAbsolutePath().resolve("ml-100k")), get.out());
        assertEquals(Set.of("ml-100k", "ml-100k.zip"), listing(target));
        assertEquals("1\t1\t5\t881250949\n", Files.readString(target.resolve("ml-100k/u.data")));

        // Again, from a server that no longer has it: the verified copy is reused.
        Path gone = tmp.resolve("gone");
        CliRunner.Run again = CliRunner.run("data", "get", "ml-100k", "--dir", target.toString(), "--url", gone.toUri().toString(),
                                            "--sha256", sha256(first));
        assertEquals(0, again.code(), again.toString());
        assertTrue(again.out().contains("Reusing"), again.out());

        // --force fetches a new archive and swaps it in once verified.
        byte[] second = archive("1\t1\t4\t881250950\n");
        Path server2 = serve("ml-100k.zip", second);
        CliRunner.Run forced = CliRunner.run("data", "get", "ml-100k", "--dir", target.toString(), "--url", server2.toUri().toString(),
                                             "--sha256", sha256(second), "--force");
        assertEquals(0, forced.code(), forced.toString());
        assertEquals("1\t1\t4\t881250950\n", Files.readString(target.resolve("ml-100k/u.data")));
        assertEquals(Set.of("ml-100k", "ml-100k.zip"), listing(target), "no staging directory left");

        // A forced download that fails verification leaves the old copy in place.
        CliRunner.Run bad = CliRunner.run("data", "get", "ml-100k", "--dir", target.toString(), "--url", server.toUri().toString(),
                                          "--sha256", sha256(second), "--force");
        assertEquals(FudlrCli.EXIT_FAILURE, bad.code(), bad.toString());
        assertTrue(bad.err().contains("SHA-256 mismatch"), bad.err());
        assertEquals("1\t1\t4\t881250950\n", Files.readString(target.resolve("ml-100k/u.data")));
        assertEquals(Set.of("ml-100k", "ml-100k.zip"), listing(target));
    }

    @Test
    void badArgumentsAreUsageErrors() throws Exception {
        Path target = tmp.resolve("data");
        CliRunner.Run unknown = CliRunner.run("data", "get", "ml-20m", "--dir", target.toString());
        assertEquals(FudlrCli.EXIT_USAGE, unknown.code());
        assertTrue(unknown.err().startsWith("fudlr: error: unknown data set 'ml-20m'; choose ml-100k or ml-1m"), unknown.err());

        CliRunner.Run noChecksum = CliRunner.run("data", "get", "ml-1m", "--dir", target.toString(), "--url", tmp.toUri().toString());
        assertEquals(FudlrCli.EXIT_USAGE, noChecksum.code());
        assertTrue(noChecksum.err().contains("pass --sha256"), noChecksum.err());

        CliRunner.Run both = CliRunner.run("data", "get", "ml-100k", "--sha256", "0".repeat(64), "--no-checksum");
        assertEquals(FudlrCli.EXIT_USAGE, both.code());
        CliRunner.Run notUrl = CliRunner.run("data", "get", "ml-100k", "--dir", target.toString(), "--url", "just a dir");
        assertEquals(FudlrCli.EXIT_USAGE, notUrl.code());
        assertTrue(notUrl.err().contains("--url"), notUrl.err());

        // Missing archive on the server: a failure, nothing left behind.
        CliRunner.Run missing = CliRunner.run("data", "get", "ml-100k", "--dir", target.toString(), "--url", tmp.resolve("empty").toUri().toString(),
                                              "--no-checksum");
        assertEquals(FudlrCli.EXIT_FAILURE, missing.code(), missing.toString());
        assertEquals(Set.of(), listing(target));
        assertEquals(FudlrCli.EXIT_USAGE, CliRunner.run("data").code(), "data needs a subcommand");
    }
}
