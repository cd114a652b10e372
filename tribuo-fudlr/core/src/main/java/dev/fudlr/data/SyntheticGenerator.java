/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.data;

import dev.fudlr.reliability.MemoryBudget;
import dev.fudlr.reliability.ResourceLimitException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Logger;

/**
 * Generates MovieLens-like ratings with two <em>planted, known</em> biases, so that debiasing can be tested
 * against ground truth on data that may be shipped and run anywhere.
 * <p>
 * The generative story (all randomness from one {@link Random} seeded with {@link Config#seed()}):
 * <ul>
 *     <li>Items {@code 1..numItems}: a primary genre drawn uniformly from the first {@code genreCount} names of
 *     {@link #GENRE_POOL} (30% also get a second genre), a year in 1930..1998, the title
 *     {@code "Synthetic movie <id> (<year>)"}, a log-normal quality, and a popularity rank from a random
 *     permutation. The {@code ceil(10%)} best-ranked items are the <em>head</em> ({@link SyntheticData#headItems()}).</li>
 *     <li>Users {@code 1..numUsers}: gender F with probability {@code femaleFraction}, age 18..65, an occupation
 *     from the MovieLens-100K list, a zip code, and a log-normal affinity per genre. <b>Planted bias 2
 *     (gender-correlated genre preference):</b> female users' affinity for {@link #FAVOURED_GENRE} is multiplied
 *     by {@code genderGenreBoost}.</li>
 *     <li>A user's <em>true preference</em> for an item is the item's quality times the user's mean affinity for
 *     the item's genres; it has no popularity term.</li>
 *     <li>Each user makes {@code minInteractionsPerUser..maxInteractionsPerUser} distinct interactions, one at a
 *     time, at strictly increasing timestamps (from late 1997, like MovieLens-100K). <b>Planted bias 1
 *     (popularity skew):</b> a random {@code biasedUserFraction} of users are bias-inducing; each of their draws
 *     is, with probability {@code biasedInteractionFraction}, taken from a Zipf distribution over popularity rank
 *     ({@code weight = rank^-popularitySkew}) instead of their true preference. Those popularity-driven
 *     interactions are the ground-truth bias-inducing interactions; they also get lower ratings (mean 2.9 vs 3.7),
 *     since they were consumed beyond the user's taste. Every other draw follows true preference.</li>
 *     <li><b>Planted bias 3 (gender confounding, off by default; on when {@code genderConfounderFraction > 0}):</b>
 *     <ul>
 *         <li><em>Sequels.</em> The items whose primary genre is {@link #FAVOURED_GENRE} form a random cycle, and so do
 *         those of {@link #MALE_FAVOURED_GENRE}: each has a fixed sequel. Right after an item with a sequel, a user's
 *         next (non-popularity) draw is that sequel with probability {@link #SEQUEL_PROBABILITY}, if not yet taken.
 *         Male users prefer {@link #MALE_FAVOURED_GENRE} with the same boost as female users'
 *         {@link #FAVOURED_GENRE}, so both groups have a concentrated, sequential taste.</li>
 *         <li><em>Confounders.</em> A {@code genderConfounderFraction} of the users who would be male are confounders:
 *         their accounts record no gender (the {@code unknown} group, outside a female/male gap), and they share
 *         female users' taste. While their draws are training samples (all but their last two), every non-popularity draw right
 *         after a favoured-genre item is that item's fixed <em>wrong sequel</em>, an item outside the favoured genre
 *         (if not yet taken). Their validation and test draws follow the true sequels, like everyone's. These
 *         wrong-sequel draws are the ground-truth gender-bias-inducing interactions
 *         ({@link SyntheticData#genderBiasInducingSampleIds(SampleSplits)}).</li>
 *     </ul>
 *     A model trained on them predicts the wrong sequel after a favoured-genre item for anyone with female users'
 *     taste, while male users' sequels are not contradicted. Measured (docs/benchmarks.md, "What we tried"):
 *     retraining without exactly those samples raises NDCG@10 by about 7% and moves the test users' female-minus-male
 *     gap by about +0.01, which at a few thousand users is smaller than the gap's sampling noise. Earlier versions
 *     (decoy items instead of wrong sequels, confounders recorded as male) did not even do that: the confounders' own
 *     predictable draws raised male accuracy, and decoys taken early in a history were learned as what follows a
 *     short history. The confounders are chosen with their own random
 *     stream; with the fraction 0 the data are unchanged.</li>
 *     <li><b>Planted bias 4 (targeted autoplay, off by default; on when {@code genderAutoplayFraction > 0}):</b> the
 *     taste structure and sequels of planted bias 3, and the same fixed wrong sequel per favoured-genre item.
 *     While a female user's draws are training samples (all but her last two), her draw right after a favoured-genre
 *     item is, with probability {@code genderAutoplayFraction}, that item's wrong sequel (if not yet taken), as if a
 *     service had autoplayed it for female accounts while the training data were logged. Her validation and test
 *     draws follow her taste. Unlike the confounders' draws, these come from female users' own histories, so the
 *     model cannot tell their contexts from the ones it is audited on. The autoplayed draws are the ground truth
 *     ({@link SyntheticData#autoplaySampleIds(SampleSplits)}); they have their own random stream, so with the
 *     fraction 0 the data are unchanged. Measured in docs/benchmarks.md ("Synthetic data with a planted gender bias").</li>
 * </ul>
 * The bias-inducing <em>training sample ids</em> are the {@code "<userId>:<p>"} ids, in {@link SampleBuilder}'s
 * scheme with all ratings kept, of the training samples whose target is a bias-inducing interaction.
 * <p>
 * Same config (seed included) gives identical data.
 */
public final class SyntheticGenerator {

    private static final Logger logger = Logger.getLogger(SyntheticGenerator.class.getName());

    /** Genre names in the order they are taken ({@code genreCount} first ones); the favoured genre comes first. */
    public static final List<String> GENRE_POOL = List.of("Romance", "Drama", "Comedy", "Action", "Thriller",
            "Adventure", "Sci-Fi", "Crime", "Children's", "Horror", "War", "Mystery", "Musical", "Documentary",
            "Animation", "Western", "Film-Noir", "Fantasy");

    /** The genre female users are planted to prefer. */
    public static final String FAVOURED_GENRE = GENRE_POOL.get(0);

    /** The occupations of MovieLens-100K, used for synthetic users. */
    public static final List<String> OCCUPATIONS = List.of("administrator", "artist", "doctor", "educator",
            "engineer", "entertainment", "executive", "healthcare", "homemaker", "lawyer", "librarian", "marketing",
            "none", "other", "programmer", "retired", "salesman", "scientist", "student", "technician", "writer");

    /** The genre male users prefer when planted bias 3 is on (symmetric to {@link #FAVOURED_GENRE}). */
    public static final String MALE_FAVOURED_GENRE = GENRE_POOL.get(3);

    /**
     * In confounder mode (planted bias 3): the probability that a user's next draw, right after an item with a sequel,
     * is that sequel (a confounder's training draws after a favoured-genre item take its wrong sequel every time).
     */
    public static final double SEQUEL_PROBABILITY = 0.5;

    /** Fraction of items (rounded up) that form the popularity head. */
    public static final double HEAD_FRACTION = 0.1;

    // 1997-09-20, the start of MovieLens-100K.
    private static final long START_TIME = 874_724_710L;
    private static final int START_SPREAD = 200 * 86_400;
    private static final int MAX_GAP = 3 * 86_400;

    private SyntheticGenerator() {}

    /**
     * Generator parameters.
     * @param seed the random seed.
     * @param numUsers number of users (1..{@value #MAX_USERS}).
     * @param numItems number of items (at least {@code maxInteractionsPerUser}, at most {@value #MAX_ITEMS}).
     * @param minInteractionsPerUser smallest number of interactions of a user (at least 3).
     * @param maxInteractionsPerUser largest number of interactions of a user (at least the minimum, at most
     *                               {@value #MAX_INTERACTIONS_PER_USER}).
     * @param popularitySkew Zipf exponent of the popularity-driven draws (at least 0; 0 = uniform, no skew).
     * @param femaleFraction probability that a user is female (0..1).
     * @param genreCount number of genres (2..18).
     * @param biasedUserFraction fraction of users who are bias-inducing (0..1).
     * @param biasedInteractionFraction probability that a bias-inducing user's draw is popularity-driven (0..1).
     * @param genderGenreBoost multiplier of female users' affinity for {@link #FAVOURED_GENRE} (positive; 1 = none).
     * @param genderConfounderFraction fraction of male users who are gender confounders (0..1; 0 = none, the default).
     * @param genderAutoplayFraction probability that a female user's training draw right after a favoured-genre item is
     *                               its wrong sequel (0..1; 0 = no autoplay, the default).
     */
    public record Config(long seed, int numUsers, int numItems, int minInteractionsPerUser, int maxInteractionsPerUser,
                         double popularitySkew, double femaleFraction, int genreCount, double biasedUserFraction,
                         double biasedInteractionFraction, double genderGenreBoost, double genderConfounderFraction,
                         double genderAutoplayFraction) {

        /**
         * A config without gender confounders (planted bias 3 off).
         * @param seed see the record description.
         * @param numUsers see the record description.
         * @param numItems see the record description.
         * @param minInteractionsPerUser see the record description.
         * @param maxInteractionsPerUser see the record description.
         * @param popularitySkew see the record description.
         * @param femaleFraction see the record description.
         * @param genreCount see the record description.
         * @param biasedUserFraction see the record description.
         * @param biasedInteractionFraction see the record description.
         * @param genderGenreBoost see the record description.
         */
        public Config(long seed, int numUsers, int numItems, int minInteractionsPerUser, int maxInteractionsPerUser,
                      double popularitySkew, double femaleFraction, int genreCount, double biasedUserFraction,
                      double biasedInteractionFraction, double genderGenreBoost) {
            this(seed, numUsers, numItems, minInteractionsPerUser, maxInteractionsPerUser, popularitySkew, femaleFraction, genreCount,
                 biasedUserFraction, biasedInteractionFraction, genderGenreBoost, 0.0, 0.0);
        }

        /**
         * A config without targeted autoplay (planted bias 4 off).
         * @param seed see the record description.
         * @param numUsers see the record description.
         * @param numItems see the record description.
         * @param minInteractionsPerUser see the record description.
         * @param maxInteractionsPerUser see the record description.
         * @param popularitySkew see the record description.
         * @param femaleFraction see the record description.
         * @param genreCount see the record description.
         * @param biasedUserFraction see the record description.
         * @param biasedInteractionFraction see the record description.
         * @param genderGenreBoost see the record description.
         * @param genderConfounderFraction see the record description.
         */
        public Config(long seed, int numUsers, int numItems, int minInteractionsPerUser, int maxInteractionsPerUser,
                      double popularitySkew, double femaleFraction, int genreCount, double biasedUserFraction,
                      double biasedInteractionFraction, double genderGenreBoost, double genderConfounderFraction) {
            this(seed, numUsers, numItems, minInteractionsPerUser, maxInteractionsPerUser, popularitySkew, femaleFraction, genreCount,
                 biasedUserFraction, biasedInteractionFraction, genderGenreBoost, genderConfounderFraction, 0.0);
        }

        /** Default seed. */
        public static final long DEFAULT_SEED = 42L;
        /** Default number of users. */
        public static final int DEFAULT_USERS = 300;
        /** Default number of items. */
        public static final int DEFAULT_ITEMS = 200;
        /** Default minimum interactions per user. */
        public static final int DEFAULT_MIN_PER_USER = 10;
        /** Default maximum interactions per user. */
        public static final int DEFAULT_MAX_PER_USER = 40;
        /**
         * Most users (1,000,000): six times MovieLens-25M's 162,541. The data and samples of that many users need
         * tens of GB; {@link SyntheticGenerator#checkHeap} refuses, before generating, sizes the heap cannot hold.
         */
        public static final int MAX_USERS = 1_000_000;
        /**
         * Most items (100,000): above MovieLens-32M's 87,585. Generation costs {@code numItems} per drawn interaction,
         * and every score matrix of the data has a column per item.
         */
        public static final int MAX_ITEMS = 100_000;
        /**
         * Most interactions of one user (10,000): four times MovieLens-1M's most active user (2,314). Each user's
         * samples hold up to L history items each.
         */
        public static final int MAX_INTERACTIONS_PER_USER = 10_000;

        /**
         * Validates the parameters.
         * @param seed see the record description.
         * @param numUsers see the record description.
         * @param numItems see the record description.
         * @param minInteractionsPerUser see the record description.
         * @param maxInteractionsPerUser see the record description.
         * @param popularitySkew see the record description.
         * @param femaleFraction see the record description.
         * @param genreCount see the record description.
         * @param biasedUserFraction see the record description.
         * @param biasedInteractionFraction see the record description.
         * @param genderGenreBoost see the record description.
         * @param genderConfounderFraction see the record description.
         * @param genderAutoplayFraction see the record description.
         * @throws IllegalArgumentException naming the first invalid parameter.
         */
        public Config {
            checkFraction("genderConfounderFraction", genderConfounderFraction);
            checkFraction("genderAutoplayFraction", genderAutoplayFraction);
            if (numUsers < 1) {
                throw new IllegalArgumentException("numUsers must be at least 1, found " + numUsers);
            }
            if (numUsers > MAX_USERS) {
                throw new IllegalArgumentException("numUsers must be at most " + MAX_USERS + " (SyntheticGenerator.Config.MAX_USERS), found " + numUsers);
            }
            if (numItems > MAX_ITEMS) {
                throw new IllegalArgumentException("numItems must be at most " + MAX_ITEMS + " (SyntheticGenerator.Config.MAX_ITEMS), found " + numItems);
            }
            if (minInteractionsPerUser < 3) {
                throw new IllegalArgumentException("minInteractionsPerUser must be at least 3, found " + minInteractionsPerUser);
            }
            if (maxInteractionsPerUser < minInteractionsPerUser) {
                throw new IllegalArgumentException("maxInteractionsPerUser (" + maxInteractionsPerUser
                        + ") must be at least minInteractionsPerUser (" + minInteractionsPerUser + ")");
            }
            if (maxInteractionsPerUser > MAX_INTERACTIONS_PER_USER) {
                throw new IllegalArgumentException("maxInteractionsPerUser must be at most " + MAX_INTERACTIONS_PER_USER
                        + " (SyntheticGenerator.Config.MAX_INTERACTIONS_PER_USER), found " + maxInteractionsPerUser);
            }
            if (numItems < maxInteractionsPerUser) {
                throw new IllegalArgumentException("numItems (" + numItems + ") must be at least maxInteractionsPerUser ("
                        + maxInteractionsPerUser + "): a user rates an item at most once");
            }
            if (!(popularitySkew >= 0) || Double.isInfinite(popularitySkew)) {
                throw new IllegalArgumentException("popularitySkew must be finite and >= 0, found " + popularitySkew);
            }
            checkFraction("femaleFraction", femaleFraction);
            checkFraction("biasedUserFraction", biasedUserFraction);
            checkFraction("biasedInteractionFraction", biasedInteractionFraction);
            if (genreCount < 2 || genreCount > GENRE_POOL.size()) {
                throw new IllegalArgumentException("genreCount must be in 2.." + GENRE_POOL.size() + ", found " + genreCount);
            }
            if (!(genderGenreBoost > 0) || Double.isInfinite(genderGenreBoost)) {
                throw new IllegalArgumentException("genderGenreBoost must be finite and > 0, found " + genderGenreBoost);
            }
        }

        private static void checkFraction(String name, double v) {
            if (!(v >= 0 && v <= 1)) {
                throw new IllegalArgumentException(name + " must be in [0, 1], found " + v);
            }
        }

        /**
         * The defaults: seed 42, 300 users, 200 items, 10..40 interactions per user, Zipf exponent 1.2,
         * 30% female users, 8 genres, 30% bias-inducing users with 60% of their draws popularity-driven, and a
         * 4x boost of female users' affinity for the favoured genre. With these, about 15% of the training samples
         * are bias-inducing and about half of their targets are head items (versus about 10% for other samples).
         * @return the default config.
         */
        public static Config defaults() {
            return new Config(DEFAULT_SEED, DEFAULT_USERS, DEFAULT_ITEMS, DEFAULT_MIN_PER_USER, DEFAULT_MAX_PER_USER,
                    1.2, 0.3, 8, 0.3, 0.6, 4.0);
        }

        /**
         * A copy with another seed.
         * @param newSeed the seed.
         * @return the new config.
         */
        public Config withSeed(long newSeed) {
            return new Config(newSeed, numUsers, numItems, minInteractionsPerUser, maxInteractionsPerUser,
                    popularitySkew, femaleFraction, genreCount, biasedUserFraction, biasedInteractionFraction, genderGenreBoost,
                    genderConfounderFraction, genderAutoplayFraction);
        }

        /**
         * A copy with other sizes.
         * @param users number of users.
         * @param items number of items.
         * @param minPerUser minimum interactions per user.
         * @param maxPerUser maximum interactions per user.
         * @return the new config.
         */
        public Config withSizes(int users, int items, int minPerUser, int maxPerUser) {
            return new Config(seed, users, items, minPerUser, maxPerUser,
                    popularitySkew, femaleFraction, genreCount, biasedUserFraction, biasedInteractionFraction, genderGenreBoost,
                    genderConfounderFraction, genderAutoplayFraction);
        }

        /**
         * A copy with other bias strengths.
         * @param skew the Zipf exponent.
         * @param userFraction fraction of bias-inducing users.
         * @param interactionFraction probability that a bias-inducing user's draw is popularity-driven.
         * @param genderBoost female users' affinity multiplier for the favoured genre.
         * @return the new config.
         */
        public Config withBias(double skew, double userFraction, double interactionFraction, double genderBoost) {
            return new Config(seed, numUsers, numItems, minInteractionsPerUser, maxInteractionsPerUser,
                    skew, femaleFraction, genreCount, userFraction, interactionFraction, genderBoost, genderConfounderFraction,
                    genderAutoplayFraction);
        }

        /**
         * A copy with gender confounders (planted bias 3) and another female fraction.
         * @param femaleShare probability that a user is female.
         * @param confounderFraction fraction of male users who are gender confounders.
         * @return the new config.
         */
        public Config withGenderConfounders(double femaleShare, double confounderFraction) {
            return new Config(seed, numUsers, numItems, minInteractionsPerUser, maxInteractionsPerUser,
                    popularitySkew, femaleShare, genreCount, biasedUserFraction, biasedInteractionFraction, genderGenreBoost,
                    confounderFraction, genderAutoplayFraction);
        }

        /**
         * A copy with targeted autoplay (planted bias 4).
         * @param autoplayFraction probability that a female user's training draw right after a favoured-genre item is
         *                         that item's wrong sequel.
         * @return the new config.
         */
        public Config withGenderAutoplay(double autoplayFraction) {
            return new Config(seed, numUsers, numItems, minInteractionsPerUser, maxInteractionsPerUser,
                    popularitySkew, femaleFraction, genreCount, biasedUserFraction, biasedInteractionFraction, genderGenreBoost,
                    genderConfounderFraction, autoplayFraction);
        }
    }

    /** Estimated heap bytes of one generated interaction with its share of users and ground truth (measured about 74). */
    static final long BYTES_PER_INTERACTION = 100;

    /**
     * Estimated heap bytes of a config's generated data and, with {@code historyLength > 0}, of its samples with that
     * history length and one working copy of them (what a command holds after reading the data). Users have
     * {@code (min + max) / 2} interactions on average; the estimate errs about 10% high.
     * @param config the generator parameters.
     * @param historyLength the samples' history length L, or 0 for the generated data alone.
     * @return the bytes, saturating at {@link Long#MAX_VALUE}.
     */
    public static long estimatedBytes(Config config, int historyLength) {
        int lo = config.minInteractionsPerUser();
        int hi = config.maxInteractionsPerUser();
        double users = config.numUsers();
        double interactions = users * (lo + hi) / 2.0;
        double bytes = interactions * BYTES_PER_INTERACTION;
        if (historyLength > 0) {
            double history = 0;
            for (int n = lo; n <= hi; n++) {
                history += SampleBuilder.historyItems(n, historyLength);
            }
            // Every interaction but a user's first is a sample target (training, validation or test).
            bytes += SampleBuilder.estimatedBytes(interactions - users, users * history / (hi - lo + 1));
        }
        return bytes >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) bytes;
    }

    /**
     * Refuses, before anything is generated, a config whose data (and samples) would not fit the Java heap.
     * @param config the generator parameters.
     * @param historyLength the samples' history length, or 0 for the generated data alone.
     * @param alternative what to lower, named as the caller's user knows it, e.g. {@code "Lower --synthetic-users"}.
     * @throws dev.fudlr.reliability.ResourceLimitException if the estimate exceeds the free heap.
     */
    public static void checkHeap(Config config, int historyLength, String alternative) {
        long most = (long) config.numUsers() * config.maxInteractionsPerUser();
        if (most > Integer.MAX_VALUE - 8) {
            // Past any heap check on a very large machine: the interactions are one Java list.
            throw new ResourceLimitException(String.format(Locale.ROOT, "Synthetic data of %,d users with up to %,d interactions each "
                    + "may hold %,d interactions, more than one Java list can (%,d). %s", config.numUsers(),
                    config.maxInteractionsPerUser(), most, Integer.MAX_VALUE - 8, alternative), most, Integer.MAX_VALUE - 8);
        }
        MemoryBudget.checkHeap(String.format(Locale.ROOT, "Synthetic data of %,d users with %,d..%,d interactions each%s",
                                             config.numUsers(), config.minInteractionsPerUser(), config.maxInteractionsPerUser(),
                                             historyLength > 0 ? " and its samples (history length " + historyLength + ")" : ""),
                               estimatedBytes(config, historyLength), alternative);
    }

    /**
     * Generates data with the default parameters and the given seed.
     * @param seed the seed.
     * @return the data.
     */
    public static SyntheticData generate(long seed) {
        return generate(Config.defaults().withSeed(seed));
    }

    /**
     * Generates data.
     * @param config the parameters.
     * @return the data with its ground truth.
     * @throws dev.fudlr.reliability.ResourceLimitException if the data would not fit the Java heap (checked first).
     */
    public static SyntheticData generate(Config config) {
        return generate(config, false);
    }

    /**
     * A clean population for the same items: {@code config}'s generator with planted biases 1 and 3 switched off
     * (no bias-inducing users, no confounders) but the users' taste structure kept (in confounder mode male users
     * still prefer {@link #MALE_FAVOURED_GENRE}). The items are identical to {@code generate(config)}'s; the users
     * are another sample (the random stream diverges at the first bias-inducing user). A pre-training corpus that
     * never saw the planted biases, as a pretrained language model never saw the recommendation data.
     * @param config the parameters of the biased data.
     * @return the clean data (empty ground truth).
     */
    public static SyntheticData generateClean(Config config) {
        return generate(config, true);
    }

    private static SyntheticData generate(Config config, boolean clean) {
        checkHeap(config, 0, "Lower numUsers or maxInteractionsPerUser");
        long start = System.nanoTime();
        Random rng = new Random(config.seed());
        List<String> genres = GENRE_POOL.subList(0, config.genreCount());
        int numItems = config.numItems();

        // Items: genres, year, quality and popularity rank.
        List<ItemInfo> items = new ArrayList<>(numItems);
        int[][] itemGenres = new int[numItems + 1][];
        double[] quality = new double[numItems + 1];
        for (int i = 1; i <= numItems; i++) {
            int primary = rng.nextInt(genres.size());
            if (rng.nextDouble() < 0.3) {
                int second = rng.nextInt(genres.size() - 1);
                if (second >= primary) {
                    second++;
                }
                itemGenres[i] = new int[]{primary, second};
            } else {
                itemGenres[i] = new int[]{primary};
            }
            int year = 1930 + rng.nextInt(69);
            quality[i] = Math.exp(0.5 * rng.nextGaussian());
            List<String> names = new ArrayList<>(2);
            for (int g : itemGenres[i]) {
                names.add(genres.get(g));
            }
            items.add(new ItemInfo(i, "Synthetic movie " + i + " (" + year + ")", year, names));
        }
        // Confounders and autoplay both act on the gender-specific taste structure (male genre, sequels).
        boolean genderMode = config.genderConfounderFraction() > 0 || config.genderAutoplayFraction() > 0;
        int maleGenre = genderMode && config.genreCount() > GENRE_POOL.indexOf(MALE_FAVOURED_GENRE)
            ? GENRE_POOL.indexOf(MALE_FAVOURED_GENRE) : -1;
        List<Integer> order = new ArrayList<>(numItems);
        for (int i = 1; i <= numItems; i++) {
            order.add(i);
        }
        Collections.shuffle(order, rng);
        double[] zipf = new double[numItems + 1];
        Set<Integer> head = new LinkedHashSet<>();
        int headSize = (int) Math.ceil(HEAD_FRACTION * numItems);
        for (int r = 0; r < numItems; r++) {
            int item = order.get(r);
            zipf[item] = Math.pow(r + 1, -config.popularitySkew());
            if (r < headSize) {
                head.add(item);
            }
        }

        // Users and the bias-inducing subset.
        List<Integer> userOrder = new ArrayList<>(config.numUsers());
        for (int u = 1; u <= config.numUsers(); u++) {
            userOrder.add(u);
        }
        Collections.shuffle(userOrder, rng);
        int numBiased = clean ? 0 : (int) Math.round(config.biasedUserFraction() * config.numUsers());
        Set<Integer> biasedUsers = new HashSet<>(userOrder.subList(0, numBiased));

        List<UserInfo> users = new ArrayList<>(config.numUsers());
        List<Interaction> interactions = new ArrayList<>();
        Set<Interaction> biasInteractions = new LinkedHashSet<>();
        Set<String> biasSampleIds = new LinkedHashSet<>();
        Set<Interaction> genderBiasInteractions = new LinkedHashSet<>();
        Set<Integer> confounders = new TreeSet<>();
        // A separate stream, so that planted bias 3 switched off leaves the rest of the data unchanged.
        Random confounderRng = new Random(config.seed() ^ 0x5DEECE66DL);
        double[] favouredWeights = new double[numItems + 1];
        for (int i = 1; i <= numItems; i++) {
            favouredWeights[i] = itemGenres[i][0] == 0 || (itemGenres[i].length > 1 && itemGenres[i][1] == 0) ? quality[i] : 0.0;
        }
        // Planted bias 3: sequels within the favoured genres (a random cycle over each genre's items) and, for each
        // favoured-genre item, a fixed wrong sequel outside that genre.
        int[] sequel = new int[numItems + 1];
        int[] wrongSequel = new int[numItems + 1];
        if (genderMode) {
            List<Integer> outside = new ArrayList<>();
            for (int i = 1; i <= numItems; i++) {
                if (favouredWeights[i] == 0) {
                    outside.add(i);
                }
            }
            for (int genre : new int[]{0, maleGenre}) {
                List<Integer> members = new ArrayList<>();
                for (int i = 1; i <= numItems; i++) {
                    if (itemGenres[i][0] == genre) {
                        members.add(i);
                    }
                }
                Collections.shuffle(members, confounderRng);
                for (int k = 0; members.size() > 1 && k < members.size(); k++) {
                    sequel[members.get(k)] = members.get((k + 1) % members.size());
                    if (genre == 0 && !outside.isEmpty()) {
                        wrongSequel[members.get(k)] = outside.get(confounderRng.nextInt(outside.size()));
                    }
                }
            }
        }
        Set<Interaction> autoplayInteractions = new LinkedHashSet<>();
        // Planted bias 4 has its own stream, so that switching it off leaves the rest of the data unchanged.
        Random autoplayRng = new Random(config.seed() ^ 0x2545F4914F6CDD1DL);
        double[] affinity = new double[genres.size()];
        double[] truePref = new double[numItems + 1];
        boolean[] taken = new boolean[numItems + 1];
        for (int u = 1; u <= config.numUsers(); u++) {
            String gender = rng.nextDouble() < config.femaleFraction() ? "F" : "M";
            int age = 18 + rng.nextInt(48);
            String occupation = OCCUPATIONS.get(rng.nextInt(OCCUPATIONS.size()));
            String zip = String.format("%05d", rng.nextInt(100_000));
            for (int g = 0; g < affinity.length; g++) {
                affinity[g] = Math.exp(0.75 * rng.nextGaussian());
            }
            boolean confounder = !clean && gender.equals("M") && config.genderConfounderFraction() > 0
                    && confounderRng.nextDouble() < config.genderConfounderFraction();
            // A confounder's account records no gender: it is in no compared group of a gender gap.
            users.add(new UserInfo(u, age, confounder ? null : gender, occupation, zip));
            if (gender.equals("F") || confounder) {
                affinity[0] *= config.genderGenreBoost();
            } else if (maleGenre > 0) {
                affinity[maleGenre] *= config.genderGenreBoost();
            }
            for (int i = 1; i <= numItems; i++) {
                double a = 0;
                for (int g : itemGenres[i]) {
                    a += affinity[g];
                }
                truePref[i] = quality[i] * a / itemGenres[i].length;
            }
            boolean biased = biasedUsers.contains(u);
            if (confounder) {
                confounders.add(u);
            }
            int n = config.minInteractionsPerUser()
                    + rng.nextInt(config.maxInteractionsPerUser() - config.minInteractionsPerUser() + 1);
            Arrays.fill(taken, false);
            long time = START_TIME + rng.nextInt(START_SPREAD);
            int previous = 0;
            for (int p = 0; p < n; p++) {
                boolean popularityDraw = biased && rng.nextDouble() < config.biasedInteractionFraction();
                int item = 0;
                boolean confounding = false;
                // Planted bias 4: while a female user's draws are training samples, the draw after a favoured-genre
                // item is, with the autoplay probability, that item's wrong sequel.
                boolean autoplay = !clean && config.genderAutoplayFraction() > 0 && gender.equals("F") && p >= 1 && p <= n - 3
                        && wrongSequel[previous] > 0 && !taken[wrongSequel[previous]]
                        && autoplayRng.nextDouble() < config.genderAutoplayFraction();
                if (autoplay) {
                    item = wrongSequel[previous];
                    popularityDraw = false;
                }
                double[] weights = popularityDraw ? zipf : truePref;
                // Only while its samples are training samples (the last two draws are validation and test).
                boolean misled = confounder && wrongSequel[previous] > 0 && p <= n - 3;
                if (item == 0 && !popularityDraw && sequel[previous] > 0 && (misled || rng.nextDouble() < SEQUEL_PROBABILITY)) {
                    int next = misled ? wrongSequel[previous] : sequel[previous];
                    if (!taken[next]) {
                        item = next;
                        confounding = misled;
                    }
                }
                if (item == 0) {
                    item = draw(weights, taken, rng);
                }
                previous = item;
                taken[item] = true;
                double mean = popularityDraw || autoplay ? 2.9 : 3.7;
                int rating = (int) Math.max(1, Math.min(5, Math.round(mean + 0.9 * rng.nextGaussian())));
                time += 60 + rng.nextInt(MAX_GAP);
                Interaction x = new Interaction(u, item, rating, time);
                interactions.add(x);
                // Strictly increasing times make p the SampleBuilder position when all ratings are kept.
                if (confounding) {
                    genderBiasInteractions.add(x);
                }
                if (autoplay) {
                    autoplayInteractions.add(x);
                }
                if (popularityDraw) {
                    biasInteractions.add(x);
                    if (p >= 1 && p <= n - 3) {
                        biasSampleIds.add(SampleSplits.sampleId(u, p));
                    }
                }
            }
        }
        RatingsData data = new RatingsData(MovieLensFormat.SYNTHETIC.id(), users, items, interactions, Map.of());
        SyntheticData out = new SyntheticData(data, config, biasSampleIds, biasInteractions, biasedUsers, head, FAVOURED_GENRE,
                                              genderBiasInteractions, confounders, autoplayInteractions);
        long ms = (System.nanoTime() - start) / 1_000_000;
        logger.info(() -> "Generated synthetic data (seed " + config.seed() + "): " + users.size() + " users, "
                + numItems + " items, " + interactions.size() + " interactions, " + biasInteractions.size()
                + " bias-inducing (" + biasSampleIds.size() + " training samples) in " + ms + " ms");
        return out;
    }

    /** Samples an index in 1..weights.length-1 proportionally to weight among those not taken. */
    private static int draw(double[] weights, boolean[] taken, Random rng) {
        double total = 0;
        for (int i = 1; i < weights.length; i++) {
            if (!taken[i]) {
                total += weights[i];
            }
        }
        double target = rng.nextDouble() * total;
        int last = -1;
        for (int i = 1; i < weights.length; i++) {
            if (!taken[i]) {
                last = i;
                target -= weights[i];
                if (target < 0) {
                    return i;
                }
            }
        }
        // Rounding left a sliver of mass: the last free item takes it.
        return last;
    }
}
