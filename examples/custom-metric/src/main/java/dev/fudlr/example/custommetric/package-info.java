/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
/**
 * Example: a third-party fairness metric delivered as a CDI bean. The jar holds one class,
 * {@link dev.fudlr.example.custommetric.HeadShareMetric}, and a {@code META-INF/beans.xml}; in an application that
 * starts a CDI container (Weld SE here), {@code dev.fudlr.cdi.FudlrComponents} finds the bean and the name
 * {@code head-share@10} becomes usable everywhere a metric name is: as a FUDLR objective, in reports, in composites.
 * No core code changes, no registry edit, no service file.
 */
package dev.fudlr.example.custommetric;
