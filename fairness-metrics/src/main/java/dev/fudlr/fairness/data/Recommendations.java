/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.data;

import java.util.Objects;

/**
 * The input of every exact metric: per-user top-K lists together with the audit data describing the same
 * users and items.
 */
public final class Recommendations {

    private final TopKLists lists;
    private final AuditData audit;

    private Recommendations(TopKLists lists, AuditData audit) {
        this.lists = lists;
        this.audit = audit;
    }

    /**
     * Pairs lists with audit data.
     * @param lists the top-K lists.
     * @param audit the audit data (same users and items).
     * @return the recommendations.
     */
    public static Recommendations of(TopKLists lists, AuditData audit) {
        Objects.requireNonNull(lists, "lists");
        Objects.requireNonNull(audit, "audit");
        audit.checkShape(lists.numUsers(), lists.numItems());
        return new Recommendations(lists, audit);
    }

    /**
     * Exact top-K selection from scores, honouring the audit data's exclusions.
     * @param scores the score matrix (same users and items as the audit data).
     * @param audit the audit data.
     * @param k the largest cut-off any metric will read.
     * @return the recommendations.
     */
    public static Recommendations fromScores(ScoreMatrix scores, AuditData audit, int k) {
        audit.checkShape(scores.rows(), scores.cols());
        return new Recommendations(TopKLists.fromScores(scores, k, audit.exclusionsArray()), audit);
    }

    /**
     * The lists.
     * @return the top-K lists.
     */
    public TopKLists lists() {
        return lists;
    }

    /**
     * The audit data.
     * @return the audit data.
     */
    public AuditData audit() {
        return audit;
    }

    /**
     * Number of users.
     * @return the number of users.
     */
    public int numUsers() {
        return lists.numUsers();
    }

    /**
     * Catalogue size.
     * @return the number of items.
     */
    public int numItems() {
        return lists.numItems();
    }

    /**
     * The recommendations of a selection of users (a bootstrap resample, a split): new user {@code r} is
     * old user {@code rows[r]}, with its list and everything the audit data knows about it (see
     * {@link AuditData#rows(int[])}).
     * @param rows old user indices, one per new user (repeats allowed).
     * @return the selected recommendations.
     * @throws IllegalArgumentException if rows is empty or holds an index outside the users.
     */
    public Recommendations rows(int[] rows) {
        Rows.check(rows, lists.numUsers(), "the recommendations");
        return new Recommendations(lists.rows(rows), audit.rows(rows));
    }

    @Override
    public String toString() {
        return "Recommendations(" + lists + ", " + audit + ")";
    }
}
