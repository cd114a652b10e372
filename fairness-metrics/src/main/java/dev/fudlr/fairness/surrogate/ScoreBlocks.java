/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.surrogate;

import dev.fudlr.fairness.data.AuditData;
import dev.fudlr.fairness.data.ScoreMatrix;
import dev.fudlr.fairness.data.TopKLists;

import java.util.List;
import java.util.Objects;

/**
 * One model's score rows of the audit users, held in blocks of users wherever they were computed (tribuo-fudlr-spark:
 * on the executors), so that a users x items matrix never has to exist in one place. Each pass runs
 * {@link SeparableSurrogate}s over every block and returns what is small: sums, squared norms, top-K lists.
 * <p>
 * Every block's rows are a selection of the audit's users; the blocks cover every user once. Implementations must
 * give the results of {@link #inMemory} on the same rows, up to the order in which blocks' numbers are added.
 */
public interface ScoreBlocks {

    /**
     * The number of audit users.
     * @return the rows.
     */
    int numUsers();

    /**
     * The number of items.
     * @return the columns.
     */
    int numItems();

    /**
     * Per surrogate, its sums over all users (added over the blocks).
     * @param surrogates surrogates bound to the audit.
     * @return one sum vector per surrogate, in order.
     */
    double[][] sums(List<SeparableSurrogate> surrogates);

    /**
     * Per surrogate, the squared 2-norm of its gradient with respect to all scores.
     * @param surrogates surrogates bound to the audit.
     * @param sums each surrogate's total sums ({@link #sums}).
     * @param adjoints each surrogate's adjoint of its total.
     * @return one squared norm per surrogate.
     */
    double[] squaredGradientNorms(List<SeparableSurrogate> surrogates, double[][] sums, double[][] adjoints);

    /**
     * Per surrogate, the top-K lists of the scores moved along its gradient, {@code s - step g}, each user's excluded
     * items left out.
     * @param surrogates surrogates bound to the audit.
     * @param sums each surrogate's total sums.
     * @param adjoints each surrogate's adjoint of its total.
     * @param steps each surrogate's step.
     * @param k the cut-off.
     * @return one set of lists per surrogate, users in audit order.
     */
    TopKLists[] movedTopK(List<SeparableSurrogate> surrogates, double[][] sums, double[][] adjoints, double[] steps, int k);

    /**
     * Score rows held in this JVM, split into blocks: the reference the other implementations are tested against.
     * @param scores all users' scores.
     * @param audit the audit data of the same users.
     * @param blocks user indices per block; together every user exactly once.
     * @return the blocks.
     */
    static ScoreBlocks inMemory(ScoreMatrix scores, AuditData audit, int[][] blocks) {
        return new InMemory(scores, audit, blocks);
    }

    /** {@link #inMemory}. */
    final class InMemory implements ScoreBlocks {
        private final ScoreMatrix scores;
        private final AuditData audit;
        private final int[][] blocks;

        private InMemory(ScoreMatrix scores, AuditData audit, int[][] blocks) {
            this.scores = Objects.requireNonNull(scores, "scores");
            this.audit = Objects.requireNonNull(audit, "audit");
            audit.checkShape(scores.rows(), scores.cols());
            boolean[] seen = new boolean[scores.rows()];
            int covered = 0;
            for (int[] b : blocks) {
                for (int u : b) {
                    if (u < 0 || u >= seen.length) {
                        throw new IllegalArgumentException("Score block row " + u + " is outside the " + seen.length + " users");
                    }
                    if (seen[u]) {
                        throw new IllegalArgumentException("User " + u + " is in more than one score block");
                    }
                    seen[u] = true;
                    covered++;
                }
            }
            if (covered != scores.rows()) {
                throw new IllegalArgumentException("The score blocks cover " + covered + " of " + scores.rows() + " users");
            }
            this.blocks = blocks.clone();
        }

        @Override
        public int numUsers() {
            return scores.rows();
        }

        @Override
        public int numItems() {
            return scores.cols();
        }

        private ScoreMatrix rows(int[] block) {
            double[] flat = new double[block.length * scores.cols()];
            double[] row = new double[scores.cols()];
            for (int r = 0; r < block.length; r++) {
                scores.copyRow(block[r], row);
                System.arraycopy(row, 0, flat, r * row.length, row.length);
            }
            return ScoreMatrix.ofFlat(flat, block.length, scores.cols());
        }

        @Override
        public double[][] sums(List<SeparableSurrogate> surrogates) {
            double[][] out = new double[surrogates.size()][];
            for (int[] block : blocks) {
                ScoreMatrix s = rows(block);
                AuditData a = audit.rows(block);
                for (int i = 0; i < out.length; i++) {
                    double[] part = surrogates.get(i).forward(s, a).sums();
                    if (out[i] == null) {
                        out[i] = part;
                    } else {
                        SeparableSurrogate.add(out[i], part);
                    }
                }
            }
            return out;
        }

        @Override
        public double[] squaredGradientNorms(List<SeparableSurrogate> surrogates, double[][] sums, double[][] adjoints) {
            double[] out = new double[surrogates.size()];
            for (int[] block : blocks) {
                ScoreMatrix s = rows(block);
                AuditData a = audit.rows(block);
                for (int i = 0; i < out.length; i++) {
                    double[] g = new double[block.length * scores.cols()];
                    surrogates.get(i).forward(s, a).backward(sums[i], adjoints[i], g);
                    out[i] += squaredNorm(g);
                }
            }
            return out;
        }

        @Override
        public TopKLists[] movedTopK(List<SeparableSurrogate> surrogates, double[][] sums, double[][] adjoints, double[] steps, int k) {
            int[][][] lists = new int[surrogates.size()][scores.rows()][];
            for (int[] block : blocks) {
                ScoreMatrix s = rows(block);
                AuditData a = audit.rows(block);
                for (int i = 0; i < lists.length; i++) {
                    TopKLists top = moved(surrogates.get(i).forward(s, a), s, a, sums[i], adjoints[i], steps[i], k);
                    for (int r = 0; r < block.length; r++) {
                        lists[i][block[r]] = top.list(r);
                    }
                }
            }
            TopKLists[] out = new TopKLists[lists.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = TopKLists.of(lists[i], k, scores.cols());
            }
            return out;
        }
    }

    /**
     * A gradient's squared 2-norm, summed in index order (as the whole-matrix calibration sums it).
     * @param gradient the gradient.
     * @return the squared norm.
     */
    static double squaredNorm(double[] gradient) {
        double s = 0.0;
        for (double v : gradient) {
            s += v * v;
        }
        return s;
    }

    /**
     * One block's top-K lists after the step {@code s - step g}: what every implementation computes per block.
     * @param part the block's forward pass.
     * @param scores the block's scores.
     * @param block the block's audit data (its exclusions).
     * @param sums the surrogate's total sums.
     * @param adjoint the adjoint of the total.
     * @param step the step.
     * @param k the cut-off.
     * @return the block's lists.
     */
    static TopKLists moved(SeparableSurrogate.Part part, ScoreMatrix scores, AuditData block, double[] sums, double[] adjoint, double step,
                           int k) {
        double[] g = new double[scores.rows() * scores.cols()];
        part.backward(sums, adjoint, g);
        double[] moved = scores.toFlatArray();
        for (int i = 0; i < moved.length; i++) {
            moved[i] -= step * g[i];
        }
        return TopKLists.fromScores(ScoreMatrix.ofFlat(moved, scores.rows(), scores.cols()), k, block.exclusionsArray());
    }
}
