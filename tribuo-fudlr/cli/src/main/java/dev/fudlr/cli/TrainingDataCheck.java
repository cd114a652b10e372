/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.cli;

import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import dev.fudlr.data.FileDataSourceProvenance;
import org.tribuo.provenance.DataProvenance;
import org.tribuo.provenance.DatasetProvenance;
import org.tribuo.provenance.ModelProvenance;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares the training split a command was given with the data source recorded in a model's provenance: the kind of
 * source (MovieLens or synthetic, or interaction log), its configuration (format, split, history length, rating filter,
 * generator parameters, column names; not the locations of the files, which may move) and the content hash of the data. FUDLR removes the influence of training samples, so debiasing or
 * verifying against other data would be meaningless.
 */
final class TrainingDataCheck {

    /**
     * The outcome.
     * @param comparable whether the model records a data source of this project ({@link FileDataSourceProvenance}) at all.
     * @param problem the first difference found, or null when the data match.
     */
    record Outcome(boolean comparable, String problem) {
        boolean matches() {
            return comparable && problem == null;
        }
    }

    /** Configuration fields that locate the files rather than say what they hold (the content hash covers that). */
    private static final Set<String> LOCATIONS = Set.of("directory", "interactionsFile", "usersFile", "itemsFile");

    private TrainingDataCheck() {}

    /**
     * Compares.
     * @param model the model's provenance (its dataset provenance is read).
     * @param given the provenance of the training split the command was given.
     * @return the outcome.
     */
    static Outcome compare(ModelProvenance model, DataProvenance given) {
        DatasetProvenance dataset = model.getDatasetProvenance();
        DataProvenance recorded = dataset == null ? null : dataset.getSourceProvenance();
        if (!(recorded instanceof FileDataSourceProvenance r) || !(given instanceof FileDataSourceProvenance g)) {
            return new Outcome(false, null);
        }
        if (!r.getClassName().equals(g.getClassName())) {
            return new Outcome(true, "the data are read by " + simpleName(g.getClassName()) + ", but the model was trained on data of "
                                     + simpleName(r.getClassName()));
        }
        Map<String, Provenance> a = r.getConfiguredParameters();
        Map<String, Provenance> b = g.getConfiguredParameters();
        for (String key : new TreeSet<>(union(a, b))) {
            if (LOCATIONS.contains(key)) {
                continue;
            }
            if (!Objects.equals(a.get(key), b.get(key))) {
                return new Outcome(true, "data option " + key + " is " + value(b.get(key)) + ", but the model was trained with "
                                         + value(a.get(key)));
            }
        }
        Object ha = value(r.getInstanceValues().get(FileDataSourceProvenance.RESOURCE_HASH));
        Object hb = value(g.getInstanceValues().get(FileDataSourceProvenance.RESOURCE_HASH));
        if (!Objects.equals(ha, hb)) {
            return new Outcome(true, "the ratings differ from the model's training data (content hash " + hb + ", recorded " + ha + ")");
        }
        return new Outcome(true, null);
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    private static java.util.Set<String> union(Map<String, ?> a, Map<String, ?> b) {
        java.util.Set<String> s = new TreeSet<>(a.keySet());
        s.addAll(b.keySet());
        return s;
    }

    private static Object value(Provenance p) {
        if (p == null) {
            return "(absent)";
        }
        return p instanceof com.oracle.labs.mlrg.olcut.provenance.PrimitiveProvenance<?> pp ? pp.getValue() : p.toString();
    }
}
