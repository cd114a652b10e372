/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.debias.baselines;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.oracle.labs.mlrg.olcut.util.Pair;
import dev.fudlr.debias.baselines.protos.PopularityReRankedModelProto;
import dev.fudlr.model.ItemIndex;
import dev.fudlr.model.RecommenderScorer;
import dev.fudlr.reliability.EnumChoices;
import org.tribuo.Example;
import org.tribuo.Excuse;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.impl.ModelDataCarrier;
import org.tribuo.protos.core.ModelDataProto;
import org.tribuo.protos.core.ModelProto;
import org.tribuo.provenance.ModelProvenance;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * A recommender re-ranked against popularity (the model returned by {@link PopularityReRanker}): every item's score
 * of the wrapped model is lowered by {@code lambda * penalty(item)}, with {@code penalty = log(1 + count)}
 * ({@link PopularityReRanker.Penalty#LOG}) or {@code count / max count} ({@link PopularityReRanker.Penalty#NORMALISED})
 * of the item's training target count, before ranking. {@code lambda = 0} ranks exactly like the wrapped model.
 * <p>
 * Scores reach callers through both paths the project evaluates recommenders with:
 * <ul>
 *     <li>{@link RecommenderScorer#scores}: the wrapped model's scores minus the penalty (for LoRA recommenders:
 *     logits), for audits with the fairness-metrics module;</li>
 *     <li>{@link #predict}: for each catalogue item, the softmax of {@code log p - lambda * penalty} over the wrapped
 *     model's output probabilities {@code p} (the same ranking as the shifted logits, since softmax is shift-invariant
 *     per row), so Tribuo's ranking evaluators see the re-ranked order.</li>
 * </ul>
 * A post-processing model: it has no trainable parameters of its own and cannot be unlearned. It holds a private copy
 * of the wrapped model ({@link #close} closes it). Serialization: protobuf ({@link #serialize}, which needs the wrapped
 * model to serialize too) and Java serialization.
 */
public final class PopularityReRankedModel extends Model<Label> implements RecommenderScorer, AutoCloseable {
    private static final long serialVersionUID = 1L;
    private static final Logger logger = Logger.getLogger(PopularityReRankedModel.class.getName());

    /** Protobuf serialization version. */
    public static final int CURRENT_VERSION = 0;

    private final Model<Label> inner;
    private final long[] itemCounts;
    private final double lambda;
    /** The penalty's lowercase label: the serialized forms (protobuf and Java) store the text, as before the enum. */
    private final String penaltyKind;
    private final double[] penalties;

    /**
     * Creates a re-ranked model.
     * @param name the model name.
     * @param provenance its provenance.
     * @param inner the wrapped model (used as is, not copied), a {@link RecommenderScorer} whose predictions carry
     *              probabilities for every catalogue item.
     * @param itemCounts training target count per catalogue item (catalogue order of {@code inner}).
     * @param lambda the penalty weight, finite and {@code >= 0}.
     * @param penaltyKind the penalty.
     * @throws IllegalArgumentException for invalid arguments.
     */
    public PopularityReRankedModel(String name, ModelProvenance provenance, Model<Label> inner, long[] itemCounts, double lambda,
                                   PopularityReRanker.Penalty penaltyKind) {
        super(name, provenance, inner.getFeatureIDMap(), inner.getOutputIDInfo(), true);
        if (!(inner instanceof RecommenderScorer)) {
            throw new IllegalArgumentException("The re-ranked model must score items (" + RecommenderScorer.class.getSimpleName()
                                               + "), got " + inner.getClass().getName());
        }
        this.inner = inner;
        ItemIndex items = ((RecommenderScorer) inner).items();
        if (itemCounts.length != items.size()) {
            throw new IllegalArgumentException("Got " + itemCounts.length + " item counts for a catalogue of " + items.size() + " items");
        }
        if (!(lambda >= 0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException("lambda must be finite and >= 0, found " + lambda);
        }
        this.itemCounts = itemCounts.clone();
        this.lambda = lambda;
        if (penaltyKind == null) {
            throw new IllegalArgumentException("penalty must be one of " + EnumChoices.names(PopularityReRanker.Penalty.class) + ", found null");
        }
        this.penaltyKind = penaltyKind.label();
        this.penalties = penalties(this.itemCounts, penaltyKind);
    }

    static double[] penalties(long[] counts, PopularityReRanker.Penalty kind) {
        double[] out = new double[counts.length];
        long max = 0;
        for (long c : counts) {
            if (c < 0) {
                throw new IllegalArgumentException("Item counts must be >= 0, found " + c);
            }
            max = Math.max(max, c);
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = switch (kind) {
                case LOG -> Math.log1p(counts[i]);
                case NORMALISED -> max == 0 ? 0.0 : (double) counts[i] / max;
            };
        }
        return out;
    }

    /** @return the wrapped model. */
    public Model<Label> inner() {
        return inner;
    }

    /** @return lambda. */
    public double lambda() {
        return lambda;
    }

    /** @return the penalty kind. */
    public PopularityReRanker.Penalty penaltyKind() {
        return penalty(penaltyKind);
    }

    /** The penalty of a stored label (model files record {@code log} or {@code normalised}). */
    private static PopularityReRanker.Penalty penalty(String label) {
        for (PopularityReRanker.Penalty p : PopularityReRanker.Penalty.values()) {
            if (p.label().equals(label)) {
                return p;
            }
        }
        throw new IllegalArgumentException("Invalid penalty '" + label + "', expected one of log, normalised");
    }

    /** @return the penalty of each catalogue item before the factor lambda (a copy). */
    public double[] penalties() {
        return penalties.clone();
    }

    /** @return the training target count of each catalogue item (a copy). */
    public long[] itemCounts() {
        return itemCounts.clone();
    }

    @Override
    public ItemIndex items() {
        return ((RecommenderScorer) inner).items();
    }

    @Override
    public int maxHistory() {
        return ((RecommenderScorer) inner).maxHistory();
    }

    @Override
    public float[][] scores(List<? extends Example<Label>> batch) {
        float[][] s = ((RecommenderScorer) inner).scores(batch);
        for (float[] row : s) {
            for (int j = 0; j < row.length; j++) {
                row[j] = (float) (row[j] - lambda * penalties[j]);
            }
        }
        return s;
    }

    @Override
    public Prediction<Label> predict(Example<Label> example) {
        return rerank(inner.predict(example));
    }

    @Override
    protected List<Prediction<Label>> innerPredict(Iterable<Example<Label>> examples) {
        List<Prediction<Label>> out = new ArrayList<>();
        for (Prediction<Label> p : inner.predict(examples)) {
            out.add(rerank(p));
        }
        return out;
    }

    private Prediction<Label> rerank(Prediction<Label> p) {
        ItemIndex items = items();
        Map<String, Label> scores = p.getOutputScores();
        String[] ids = new String[scores.size()];
        double[] z = new double[ids.length];
        double max = Double.NEGATIVE_INFINITY;
        int k = 0;
        for (Map.Entry<String, Label> e : scores.entrySet()) {
            int idx = items.index(e.getKey());
            ids[k] = e.getKey();
            z[k] = Math.log(e.getValue().getScore()) - (idx >= 0 ? lambda * penalties[idx] : 0.0);
            max = Math.max(max, z[k]);
            k++;
        }
        if (max == Double.NEGATIVE_INFINITY) {
            throw new IllegalStateException("The wrapped model " + inner.getName() + " gave no positive item probability");
        }
        double sum = 0;
        for (int i = 0; i < z.length; i++) {
            z[i] = Math.exp(z[i] - max);
            sum += z[i];
        }
        Map<String, Label> out = new HashMap<>(ids.length * 2);
        int best = 0;
        for (int i = 0; i < ids.length; i++) {
            out.put(ids[i], new Label(ids[i], z[i] / sum));
            // Ties: the lower catalogue index first, as DjlRecommenderModel ranks.
            if (z[i] > z[best] || (z[i] == z[best] && items.index(ids[i]) < items.index(ids[best]))) {
                best = i;
            }
        }
        return new Prediction<>(new Label(ids[best], z[best] / sum), out, p.getNumActiveFeatures(), p.getExample(), true);
    }

    /**
     * The wrapped model's explanation is not one of the re-ranked scores.
     * @param n ignored.
     * @return the wrapped model's top features.
     */
    @Override
    public Map<String, List<Pair<String, Double>>> getTopFeatures(int n) {
        return inner.getTopFeatures(n);
    }

    /**
     * No explanation is available.
     * @param example ignored.
     * @return empty.
     */
    @Override
    public Optional<Excuse<Label>> getExcuse(Example<Label> example) {
        return Optional.empty();
    }

    @Override
    protected PopularityReRankedModel copy(String newName, ModelProvenance newProvenance) {
        return new PopularityReRankedModel(newName, newProvenance, inner.copy(), itemCounts, lambda, penaltyKind());
    }

    @Override
    public void close() {
        if (inner instanceof AutoCloseable) {
            try {
                ((AutoCloseable) inner).close();
            } catch (Exception e) {
                logger.warning("Closing the wrapped model failed: " + e);
            }
        }
    }

    @Override
    public ModelProto serialize() {
        ModelDataCarrier<Label> carrier = createDataCarrier();
        PopularityReRankedModelProto.Builder payload = PopularityReRankedModelProto.newBuilder()
            .setModelData(carrier.serialize().toByteString())
            .setInnerModel(inner.serialize().toByteString())
            .setLambda(lambda)
            .setPenalty(penaltyKind);
        for (long c : itemCounts) {
            payload.addItemCounts(c);
        }
        return ModelProto.newBuilder()
            .setVersion(CURRENT_VERSION)
            .setClassName(PopularityReRankedModel.class.getName())
            .setSerializedData(Any.pack(payload.build()))
            .build();
    }

    /**
     * Deserialization factory (called reflectively by Tribuo's {@code ProtoUtil}).
     * @param version the serialized version.
     * @param className the class name.
     * @param message the payload.
     * @return the model.
     * @throws InvalidProtocolBufferException if the payload cannot be parsed.
     */
    public static PopularityReRankedModel deserializeFromProto(int version, String className, Any message)
        throws InvalidProtocolBufferException {
        if (version < 0 || version > CURRENT_VERSION) {
            throw new IllegalArgumentException("Unknown version " + version + ", this class supports at most version " + CURRENT_VERSION);
        }
        PopularityReRankedModelProto proto = message.unpack(PopularityReRankedModelProto.class);
        ModelDataCarrier<?> carrier = ModelDataCarrier.deserialize(ModelDataProto.parseFrom(proto.getModelData()));
        Model<?> inner = Model.deserialize(ModelProto.parseFrom(proto.getInnerModel()));
        if (!(inner instanceof RecommenderScorer) || !inner.validate(Label.class)) {
            throw new IllegalStateException("Invalid protobuf, the wrapped model is not a label recommender: " + inner.getClass().getName());
        }
        @SuppressWarnings("unchecked") // validated above
        Model<Label> labelInner = (Model<Label>) inner;
        long[] counts = proto.getItemCountsList().stream().mapToLong(Long::longValue).toArray();
        PopularityReRankedModel m = new PopularityReRankedModel(carrier.name(), carrier.provenance(), labelInner, counts,
                                                                proto.getLambda(), penalty(proto.getPenalty()));
        @SuppressWarnings("unchecked")
        ImmutableOutputInfo<Label> domain = (ImmutableOutputInfo<Label>) carrier.outputDomain();
        if (!Objects.equals(domain.getDomain(), labelInner.getOutputIDInfo().getDomain())) {
            throw new IllegalStateException("Invalid protobuf, the output domain differs from the wrapped model's");
        }
        return m;
    }

    @Override
    public String toString() {
        return "PopularityReRankedModel(name=" + name + ", lambda=" + lambda + ", penalty=" + penaltyKind + ", inner=" + inner.getName() + ")";
    }
}
