/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
/**
 * Benchmarks of the influence engine (test scope; run by hand, see docs/benchmarks.md).
 */
package dev.fudlr.influence.bench;
