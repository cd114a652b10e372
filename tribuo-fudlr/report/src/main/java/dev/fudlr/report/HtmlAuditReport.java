/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.report;

import com.oracle.labs.mlrg.olcut.provenance.ListProvenance;
import com.oracle.labs.mlrg.olcut.provenance.MapProvenance;
import com.oracle.labs.mlrg.olcut.provenance.PrimitiveProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import dev.fudlr.PostTrainingModelProvenance;
import dev.fudlr.data.SampleEncoding;
import dev.fudlr.debias.FudlrReport;
import dev.fudlr.debias.FudlrStage;
import dev.fudlr.debias.FudlrTransformer;
import dev.fudlr.debias.ReportKey;
import dev.fudlr.debias.ReportDetails;
import dev.fudlr.debias.SmallGroups;
import dev.fudlr.fairness.data.UserAttribute;
import dev.fudlr.fairness.metric.Direction;
import dev.fudlr.fairness.registry.MetricRegistry;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.provenance.ModelProvenance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTML audit report of a model debiased by FUDLR: one self-contained file (inline CSS, charts as embedded PNG
 * data URIs, the unlearned id list as a data-URI download; no script, font or network reference) with the run's
 * fairness metrics before and after per group (counts and the unknown group included), accuracy, impact ratios
 * against the four-fifths line, item-group exposure, the fairness-accuracy trade-off of the mask threshold, the
 * mask histogram, the unlearned samples, solver diagnostics, timings, verification checks and the full provenance.
 * <p>
 * Everything comes from the model's provenance ({@link RunRecord}); optional inputs add what provenance does not
 * hold: the in-memory {@link FudlrReport} (checked against the provenance, summary shown), the model (its parameter
 * hash is checked against the recorded one) and the training examples (items and, only with
 * {@link Builder#includeUserAttributes}, per-user sensitive attributes of the top unlearned samples). Without that
 * option the report holds group-level counts only.
 * <p>
 * Every string from provenance is HTML-escaped. Rendering is deterministic (no clock, sorted or recorded orders,
 * {@link Locale#ROOT} number formats), so the same inputs give byte-identical reports. Immutable.
 */
public final class HtmlAuditReport {
    private static final Logger logger = Logger.getLogger(HtmlAuditReport.class.getName());

    /** Default number of unlearned samples listed. */
    public static final int DEFAULT_TOP_SAMPLES = 20;
    /** The four-fifths rule. */
    static final double FOUR_FIFTHS = 0.8;

    private static final String P = FudlrTransformer.PREFIX;
    private static final Pattern ACCURACY = Pattern.compile("^(ndcg|hr|recall|mrr)@\\d+$");
    private static final Pattern GUARD_ATTEMPT = Pattern.compile("size=(\\d+), drop=([^,]+), accepted=(true|false)");
    private static final String CSS = loadCss();
    private static final List<String> SENSITIVE = List.of(SampleEncoding.GENDER, SampleEncoding.AGE, SampleEncoding.OCCUPATION);

    private final ModelProvenance provenance;
    private final RunRecord record;
    private final FudlrReport fudlrReport;
    private final List<Example<Label>> trainingData;
    private final boolean includeUserAttributes;
    private final int topSamples;
    private final String title;
    /** The minimum group size applied: the larger of the report's and the run's. */
    private final int minGroupSize;
    /** Breakdown entries left out (by the run or by this report) because their group is smaller than minGroupSize. */
    private final Set<String> suppressed = new TreeSet<>();
    private final List<VerificationCheck> checks;

    private HtmlAuditReport(Builder b) {
        this.provenance = b.provenance;
        this.record = b.provenance != null ? RunRecord.of(b.provenance) : RunRecord.of(b.fudlrReport.provenanceValues());
        this.fudlrReport = b.fudlrReport;
        this.trainingData = b.trainingData == null ? null : List.copyOf(b.trainingData);
        this.includeUserAttributes = b.includeUserAttributes;
        this.topSamples = b.topSamples;
        this.title = b.title;
        int recorded = (int) record.number(FudlrReport.MIN_GROUP_SIZE).orElse(1);
        this.minGroupSize = Math.max(b.minGroupSize, recorded);
        for (String entry : record.strings(FudlrReport.SUPPRESSED)) {
            int colon = entry.lastIndexOf(": suppressed");
            suppressed.add(colon < 0 ? entry : entry.substring(0, colon));
        }
        // Computed once, here: the parameter check hashes the model's weights, and the report keeps no model.
        List<VerificationCheck> all = new ArrayList<>(ReportChecks.of(record, provenance, fudlrReport, b.model));
        all.addAll(b.checks);
        this.checks = List.copyOf(all);
    }

    /**
     * Starts a report of a debiased model.
     * @param provenance the model's provenance (its FUDLR instance values are the report's source).
     * @return a builder.
     * @throws IllegalArgumentException (at {@link Builder#build}) if the provenance records no FUDLR run.
     */
    public static Builder builder(ModelProvenance provenance) {
        return new Builder(Objects.requireNonNull(provenance, "provenance"), null);
    }

    /**
     * Starts a report from an in-memory run only (no model provenance: the provenance section says so).
     * @param report the run's report.
     * @return a builder.
     */
    public static Builder builder(FudlrReport report) {
        return new Builder(null, Objects.requireNonNull(report, "report"));
    }

    /** @return the record the report is rendered from. */
    public RunRecord record() {
        return record;
    }

    /**
     * The verification checks shown in the report: the report's own consistency checks, then the caller's.
     * @return the checks, in display order.
     */
    public List<VerificationCheck> checks() {
        return checks;
    }

    /**
     * The overall verification status: FAIL if any check failed, else WARN if any warned, else PASS.
     * @return the status.
     */
    public VerificationCheck.Status overallStatus() {
        return ReportChecks.overall(checks());
    }

    /**
     * Writes the report as UTF-8 (plainly; callers wanting atomic replacement write to a temporary file and move it).
     * @param path the output file.
     * @throws IOException if writing fails.
     */
    public void write(Path path) throws IOException {
        Files.writeString(path, render(), StandardCharsets.UTF_8);
    }

    /**
     * Renders the report.
     * @return the HTML document.
     */
    public String render() {
        Set<String> used = new TreeSet<>();
        Html h = new Html();
        List<String> objectives = objectives();
        // Small groups: the run may have suppressed with a smaller k than this report's (or an older run not at all).
        Map<String, Double> before = SmallGroups.metrics(record.metricsBefore(), minGroupSize, suppressed);
        Map<String, Double> after = SmallGroups.metrics(record.metricsAfter(), minGroupSize, suppressed);
        used.add(FudlrReport.METRICS_BEFORE);
        used.add(FudlrReport.METRICS_AFTER);
        used.add(FudlrReport.MIN_GROUP_SIZE);
        used.add(FudlrReport.SUPPRESSED);
        used.add(ReportDetails.UNLEARNED_GROUPS_SUPPRESSED);
        h.raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            // No external resource may load: the report must render offline and leak nothing when opened.
            .raw("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'\">\n")
            .open("title").text(title).close("title").nl()
            .raw("<style>\n").raw(CSS).raw("</style>\n</head>\n<body>\n");
        header(h, objectives, before, after, checks, used);
        nav(h);
        overview(h, used);
        verification(h, checks);
        fairness(h, objectives, before, after);
        accuracy(h, objectives, before, after, used);
        impactRatios(h, before, after);
        exposure(h, before, after);
        tradeOff(h, objectives, before, used);
        mask(h, used);
        unlearned(h, objectives, used);
        solver(h, objectives, used);
        timings(h, used);
        otherValues(h, used);
        fullProvenance(h);
        h.raw("</body>\n</html>\n");
        return h.toString();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Sections

    private void header(Html h, List<String> objectives, Map<String, Double> before, Map<String, Double> after,
                        List<VerificationCheck> checks, Set<String> used) {
        h.element("h1", title).nl();
        String modelName = provenance != null ? provenance.getClassName() : "(in-memory run, no model provenance)";
        h.open("p", "sub").text("Model " + modelName);
        if (provenance != null) {
            h.text(" · created " + provenance.getTrainingTime());
        }
        h.close("p").nl();
        h.open("div", "cards").nl();
        for (String o : objectives) {
            card(h, o, before.get(o), after.get(o), direction(o));
        }
        String ndcg = firstAccuracy(before, "ndcg@");
        if (ndcg != null) {
            card(h, ndcg, before.get(ndcg), after.get(ndcg), Direction.HIGHER_IS_BETTER);
        }
        OptionalDouble count = record.number(FudlrReport.UNLEARNED_COUNT);
        OptionalDouble train = record.number(ReportKey.TRAIN_SIZE.key());
        h.open("div", "card").element("div", "label", "unlearned samples")
            .element("div", "value", count.isPresent() ? Html.number(count.getAsDouble()) : "n/a")
            .element("div", "delta", count.isPresent() && train.isPresent() && train.getAsDouble() > 0
                ? Html.number(100 * count.getAsDouble() / train.getAsDouble()) + "% of " + Html.number(train.getAsDouble()) + " training samples"
                : "")
            .close("div").nl();
        VerificationCheck.Status s = ReportChecks.overall(checks);
        h.open("div", "card").element("div", "label", "verification")
            .element("div", "value " + statusClass(s), s.name()).element("div", "delta", checks.size() + " checks").close("div").nl();
        h.close("div").nl();
        if (includeUserAttributes) {
            h.element("p", "warning", "This report contains per-user sensitive attribute values (requested with include-user-attributes). "
                                      + "Handle it as personal data; share the default report, which holds group-level statistics only.").nl();
        }
    }

    private void card(Html h, String name, Double b, Double a, Direction d) {
        h.open("div", "card").element("div", "label", name)
            .element("div", "value", (b == null ? "n/a" : Html.number(b)) + " → " + (a == null ? "n/a" : Html.number(a)));
        if (b != null && a != null) {
            h.element("div", "delta " + changeClass(d, b, a), Html.signed(a - b) + relative(b, a));
        }
        h.close("div").nl();
    }

    private static void nav(Html h) {
        h.open("nav").nl();
        String[][] links = {{"overview", "Run"}, {"verification", "Verification"}, {"fairness", "Fairness"}, {"accuracy", "Accuracy"},
            {"impact", "Impact ratios"}, {"exposure", "Exposure"}, {"tradeoff", "Trade-off"}, {"mask", "Mask"},
            {"unlearned", "Unlearned samples"}, {"solver", "Solver"}, {"timings", "Timings"}, {"provenance", "Provenance"}};
        for (String[] l : links) {
            h.raw("<a href=\"#" + l[0] + "\">").text(l[1]).raw("</a>").nl();
        }
        h.close("nav").nl();
    }

    private static void section(Html h, String id, String heading) {
        h.raw("<section id=\"" + id + "\">\n").element("h2", heading).nl();
    }

    private static void endSection(Html h) {
        h.raw("</section>\n");
    }

    private void overview(Html h, Set<String> used) {
        section(h, "overview", "Run");
        h.table(List.of("Property", "Value"));
        if (provenance != null) {
            h.row(List.of("Model class", provenance.getClassName()));
            h.row(List.of("Created", String.valueOf(provenance.getTrainingTime())));
            h.row(List.of("Trainer", provenance.getTrainerProvenance().getClassName()));
            h.row(List.of("Dataset", provenance.getDatasetProvenance().getClassName()));
            if (provenance instanceof PostTrainingModelProvenance pt) {
                h.row(List.of("Post-training transformer", pt.getTransformerProvenance().getClassName()));
                h.row(List.of("Post-training steps behind this model", Integer.toString(pt.chainLength())));
                h.row(List.of("Original model", pt.getOriginalModelProvenance().getClassName() + " created "
                                                + pt.getOriginalModelProvenance().getTrainingTime()));
            }
            h.row(List.of("Tribuo / Java / OS", provenance.getTribuoVersion() + " / " + provenance.getJavaVersion() + " / "
                                                + provenance.getOS() + " " + provenance.getArch()));
        }
        Labelled[] keys = {
            new Labelled(ReportKey.TRAIN_SIZE, "Training samples"),
            new Labelled(ReportKey.AUDIT_SIZE, "Audit samples"),
            new Labelled(ReportKey.TRAINABLE_PARAMETERS, "Trainable parameters"),
            new Labelled(ReportKey.WEIGHT_DECAY, "Weight decay"),
            new Labelled(ReportKey.DEVICE, "Device"),
            new Labelled(ReportKey.VERSIONS, "Engine versions"),
            new Labelled(ReportKey.THETA_SHA256_BEFORE, "Parameter SHA-256 before"),
            new Labelled(ReportKey.THETA_SHA256_AFTER, "Parameter SHA-256 after")
        };
        for (Labelled k : keys) {
            Optional<String> v = record.string(k.key().key());
            if (v.isPresent()) {
                used.add(k.key().key());
                h.row(List.of(k.label(), display(record.values().get(k.key().key()))));
            }
        }
        h.endTable();
        Map<String, String> config = transformerConfig();
        if (!config.isEmpty()) {
            h.raw("<details><summary>").text("Configuration of the step (" + config.size() + " parameters)").raw("</summary>\n");
            h.table(List.of("Parameter", "Value"));
            config.forEach((k, v) -> h.row(List.of(k, v)));
            h.endTable();
            h.raw("</details>\n");
        }
        if (fudlrReport != null) {
            h.raw("<details><summary>Run summary (in-memory report)</summary>\n<pre>").text(fudlrReport.summary()).raw("</pre></details>\n");
        }
        endSection(h);
    }

    private void verification(Html h, List<VerificationCheck> checks) {
        section(h, "verification", "Verification");
        h.note("Consistency checks of the recorded run, plus any check supplied by the caller (e.g. fudlr verify). "
               + "NOT_CHECKED means an input the check needs was not given.");
        h.table(List.of("Check", "Status", "Detail"));
        for (VerificationCheck c : checks) {
            h.row(List.of(c.name(), badge(c.status()), c.detail()));
        }
        h.endTable();
        endSection(h);
    }

    private void fairness(Html h, List<String> objectives, Map<String, Double> before, Map<String, Double> after) {
        section(h, "fairness", "Fairness metrics before and after");
        List<String> names = new ArrayList<>(objectives);
        for (String top : MetricBreakdown.topLevel(before.keySet())) {
            if (!names.contains(top) && !isAccuracy(top)) {
                names.add(top);
            }
        }
        if (names.isEmpty()) {
            h.notRecorded("fairness metrics", null);
            endSection(h);
            return;
        }
        h.note("Exact metrics of the top-K lists on the audit users. Objectives are what the step minimised; "
               + "other rows are audited only. A green change moves the metric towards its ideal.");
        h.table(List.of("Metric", "Role", "Direction", "Before", "After", "Change"));
        for (String n : names) {
            Double b = before.get(n);
            Double a = after.get(n);
            Direction d = direction(n);
            h.row(List.of(n, objectives.contains(n) ? "objective" : "audited", d == null ? "unknown" : d.name().toLowerCase(Locale.ROOT),
                          num(b), num(a), changeCell(d, b, a)));
        }
        h.endTable();
        for (String n : names) {
            MetricBreakdown bb = MetricBreakdown.of(before, n);
            MetricBreakdown ba = MetricBreakdown.of(after, n);
            if (bb.groups.isEmpty() && bb.scalars.isEmpty()) {
                continue;
            }
            h.element("h3", n + " per group").nl();
            groupTable(h, bb, ba, minGroupSize);
        }
        if (!suppressed.isEmpty()) {
            h.note("Small groups: " + suppressed.size() + " per-group values of groups with fewer than " + minGroupSize
                   + " users are not shown (" + SmallGroups.label(minGroupSize) + "); the groups' sizes are. A value of so few "
                   + "users is, in effect, a value of one user.");
        }
        endSection(h);
    }

    private static void groupTable(Html h, MetricBreakdown before, MetricBreakdown after, int minGroupSize) {
        if (!before.groups.isEmpty()) {
            List<String> headers = new ArrayList<>();
            headers.add("Group");
            List<String> quantities = new ArrayList<>(before.quantities);
            for (String q : quantities) {
                if (before.constant(q, after)) {
                    headers.add(q);
                } else {
                    headers.add(q + " before");
                    headers.add(q + " after");
                }
            }
            h.table(headers);
            for (String g : before.groups) {
                List<Object> cells = new ArrayList<>();
                cells.add(g);
                double n = before.value("count", g);
                boolean small = n > 0 && n < minGroupSize;
                for (String q : quantities) {
                    boolean hidden = small && !"count".equals(q);
                    cells.add(hidden ? SmallGroups.label(minGroupSize) : num(before.value(q, g)));
                    if (!before.constant(q, after)) {
                        cells.add(hidden ? SmallGroups.label(minGroupSize) : num(after.value(q, g)));
                    }
                }
                h.row(UserAttribute.UNKNOWN.equals(g) ? "unknown" : null, cells);
            }
            h.endTable();
            if (before.groups.contains(UserAttribute.UNKNOWN)) {
                h.note("The unknown group holds users whose attribute is missing; it is counted and shown, and compared "
                       + "only where the metric says unknown=group.");
            }
        }
        if (!before.scalars.isEmpty()) {
            h.table(List.of("Quantity", "Before", "After"));
            for (Map.Entry<String, Double> e : before.scalars.entrySet()) {
                h.row(List.of(e.getKey(), num(e.getValue()), num(after.scalars.get(e.getKey()))));
            }
            h.endTable();
        }
    }

    private void accuracy(Html h, List<String> objectives, Map<String, Double> before, Map<String, Double> after, Set<String> used) {
        section(h, "accuracy", "Accuracy before and after");
        List<String> names = new ArrayList<>();
        for (String top : MetricBreakdown.topLevel(before.keySet())) {
            if (isAccuracy(top) && !objectives.contains(top)) {
                names.add(top);
            }
        }
        if (names.isEmpty()) {
            h.notRecorded("accuracy metrics", null);
        } else {
            h.table(List.of("Metric", "Before", "After", "Change"));
            for (String n : names) {
                Double b = before.get(n);
                Double a = after.get(n);
                Direction d = "validation-loss".equals(n) ? Direction.LOWER_IS_BETTER : Direction.HIGHER_IS_BETTER;
                h.row(List.of(n, num(b), num(a), changeCell(d, b, a)));
            }
            h.endTable();
            Map<String, Double> bars = new LinkedHashMap<>();
            Map<String, Double> barsAfter = new LinkedHashMap<>();
            for (String n : names) {
                if (!"validation-loss".equals(n)) {
                    bars.put(n, before.get(n));
                    barsAfter.put(n, after.getOrDefault(n, Double.NaN));
                }
            }
            if (!bars.isEmpty()) {
                chart(h, "Accuracy before and after", () -> Charts.bars("Accuracy on the audit users", "metric", "value",
                                                                        series("before", bars, "after", barsAfter), null, null, false));
            }
        }
        Map<String, String> config = transformerConfig();
        used.add(ReportKey.GUARD_SATISFIED.key());
        used.add(ReportKey.GUARD_ATTEMPTS.key());
        h.element("h3", "Accuracy guard").nl();
        // Lowercase: the same text for reports of runs that recorded "ndcg" and of those that record the constant NDCG.
        h.p("Tolerance " + config.getOrDefault("accuracyTolerance", "n/a") + " ("
            + config.getOrDefault("accuracyMeasure", "n/a").toLowerCase(Locale.ROOT) + "); satisfied: " + record.flag(ReportKey.GUARD_SATISFIED.key()).map(String::valueOf).orElse("not recorded") + ".");
        guardAttempts(h);
        endSection(h);
    }

    private void guardAttempts(Html h) {
        List<String> attempts = record.strings(ReportKey.GUARD_ATTEMPTS.key());
        if (attempts.isEmpty()) {
            h.note("No guard attempt was recorded (nothing was selected).");
            return;
        }
        h.table(List.of("Attempt", "Samples unlearned", "Measured accuracy drop", "Accepted"));
        int i = 1;
        for (String a : attempts) {
            Matcher m = GUARD_ATTEMPT.matcher(a);
            if (m.find()) {
                h.row(List.of(Integer.toString(i), m.group(1), num(parse(m.group(2))), m.group(3)));
            } else {
                h.row(List.of(Integer.toString(i), a, "", ""));
            }
            i++;
        }
        h.endTable();
    }

    private void impactRatios(Html h, Map<String, Double> before, Map<String, Double> after) {
        section(h, "impact", "Impact ratios (four-fifths rule)");
        boolean any = false;
        for (String n : MetricBreakdown.topLevel(before.keySet())) {
            MetricBreakdown bb = MetricBreakdown.of(before, n);
            MetricBreakdown ba = MetricBreakdown.of(after, n);
            Map<String, Double> rb;
            Map<String, Double> ra;
            String how;
            double threshold = threshold(n);
            if (bb.quantities.contains("ratio")) {
                rb = bb.column("ratio");
                ra = ba.column("ratio");
                how = "Recorded by " + n;
            } else if (bb.quantities.contains("hr") && bb.quantities.contains("count")) {
                boolean unknownCompared = n.contains("unknown=group");
                rb = derivedRatios(bb, unknownCompared);
                ra = derivedRatios(ba, unknownCompared);
                how = "Derived from the per-group hit rates HR@K of " + n + ": HR of the group / HR of the best-served group"
                      + (unknownCompared ? "" : " (the unknown group is not compared)");
            } else {
                continue;
            }
            if (rb.isEmpty()) {
                continue;
            }
            any = true;
            h.element("h3", n).nl().note(how + ". Groups under " + Html.number(threshold) + " are flagged.");
            h.table(List.of("Group", "Users", "HR before", "HR after", "Ratio before", "Ratio after", "Flag"));
            for (String g : rb.keySet()) {
                double b = rb.get(g);
                double a = ra.getOrDefault(g, Double.NaN);
                String flag = (b < threshold ? "below before" : "") + (a < threshold ? (b < threshold ? ", " : "") + "below after" : "");
                h.row(flag.isEmpty() ? null : "flagged", List.of(g, num(bb.value("count", g)), num(bb.value("hr", g)),
                                                                 num(ba.value("hr", g)), Html.number(b), Html.number(a), flag));
            }
            h.endTable();
            List<String> small = new ArrayList<>();
            for (String g : bb.groups) {
                double c = bb.value("count", g);
                if (c > 0 && c < minGroupSize) {
                    small.add(g);
                }
            }
            if (!small.isEmpty()) {
                h.note("Not shown: groups " + small + " (" + SmallGroups.label(minGroupSize) + ").");
            }
            final Map<String, Double> fb = rb;
            final Map<String, Double> fa = ra;
            chart(h, "Impact ratios of " + n, () -> Charts.bars("Impact ratio per group: " + n, "group", "impact ratio",
                                                                series("before", fb, "after", fa), threshold,
                                                                Html.number(threshold) + " (four-fifths rule)", false));
        }
        if (!any) {
            h.notRecorded("impact ratios", "They appear when an audited metric reports per-group hit rates "
                                           + "(e.g. an hr-gap@K:<attribute> objective) or an impact-ratio@K:<attribute> metric is audited.");
        }
        endSection(h);
    }

    private static Map<String, Double> derivedRatios(MetricBreakdown b, boolean unknownCompared) {
        Map<String, Double> hr = new LinkedHashMap<>();
        double best = 0;
        for (String g : b.groups) {
            double count = b.value("count", g);
            double v = b.value("hr", g);
            if (count > 0 && Double.isFinite(v) && (unknownCompared || !UserAttribute.UNKNOWN.equals(g))) {
                hr.put(g, v);
                best = Math.max(best, v);
            }
        }
        Map<String, Double> out = new LinkedHashMap<>();
        for (Map.Entry<String, Double> e : hr.entrySet()) {
            // As ImpactRatio: with no hit in any group no relative disadvantage can be measured.
            out.put(e.getKey(), best > 0 ? e.getValue() / best : 1.0);
        }
        return out;
    }

    private void exposure(Html h, Map<String, Double> before, Map<String, Double> after) {
        section(h, "exposure", "Item-group exposure");
        boolean any = false;
        for (String n : MetricBreakdown.topLevel(before.keySet())) {
            MetricBreakdown bb = MetricBreakdown.of(before, n);
            MetricBreakdown ba = MetricBreakdown.of(after, n);
            String rec;
            String ref;
            String refLabel;
            if (bb.quantities.contains("gp_rec")) {
                rec = "gp_rec";
                ref = "gp_hist";
                refLabel = "share in users' histories";
            } else if (bb.quantities.contains("exposure")) {
                rec = "exposure";
                ref = "reference";
                refLabel = "reference share";
            } else if (bb.quantities.contains("share")) {
                any = true;
                exposureParity(h, n, bb, ba);
                continue;
            } else {
                continue;
            }
            any = true;
            Map<String, Double> reference = bb.column(ref);
            Map<String, Double> b = bb.column(rec);
            Map<String, Double> a = ba.column(rec);
            h.element("h3", n).nl().note("Share of the top-K slots given to each item group (" + rec + ") before and after, against the "
                                         + refLabel + " (" + ref + ").");
            h.table(List.of("Item group", "Items", refLabel, "Recommended before", "Recommended after", "Change"));
            for (String g : b.keySet()) {
                double vb = b.get(g);
                double va = a.getOrDefault(g, Double.NaN);
                h.row(List.of(g, num(bb.value("items", g)), num(reference.getOrDefault(g, Double.NaN)), Html.number(vb), Html.number(va),
                              Html.signed(va - vb)));
            }
            h.endTable();
            Map<String, Map<String, Double>> data = new LinkedHashMap<>();
            if (!reference.isEmpty()) {
                data.put(refLabel, reference);
            }
            data.put("recommended before", b);
            data.put("recommended after", a);
            chart(h, "Exposure of " + n, () -> Charts.bars("Item-group exposure: " + n, "item group", "share of top-K slots", data, null, null, false));
        }
        if (!any) {
            h.notRecorded("item-group exposure", "It appears when an audited metric reports per-item-group shares "
                                                 + "(mgu@K, dgu@K, gu@K, gp@K, item-exposure@K or exposure-parity@K).");
        }
        endSection(h);
    }

    private static void exposureParity(Html h, String n, MetricBreakdown bb, MetricBreakdown ba) {
        h.element("h3", n).nl().note("Share of each user group's top-K slots per item group (user group, item group).");
        h.table(List.of("User group, item group", "Before", "After", "Change"));
        Map<String, Double> b = bb.column("share");
        Map<String, Double> a = ba.column("share");
        Map<String, Map<String, Double>> data = new LinkedHashMap<>();
        for (String g : b.keySet()) {
            double vb = b.get(g);
            double va = a.getOrDefault(g, Double.NaN);
            h.row(List.of(g, Html.number(vb), Html.number(va), Html.signed(va - vb)));
            int comma = g.indexOf(',');
            String user = comma < 0 ? g : g.substring(0, comma);
            String item = comma < 0 ? g : g.substring(comma + 1);
            data.computeIfAbsent(user + " before", k -> new LinkedHashMap<>()).put(item, vb);
            data.computeIfAbsent(user + " after", k -> new LinkedHashMap<>()).put(item, va);
        }
        h.endTable();
        chart(h, "Exposure of " + n, () -> Charts.bars("Item-group exposure per user group: " + n, "item group", "share of top-K slots",
                                                      data, null, null, false));
    }

    private void tradeOff(Html h, List<String> objectives, Map<String, Double> before, Set<String> used) {
        section(h, "tradeoff", "Fairness-accuracy trade-off of the mask threshold");
        double[] thresholds = record.numbers(ReportDetails.TRADEOFF_THRESHOLDS);
        OptionalDouble chosen = record.number(ReportKey.MASK_THRESHOLD.key());
        if (thresholds.length == 0) {
            h.notRecorded("the predicted trade-off curve of the mask threshold", "This run did not record it. The exact accuracy "
                                                                                  + "checks of the guard (below) are the measured points.");
        } else {
            used.add(ReportDetails.TRADEOFF_THRESHOLDS);
            used.add(ReportDetails.TRADEOFF_SELECTED);
            used.add(ReportDetails.TRADEOFF_PREDICTED_LOSS_CHANGE);
            double[] selected = record.numbers(ReportDetails.TRADEOFF_SELECTED);
            double[] loss = record.numbers(ReportDetails.TRADEOFF_PREDICTED_LOSS_CHANGE);
            List<String> names = record.suffixes(ReportDetails.TRADEOFF_PREDICTED_CHANGE);
            names.sort((x, y) -> Integer.compare(order(objectives, x), order(objectives, y)));
            double lossBefore = before.getOrDefault("validation-loss", Double.NaN);
            double[] lossPercent = percent(loss, lossBefore);
            Map<String, double[][]> series = new LinkedHashMap<>();
            Map<String, double[]> changes = new LinkedHashMap<>();
            for (String o : names) {
                used.add(ReportDetails.TRADEOFF_PREDICTED_CHANGE + o);
                double[] c = record.numbers(ReportDetails.TRADEOFF_PREDICTED_CHANGE + o);
                changes.put(o, c);
                double ref = record.number(ReportKey.Family.SURROGATE.prefix() + o + ".value-before").orElse(Double.NaN);
                series.put(o + (usable(ref) ? "" : " (absolute)"), new double[][]{lossPercent, percent(c, ref)});
            }
            int chosenIndex = -1;
            for (int i = 0; i < thresholds.length && chosen.isPresent(); i++) {
                if (Math.abs(chosen.getAsDouble() - thresholds[i]) < 1e-12) {
                    chosenIndex = i;
                }
            }
            Double marker = chosenIndex >= 0 && chosenIndex < lossPercent.length ? lossPercent[chosenIndex] : null;
            String markerLabel = chosenIndex >= 0 ? "threshold used (" + Html.number(thresholds[chosenIndex]) + ")" : null;
            h.note("Predicted by the influence effects (no retraining): for each mask threshold t, the samples with mask value "
                   + "above t (capped as in the run) and the sums of their predicted effects on each objective's surrogate "
                   + "(fairness, lower is better) and on the validation loss (the accuracy cost), as percentages of the values "
                   + "before. Each point is one threshold; lower thresholds remove more samples.");
            chart(h, "Trade-off curve", () -> Charts.lines("Predicted fairness-accuracy trade-off of the mask threshold",
                                                           "validation-loss change (%)", "surrogate change (%)", series, marker,
                                                           markerLabel));
            List<String> headers = new ArrayList<>(List.of("Threshold", "Samples selected"));
            for (String o : names) {
                headers.add(o + " surrogate change");
            }
            headers.add("Validation loss change");
            h.table(headers);
            for (int i = 0; i < thresholds.length; i++) {
                List<Object> cells = new ArrayList<>();
                cells.add(Html.number(thresholds[i]));
                cells.add(i < selected.length ? Html.number(selected[i]) : "n/a");
                for (String o : names) {
                    double[] c = changes.get(o);
                    cells.add(i < c.length ? Html.signed(c[i]) : "n/a");
                }
                cells.add(i < loss.length ? Html.signed(loss[i]) : "n/a");
                boolean isChosen = chosen.isPresent() && Math.abs(chosen.getAsDouble() - thresholds[i]) < 1e-12;
                h.row(isChosen ? "chosen" : null, cells);
            }
            h.endTable();
        }
        h.element("h3", "Measured points: the guard's exact accuracy checks").nl();
        guardAttempts(h);
        endSection(h);
    }

    private static boolean usable(double reference) {
        return Double.isFinite(reference) && Math.abs(reference) > 1e-300;
    }

    /** Changes as percentages of |reference|, or unchanged when the reference is unusable (the series says so). */
    private static double[] percent(double[] changes, double reference) {
        double[] out = new double[changes.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = usable(reference) ? 100 * changes[i] / Math.abs(reference) : changes[i];
        }
        return out;
    }

    private void mask(Html h, Set<String> used) {
        section(h, "mask", "Mask values");
        double[] counts = record.numbers(ReportKey.MASK_HISTOGRAM.key());
        OptionalDouble threshold = record.number(ReportKey.MASK_THRESHOLD.key());
        Labelled[] keys = {
            new Labelled(ReportKey.MASK_THRESHOLD, "Threshold"),
            new Labelled(ReportKey.MASK_CANDIDATES, "Samples above the threshold"),
            new Labelled(ReportKey.MASK_SELECTED, "Selected (after the removal cap)"),
            new Labelled(ReportKey.MASK_CAPPED, "Capped by the removal fraction"),
            new Labelled(ReportKey.MASK_INITIAL_OBJECTIVE, "Mask objective J at the start"),
            new Labelled(ReportKey.MASK_FINAL_OBJECTIVE, "Mask objective J at the end")
        };
        used.add(ReportKey.MASK_HISTOGRAM.key());
        if (counts.length == 0) {
            h.notRecorded("the mask histogram", null);
        } else {
            int bins = counts.length;
            double[] lower = new double[bins];
            double[] upper = new double[bins];
            for (int i = 0; i < bins; i++) {
                lower[i] = (double) i / bins;
                upper[i] = (double) (i + 1) / bins;
            }
            chart(h, "Mask histogram", () -> Charts.histogram("Mask values m_i of the training samples", "mask value", "samples",
                                                              lower, upper, counts, threshold.isPresent() ? threshold.getAsDouble() : null,
                                                              "threshold"));
            h.table(List.of("Mask value", "Samples"));
            for (int i = 0; i < bins; i++) {
                h.row(List.of("[" + Html.number(lower[i]) + ", " + Html.number(upper[i]) + (i == bins - 1 ? "]" : ")"), Html.number(counts[i])));
            }
            h.endTable();
        }
        keyTable(h, keys, used);
        endSection(h);
    }

    private void unlearned(Html h, List<String> objectives, Set<String> used) {
        section(h, "unlearned", "Unlearned samples");
        List<String> ids = record.unlearnedIds();
        used.add(FudlrReport.UNLEARNED_IDS);
        used.add(FudlrReport.UNLEARNED_COUNT);
        used.add(FudlrReport.UNLEARNED_IDS_SHA256);
        Optional<String> sha = record.string(FudlrReport.UNLEARNED_IDS_SHA256);
        h.table(List.of("Property", "Value"));
        h.row(List.of("Count", record.number(FudlrReport.UNLEARNED_COUNT).isPresent()
            ? Html.number(record.number(FudlrReport.UNLEARNED_COUNT).getAsDouble()) : "not recorded"));
        h.row(List.of("SHA-256 of the sorted id list (newline-joined)", sha.orElse("not recorded")));
        byte[] list = String.join("\n", ids).getBytes(StandardCharsets.UTF_8);
        Html link = new Html().raw("<a download=\"unlearned-sample-ids.txt\" href=\"data:text/plain;charset=utf-8;base64,")
            .raw(Base64.getEncoder().encodeToString(list)).raw("\">").text("unlearned-sample-ids.txt").raw("</a> (")
            .text(ids.size() + " ids, " + list.length + " bytes; sha256sum of the file equals the recorded hash)");
        h.row(List.of("Id list", Html.raw(link)));
        h.endTable();
        h.note("Sample ids read user:position (the position of the target in the user's chronological history).");

        groupComposition(h, used);

        List<String> topIds = record.strings(ReportDetails.TOP_IDS);
        used.add(ReportDetails.TOP_IDS);
        used.add(ReportDetails.TOP_MASK_VALUES);
        used.add(ReportDetails.TOP_TARGET_ITEMS);
        used.add(ReportDetails.TOP_PREDICTED_LOSS_CHANGE);
        Map<String, Example<Label>> byId = trainingById();
        List<String> shown;
        boolean ranked = !topIds.isEmpty();
        if (ranked) {
            shown = topIds.subList(0, Math.min(topSamples, topIds.size()));
            h.element("h3", "Top " + shown.size() + " unlearned samples by mask value").nl();
        } else {
            shown = ids.subList(0, Math.min(topSamples, ids.size()));
            h.element("h3", "First " + shown.size() + " unlearned samples (by id; the mask ranking was not recorded)").nl();
        }
        if (shown.isEmpty()) {
            h.note("No sample was unlearned.");
            endSection(h);
            return;
        }
        List<String> attributes = includeUserAttributes && byId != null ? userAttributeKeys() : List.of();
        List<String> headers = new ArrayList<>(List.of("Sample id"));
        List<String> changeNames = new ArrayList<>();
        if (ranked) {
            headers.add("Mask value");
            headers.add("Target item");
            for (String o : record.suffixes(ReportDetails.TOP_PREDICTED_CHANGE)) {
                used.add(ReportDetails.TOP_PREDICTED_CHANGE + o);
                changeNames.add(o);
            }
            changeNames.sort((x, y) -> Integer.compare(order(objectives, x), order(objectives, y)));
            for (String o : changeNames) {
                headers.add(o + " predicted change");
            }
            headers.add("Validation loss predicted change");
        } else if (byId != null) {
            headers.add("Target item");
        }
        if (byId != null) {
            headers.add("History (most recent first)");
        }
        headers.addAll(attributes);
        h.table(headers);
        double[] maskValues = record.numbers(ReportDetails.TOP_MASK_VALUES);
        List<String> targets = record.strings(ReportDetails.TOP_TARGET_ITEMS);
        double[] lossChanges = record.numbers(ReportDetails.TOP_PREDICTED_LOSS_CHANGE);
        for (int r = 0; r < shown.size(); r++) {
            String id = shown.get(r);
            Example<Label> ex = byId == null ? null : byId.get(id);
            List<Object> cells = new ArrayList<>();
            cells.add(id);
            if (ranked) {
                cells.add(r < maskValues.length ? Html.number(maskValues[r]) : "n/a");
                cells.add(r < targets.size() ? targets.get(r) : "n/a");
                for (String o : changeNames) {
                    double[] c = record.numbers(ReportDetails.TOP_PREDICTED_CHANGE + o);
                    cells.add(r < c.length ? Html.signed(c[r]) : "n/a");
                }
                cells.add(r < lossChanges.length ? Html.signed(lossChanges[r]) : "n/a");
            } else if (byId != null) {
                cells.add(ex == null ? "not in the data" : ex.getOutput().getLabel());
            }
            if (byId != null) {
                cells.add(ex == null ? "not in the data" : history(ex));
            }
            for (String a : attributes) {
                String v = ex == null ? null : SampleEncoding.metadata(ex, a);
                cells.add(ex == null ? "" : v == null || v.isEmpty() ? UserAttribute.UNKNOWN : v);
            }
            h.row(cells);
        }
        h.endTable();
        if (includeUserAttributes && byId == null) {
            h.note("Per-user attributes were requested but no training data was given, so none can be shown.");
        } else if (!includeUserAttributes) {
            h.note("Per-user sensitive attributes are not shown (data minimisation): the report holds group-level counts only. "
                   + "Render with include-user-attributes and the training data to list them.");
        }
        endSection(h);
    }

    private void groupComposition(Html h, Set<String> used) {
        Map<String, Map<String, Double>> unlearned = new TreeMap<>();
        Map<String, Map<String, Double>> train = new TreeMap<>();
        Set<String> withheld = new TreeSet<>(record.strings(ReportDetails.UNLEARNED_GROUPS_SUPPRESSED));
        Set<String> attributes = new TreeSet<>(record.suffixes(ReportDetails.UNLEARNED_GROUPS));
        attributes.addAll(withheld);
        for (String a : attributes) {
            used.add(ReportDetails.UNLEARNED_GROUPS + a);
            used.add(ReportDetails.TRAIN_GROUPS + a);
            Map<String, Double> t = record.numberMap(ReportDetails.TRAIN_GROUPS + a);
            Map<String, Double> u = record.numberMap(ReportDetails.UNLEARNED_GROUPS + a);
            // A larger k than the run's: judged on sample counts (the run judged on distinct users; samples >= users).
            if (withheld.contains(a) || countsTooSmall(u)) {
                withheld.add(a);
                u = new TreeMap<>();
                for (String g : t.keySet()) {
                    u.put(g, Double.NaN);
                }
            }
            unlearned.put(a, u);
            train.put(a, t);
        }
        String source = "recorded by the run";
        if (unlearned.isEmpty() && trainingData != null) {
            source = "computed from the training data given to the report";
            Set<String> ids = new java.util.HashSet<>(record.unlearnedIds());
            List<Integer> removed = new ArrayList<>();
            for (int i = 0; i < trainingData.size(); i++) {
                if (ids.contains(SampleEncoding.metadata(trainingData.get(i), SampleEncoding.SAMPLE))) {
                    removed.add(i);
                }
            }
            int[] removedIndices = removed.stream().mapToInt(Integer::intValue).toArray();
            for (String a : auditedAttributes()) {
                if (SmallGroups.unlearnedGroupsSuppressed(trainingData, removedIndices, a, minGroupSize)) {
                    withheld.add(a);
                }
                Map<String, Double> u = new TreeMap<>();
                Map<String, Double> t = new TreeMap<>();
                for (Example<Label> ex : trainingData) {
                    String g = ReportDetails.groupOf(ex, a);
                    t.merge(g, 1.0, Double::sum);
                    u.putIfAbsent(g, 0.0);
                    if (ids.contains(SampleEncoding.metadata(ex, SampleEncoding.SAMPLE))) {
                        u.merge(g, 1.0, Double::sum);
                    }
                }
                unlearned.put(a, u);
                train.put(a, t);
            }
        }
        h.element("h3", "Unlearned samples per user group").nl();
        if (unlearned.isEmpty()) {
            h.notRecorded("the group composition of the unlearned samples", "Render with the training data to compute it.");
            return;
        }
        h.note("Group-level counts (" + source + "): how many of the unlearned samples, and of all training samples, belong to "
               + "users of each group.");
        for (Map.Entry<String, Map<String, Double>> e : unlearned.entrySet()) {
            String a = e.getKey();
            Map<String, Double> t = train.getOrDefault(a, Map.of());
            if (withheld.contains(a)) {
                h.table(List.of(a, "Unlearned samples", "Training samples"));
                for (Map.Entry<String, Double> g : t.entrySet()) {
                    h.row(UserAttribute.UNKNOWN.equals(g.getKey()) ? "unknown" : null,
                          List.of(g.getKey(), SmallGroups.label(minGroupSize), Html.number(g.getValue())));
                }
                h.endTable();
                h.note("The unlearned-sample counts of " + a + " are withheld: a group holds fewer than " + minGroupSize
                       + " unlearned users, or all unlearned users share one group, so next to the listed ids they would reveal "
                       + "users' " + a + ".");
                continue;
            }
            double totalU = e.getValue().values().stream().mapToDouble(Double::doubleValue).sum();
            double totalT = t.values().stream().mapToDouble(Double::doubleValue).sum();
            h.table(List.of(a, "Unlearned samples", "Training samples", "Share of the group unlearned", "Share of unlearned", "Share of training"));
            Map<String, Double> shareU = new LinkedHashMap<>();
            Map<String, Double> shareT = new LinkedHashMap<>();
            for (String g : e.getValue().keySet()) {
                double u = e.getValue().get(g);
                double tr = t.getOrDefault(g, Double.NaN);
                shareU.put(g, totalU > 0 ? u / totalU : Double.NaN);
                shareT.put(g, totalT > 0 ? tr / totalT : Double.NaN);
                h.row(UserAttribute.UNKNOWN.equals(g) ? "unknown" : null,
                      List.of(g, Html.number(u), Html.number(tr), pct(u, tr), pct(u, totalU), pct(tr, totalT)));
            }
            h.endTable();
            if (e.getValue().size() <= 30) {
                chart(h, "Group composition of " + a, () -> Charts.bars("Unlearned vs training samples by " + a, a, "share of samples",
                                                                        series("training samples", shareT, "unlearned samples", shareU),
                                                                        null, null, false));
            }
        }
    }

    /** Whether recorded unlearned-sample counts must be withheld at this report's k (see {@link SmallGroups}). */
    private boolean countsTooSmall(Map<String, Double> unlearnedCounts) {
        if (minGroupSize <= 1) {
            return false;
        }
        long nonZero = unlearnedCounts.values().stream().filter(c -> c > 0).count();
        return (nonZero == 1 && unlearnedCounts.size() > 1)
               || unlearnedCounts.values().stream().anyMatch(c -> c > 0 && c < minGroupSize);
    }

    private void solver(Html h, List<String> objectives, Set<String> used) {
        section(h, "solver", "Solver diagnostics");
        h.element("h3", "Influence solves (H + λI)⁻¹ q").nl();
        Labelled[] solve = {
            new Labelled(ReportKey.SOLVE_CURVATURE, "Curvature backend"),
            new Labelled(ReportKey.EFFECTS_KERNEL, "Per-sample effects computed by"),
            new Labelled(ReportKey.SOLVE_DAMPING, "Final damping λ"),
            new Labelled(ReportKey.SOLVE_CONVERGED, "All solves converged"),
            new Labelled(ReportKey.SOLVE_CURVATURE_PRODUCTS, "Curvature-vector products")
        };
        keyTable(h, solve, used);
        double[] iterations = record.numbers(ReportKey.SOLVE_ITERATIONS.key());
        double[] residuals = record.numbers(ReportKey.SOLVE_RELATIVE_RESIDUALS.key());
        used.add(ReportKey.SOLVE_ITERATIONS.key());
        used.add(ReportKey.SOLVE_RELATIVE_RESIDUALS.key());
        if (iterations.length > 0) {
            h.table(List.of("Query", "CG iterations", "Relative residual"));
            for (int k = 0; k < iterations.length; k++) {
                String q = k < objectives.size() ? objectives.get(k) + " surrogate gradient"
                    : k == objectives.size() ? "validation-loss gradient" : "query " + k;
                h.row(List.of(q, Html.number(iterations[k]), k < residuals.length ? Html.number(residuals[k]) : "n/a"));
            }
            h.endTable();
        }
        list(h, "Solve attempts (damping escalation)", ReportKey.SOLVE_ATTEMPTS.key(), used);
        h.element("h3", "Newton removal").nl();
        Labelled[] removal = {
            new Labelled(ReportKey.REMOVAL_DAMPING, "Damping λ"),
            new Labelled(ReportKey.REMOVAL_CONVERGED, "Converged"),
            new Labelled(ReportKey.REMOVAL_STEP_NORM, "Step norm ‖Δθ‖")
        };
        keyTable(h, removal, used);
        list(h, "Removal attempts", ReportKey.REMOVAL_ATTEMPTS.key(), used);
        h.element("h3", "Unlearning certificate").nl();
        Labelled[] cert = {
            new Labelled(ReportKey.CERTIFICATE_RESIDUAL_BEFORE, "Gradient residual of the retained risk before"),
            new Labelled(ReportKey.CERTIFICATE_RESIDUAL_AFTER, "Gradient residual of the retained risk after"),
            new Labelled(ReportKey.CERTIFICATE_RESIDUAL_AFTER_LOW, "95% interval of the residual after: low"),
            new Labelled(ReportKey.CERTIFICATE_RESIDUAL_AFTER_HIGH, "95% interval of the residual after: high"),
            new Labelled(ReportKey.CERTIFICATE_SAMPLES, "Retained samples the residual after was estimated from (0 = all)"),
            new Labelled(ReportKey.CERTIFICATE_TRAINING_RESIDUAL, "Gradient residual of the full training risk at the original model"),
            new Labelled(ReportKey.CERTIFICATE_FLAGGED, "Flagged")
        };
        keyTable(h, cert, used);
        if (fudlrReport != null && fudlrReport.certificate() != null) {
            h.note(fudlrReport.certificate().toString());
        }
        h.element("h3", "Surrogate check").nl();
        h.note("Does the influence prediction of the surrogate's change have the sign of the exact metric change?");
        List<String> names = new ArrayList<>(new LinkedHashSet<>(record.surrogateObjectives()));
        names.sort((x, y) -> Integer.compare(order(objectives, x), order(objectives, y)));
        if (names.isEmpty()) {
            h.notRecorded("the surrogate check", null);
        } else {
            h.table(List.of("Objective", "Surrogate before", "Predicted change", "Exact change", "Same sign"));
            for (String o : names) {
                String base = ReportKey.Family.SURROGATE.prefix() + o + ".";
                for (String s : List.of("value-before", "predicted-change", "exact-change", "sign-agreement")) {
                    used.add(base + s);
                }
                boolean agree = record.flag(base + "sign-agreement").orElse(false);
                h.row(agree ? null : "flagged", List.of(o, num(record.number(base + "value-before")), num(record.number(base + "predicted-change")),
                                                       num(record.number(base + "exact-change")),
                                                       record.flag(base + "sign-agreement").map(String::valueOf).orElse("n/a")));
            }
            h.endTable();
        }
        endSection(h);
    }


    private void timings(Html h, Set<String> used) {
        section(h, "timings", "Timings per stage");
        Map<String, Double> seconds = record.numberMap(ReportKey.STAGE_SECONDS.key());
        used.add(ReportKey.STAGE_SECONDS.key());
        if (seconds.isEmpty()) {
            h.notRecorded("stage timings", "Runs in reproducible mode (SOURCE_DATE_EPOCH set) keep measured times out of the model "
                                           + "file, so that the same inputs give byte-identical files.");
            endSection(h);
            return;
        }
        Map<String, Double> ordered = new LinkedHashMap<>();
        // Pipeline order (the provenance map is sorted by name).
        for (String s : FudlrStage.ids()) {
            if (seconds.containsKey(s)) {
                ordered.put(s, seconds.get(s));
            }
        }
        seconds.forEach(ordered::putIfAbsent);
        double total = ordered.values().stream().mapToDouble(Double::doubleValue).sum();
        h.table(List.of("Stage", "Seconds", "Share"));
        ordered.forEach((s, v) -> h.row(List.of(s, Html.number(v), pct(v, total))));
        h.row("total", List.of("total", Html.number(total), "100%"));
        h.endTable();
        chart(h, "Stage timings", () -> Charts.bars("Wall time per stage", "stage", "seconds", Map.of("seconds", ordered), null, null, true));
        h.note("Wall-clock times of the run as recorded in provenance (they vary between runs; the rest of the report does not).");
        endSection(h);
    }

    private void otherValues(Html h, Set<String> used) {
        List<String> rest = new ArrayList<>();
        for (String k : record.keys()) {
            if (!used.contains(k)) {
                rest.add(k);
            }
        }
        if (rest.isEmpty()) {
            return;
        }
        section(h, "other", "Other recorded values");
        h.table(List.of("Key", "Value"));
        for (String k : rest) {
            Provenance p = record.values().get(k);
            if (p instanceof MapProvenance<?> m && m.getMap().keySet().stream().anyMatch(suppressed::contains)) {
                Map<String, String> shown = new TreeMap<>();
                m.getMap().forEach((key, v) -> shown.put(key, suppressed.contains(key) ? SmallGroups.label(minGroupSize) : display(v)));
                h.row(List.of(k, shown.toString()));
            } else {
                h.row(List.of(k, display(p)));
            }
        }
        h.endTable();
        endSection(h);
    }

    private void fullProvenance(Html h) {
        section(h, "provenance", "Full provenance");
        if (provenance == null) {
            h.notRecorded("model provenance", "The report was rendered from an in-memory run without its model.");
        } else {
            h.raw("<details><summary>Model provenance (click to expand)</summary>\n");
            new ProvenanceTree(Set.of(FudlrReport.UNLEARNED_IDS), "the complete list is the id-list download in Unlearned samples",
                               suppressed, SmallGroups.label(minGroupSize))
                .render(h, "model", provenance);
            h.raw("</details>\n");
        }
        endSection(h);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Helpers

    /** A chart, or a note saying why it could not be drawn (e.g. no fonts on a bare server); the tables stand alone. */
    private static void chart(Html h, String what, java.util.function.Supplier<String> dataUri) {
        String uri;
        try {
            uri = dataUri.get();
        } catch (RuntimeException | Error e) {
            logger.log(Level.WARNING, "Could not draw the chart '" + what + "'", e);
            h.note("Chart unavailable (" + what + "): " + e);
            return;
        }
        h.raw("<figure><img alt=\"").text(what).raw("\" src=\"").raw(uri).raw("\"></figure>\n");
    }

    private void keyTable(Html h, Labelled[] keys, Set<String> used) {
        h.table(List.of("Property", "Value"));
        for (Labelled k : keys) {
            used.add(k.key().key());
            Provenance p = record.values().get(k.key().key());
            h.row(List.of(k.label(), p == null ? "not recorded" : display(p)));
        }
        h.endTable();
    }

    /** A recorded value and its label in a table. */
    private record Labelled(ReportKey key, String label) {}

    private void list(Html h, String heading, String key, Set<String> used) {
        used.add(key);
        List<String> items = record.strings(key);
        if (items.isEmpty()) {
            return;
        }
        h.raw("<details><summary>").text(heading + " (" + items.size() + ")").raw("</summary>\n<ol class=\"mono\">\n");
        for (String s : items) {
            h.element("li", s).nl();
        }
        h.raw("</ol></details>\n");
    }

    private static String display(Provenance p) {
        if (p instanceof PrimitiveProvenance<?> pp) {
            Object v = pp.getValue();
            if (v instanceof Double || v instanceof Float) {
                return Html.number(((Number) v).doubleValue());
            }
            return String.valueOf(v);
        }
        if (p instanceof ListProvenance<?> l && l.getList().size() > 20) {
            return "[" + l.getList().size() + " entries] " + l.getList().subList(0, 20) + " ...";
        }
        return String.valueOf(p);
    }

    private List<String> objectives() {
        List<String> out = new ArrayList<>();
        if (provenance instanceof PostTrainingModelProvenance pt) {
            Provenance o = pt.getTransformerProvenance().getConfiguredParameters().get("objectives");
            if (o instanceof ListProvenance<?> l) {
                for (Provenance p : l.getList()) {
                    out.add(p instanceof PrimitiveProvenance<?> pp ? String.valueOf(pp.getValue()) : p.toString());
                }
            }
        }
        if (out.isEmpty()) {
            // No configuration at hand: the objectives are the metrics with a surrogate check.
            out.addAll(record.surrogateObjectives());
        }
        return out;
    }

    private Map<String, String> transformerConfig() {
        Map<String, String> out = new TreeMap<>();
        if (provenance instanceof PostTrainingModelProvenance pt) {
            for (Map.Entry<String, Provenance> e : pt.getTransformerProvenance().getConfiguredParameters().entrySet()) {
                Provenance p = e.getValue();
                if (p instanceof ListProvenance<?> l) {
                    List<String> items = new ArrayList<>();
                    for (Provenance x : l.getList()) {
                        items.add(x instanceof PrimitiveProvenance<?> pp ? String.valueOf(pp.getValue()) : x.toString());
                    }
                    out.put(e.getKey(), String.join(", ", items));
                } else {
                    out.put(e.getKey(), display(p));
                }
            }
        }
        return out;
    }

    /**
     * The per-user columns of the listed samples: the MovieLens sensitive attributes that the training data carry, plus
     * every audited one (such as an interaction log's {@code region}).
     */
    private List<String> userAttributeKeys() {
        Set<String> carried = new java.util.HashSet<>();
        for (Example<Label> ex : trainingData) {
            carried.addAll(ex.getMetadata().keySet());
        }
        Set<String> keys = new LinkedHashSet<>();
        for (String k : SENSITIVE) {
            if (carried.contains(k)) {
                keys.add(k);
            }
        }
        keys.addAll(auditedAttributes());
        return new ArrayList<>(keys);
    }

    /** The attributes the step audited (its configuration), or gender when unknown. */
    private List<String> auditedAttributes() {
        Set<String> keys = new LinkedHashSet<>();
        String configured = transformerConfig().get("attributes");
        if (configured != null && !configured.isBlank()) {
            for (String a : configured.split(",\\s*")) {
                // Intersections such as gender*age are made of single attributes.
                for (String part : a.split("\\*")) {
                    keys.add(part.trim());
                }
            }
        }
        if (keys.isEmpty()) {
            keys.add(SampleEncoding.GENDER);
        }
        return new ArrayList<>(keys);
    }

    private Map<String, Example<Label>> trainingById() {
        if (trainingData == null) {
            return null;
        }
        Map<String, Example<Label>> out = new HashMap<>();
        for (Example<Label> ex : trainingData) {
            String id = SampleEncoding.metadata(ex, SampleEncoding.SAMPLE);
            if (id != null) {
                out.putIfAbsent(id, ex);
            }
        }
        return out;
    }

    private static String history(Example<Label> ex) {
        int[] hist = SampleEncoding.decodeHistory(ex);
        StringBuilder sb = new StringBuilder();
        int shown = Math.min(hist.length, 10);
        for (int i = 0; i < shown; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(hist[i]);
        }
        if (hist.length > shown) {
            sb.append(" ... (").append(hist.length).append(" items)");
        }
        return sb.toString();
    }

    private static Direction direction(String metric) {
        if ("validation-loss".equals(metric)) {
            return Direction.LOWER_IS_BETTER;
        }
        try {
            return MetricRegistry.standard().parse(metric).direction();
        } catch (RuntimeException e) {
            // A metric from a plugin that is not on this class path: shown without a direction.
            return null;
        }
    }

    private static double threshold(String metric) {
        Matcher m = Pattern.compile("threshold=([0-9.eE+-]+)").matcher(metric);
        return m.find() ? parse(m.group(1)) : FOUR_FIFTHS;
    }

    private static double parse(String s) {
        try {
            return Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static boolean isAccuracy(String name) {
        return "validation-loss".equals(name) || ACCURACY.matcher(name).matches();
    }

    private static String firstAccuracy(Map<String, Double> values, String prefix) {
        for (String k : values.keySet()) {
            if (k.startsWith(prefix) && ACCURACY.matcher(k).matches()) {
                return k;
            }
        }
        return null;
    }



    private static String loadCss() {
        try (java.io.InputStream in = HtmlAuditReport.class.getResourceAsStream("report.css")) {
            if (in == null) {
                throw new IllegalStateException("report.css is missing from the class path next to " + HtmlAuditReport.class.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("Cannot read report.css", e);
        }
    }

    private static int order(List<String> objectives, String name) {
        int i = objectives.indexOf(name);
        return i < 0 ? Integer.MAX_VALUE : i;
    }

    private static Map<String, Map<String, Double>> series(String n1, Map<String, Double> s1, String n2, Map<String, Double> s2) {
        Map<String, Map<String, Double>> out = new LinkedHashMap<>();
        out.put(n1, s1);
        out.put(n2, s2);
        return out;
    }

    private static String num(Double v) {
        return v == null ? "n/a" : Html.number(v);
    }

    private static String num(OptionalDouble v) {
        return v.isPresent() ? Html.number(v.getAsDouble()) : "n/a";
    }

    private static String pct(double part, double whole) {
        return whole > 0 && Double.isFinite(part) ? Html.number(100 * part / whole) + "%" : "n/a";
    }

    private static String relative(double b, double a) {
        return b == 0 ? "" : " (" + Html.signed(100 * (a - b) / Math.abs(b)) + "%)";
    }

    private static String changeClass(Direction d, double b, double a) {
        if (d == null || d == Direction.DESCRIPTIVE || a == b) {
            return "same";
        }
        return d.distance(a) < d.distance(b) ? "better" : "worse";
    }

    private static Object changeCell(Direction d, Double b, Double a) {
        if (b == null || a == null) {
            return "n/a";
        }
        return Html.raw(new Html().element("span", changeClass(d, b, a), Html.signed(a - b) + relative(b, a)));
    }

    private static Object badge(VerificationCheck.Status s) {
        return Html.raw(new Html().element("span", "badge " + statusClass(s), s.name()));
    }

    private static String statusClass(VerificationCheck.Status s) {
        return switch (s) {
            case PASS -> "pass";
            case FAIL -> "fail";
            case WARN -> "warn";
            case NOT_CHECKED -> "nc";
        };
    }


    /** Configures a {@link HtmlAuditReport}. */
    public static final class Builder {
        private final ModelProvenance provenance;
        private FudlrReport fudlrReport;
        private Model<?> model;
        private List<? extends Example<Label>> trainingData;
        private boolean includeUserAttributes;
        private int topSamples = DEFAULT_TOP_SAMPLES;
        private int minGroupSize = SmallGroups.DEFAULT_MIN_GROUP_SIZE;
        private String title = "FUDLR audit report";
        private final List<VerificationCheck> checks = new ArrayList<>();

        private Builder(ModelProvenance provenance, FudlrReport report) {
            this.provenance = provenance;
            this.fudlrReport = report;
        }

        /**
         * The run's in-memory report: its summary is shown and its values are checked against the provenance.
         * @param report the report.
         * @return this.
         */
        public Builder fudlrReport(FudlrReport report) {
            this.fudlrReport = Objects.requireNonNull(report, "report");
            return this;
        }

        /**
         * The debiased model, to check its parameters against the recorded hash.
         * @param model the model.
         * @return this.
         */
        public Builder model(Model<?> model) {
            this.model = Objects.requireNonNull(model, "model");
            return this;
        }

        /**
         * The training examples of the run, to describe the unlearned samples (items, group counts, and per-user
         * attributes when {@link #includeUserAttributes} is set).
         * @param examples the training examples.
         * @return this.
         */
        public Builder trainingData(List<? extends Example<Label>> examples) {
            this.trainingData = Objects.requireNonNull(examples, "examples");
            return this;
        }

        /**
         * Whether to show per-user sensitive attribute values of the listed samples (off by default: group-level only).
         * @param include true to show them.
         * @return this.
         */
        public Builder includeUserAttributes(boolean include) {
            this.includeUserAttributes = include;
            return this;
        }

        /**
         * The minimum group size k of the small-group suppression: per-group values of groups with fewer than k users are
         * shown as {@code suppressed (n < k)} (their sizes are shown). The run's own k (recorded in provenance) applies
         * when larger: a report can suppress more than the run did, never less.
         * @param k at least 1 (1 = only the run's suppression).
         * @return this.
         */
        public Builder minGroupSize(int k) {
            if (k < 1) {
                throw new IllegalArgumentException("minGroupSize must be >= 1 (1 = no further suppression), found " + k);
            }
            this.minGroupSize = k;
            return this;
        }

        /**
         * How many unlearned samples to list.
         * @param n &gt;= 0.
         * @return this.
         */
        public Builder topSamples(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("topSamples must be >= 0, found " + n);
            }
            this.topSamples = n;
            return this;
        }

        /**
         * The page title.
         * @param title the title.
         * @return this.
         */
        public Builder title(String title) {
            this.title = Objects.requireNonNull(title, "title");
            return this;
        }

        /**
         * Adds a caller's verification result (e.g. from {@code fudlr verify}).
         * @param check the check.
         * @return this.
         */
        public Builder check(VerificationCheck check) {
            this.checks.add(Objects.requireNonNull(check, "check"));
            return this;
        }

        /**
         * Builds the report.
         * @return the report.
         * @throws IllegalArgumentException if the source records no FUDLR run.
         */
        public HtmlAuditReport build() {
            return new HtmlAuditReport(this);
        }
    }
}
