/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.cli;

import dev.fudlr.data.SampleSplits;
import dev.fudlr.reliability.AtomicFiles;
import dev.fudlr.report.HtmlAuditReport;
import dev.fudlr.report.VerificationCheck;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code fudlr report}: the self-contained HTML audit report of a model debiased by FUDLR, from the model file's
 * provenance. The model's parameters are checked against the recorded hash. The data options are read only when
 * {@code --data}, {@code --format} or {@code --interactions} is given: then the unlearned samples are described from the training split
 * (their items, group counts, and with {@code --include-user-attributes} each listed user's attribute values).
 */
@Command(name = "report", mixinStandardHelpOptions = true,
         description = "Write the HTML audit report (single self-contained file) of a debiased model from its provenance.")
final class ReportCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "MODEL_FILE", description = "Debiased model file (Tribuo protobuf).")
    Path modelFile;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "FILE", description = "HTML file to write.")
    Path output;

    @Option(names = "--force", description = "Overwrite an existing output file.")
    boolean force;

    @Option(names = "--include-user-attributes",
            description = "List the sensitive attribute values of each listed user (needs the training data: --data, --interactions or --format). "
                    + "Off by default: the report holds group-level statistics only.")
    boolean includeUserAttributes;

    @Option(names = "--top", paramLabel = "N", defaultValue = "20",
            description = "Unlearned samples listed (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--min-group-size", paramLabel = "K", defaultValue = "5",
            description = "Per-group values of user groups with fewer than K users are shown as 'suppressed (n < K)', their sizes "
                    + "are shown (k-anonymity style; the run's own, larger K wins; 1 = no further suppression; default: ${DEFAULT-VALUE}).")
    int minGroupSize;

    @Mixin
    DataOptions data;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    @SuppressWarnings("unchecked")
    public Integer call() throws Exception {
        if (top < 0) {
            throw new IllegalArgumentException("--top must be >= 0, not " + top);
        }
        if (minGroupSize < 1) {
            throw new IllegalArgumentException("--min-group-size must be >= 1, not " + minGroupSize);
        }
        boolean dataGiven = spec.commandLine().getParseResult().hasMatchedOption("--data")
            || spec.commandLine().getParseResult().hasMatchedOption("--format")
            || spec.commandLine().getParseResult().hasMatchedOption("--interactions");
        if (includeUserAttributes && !dataGiven) {
            throw new IllegalArgumentException("--include-user-attributes needs the training data the model was debiased with: "
                                               + "pass --data DIR, --interactions FILE or --format synthetic");
        }
        AtomicFiles.checkTarget(output, force, "--out");
        Model<?> model = ModelFiles.load(modelFile, "MODEL_FILE");
        try {
            HtmlAuditReport.Builder builder = HtmlAuditReport.builder(model.getProvenance()).model(model)
                .includeUserAttributes(includeUserAttributes).topSamples(top).minGroupSize(minGroupSize)
                .title("FUDLR audit report: " + modelFile.getFileName());
            if (dataGiven) {
                if (!model.validate(Label.class)) {
                    throw new IllegalArgumentException(modelFile + " is not a recommender (Model<Label>): " + model.getClass().getName());
                }
                MutableDataset<Label> train = new MutableDataset<>(data.source(SampleSplits.TRAIN));
                builder.trainingData(train.getData());
            }
            HtmlAuditReport report = builder.build();
            String html = report.render();
            AtomicFiles.write(output, force, path -> Files.writeString(path, html, StandardCharsets.UTF_8));
            VerificationCheck.Status status = report.overallStatus();
            System.out.println("wrote " + output + " (" + html.length() + " characters; verification " + status + ")");
            for (VerificationCheck c : report.checks()) {
                if (c.status() == VerificationCheck.Status.FAIL) {
                    System.out.println("  " + c);
                }
            }
            return 0;
        } finally {
            if (model instanceof AutoCloseable c) {
                c.close();
            }
        }
    }
}
