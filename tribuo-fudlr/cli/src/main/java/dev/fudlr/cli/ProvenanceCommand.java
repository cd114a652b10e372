/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.cli;

import com.oracle.labs.mlrg.olcut.config.json.JsonProvenanceSerialization;
import dev.fudlr.reliability.AtomicFiles;
import org.tribuo.Model;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code fudlr provenance MODEL}: the model's provenance as JSON, in OLCUT's marshalled form (which
 * {@code JsonProvenanceSerialization.deserializeAndUnmarshal} reads back) or, with {@code --tree}, as one nested object.
 * With {@code --diff OTHER}: how MODEL's provenance differs from OTHER's, read as "from OTHER to MODEL" (as
 * {@code diff -u OTHER MODEL}): {@code +} paths only MODEL has, {@code -} paths only OTHER has, and
 * {@code ~ path: OTHER's value -> MODEL's value}, after a {@code --- OTHER} / {@code +++ MODEL} header. So
 * {@code provenance debiased.model --diff base.model} shows what debiasing added as {@code +}.
 */
@Command(name = "provenance", mixinStandardHelpOptions = true,
         description = {"Print a model's provenance as JSON (OLCUT's form; --tree: nested), or --diff it with another model's."})
final class ProvenanceCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "MODEL", description = "Model file (Tribuo protobuf).")
    Path modelFile;

    @Option(names = "--diff", paramLabel = "OTHER_MODEL",
            description = "Print how MODEL's provenance differs from this model's: '+' only in MODEL, '-' only in OTHER_MODEL, "
                          + "'~ path: OTHER_MODEL's value -> MODEL's value'.")
    Path other;

    @Option(names = "--tree", description = "Print the provenance as one nested JSON object (easier to read, not read back by OLCUT).")
    boolean tree;

    @Option(names = "--json", description = "With --diff: print the differences as JSON.")
    boolean json;

    @Option(names = "--out", paramLabel = "FILE", description = "Write to FILE instead of standard output.")
    Path out;

    @Option(names = "--force", description = "Overwrite an existing --out file.")
    boolean force;

    @Override
    public Integer call() throws Exception {
        if (json && other == null) {
            throw new IllegalArgumentException("--json only applies to --diff (the provenance itself is always JSON)");
        }
        if (tree && other != null) {
            throw new IllegalArgumentException("--tree does not apply to --diff (use --json for a JSON diff)");
        }
        if (out != null) {
            AtomicFiles.checkTarget(out, force, "--out");
        }
        Model<?> model = ModelFiles.load(modelFile, "MODEL");
        String text;
        try {
            if (other != null) {
                Model<?> second = ModelFiles.load(other, "--diff");
                try {
                    // From OTHER to MODEL, so that what MODEL adds (e.g. a debiasing step over --diff's base) reads as '+'.
                    List<ProvenanceTree.Change> changes = ProvenanceTree.diff(second.getProvenance(), model.getProvenance());
                    text = json ? Json.write(ProvenanceTree.toJson(changes, other.toString(), modelFile.toString()))
                                : ProvenanceTree.format(changes, other + " (--diff)", modelFile.toString());
                } finally {
                    ModelFiles.close(second);
                }
            } else if (tree) {
                text = Json.write(ProvenanceTree.tree(model.getProvenance()));
            } else {
                String s = new JsonProvenanceSerialization(true).marshalAndSerialize(model.getProvenance());
                text = s.endsWith("\n") ? s : s + "\n";
            }
        } finally {
            ModelFiles.close(model);
        }
        if (out != null) {
            AtomicFiles.writeString(out, force, text);
            System.err.println("Wrote " + out.toAbsolutePath());
        } else {
            System.out.print(text);
        }
        return 0;
    }
}
