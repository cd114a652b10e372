/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
/**
 * Guards that keep bad input and numerical faults from silently corrupting a model or its audit trail:
 * {@link dev.fudlr.reliability.NumericChecks} (NaN/Inf detection naming the stage and the fix, as a
 * {@link dev.fudlr.reliability.FudlrNumericException}), {@link dev.fudlr.reliability.MemoryBudget} (refuses dense
 * operations that would not fit, naming the alternative backend), {@link dev.fudlr.reliability.ConfigFiles} (OLCUT
 * configuration loading with one clear exception per problem) and {@link dev.fudlr.reliability.ModelFiles} (model
 * loading that names truncated files, wrong classes, newer serialization versions and base-model mismatches).
 * <p>
 * The package depends only on Tribuo, OLCUT and the DJL API, so every other package may use it.
 */
package dev.fudlr.reliability;
