/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.reliability;

import com.oracle.labs.mlrg.olcut.config.Configurable;
import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.config.io.ConfigLoaderException;
import dev.fudlr.data.DataFormatException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeSet;

/**
 * Loads OLCUT XML configurations with a small, documented set of failures, each a one-line message naming the file,
 * the component and (when there is one) the property:
 * <ul>
 *     <li>{@link ConfigLoaderException}: the file is missing, unreadable or not a well-formed OLCUT configuration
 *     (OLCUT's message names the line). OLCUT's XML loader throws a {@link NullPointerException} for some malformed
 *     files (a {@code <propertylist>} outside a {@code <component>}); that is turned into a
 *     {@code ConfigLoaderException} too.</li>
 *     <li>{@link PropertyException}: a component cannot be built: an unknown or missing component, a class that is
 *     not found, an unknown property, a value of the wrong type, or a value its {@code postConfig} validation
 *     rejects. The project's {@code postConfig} methods do not know the component's name; the exception is re-thrown
 *     with it.</li>
 *     <li>{@link DataFormatException}: a data source's files are malformed (thrown by its {@code postConfig}).</li>
 * </ul>
 * Any other exception while building a component is wrapped in a {@link PropertyException} naming the component,
 * so that callers (the command line) need to handle only these three types.
 */
public final class ConfigFiles {

    private ConfigFiles() {}

    /**
     * Reads a configuration file (components are built lazily, by {@link #lookup}).
     * @param file the XML file.
     * @return the manager; close it when done.
     * @throws ConfigLoaderException if the file is missing, unreadable or malformed.
     * @throws PropertyException if OLCUT rejects a global property.
     */
    public static ConfigurationManager load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigLoaderException(file + ": configuration file not found (or not a regular file)");
        }
        if (!Files.isReadable(file)) {
            throw new ConfigLoaderException(file + ": configuration file is not readable");
        }
        try {
            return new ConfigurationManager(file.toString());
        } catch (ConfigLoaderException e) {
            // Most of OLCUT's messages name the file and line; a few (e.g. an unknown XML encoding) are the bare cause.
            String msg = String.valueOf(e.getMessage());
            if (msg.contains(file.getFileName().toString())) {
                throw e;
            }
            throw new ConfigLoaderException(e, file + ": malformed configuration: " + msg);
        } catch (PropertyException e) {
            throw e;
        } catch (RuntimeException e) {
            // OLCUT's SAX handler dereferences state that malformed (but well-formed XML) files leave unset.
            throw new ConfigLoaderException(e, file + ": malformed configuration (OLCUT failed with " + e.getClass().getSimpleName()
                    + "; check that every <property> and <propertylist> is inside a <component> and every element is closed)");
        }
    }

    /**
     * Builds one component and checks its type.
     * @param cm the configuration.
     * @param name the component name.
     * @param type the expected type.
     * @param <T> the type.
     * @return the component.
     * @throws PropertyException naming the component (and the property, when there is one) if it cannot be built or
     * has another type.
     * @throws DataFormatException if a data source's files are malformed.
     */
    public static <T> T lookup(ConfigurationManager cm, String name, Class<T> type) {
        if (!cm.getComponentNames().contains(name)) {
            throw new PropertyException(name, "", "no component named '" + name + "' in the configuration (it has: "
                    + String.join(", ", new TreeSet<>(cm.getComponentNames())) + ")");
        }
        Configurable c;
        try {
            c = cm.lookup(name);
        } catch (PropertyException e) {
            throw named(e, name);
        } catch (DataFormatException e) {
            throw e;
        } catch (RuntimeException e) {
            PropertyException inner = causeOfType(e, PropertyException.class);
            if (inner != null) {
                throw named(inner, name);
            }
            DataFormatException data = causeOfType(e, DataFormatException.class);
            if (data != null) {
                throw data;
            }
            throw new PropertyException(e, name, "", "component '" + name + "' failed to initialise: " + e);
        }
        if (c == null) {
            throw new PropertyException(name, "", "component '" + name + "' could not be built");
        }
        if (!type.isInstance(c)) {
            throw new PropertyException(name, "", "component '" + name + "' is a " + c.getClass().getName() + ", expected a "
                    + type.getName());
        }
        return type.cast(c);
    }

    /**
     * Builds every component of a configuration (to validate a whole file up front).
     * @param cm the configuration.
     * @throws PropertyException or {@link DataFormatException} as {@link #lookup}.
     */
    public static void validateAll(ConfigurationManager cm) {
        for (String name : new TreeSet<>(cm.getComponentNames())) {
            lookup(cm, name, Object.class);
        }
    }

    /** The project's postConfig methods leave the instance name empty; OLCUT's own exceptions carry it. */
    private static PropertyException named(PropertyException e, String name) {
        String msg = e.getMessage();
        if (msg != null && msg.contains("Component: ")) {
            return e;
        }
        // Not as the cause: OLCUT would append the whole original message again. Kept as suppressed for its stack.
        PropertyException out = new PropertyException(name, e.getProperty() == null ? "" : e.getProperty(), e.getMsg());
        out.addSuppressed(e);
        return out;
    }

    private static <E extends Throwable> E causeOfType(Throwable t, Class<E> type) {
        for (Throwable c = t.getCause(); c != null && c != t; t = c, c = c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }
}
