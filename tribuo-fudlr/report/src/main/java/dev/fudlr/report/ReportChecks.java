/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.report;

import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import dev.fudlr.debias.FudlrReport;
import dev.fudlr.debias.FudlrTransformer;
import dev.fudlr.debias.ReportKey;
import dev.fudlr.model.UnlearnableRecommender;
import org.tribuo.Model;
import org.tribuo.provenance.ModelProvenance;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * The report's own verification checks: the recorded id list against its hash and count, the model's parameters
 * against the recorded hash, the parameter change against the unlearned count, the run's convergence, guard,
 * certificate and surrogate flags, and the in-memory report against the provenance.
 */
final class ReportChecks {

    private static final String P = FudlrTransformer.PREFIX;

    private ReportChecks() {}

    /**
     * The checks a report runs on its inputs.
     * @param record the run's values.
     * @param provenance the model provenance, or null.
     * @param fudlrReport the in-memory report, or null.
     * @param model the model, or null.
     * @return the checks, in display order.
     */
    static List<VerificationCheck> of(RunRecord record, ModelProvenance provenance, FudlrReport fudlrReport, Model<?> model) {
        List<VerificationCheck> out = new ArrayList<>();
        List<String> ids = record.unlearnedIds();
        Optional<String> sha = record.string(FudlrReport.UNLEARNED_IDS_SHA256);
        String idsName = "Unlearned id list matches its recorded SHA-256";
        if (sha.isEmpty() || !record.has(FudlrReport.UNLEARNED_IDS)) {
            out.add(new VerificationCheck(idsName, VerificationCheck.Status.NOT_CHECKED, "the id list or its hash is not recorded"));
        } else {
            String actual = sha256(String.join("\n", ids).getBytes(StandardCharsets.UTF_8));
            out.add(actual.equals(sha.get())
                ? new VerificationCheck(idsName, VerificationCheck.Status.PASS, actual)
                : new VerificationCheck(idsName, VerificationCheck.Status.FAIL, "recorded " + sha.get() + ", computed " + actual));
        }
        OptionalDouble count = record.number(FudlrReport.UNLEARNED_COUNT);
        String countName = "Unlearned count matches the id list";
        if (count.isEmpty()) {
            out.add(new VerificationCheck(countName, VerificationCheck.Status.NOT_CHECKED, "the count is not recorded"));
        } else {
            boolean ok = count.getAsDouble() == ids.size();
            out.add(new VerificationCheck(countName, ok ? VerificationCheck.Status.PASS : VerificationCheck.Status.FAIL,
                                          "count " + Html.number(count.getAsDouble()) + ", list " + ids.size()));
        }
        Optional<String> after = record.string(FudlrReport.THETA_AFTER_SHA256);
        String paramName = "Model parameters match the recorded SHA-256";
        if (after.isEmpty()) {
            out.add(new VerificationCheck(paramName, VerificationCheck.Status.NOT_CHECKED, "no parameter hash is recorded"));
        } else if (model == null) {
            out.add(new VerificationCheck(paramName, VerificationCheck.Status.NOT_CHECKED, "no model was given to the report"));
        } else if (!(model instanceof UnlearnableRecommender u)) {
            out.add(new VerificationCheck(paramName, VerificationCheck.Status.NOT_CHECKED, model.getClass().getName()
                                                                                            + " exposes no trainable parameters"));
        } else {
            String actual = parameterSha256(u.trainableParametersAsDouble());
            out.add(actual.equals(after.get())
                ? new VerificationCheck(paramName, VerificationCheck.Status.PASS, actual)
                : new VerificationCheck(paramName, VerificationCheck.Status.FAIL, "recorded " + after.get() + ", model " + actual));
        }
        Optional<String> beforeSha = record.string(FudlrReport.THETA_BEFORE_SHA256);
        if (beforeSha.isPresent() && after.isPresent() && count.isPresent()) {
            boolean changed = !beforeSha.get().equals(after.get());
            boolean expected = count.getAsDouble() > 0;
            out.add(new VerificationCheck("Parameters changed exactly when samples were unlearned",
                                          changed == expected ? VerificationCheck.Status.PASS : VerificationCheck.Status.FAIL,
                                          (changed ? "changed" : "unchanged") + " with " + Html.number(count.getAsDouble()) + " unlearned"));
        }
        flagCheck(record, out, "Influence solves converged", ReportKey.SOLVE_CONVERGED.key(), true, "the effects are approximate when not");
        flagCheck(record, out, "Newton removal converged", ReportKey.REMOVAL_CONVERGED.key(), true, "");
        flagCheck(record, out, "Accuracy guard satisfied", ReportKey.GUARD_SATISFIED.key(), true, "");
        flagCheck(record, out, "Unlearning certificate not flagged", FudlrReport.CERTIFICATE_FLAGGED, false, "");
        List<String> surrogates = record.surrogateObjectives();
        if (!surrogates.isEmpty()) {
            List<String> disagree = new ArrayList<>();
            for (String s : surrogates) {
                if (!record.flag(ReportKey.Family.SURROGATE.prefix() + s + ".sign-agreement").orElse(false)) {
                    disagree.add(s);
                }
            }
            out.add(new VerificationCheck("Surrogate predictions have the sign of the exact changes",
                                          disagree.isEmpty() ? VerificationCheck.Status.PASS : VerificationCheck.Status.WARN,
                                          disagree.isEmpty() ? surrogates.size() + " objective(s)" : "disagree: " + String.join(", ", disagree)));
        }
        if (fudlrReport != null && provenance != null) {
            Map<String, Provenance> fromReport = new TreeMap<>(fudlrReport.provenanceValues());
            boolean same = fromReport.equals(record.values());
            out.add(new VerificationCheck("In-memory report matches the model provenance",
                                          same ? VerificationCheck.Status.PASS : VerificationCheck.Status.FAIL,
                                          same ? fromReport.size() + " values" : "the report's values differ from the model's provenance"));
        }
        return out;
    }

    private static void flagCheck(RunRecord record, List<VerificationCheck> out, String name, String key, boolean good, String hint) {
        Optional<Boolean> v = record.flag(key);
        if (v.isEmpty()) {
            out.add(new VerificationCheck(name, VerificationCheck.Status.NOT_CHECKED, "not recorded"));
        } else {
            boolean ok = v.get() == good;
            out.add(new VerificationCheck(name, ok ? VerificationCheck.Status.PASS : VerificationCheck.Status.WARN,
                                          key.substring(P.length()) + " = " + v.get() + (ok || hint.isEmpty() ? "" : "; " + hint)));
        }
    }

    static VerificationCheck.Status overall(List<VerificationCheck> checks) {
        VerificationCheck.Status s = VerificationCheck.Status.PASS;
        for (VerificationCheck c : checks) {
            if (c.status() == VerificationCheck.Status.FAIL) {
                return VerificationCheck.Status.FAIL;
            }
            if (c.status() == VerificationCheck.Status.WARN) {
                s = VerificationCheck.Status.WARN;
            }
        }
        return s;
    }

    /**
     * SHA-256 of parameters as FUDLR records them (little-endian IEEE doubles, in order).
     * @param theta the parameters.
     * @return the lower-case hex digest.
     */
    static String parameterSha256(double[] theta) {
        ByteBuffer buf = ByteBuffer.allocate(theta.length * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : theta) {
            buf.putDouble(v);
        }
        return sha256(buf.array());
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
