/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
/**
 * Guards that keep bad input and numerical faults from silently corrupting a model or its audit trail:
 * {@link dev.fudlr.reliability.NumericChecks} (NaN/Inf detection naming the stage and the fix, as a
 * {@link dev.fudlr.reliability.FudlrNumericException}), {@link dev.fudlr.reliability.MemoryBudget} (refuses dense
 * operations that would not fit, naming the alternative backend, as a
 * {@link dev.fudlr.reliability.ResourceLimitException}) and {@link dev.fudlr.reliability.ConfigFiles} (OLCUT
 * configuration loading with one clear exception per problem) and {@link dev.fudlr.reliability.ProvenanceClock} (the
 * time recorded in provenance; fixed by {@code SOURCE_DATE_EPOCH} for byte-identical model files). Model files are loaded by
 * {@code dev.fudlr.model.ModelFiles}; output files are written by {@link dev.fudlr.reliability.AtomicFiles}. See
 * {@code docs/reliability.md}.
 * <p>
 * The package depends only on OLCUT and the DJL API, so every other package may use it; exceptions of other packages
 * that report malformed input files mark themselves with {@link dev.fudlr.reliability.InputFileError}.
 */
package dev.fudlr.reliability;
