/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.cdi;

import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Makes the container's {@link FudlrComponents} injectable: {@code @Inject FudlrComponents components;}. Found by
 * bean discovery (tribuo-fudlr's {@code META-INF/beans.xml}, mode {@code annotated}); a container started without
 * discovery adds it with {@code addBeanClasses(FudlrComponentsProducer.class)}. Code that is not a bean calls
 * {@link FudlrComponents#current()} instead.
 */
@Dependent
public class FudlrComponentsProducer {

    /** For CDI. */
    public FudlrComponentsProducer() {}

    /**
     * The container's view, built once per container.
     * @param beans every bean of the container.
     * @return the view.
     */
    @Produces
    @Singleton
    FudlrComponents components(@Any Instance<Object> beans) {
        return FudlrComponents.fromContainer(beans);
    }
}
