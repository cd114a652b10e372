/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.bench;

import dev.fudlr.debias.FudlrStage;
import dev.fudlr.debias.FudlrTransformer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A cost model of one FUDLR debias, of a FUDLR trade-off sweep, and of retraining, counted in <em>passes</em>: one
 * pass is the forward plus backward computation of one training sample, so one training epoch over n samples costs
 * n passes and every result divided by n is in epoch-equivalents. Counting passes makes the model scale-free: the
 * constants below are ratios (an HVP over a sample costs {@code hvpRatio} gradients of it, and so on) that are
 * measured on small models and assumed to carry over to large ones.
 * <p>
 * FUDLR (see {@code FudlrTransformer}), for a Hessian subsample of m samples, q = objectives + 1 query vectors,
 * N_a audit samples, guard attempts with selection sizes s_1..s_A:
 * <pre>
 *   audit         forward * N_a
 *   surrogate     surrogate * q * N_a                 (backward through the audit scores, one per query)
 *   solves        fisher:   perSampleGradient * m     (the m x p gradient matrix G; products are then matmuls)
 *                 exact:    I * hvpRatio * gradient * m * (1 + extraRhs * (q - 1))   (block CG, I iterations)
 *                 identity: 0
 *   effects       perSampleGradient * n               (every training sample's gradient, dotted with q directions)
 *   guard         sum_a [gradient * s_a + newton solve + forward * N_a]   (Newton removal + re-audit per attempt;
 *                 the Newton solve is 0 for fisher/identity, I * hvpRatio * gradient * m for exact)
 *   certificate   k * gradient * n                    (k = 3 full-risk gradients in an early version; k = 1 once
 *                                                      the full gradient at theta is reused from the effects pass;
 *                                                      the sampled default evaluates min(s, n - |S|) retained samples
 *                                                      at theta' and reuses the removal's sum over S: k = that / n)
 * </pre>
 * Retraining LoRA for E epochs costs E * n passes (plus a re-audit if an operating point is to be checked); a
 * trade-off sweep of P points costs P times that, whereas FUDLR scores once and pays one Newton removal and one
 * re-audit per point. CPU-side work that does not scale with the model (surrogate calibration, the mask's Adam
 * steps, reports) is left out of the pass count; on the tiny transformer it is added back as measured seconds
 * ({@link Overhead}) so that the model can be checked against measurements.
 */
public final class CostModel {

    private CostModel() {}

    /** Curvature backend of the solves. */
    public enum Curvature {
        /** Empirical Fisher / Gauss-Newton from stored per-sample gradients. */
        FISHER,
        /** Exact Hessian-vector products by double backward (finite differences cost about the same). */
        EXACT,
        /** Identity (gradient-only). */
        IDENTITY;

        /**
         * The backend for a benchmark name.
         * @param name fisher, exact, finite-difference or identity.
         * @return the backend.
         */
        public static Curvature of(String name) {
            switch (name.trim().toLowerCase(Locale.ROOT)) {
                case "fisher":
                    return FISHER;
                case "exact":
                case "finite-difference":
                    return EXACT;
                case "identity":
                    return IDENTITY;
                default:
                    throw new IllegalArgumentException("Unknown curvature '" + name + "', expected fisher, exact, finite-difference or identity");
            }
        }
    }

    /**
     * Per-sample costs in passes.
     * @param forward a forward-only scoring of one audit sample (top-K lists and metrics included).
     * @param gradient one sample's share of a batch gradient.
     * @param surrogate one sample's share of one surrogate-gradient backward through the audit scores.
     * @param perSampleGradient c_g: one sample's per-sample gradient (one backward per chunk with per-sample LoRA copies).
     * @param hvpRatio r_hvp: an exact Hessian-vector product over a sample set / a gradient over the same set.
     * @param extraRhs cost of each further right-hand side of block CG relative to the first (3 RHS measured 2.4x one: 0.7).
     */
    public record Constants(double forward, double gradient, double surrogate, double perSampleGradient, double hvpRatio,
                            double extraRhs) {
        /** Validates. */
        public Constants {
            for (double v : new double[]{forward, gradient, surrogate, perSampleGradient, hvpRatio, extraRhs}) {
                if (!(v >= 0) || !Double.isFinite(v)) {
                    throw new IllegalArgumentException("Cost constants must be finite and >= 0, found " + v);
                }
            }
        }
    }

    /**
     * One debias run's shape.
     * @param n training samples.
     * @param audit audit samples N_a.
     * @param hessianSample Hessian subsample m (at most n).
     * @param queries q = objectives + 1 (the accuracy query).
     * @param cgIterations CG iterations per solve (exact backend).
     * @param guardSizes the selection sizes the accuracy guard tries (one Newton removal + re-audit each).
     * @param curvature the backend.
     * @param certificateGradients k: full-gradient passes of the certificate (0 = none, 3 = three full gradients, 1 = the
     * full gradient at theta reused from the effects pass).
     */
    public record Workload(long n, long audit, long hessianSample, int queries, int cgIterations, long[] guardSizes,
                           Curvature curvature, double certificateGradients) {
        /** Validates and copies. */
        public Workload {
            if (n < 1 || audit < 0 || hessianSample < 0 || queries < 1 || cgIterations < 0) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "Invalid workload: n=%d audit=%d m=%d q=%d I=%d", n, audit,
                                                                 hessianSample, queries, cgIterations));
            }
            if (hessianSample > n) {
                throw new IllegalArgumentException("Hessian subsample m=" + hessianSample + " exceeds n=" + n);
            }
            Objects.requireNonNull(curvature, "curvature");
            if (!(certificateGradients >= 0) || !Double.isFinite(certificateGradients)) {
                throw new IllegalArgumentException("certificateGradients must be finite and >= 0, found " + certificateGradients);
            }
            guardSizes = guardSizes.clone();
            for (long s : guardSizes) {
                if (s < 0 || s > n) {
                    throw new IllegalArgumentException("Guard selection size " + s + " outside [0, " + n + "]");
                }
            }
        }

        @Override
        public long[] guardSizes() {
            return guardSizes.clone();
        }
    }

    /**
     * FUDLR's passes per stage.
     * @param audit first audit.
     * @param surrogate surrogate gradients.
     * @param solves curvature setup and influence solves.
     * @param effects per-sample effects.
     * @param guard Newton removals and re-audits of the guard.
     * @param certificate the certificate.
     */
    public record Breakdown(double audit, double surrogate, double solves, double effects, double guard, double certificate) {
        /** @return the sum. */
        public double total() {
            return audit + surrogate + solves + effects + guard + certificate;
        }

        /** @return the scoring part (audit, surrogate gradients, solves, effects): what a trade-off sweep pays once. */
        public double scoring() {
            return audit + surrogate + solves + effects;
        }
    }

    /**
     * Non-pass CPU work of the tiny-transformer implementation, in seconds, for checking the model on measurements.
     * @param fixedSeconds calibration + report (independent of n).
     * @param maskSecondsPerSample the mask's Adam steps per training sample.
     */
    public record Overhead(double fixedSeconds, double maskSecondsPerSample) {
        /** No overhead (large models). */
        public static final Overhead NONE = new Overhead(0, 0);

        /**
         * @param n training samples.
         * @return seconds.
         */
        public double seconds(long n) {
            return fixedSeconds + maskSecondsPerSample * n;
        }
    }

    /**
     * FUDLR's passes for one debias.
     * @param c constants.
     * @param w workload.
     * @return passes per stage.
     */
    public static Breakdown fudlr(Constants c, Workload w) {
        double audit = c.forward() * w.audit();
        double surrogate = c.surrogate() * w.queries() * w.audit();
        double solves = solvePasses(c, w, w.queries(), true);
        double effects = c.perSampleGradient() * w.n();
        double guard = 0;
        for (long s : w.guardSizes()) {
            guard += attemptPasses(c, w, s);
        }
        double certificate = w.certificateGradients() * c.gradient() * w.n();
        return new Breakdown(audit, surrogate, solves, effects, guard, certificate);
    }

    /** One Newton removal of s samples plus the re-audit. */
    private static double attemptPasses(Constants c, Workload w, long s) {
        return c.gradient() * s + solvePasses(c, w, 1, false) + c.forward() * w.audit();
    }

    /** Passes of the influence solves (setup = build the Fisher's gradient matrix, done once per run). */
    private static double solvePasses(Constants c, Workload w, int rhs, boolean setup) {
        switch (w.curvature()) {
            case FISHER:
                return setup ? c.perSampleGradient() * w.hessianSample() : 0;
            case EXACT:
                return w.cgIterations() * c.hvpRatio() * c.gradient() * w.hessianSample() * (1 + c.extraRhs() * (rhs - 1));
            default:
                return 0;
        }
    }

    /**
     * Passes of a FUDLR trade-off sweep: one scoring, then per operating point one Newton removal of
     * {@code setSize} samples and one re-audit (plus a certificate when the workload asks for one).
     * @param c constants.
     * @param w workload (its guard sizes are ignored).
     * @param points P operating points.
     * @param setSize samples removed per point.
     * @return passes.
     */
    public static double fudlrSweep(Constants c, Workload w, int points, long setSize) {
        double perPoint = attemptPasses(c, w, setSize) + w.certificateGradients() * c.gradient() * w.n();
        return fudlr(c, w).scoring() + points * perPoint;
    }

    /**
     * Passes of retraining: E epochs over the kept samples, plus one audit of the result when {@code audit > 0}.
     * @param kept training samples kept.
     * @param epochs E.
     * @param audit audit samples scored afterwards (0 = none).
     * @param c constants (for the forward cost of the audit).
     * @return passes.
     */
    public static double retrain(long kept, double epochs, long audit, Constants c) {
        return epochs * kept + c.forward() * audit;
    }

    /**
     * Calibrates the constants on one measured FUDLR run of the tiny transformer: seconds per pass = epoch seconds / n,
     * every pass-proportional stage divided by its count.
     * @param m the measurement (Fisher backend).
     * @param hvpRatio r_hvp (not measurable on a Fisher run; taken from the kernel benchmarks).
     * @param extraRhs block-CG extra RHS factor (from the kernel benchmarks).
     * @return the constants and the overhead.
     */
    public static Calibration calibrate(Measurement m, double hvpRatio, double extraRhs) {
        double t = m.epochSeconds() / m.n();
        double forward = m.stage(FudlrStage.AUDIT.id()) / (t * m.audit());
        double gradient = m.certificateGradients() > 0 ? m.stage(FudlrStage.CERTIFICATE.id()) / (m.certificateGradients() * t * m.n()) : 1.0;
        double surrogate = m.stage(FudlrStage.SURROGATE_GRADIENTS.id()) / (t * m.queries() * m.audit());
        // The Fisher setup (per-sample gradients of the m Hessian samples) and the effects (of all n) share c_g.
        double perSample = (m.stage(FudlrStage.INFLUENCE_SOLVES.id()) + m.stage(FudlrStage.PER_SAMPLE_EFFECTS.id())) / (t * (m.hessianSample() + m.n()));
        Constants c = new Constants(forward, gradient, surrogate, perSample, hvpRatio, extraRhs);
        Overhead o = new Overhead(m.stage(FudlrStage.CALIBRATION.id()) + m.stage(FudlrStage.REPORT.id()), m.stage(FudlrStage.MASK.id()) / m.n());
        return new Calibration(c, o);
    }

    /**
     * Calibrates on several runs: each constant (and overhead term) is the median of its single-run calibrations,
     * which keeps one run disturbed by other load on a shared machine from setting the constants.
     * @param ms measurements (at least one).
     * @param hvpRatio r_hvp.
     * @param extraRhs block-CG extra RHS factor.
     * @return the median calibration.
     */
    public static Calibration calibrateMedian(List<Measurement> ms, double hvpRatio, double extraRhs) {
        if (ms.isEmpty()) {
            throw new IllegalArgumentException("At least one measurement is needed to calibrate");
        }
        List<Calibration> each = ms.stream().map(m -> calibrate(m, hvpRatio, extraRhs)).toList();
        Constants c = new Constants(median(each, k -> k.constants().forward()), median(each, k -> k.constants().gradient()),
                                    median(each, k -> k.constants().surrogate()), median(each, k -> k.constants().perSampleGradient()),
                                    hvpRatio, extraRhs);
        return new Calibration(c, new Overhead(median(each, k -> k.overhead().fixedSeconds()),
                                               median(each, k -> k.overhead().maskSecondsPerSample())));
    }

    private static double median(List<Calibration> cs, java.util.function.ToDoubleFunction<Calibration> f) {
        double[] v = cs.stream().mapToDouble(f).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /**
     * Calibrated constants and overhead.
     * @param constants per-pass constants.
     * @param overhead non-pass seconds.
     */
    public record Calibration(Constants constants, Overhead overhead) {}

    /**
     * One measured FUDLR run (a row of ScalingBenchmark's CSV).
     * @param n training samples.
     * @param audit audit samples.
     * @param hessianSample Hessian subsample m.
     * @param queries q.
     * @param epochSeconds one LoRA epoch on the same n.
     * @param fudlrSeconds measured FUDLR wall time.
     * @param stages stage seconds.
     * @param guardSizes the guard's attempted sizes.
     * @param certificateGradients full-gradient passes of its certificate (0 if nothing was removed).
     * @param label a label for tables.
     */
    public record Measurement(long n, long audit, long hessianSample, int queries, double epochSeconds, double fudlrSeconds,
                              Map<String, Double> stages, long[] guardSizes, double certificateGradients, String label) {
        /**
         * @param name stage name.
         * @return its seconds (0 if absent).
         */
        public double stage(String name) {
            return stages.getOrDefault(name, 0.0);
        }

        /** @return the workload this run had. */
        public Workload workload() {
            return new Workload(n, audit, hessianSample, queries, 0, guardSizes, Curvature.FISHER, certificateGradients);
        }
    }

    /**
     * Predicted FUDLR seconds on the tiny transformer for a measured run: passes times its seconds per pass, plus the
     * overhead.
     * @param cal calibration.
     * @param m the run.
     * @return seconds.
     */
    public static double predictSeconds(Calibration cal, Measurement m) {
        return fudlr(cal.constants(), m.workload()).total() * m.epochSeconds() / m.n() + cal.overhead().seconds(m.n());
    }

    /**
     * The certificate of the measured runs: {@code fullGradients} passes over all n samples, or a retained subsample
     * of {@code samples} evaluated once (FUDLR's sampled certificate; exact, one pass over the retained samples, when
     * they are fewer).
     * @param fullGradients k, used when samples is 0.
     * @param samples the subsample (0 = the full-gradient form).
     */
    public record CertificateSpec(double fullGradients, long samples) {
        /**
         * Parses {@code 3}, {@code 1} (full gradients) or {@code sampled:8192}.
         * @param spec the text.
         * @return the spec.
         */
        public static CertificateSpec parse(String spec) {
            if (spec.startsWith("sampled:")) {
                return new CertificateSpec(0, Long.parseLong(spec.substring("sampled:".length())));
            }
            return new CertificateSpec(Double.parseDouble(spec), 0);
        }

        /**
         * @param n training samples.
         * @param removed |S|.
         * @return the certificate's passes in multiples of n (0 when nothing was removed).
         */
        public double gradients(long n, long removed) {
            if (removed == 0) {
                return 0;
            }
            return samples == 0 ? fullGradients : (double) Math.min(samples, n - removed) / n;
        }
    }

    /**
     * Reads ScalingBenchmark's {@code scaling.csv} (Fisher rows only).
     * @param csv the file.
     * @param audit audit samples of the runs.
     * @param hessianSubsample FUDLR's Hessian subsample setting (m = min(it, n)).
     * @param certificateGradients full-gradient passes of the certificate in the measured version (3 before the
     * certificate reused the effects pass's gradient, 1 after).
     * @return the measurements.
     * @throws IOException if the file cannot be read.
     */
    public static List<Measurement> read(Path csv, long audit, long hessianSubsample, double certificateGradients) throws IOException {
        return read(csv, audit, hessianSubsample, new CertificateSpec(certificateGradients, 0));
    }

    /**
     * As {@link #read(Path, long, long, double)} with the certificate of the measured version.
     * @param csv the file.
     * @param audit audit samples of the runs.
     * @param hessianSubsample FUDLR's Hessian subsample setting (m = min(it, n)).
     * @param certificate the certificate of the measured version.
     * @return the measurements.
     * @throws IOException if the file cannot be read.
     */
    public static List<Measurement> read(Path csv, long audit, long hessianSubsample, CertificateSpec certificate) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        List<String> header = split(lines.get(0));
        List<Measurement> out = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            List<String> f = split(line);
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < header.size() && i < f.size(); i++) {
                row.put(header.get(i), f.get(i));
            }
            if (!"fisher".equals(row.get("backend"))) {
                continue;
            }
            long n = Long.parseLong(row.get("n"));
            Map<String, Double> stages = new LinkedHashMap<>();
            for (String s : ScalingBenchmark.STAGES) {
                stages.put(s, Double.parseDouble(row.get(s + "_s")));
            }
            String g = row.getOrDefault("guard_sizes", "");
            long[] sizes = g.isBlank() ? new long[0] : Arrays.stream(g.split("/")).mapToLong(Long::parseLong).toArray();
            out.add(new Measurement(n, audit, Math.min(hessianSubsample, n), 2, Double.parseDouble(row.get("epoch_s")),
                                    Double.parseDouble(row.get("fudlr_s")), stages, sizes, certificate.gradients(n, Long.parseLong(row.get("removed"))),
                                    row.get("part") + " n=" + n + " r=" + row.get("rank")));
        }
        return out;
    }

    /** Splits a CSV line with double-quoted fields (no escaped quotes inside). */
    static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (char ch : line.toCharArray()) {
            if (ch == '"') {
                quoted = !quoted;
            } else if (ch == ',' && !quoted) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        out.add(cur.toString());
        return out;
    }

    /**
     * Calibrates on one row of a ScalingBenchmark CSV, checks the other rows, and extrapolates to a 7B LLM.
     * Usage: {@code CostModel <scaling.csv> [calibration n] [certificate: 3 or 1 full gradients, or sampled:S] [hvpRatio] [extraRhs]}.
     * @param args arguments.
     * @throws IOException if the CSV cannot be read.
     */
    public static void main(String[] args) throws IOException {
        long calN = args.length > 1 ? Long.parseLong(args[1]) : 16000;
        CertificateSpec certificate = CertificateSpec.parse(args.length > 2 ? args[2] : "sampled:" + FudlrTransformer.DEFAULT_CERTIFICATE_SAMPLES);
        double hvp = args.length > 3 ? Double.parseDouble(args[3]) : 2.88;
        double extra = args.length > 4 ? Double.parseDouble(args[4]) : 0.7;
        List<Measurement> ms = read(Path.of(args[0]), 941, 2000, certificate);
        Measurement calRow = ms.stream().filter(m -> m.n() == calN && m.label().startsWith("samples")).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("No 'samples' row with n=" + calN + " in " + args[0]));
        Calibration cal = calibrate(calRow, hvp, extra);
        System.out.println(checkTable(cal, ms, calRow));
        System.out.println(leaveOneOutTable(ms, hvp, extra));
        System.out.println(extrapolation(cal.constants()));
    }

    /**
     * Predicted against measured FUDLR seconds for every measurement.
     * @param cal the calibration.
     * @param ms measurements.
     * @param calRow the row calibrated on (marked).
     * @return a Markdown table.
     */
    static String checkTable(Calibration cal, List<Measurement> ms, Measurement calRow) {
        Constants c = cal.constants();
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
            "Constants calibrated on %s: forward %.3f, gradient %.3f, surrogate %.3f, per-sample gradient c_g %.3f passes per sample; "
            + "r_hvp %.2f, extra RHS %.2f (assumed); overhead %.2f s + %.2e s per sample.%n%n",
            calRow.label(), c.forward(), c.gradient(), c.surrogate(), c.perSampleGradient(), c.hvpRatio(), c.extraRhs(),
            cal.overhead().fixedSeconds(), cal.overhead().maskSecondsPerSample()));
        sb.append("| run | n | epoch s | measured FUDLR s (epoch-eq) | predicted s (epoch-eq) | error |\n|---|---:|---:|---:|---:|---:|\n");
        for (Measurement m : ms) {
            double p = predictSeconds(cal, m);
            sb.append(String.format(Locale.ROOT, "| %s%s | %d | %.2f | %.1f (%.2f) | %.1f (%.2f) | %+.0f%% |%n", m.label(),
                                    m == calRow ? " (calibration)" : "", m.n(), m.epochSeconds(), m.fudlrSeconds(),
                                    m.fudlrSeconds() / m.epochSeconds(), p, p / m.epochSeconds(), 100 * (p / m.fudlrSeconds() - 1)));
        }
        return sb.toString();
    }

    /** LoRA r = 8 on the query and value projections of a 7B LLaMA-style decoder: 32 layers x 2 x 8 x (4096 + 4096). */
    static final long LLM_LORA_PARAMETERS = 32L * 2 * 8 * (4096 + 4096);

    /**
     * The constants assumed for a 7B decoder with LoRA: a forward is about half a LoRA pass (the backward computes
     * activation gradients but no base-weight gradients), a gradient is one pass, per-sample gradients 1.1 passes
     * (0.67-1.26x measured on the tiny transformer and MiniLM), r_hvp 2.88 (MiniLM median), extra RHS 0.7.
     */
    static final Constants LLM = new Constants(0.5, 1.0, 1.0, 1.1, 2.88, 0.7);

    /**
     * Leave-one-out check: each run predicted from the median calibration of all the other runs.
     * @param ms measurements.
     * @param hvp r_hvp.
     * @param extra extra RHS factor.
     * @return a Markdown table with the mean absolute error.
     */
    static String leaveOneOutTable(List<Measurement> ms, double hvp, double extra) {
        StringBuilder sb = new StringBuilder("Leave-one-out (each run predicted from the median constants of the others):\n\n"
                                             + "| run | measured s (epoch-eq) | predicted s (epoch-eq) | error |\n|---|---:|---:|---:|\n");
        double sum = 0;
        for (Measurement m : ms) {
            List<Measurement> others = ms.stream().filter(o -> o != m).toList();
            double p = predictSeconds(calibrateMedian(others, hvp, extra), m);
            double err = p / m.fudlrSeconds() - 1;
            sum += Math.abs(err);
            sb.append(String.format(Locale.ROOT, "| %s | %.1f (%.2f) | %.1f (%.2f) | %+.0f%% |%n", m.label(), m.fudlrSeconds(),
                                    m.fudlrSeconds() / m.epochSeconds(), p, p / m.epochSeconds(), 100 * err));
        }
        sb.append(String.format(Locale.ROOT, "%nMean absolute error %.0f%% over %d runs.%n", 100 * sum / ms.size(), ms.size()));
        return sb.toString();
    }

    /**
     * The 7B extrapolation table for a few scenarios: one debias (certificate of 1 full gradient, sampled, or none) against retraining
     * LoRA for E = 1 and E = 3 epochs, and a 5-point trade-off sweep (no certificates; each retrained point is audited
     * once, like each FUDLR point).
     * @param tiny constants calibrated on the tiny transformer (listed for comparison).
     * @return Markdown.
     */
    static String extrapolation(Constants tiny) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
            "Assumed 7B constants (passes per sample): forward %.2f, gradient %.2f, surrogate %.2f, c_g %.2f, r_hvp %.2f, extra RHS %.2f "
            + "(tiny-transformer calibration: %.2f, %.2f, %.2f, %.2f). LoRA parameters p = %,d; audit N_a = 943; q = 2; 15 CG "
            + "iterations per exact solve; guard tries 0.1 n (the default budget) then 0.05 n; sweep points remove 0.05 n each; the sampled "
            + "certificate evaluates " + FudlrTransformer.DEFAULT_CERTIFICATE_SAMPLES + " retained samples.%n%n",
            LLM.forward(), LLM.gradient(), LLM.surrogate(), LLM.perSampleGradient(), LLM.hvpRatio(), LLM.extraRhs(),
            tiny.forward(), tiny.gradient(), tiny.surrogate(), tiny.perSampleGradient(), LLM_LORA_PARAMETERS));
        sb.append("| n | curvature, m | G storage (fp32) | FUDLR epoch-eq: certificate 1 gradient / sampled / none | vs retrain E=1 (sampled / none) "
                  + "| vs retrain E=3 (sampled / none) | 5-point sweep epoch-eq | sweep speed-up vs retrain E=1 / E=3 |\n"
                  + "|---:|---|---:|---:|---:|---:|---:|---:|\n");
        long audit = 943;
        for (long n : new long[]{1024, 97_171}) {
            for (Object[] cfg : new Object[][]{{Curvature.FISHER, 2000L}, {Curvature.FISHER, 256L}, {Curvature.EXACT, 2000L}, {Curvature.EXACT, 256L}}) {
                Curvature cv = (Curvature) cfg[0];
                long m = Math.min((Long) cfg[1], n);
                long s0 = (long) (0.1 * n);
                long[] guard = {s0, s0 / 2};
                double one = fudlr(LLM, new Workload(n, audit, m, 2, 15, guard, cv, 1)).total();
                double sampled = fudlr(LLM, new Workload(n, audit, m, 2, 15, guard, cv,
                                                         new CertificateSpec(0, FudlrTransformer.DEFAULT_CERTIFICATE_SAMPLES).gradients(n, guard[0]))).total();
                Workload none = new Workload(n, audit, m, 2, 15, guard, cv, 0);
                double without = fudlr(LLM, none).total();
                double sweep = fudlrSweep(LLM, none, 5, s0 / 2);
                double r1 = retrain(n, 1, audit, LLM);
                double r3 = retrain(n, 3, audit, LLM);
                double sr1 = 5 * retrain(n - s0 / 2, 1, audit, LLM);
                double sr3 = 5 * retrain(n - s0 / 2, 3, audit, LLM);
                String storage = cv == Curvature.FISHER ? String.format(Locale.ROOT, "%.1f GB", m * LLM_LORA_PARAMETERS * 4 / 1e9) : "-";
                sb.append(String.format(Locale.ROOT, "| %,d | %s, m=%,d | %s | %.2f / %.2f / %.2f | %.2fx / %.2fx | %.2fx / %.2fx | %.2f | %.1fx / %.1fx |%n",
                                        n, cv.name().toLowerCase(Locale.ROOT), m, storage, one / n, sampled / n, without / n, sampled / r1,
                                        without / r1, sampled / r3, without / r3, sweep / n, sr1 / sweep, sr3 / sweep));
            }
        }
        sb.append("\n('vs retrain' = FUDLR passes / retraining passes; below 1 FUDLR is cheaper.)\n");
        return sb.toString();
    }
}
