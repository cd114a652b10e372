/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.fairness.evaluation;

import org.tribuo.DataSource;
import org.tribuo.Dataset;
import org.tribuo.Model;
import org.tribuo.Output;
import org.tribuo.Prediction;
import org.tribuo.evaluation.Evaluation;
import org.tribuo.evaluation.Evaluator;
import org.tribuo.provenance.DataProvenance;
import org.tribuo.provenance.EvaluationProvenance;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Runs several evaluators over one set of predictions and merges their results: the model predicts once,
 * then each evaluator sees the same {@link Prediction}s through
 * {@link Evaluator#evaluate(Model, List, DataProvenance)}. Tribuo has no such composition; this one works
 * with any evaluator of the output type, Tribuo's own
 * {@link org.tribuo.classification.evaluation.LabelEvaluator} included.
 * <pre>
 *   EvaluatorChain&lt;Label&gt; chain = EvaluatorChain.&lt;Label&gt;builder()
 *       .add("label", new LabelEvaluator())
 *       .add("ranking", new RankingEvaluator(10))
 *       .add("fairness", fairnessEvaluator)
 *       .build();
 *   ChainedEvaluation&lt;Label&gt; report = chain.evaluate(model, testData);
 * </pre>
 * @param <T> the output type.
 */
public final class EvaluatorChain<T extends Output<T>> implements Evaluator<T, ChainedEvaluation<T>> {

    private final Map<String, Evaluator<T, ? extends Evaluation<T>>> evaluators;

    private EvaluatorChain(Map<String, Evaluator<T, ? extends Evaluation<T>>> evaluators) {
        if (evaluators.isEmpty()) {
            throw new IllegalArgumentException("An evaluator chain needs at least one evaluator");
        }
        this.evaluators = Collections.unmodifiableMap(new LinkedHashMap<>(evaluators));
    }

    /**
     * Starts a chain.
     * @param <T> the output type.
     * @return a builder.
     */
    public static <T extends Output<T>> Builder<T> builder() {
        return new Builder<>();
    }

    /**
     * The chained evaluators by name.
     * @return an unmodifiable ordered map.
     */
    public Map<String, Evaluator<T, ? extends Evaluation<T>>> evaluators() {
        return evaluators;
    }

    /**
     * A chain with one more evaluator appended.
     * @param name its name, unique in the chain.
     * @param evaluator the evaluator.
     * @return a new chain.
     */
    public EvaluatorChain<T> then(String name, Evaluator<T, ? extends Evaluation<T>> evaluator) {
        Builder<T> b = new Builder<>();
        b.evaluators.putAll(evaluators);
        return b.add(name, evaluator).build();
    }

    @Override
    public ChainedEvaluation<T> evaluate(Model<T> model, Dataset<T> dataset) {
        return evaluate(model, model.predict(dataset), dataset.getProvenance());
    }

    @Override
    public ChainedEvaluation<T> evaluate(Model<T> model, DataSource<T> datasource) {
        return evaluate(model, model.predict(datasource), datasource.getProvenance());
    }

    @Override
    public ChainedEvaluation<T> evaluate(Model<T> model, List<Prediction<T>> predictions, DataProvenance dataProvenance) {
        Objects.requireNonNull(predictions, "predictions");
        List<Prediction<T>> shared = Collections.unmodifiableList(new ArrayList<>(predictions));
        Map<String, Evaluation<T>> parts = new LinkedHashMap<>();
        for (Map.Entry<String, Evaluator<T, ? extends Evaluation<T>>> e : evaluators.entrySet()) {
            parts.put(e.getKey(), e.getValue().evaluate(model, shared, dataProvenance));
        }
        return new ChainedEvaluation<>(parts, shared, new EvaluationProvenance(model.getProvenance(), dataProvenance));
    }

    @Override
    public String toString() {
        return "EvaluatorChain" + evaluators.keySet();
    }

    /**
     * Builds an {@link EvaluatorChain}.
     * @param <T> the output type.
     */
    public static final class Builder<T extends Output<T>> {
        private final Map<String, Evaluator<T, ? extends Evaluation<T>>> evaluators = new LinkedHashMap<>();

        private Builder() {}

        /**
         * Appends an evaluator.
         * @param name its name, unique in the chain (used to qualify clashing metric names).
         * @param evaluator the evaluator.
         * @return this.
         */
        public Builder<T> add(String name, Evaluator<T, ? extends Evaluation<T>> evaluator) {
            Objects.requireNonNull(evaluator, "evaluator");
            if (name == null || name.isEmpty() || name.contains("/")) {
                throw new IllegalArgumentException("Evaluator name '" + name + "' must be non-empty and must not contain '/'");
            }
            if (evaluators.putIfAbsent(name, evaluator) != null) {
                throw new IllegalArgumentException("Evaluator name '" + name + "' is already used in the chain");
            }
            return this;
        }

        /**
         * Builds the chain.
         * @return the chain.
         */
        public EvaluatorChain<T> build() {
            return new EvaluatorChain<>(evaluators);
        }
    }
}
