/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.reliability;

import dev.fudlr.data.SampleBuilder;
import dev.fudlr.data.SampleSplits;
import dev.fudlr.data.SyntheticGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.baseline.DummyClassifierTrainer;
import org.tribuo.datasource.ListDataSource;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link AtomicFiles} under failure: a forked JVM (this class's {@link Child}, on the test class path) writes a large
 * output, or a Tribuo model file, through {@link AtomicFiles} and is killed ({@link Process#destroyForcibly()})
 * mid-write, or after the model is written but before the rename. The previous output must be intact, nothing but the
 * writer's hidden {@code .partial} file may be left, the next run must remove that file, and reruns must produce the
 * same bytes.
 */
class AtomicFilesTest {

    /** Size of the large output, in 1 MB chunks. */
    static final int CHUNKS = 48;

    @TempDir
    Path dir;

    /** Chunk {@code i} of the large output: deterministic pseudo-random bytes. */
    static byte[] chunk(long seed, int i) {
        byte[] b = new byte[1 << 20];
        new SplittableRandom(seed * 1_000_003L + i).nextBytes(b);
        return b;
    }

    static byte[] expectedLarge(long seed) {
        byte[] out = new byte[CHUNKS << 20];
        for (int i = 0; i < CHUNKS; i++) {
            System.arraycopy(chunk(seed, i), 0, out, i << 20, 1 << 20);
        }
        return out;
    }

    /**
     * The forked writer. Arguments: {@code bytes <target> <seed> slow|fast} writes {@value #CHUNKS} MB (slowly: after
     * the first chunk it prints STARTED and sleeps between chunks); {@code model <target> <source> slow|fast} loads a
     * Tribuo model and writes it with {@link Model#serializeToFile} (slowly: prints WRITTEN after writing and sleeps
     * before the rename). Prints DONE at the end.
     */
    public static final class Child {
        private Child() {}

        /**
         * Entry point.
         * @param args see the class documentation.
         * @throws Exception on failure (non-zero exit).
         */
        public static void main(String[] args) throws Exception {
            Path target = Paths.get(args[1]);
            boolean slow = args[3].equals("slow");
            if (args[0].equals("bytes")) {
                long seed = Long.parseLong(args[2]);
                AtomicFiles.write(target, true, path -> {
                    try (OutputStream out = Files.newOutputStream(path)) {
                        for (int i = 0; i < CHUNKS; i++) {
                            out.write(chunk(seed, i));
                            if (slow) {
                                out.flush();
                                if (i == 0) {
                                    System.out.println("STARTED");
                                    System.out.flush();
                                }
                                sleep(50);
                            }
                        }
                    }
                });
            } else {
                Model<?> model = Model.deserializeFromFile(Paths.get(args[2]));
                AtomicFiles.write(target, true, path -> {
                    model.serializeToFile(path);
                    if (slow) {
                        System.out.println("WRITTEN");
                        System.out.flush();
                        sleep(120_000);
                    }
                });
            }
            System.out.println("DONE");
        }

        private static void sleep(long ms) throws IOException {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
    }

    /** A running child with its output lines. */
    private static final class Forked implements AutoCloseable {
        final Process process;
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        final List<String> all = Collections.synchronizedList(new ArrayList<>());

        Forked(String... args) throws IOException {
            List<String> cmd = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), Child.class.getName()));
            cmd.addAll(Arrays.asList(args));
            process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        all.add(line);
                        lines.add(line);
                    }
                } catch (IOException e) {
                    // The process was killed.
                }
            }, "child-output");
            reader.setDaemon(true);
            reader.start();
        }

        /** Waits for a line; fails with the child's output if it does not come. */
        void await(String marker) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() < deadline) {
                String line = lines.poll(1, TimeUnit.SECONDS);
                if (marker.equals(line)) {
                    return;
                }
                if (line == null && !process.isAlive() && lines.isEmpty()) {
                    break;
                }
            }
            throw new AssertionError("No " + marker + " from the child (exit " + (process.isAlive() ? "running" : process.exitValue())
                    + "): " + all);
        }

        void kill() throws InterruptedException {
            process.destroyForcibly();
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "killed child did not exit");
        }

        int finish() throws InterruptedException {
            assertTrue(process.waitFor(120, TimeUnit.SECONDS), "child did not finish: " + all);
            return process.exitValue();
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }

    private List<String> listing() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    @Test
    void killedMidWriteLeavesThePreviousOutputAndOnlyAHiddenPartialFile() throws Exception {
        Path target = dir.resolve("scores.bin");
        byte[] old = "previous complete output\n".getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(target, false, p -> Files.write(p, old));
        long start = System.nanoTime();
        long childPid;
        try (Forked child = new Forked("bytes", target.toString(), "7", "slow")) {
            child.await("STARTED");
            child.kill();
            childPid = child.process.pid();
        }
        assertArrayEquals(old, Files.readAllBytes(target), "the previous output is intact");
        List<String> files = listing();
        assertEquals(2, files.size(), files.toString());
        String partial = files.get(0);
        assertTrue(partial.matches("\\.scores\\.bin\\." + childPid + "\\.\\d+\\.partial"), "hidden and clearly named: " + partial);
        long partialSize = Files.size(dir.resolve(partial));
        assertTrue(partialSize >= (1 << 20) && partialSize < ((long) CHUNKS << 20), "killed mid-write: " + partialSize + " bytes");

        // The rerun completes, removes the dead writer's file and writes the full output.
        try (Forked child = new Forked("bytes", target.toString(), "7", "fast")) {
            assertEquals(0, child.finish(), child.all.toString());
            assertTrue(child.all.stream().anyMatch(l -> l.contains("left by an interrupted write (process " + childPid + ")")), child.all.toString());
        }
        assertEquals(List.of("scores.bin"), listing());
        byte[] expected = expectedLarge(7);
        assertArrayEquals(expected, Files.readAllBytes(target));
        // And once more: the same bytes.
        try (Forked child = new Forked("bytes", target.toString(), "7", "fast")) {
            assertEquals(0, child.finish(), child.all.toString());
        }
        assertArrayEquals(expected, Files.readAllBytes(target));
        assertEquals(List.of("scores.bin"), listing());
        System.out.printf("Kill-mid-write test (%d MB output, 3 forked JVMs) in %.1f s%n", CHUNKS, (System.nanoTime() - start) / 1e9);
    }

    @Test
    void modelKilledBeforeTheRenameLeavesThePreviousModel() throws Exception {
        // The previous output: a small Tribuo model (protobuf). The new one: the committed golden DjlRecommenderModel.
        SampleSplits splits = new SampleBuilder().build(SyntheticGenerator.generate(
                new SyntheticGenerator.Config(3, 40, 60, 5, 15, 1.0, 0.4, 4, 0.3, 0.5, 2.0)).ratings());
        LabelFactory f = new LabelFactory();
        MutableDataset<Label> train = new MutableDataset<>(new ListDataSource<>(splits.train(), f, new SimpleDataSourceProvenance("train", f)));
        Model<Label> oldModel = DummyClassifierTrainer.createMostFrequentTrainer().train(train);
        Path target = dir.resolve("model.tribuo");
        AtomicFiles.write(target, false, oldModel::serializeToFile);
        byte[] old = Files.readAllBytes(target);
        Path golden = Paths.get("src", "test", "resources", "dev", "fudlr", "model", "golden-successor-model-v0.tribuo");
        Model<?> newModel = Model.deserializeFromFile(golden);
        Path source = Files.createTempFile("new-model", ".tribuo");
        try {
            // The child re-serializes what it loads: start from this JVM's serialization of the golden model.
            newModel.serializeToFile(source);
            long childPid;
            try (Forked child = new Forked("model", target.toString(), source.toString(), "slow")) {
                child.await("WRITTEN");
                child.kill();
                childPid = child.process.pid();
            }
            assertArrayEquals(old, Files.readAllBytes(target), "the previous model is intact");
            assertNotNull(Model.deserializeFromFile(target));
            List<String> files = listing();
            assertEquals(2, files.size(), files.toString());
            assertTrue(files.get(0).matches("\\.model\\.tribuo\\." + childPid + "\\.\\d+\\.partial"), files.toString());
            // The rerun writes the new model; twice gives the same bytes, those of the source file.
            for (int run = 0; run < 2; run++) {
                try (Forked child = new Forked("model", target.toString(), source.toString(), "fast")) {
                    assertEquals(0, child.finish(), child.all.toString());
                }
                assertEquals(List.of("model.tribuo"), listing());
                assertArrayEquals(Files.readAllBytes(source), Files.readAllBytes(target), "run " + run);
            }
            Model<?> loaded = Model.deserializeFromFile(target);
            assertEquals(newModel.getProvenance(), loaded.getProvenance());
        } finally {
            Files.deleteIfExists(source);
        }
    }

    @Test
    void failuresInProcessLeaveNoTemporaryFile() throws Exception {
        Path target = dir.resolve("out.txt");
        AtomicFiles.write(target, false, p -> Files.writeString(p, "one"));
        assertThrows(FileAlreadyExistsException.class, () -> AtomicFiles.write(target, false, p -> Files.writeString(p, "two")));
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(target, true, p -> {
            Files.writeString(p, "half");
            throw new IOException("disk full");
        }));
        assertEquals("disk full", e.getMessage());
        assertEquals("one", Files.readString(target));
        assertEquals(List.of("out.txt"), listing());
        IOException none = assertThrows(IOException.class, () -> AtomicFiles.write(target, true, p -> { }));
        assertTrue(none.getMessage().contains("did not create a file"), none.getMessage());
        assertThrows(IOException.class, () -> AtomicFiles.write(dir, true, p -> Files.writeString(p, "x")));
        // A temporary file of a live process (this one) is never removed; one of a dead pid is.
        Path live = AtomicFiles.temporaryFile(target.toAbsolutePath());
        Files.writeString(live, "in progress");
        Path dead = target.toAbsolutePath().resolveSibling(".out.txt." + Long.MAX_VALUE + ".1" + AtomicFiles.TEMP_SUFFIX);
        Files.writeString(dead, "abandoned");
        Path other = dir.resolve(".other.txt." + Long.MAX_VALUE + ".1" + AtomicFiles.TEMP_SUFFIX);
        Files.writeString(other, "another target's");
        assertEquals(List.of(dead), AtomicFiles.removeStaleTemporaryFiles(target.toAbsolutePath()));
        assertTrue(Files.exists(live));
        assertTrue(Files.exists(other));
        assertFalse(Files.exists(dead));
        AtomicFiles.write(target, true, p -> Files.writeString(p, "two"));
        assertEquals("two", Files.readString(target));
        AtomicFiles.writeString(target, true, "three \u00e9");
        assertEquals("three \u00e9", Files.readString(target, StandardCharsets.UTF_8));
        IllegalArgumentException exists = assertThrows(IllegalArgumentException.class, () -> AtomicFiles.checkTarget(target, false, "--out"));
        assertEquals("--out " + target + " exists; pass --force to overwrite it", exists.getMessage());
        AtomicFiles.checkTarget(target, true, "--out");
        assertThrows(IllegalArgumentException.class, () -> AtomicFiles.checkTarget(dir, true, "--out"));
    }

    @Test
    void linksDevicesAndFifosAreNeverReplacedEvenWithForce() throws Exception {
        Path real = dir.resolve("real.txt");
        Files.writeString(real, "keep");
        Path link = Files.createSymbolicLink(dir.resolve("link.txt"), real);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AtomicFiles.checkTarget(link, true, "-o"));
        assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
        assertThrows(java.nio.file.FileSystemException.class, () -> AtomicFiles.writeString(link, true, "new"));
        assertTrue(Files.isSymbolicLink(link));
        assertEquals("keep", Files.readString(real));

        // A device: only the up-front check is exercised, so a regression can never replace it.
        IllegalArgumentException device = assertThrows(IllegalArgumentException.class,
            () -> AtomicFiles.checkTarget(Path.of("/dev/null"), true, "-o"));
        assertTrue(device.getMessage().contains("not a regular file"), device.getMessage());

        Path fifo = dir.resolve("fifo");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        org.junit.jupiter.api.Assumptions.assumeTrue(mkfifo.waitFor() == 0, "mkfifo is not available");
        IllegalArgumentException f = assertThrows(IllegalArgumentException.class, () -> AtomicFiles.checkTarget(fifo, true, "-o"));
        assertTrue(f.getMessage().contains("not a regular file"), f.getMessage());
        assertThrows(java.nio.file.FileSystemException.class, () -> AtomicFiles.writeString(fifo, true, "new"));
        assertFalse(Files.isRegularFile(fifo, java.nio.file.LinkOption.NOFOLLOW_LINKS), "the FIFO is still there");
    }

    @Test
    void longNamesGetTemporaryNamesThatFitAndOverlongNamesAreRefusedUpFront() throws IOException {
        Path longest = dir.resolve("m".repeat(AtomicFiles.MAX_NAME_BYTES - 6) + ".model");
        assertEquals(AtomicFiles.MAX_NAME_BYTES, longest.getFileName().toString().length());
        AtomicFiles.checkTarget(longest, false, "-o");
        Path tmp = AtomicFiles.temporaryFile(longest.toAbsolutePath());
        assertTrue(tmp.getFileName().toString().getBytes(StandardCharsets.UTF_8).length <= AtomicFiles.MAX_NAME_BYTES, tmp.toString());
        AtomicFiles.writeString(longest, false, "ok");
        assertEquals("ok", Files.readString(longest));
        // Multi-byte names are measured in bytes.
        Path accented = dir.resolve("\u00e9".repeat(120) + ".model");
        AtomicFiles.writeString(accented, false, "ok");
        assertEquals("ok", Files.readString(accented));
        // A stale temporary file of a shortened name is still recognised as this target's.
        Path stale = longest.toAbsolutePath().resolveSibling(AtomicFiles.temporaryPrefix(longest.toAbsolutePath()) + Long.MAX_VALUE + ".1"
                                                             + AtomicFiles.TEMP_SUFFIX);
        Files.writeString(stale, "abandoned");
        assertEquals(List.of(stale), AtomicFiles.removeStaleTemporaryFiles(longest.toAbsolutePath()));

        Path overlong = dir.resolve("m".repeat(AtomicFiles.MAX_NAME_BYTES + 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AtomicFiles.checkTarget(overlong, false, "-o"));
        assertTrue(e.getMessage().contains("file name is 256 bytes"), e.getMessage());
    }

    @Test
    void anUnwritableDirectoryIsFoundBeforeAnyWork() throws IOException {
        Path target;
        Path ro = Files.createDirectory(dir.resolve("ro"));
        ro.toFile().setWritable(false, false);
        if (!Files.isWritable(ro)) {
            target = ro.resolve("out.model");
        } else {
            // Running as root: permissions do not apply; sysfs refuses new files even to root.
            target = Path.of("/sys/fudlr-out.model");
            org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(Path.of("/sys")), "no read-only directory to test with");
        }
        Path t = target;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AtomicFiles.checkTarget(t, false, "-o"));
        assertTrue(e.getMessage().startsWith("-o " + t + ": cannot write in "), e.getMessage());
        ro.toFile().setWritable(true, false);
        Path file = Files.writeString(dir.resolve("file"), "x");
        IllegalArgumentException under = assertThrows(IllegalArgumentException.class,
            () -> AtomicFiles.checkTarget(file.resolve("sub").resolve("out.model"), false, "-o"));
        assertTrue(under.getMessage().contains("is not a directory"), under.getMessage());
    }
}
