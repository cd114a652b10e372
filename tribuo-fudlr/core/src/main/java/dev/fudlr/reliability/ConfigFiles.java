/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.reliability;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.Configurable;
import com.oracle.labs.mlrg.olcut.config.ConfigurationData;
import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.config.io.ConfigLoaderException;
import com.oracle.labs.mlrg.olcut.config.property.ListProperty;
import com.oracle.labs.mlrg.olcut.config.property.Property;
import com.oracle.labs.mlrg.olcut.config.property.SimpleProperty;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Loads OLCUT XML configurations with a small, documented set of failures, each a one-line message naming the file,
 * the component and (when there is one) the property. Every file passes {@link SafeXml} first (no DOCTYPE, entities,
 * XInclude, schema references, includes or serialized objects), and OLCUT reads the checked bytes.
 * <ul>
 *     <li>{@link UnsafeXmlException} (a {@link ConfigLoaderException}): the file uses one of the refused constructs.</li>
 *     <li>{@link ConfigLoaderException}: the file is missing, unreadable or not a well-formed OLCUT configuration
 *     (OLCUT's message names the line). OLCUT's XML loader throws a {@link NullPointerException} for some malformed
 *     files (a {@code <propertylist>} outside a {@code <component>}); that is turned into a
 *     {@code ConfigLoaderException} too.</li>
 *     <li>{@link PropertyException}: a component cannot be built: an unknown or missing component, a class that is
 *     not found, an unknown property, a value of the wrong type, or a value its {@code postConfig} validation
 *     rejects. The project's {@code postConfig} methods do not know the component's name; the exception is re-thrown
 *     with it. Two checks OLCUT lacks are added: a boolean field given anything but {@code true}/{@code false}
 *     (OLCUT reads {@code "ture"} as false), and a reference to a component that is not defined (OLCUT names only the
 *     missing component, not the property that refers to it). A value that names no constant of an enum field
 *     (OLCUT: "x is not a value of class ...") is re-thrown naming the property and the accepted constants, with a
 *     hint for the lowercase spellings that configurations used before the choice settings became enums.</li>
 *     <li>an {@link InputFileError} (such as the data package's {@code DataFormatException}): a data source's files are
 *     malformed (thrown by its {@code postConfig}), passed through unwrapped.</li>
 * </ul>
 * Any other exception while building a component is wrapped in a {@link PropertyException} naming the component,
 * so that callers (the command line) need to handle only these three types.
 */
public final class ConfigFiles {

    private ConfigFiles() {}

    /**
     * Reads a configuration file (components are built lazily, by {@link #lookup}). The file passes {@link SafeXml}
     * first, and OLCUT reads the checked bytes, never the path.
     * @param file the XML file.
     * @return the manager; close it when done.
     * @throws UnsafeXmlException if the file uses a construct that could read other files (DOCTYPE, XInclude, ...).
     * @throws ConfigLoaderException if the file is missing, unreadable or malformed.
     * @throws PropertyException if OLCUT rejects a global property.
     */
    public static ConfigurationManager load(Path file) {
        return load(checked(file));
    }

    /**
     * Reads and checks a configuration file without building anything: the checked bytes and the components in
     * document order (e.g. to pick the first component of a type).
     * @param file the XML file.
     * @return the checked file.
     * @throws UnsafeXmlException or {@link ConfigLoaderException} as {@link #load(Path)}.
     */
    public static SafeXml.Checked checked(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigLoaderException(file + ": configuration file not found (or not a regular file)");
        }
        if (!Files.isReadable(file)) {
            throw new ConfigLoaderException(file + ": configuration file is not readable");
        }
        String name = file.getFileName().toString();
        if (!name.toLowerCase(Locale.ROOT).endsWith(".xml")) {
            throw new ConfigLoaderException(file + ": configuration files are OLCUT XML files, named *.xml");
        }
        return SafeXml.check(file);
    }

    /**
     * Reads a configuration from the class path (e.g. a shipped example), checked as {@link #load(Path)} checks files.
     * @param resource the resource name, with a leading slash.
     * @return the manager; close it when done.
     * @throws ConfigLoaderException if there is no such resource, or as {@link #load(Path)}.
     */
    public static ConfigurationManager loadResource(String resource) {
        byte[] bytes;
        try (InputStream in = ConfigFiles.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new ConfigLoaderException(resource + ": no such configuration on the class path");
            }
            bytes = in.readNBytes((int) SafeXml.MAX_BYTES + 1);
        } catch (IOException e) {
            throw new ConfigLoaderException(e, resource + ": cannot read the configuration (" + e + ")");
        }
        return load(SafeXml.check(Path.of(resource), bytes));
    }

    /**
     * Builds the configuration manager of a checked file.
     * @param checked the checked file.
     * @return the manager; close it when done.
     * @throws ConfigLoaderException if OLCUT finds the configuration malformed.
     * @throws PropertyException if OLCUT rejects a global property.
     */
    public static ConfigurationManager load(SafeXml.Checked checked) {
        Path file = checked.file();
        // OLCUT reopens whatever it is given by name, so it gets a private copy of the checked bytes (owner-only
        // directory, deleted once OLCUT has read it): the user's file may change after the check without effect.
        Path copy = SafeXml.privateCopy(checked);
        try {
            return new ConfigurationManager(copy.toString());
        } catch (ConfigLoaderException e) {
            // Most of OLCUT's messages name the file and line; a few (e.g. an unknown XML encoding) are the bare cause.
            String msg = String.valueOf(e.getMessage()).replace(copy.toString(), file.toString());
            throw new ConfigLoaderException(e, msg.contains(file.getFileName().toString()) ? msg : file + ": malformed configuration: " + msg);
        } catch (PropertyException e) {
            throw e;
        } catch (RuntimeException e) {
            // OLCUT's SAX handler dereferences state that malformed (but well-formed XML) files leave unset.
            throw new ConfigLoaderException(e, file + ": malformed configuration (OLCUT failed with " + e.getClass().getSimpleName()
                    + "; check that every <property> and <propertylist> is inside a <component> and every element is closed)");
        } finally {
            SafeXml.deletePrivateCopy(copy);
        }
    }

    /**
     * Which component of a checked file to build as {@code type}: the one named {@code requested}, which must exist and
     * be of that class, or without a name the first component of that class in the file's order (the order of the
     * checked bytes, not OLCUT's map). The command line and the Spark entry point choose the same way.
     * @param checked the checked file.
     * @param cm its configuration.
     * @param file the file, for messages.
     * @param requested a component name, or null for the first of the type.
     * @param type the component class.
     * @return the component's name.
     * @throws IllegalArgumentException naming the file, the requested name and the components it has.
     */
    public static String component(SafeXml.Checked checked, ConfigurationManager cm, Path file, String requested, Class<?> type) {
        String has = String.join(", ", new TreeSet<>(cm.getComponentNames()));
        if (requested == null) {
            return checked.components().stream().map(SafeXml.Component::name)
                .filter(c -> cm.getConfigurationData(c).map(cd -> type.getName().equals(cd.getClassName())).orElse(false))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("--config " + file + " holds no " + type.getName()
                                                                            + " component (it has: " + has + ")"));
        }
        ConfigurationData cd = cm.getConfigurationData(requested).orElseThrow(() -> new IllegalArgumentException(
            "--config " + file + " has no component named '" + requested + "' (it has: " + has + ")"));
        if (!type.getName().equals(cd.getClassName())) {
            throw new IllegalArgumentException("component '" + requested + "' in " + file + " is a " + cd.getClassName() + ", not a "
                                               + type.getName());
        }
        return requested;
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
     * @throws RuntimeException an {@link InputFileError} if a data source's files are malformed.
     */
    public static <T> T lookup(ConfigurationManager cm, String name, Class<T> type) {
        if (!cm.getComponentNames().contains(name)) {
            throw new PropertyException(name, "", "no component named '" + name + "' in the configuration (it has: "
                    + String.join(", ", new TreeSet<>(cm.getComponentNames())) + ")");
        }
        checkBooleans(cm);
        Configurable c;
        try {
            c = cm.lookup(name);
        } catch (PropertyException e) {
            PropertyException dangling = danglingReference(cm, e);
            if (dangling != null) {
                throw dangling;
            }
            PropertyException choice = invalidChoice(cm, name, e);
            if (choice != null) {
                throw choice;
            }
            throw named(e, name);
        } catch (RuntimeException e) {
            if (e instanceof InputFileError) {
                throw e;
            }
            PropertyException inner = causeOfType(e, PropertyException.class);
            if (inner != null) {
                PropertyException choice = invalidChoice(cm, name, inner);
                throw choice != null ? choice : named(inner, name);
            }
            RuntimeException data = inputFileError(e);
            if (data != null) {
                throw data;
            }
            throw new PropertyException(e, name.isEmpty() ? "(unnamed component)" : name, "",
                                        "component '" + name + "' failed to initialise: " + e);
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
     * @throws PropertyException or an {@link InputFileError} as {@link #lookup}.
     */
    public static void validateAll(ConfigurationManager cm) {
        for (String name : new TreeSet<>(cm.getComponentNames())) {
            lookup(cm, name, Object.class);
        }
    }

    /** Rejects boolean {@code @Config} fields whose text is not true or false (OLCUT's parse reads any other text as false). */
    private static void checkBooleans(ConfigurationManager cm) {
        for (String component : new TreeSet<>(cm.getComponentNames())) {
            Optional<ConfigurationData> data = cm.getConfigurationData(component);
            Class<?> type = componentClass(data);
            if (type == null) {
                continue;
            }
            for (Map.Entry<String, Property> p : data.get().getProperties().entrySet()) {
                if (!(p.getValue() instanceof SimpleProperty)) {
                    continue;
                }
                String value = ((SimpleProperty) p.getValue()).getValue();
                Field field = configField(type, p.getKey());
                if (field == null || value == null || value.contains("${")) {
                    continue;
                }
                Class<?> ft = field.getType();
                if ((ft == boolean.class || ft == Boolean.class)) {
                    String v = value.trim().toLowerCase(Locale.ROOT);
                    if (!v.equals("true") && !v.equals("false")) {
                        throw new PropertyException(component, p.getKey(), p.getKey() + " must be true or false, found '" + value + "'");
                    }
                }
            }
        }
    }

    /** The class of a component, or null if it is not defined or not loadable (OLCUT reports that when building it). */
    private static Class<?> componentClass(Optional<ConfigurationData> data) {
        if (data.isEmpty()) {
            return null;
        }
        try {
            return Class.forName(data.get().getClassName(), false, ConfigFiles.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    private static Field configField(Class<?> type, String name) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField(name);
                return f.isAnnotationPresent(Config.class) ? f : null;
            } catch (NoSuchFieldException e) {
                // Try the superclass.
            }
        }
        return null;
    }

    /**
     * OLCUT reports a reference to an undefined component as "Component: missing, Failed to find component.": find the
     * component and property that refer to it.
     */
    private static PropertyException danglingReference(ConfigurationManager cm, PropertyException e) {
        String missing = e.getMessage() == null ? null : between(e.getMessage(), "Component: ", ", Failed to find component");
        if (missing == null || cm.getComponentNames().contains(missing)) {
            return null;
        }
        for (String component : new TreeSet<>(cm.getComponentNames())) {
            Optional<ConfigurationData> data = cm.getConfigurationData(component);
            if (data.isEmpty()) {
                continue;
            }
            for (Map.Entry<String, Property> p : data.get().getProperties().entrySet()) {
                boolean refers = p.getValue() instanceof SimpleProperty && missing.equals(((SimpleProperty) p.getValue()).getValue())
                    || p.getValue() instanceof ListProperty && ((ListProperty) p.getValue()).getSimpleList().stream()
                        .anyMatch(v -> missing.equals(v.getValue()));
                if (refers) {
                    PropertyException out = new PropertyException(component, p.getKey(), p.getKey() + " refers to component '" + missing
                        + "', which is not defined in the configuration (it has: " + String.join(", ", new TreeSet<>(cm.getComponentNames())) + ")");
                    out.addSuppressed(e);
                    return out;
                }
            }
        }
        return null;
    }

    /** OLCUT's message for a value that names no constant of an enum field: "{value} is not a value of {class}". */
    private static final String NOT_A_VALUE = " is not a value of ";

    /**
     * OLCUT reports an invalid enum value as "ndcg is not a value of class ...": re-thrown as
     * "accuracyMeasure: 'ndcg' is not one of NDCG, LOSS (...)", naming the component that holds the property. The
     * accepted values come from the field's type (found by reflection on the component's class and its superclasses).
     * @return the clearer exception, or null if {@code e} is not about an enum value.
     */
    private static PropertyException invalidChoice(ConfigurationManager cm, String name, PropertyException e) {
        String msg = e.getMsg();
        String property = e.getProperty();
        int at = msg == null ? -1 : msg.indexOf(NOT_A_VALUE);
        if (at < 0 || property == null || property.isEmpty()) {
            return null;
        }
        String value = msg.substring(0, at);
        // The component being built (OLCUT names it; it may be one the looked-up component refers to), then the rest.
        List<String> candidates = new ArrayList<>();
        String owner = e.getMessage() == null ? null : between(e.getMessage(), "Component: ", ", ");
        if (owner != null) {
            candidates.add(owner);
        }
        candidates.add(name);
        candidates.addAll(new TreeSet<>(cm.getComponentNames()));
        for (String component : candidates) {
            Class<?> type = componentClass(cm.getConfigurationData(component));
            Field field = type == null ? null : configField(type, property);
            if (field == null || !field.getType().isEnum()) {
                continue;
            }
            Class<?> choices = field.getType();
            String hint = EnumChoices.constant(choices, value).map(c -> ": write " + c.name()).orElse("");
            PropertyException out = new PropertyException(component.isEmpty() ? "(unnamed component)" : component, property,
                property + ": '" + value + "' is not one of " + EnumChoices.names(choices)
                + " (since 0.1.0 choice properties take the enum constant names" + hint + ")");
            out.addSuppressed(e);
            return out;
        }
        return null;
    }

    private static String between(String s, String start, String end) {
        int a = s.indexOf(start);
        int b = s.indexOf(end);
        return a < 0 || b < a ? null : s.substring(a + start.length(), b);
    }

    /** The project's postConfig methods leave the instance name empty; OLCUT's own exceptions carry it. */
    private static PropertyException named(PropertyException e, String name) {
        String msg = e.getMessage();
        if (msg != null && msg.contains("Component: ")) {
            return e;
        }
        // Not as the cause: OLCUT would append the whole original message again. Kept as suppressed for its stack.
        // OLCUT leaves out the "Component:" part for an empty name (a component written name="").
        PropertyException out = new PropertyException(name.isEmpty() ? "(unnamed component)" : name,
                                                      e.getProperty() == null ? "" : e.getProperty(), e.getMsg());
        out.addSuppressed(e);
        return out;
    }

    /** The first cause that reports a malformed input file (e.g. a data source's DataFormatException), or null. */
    private static RuntimeException inputFileError(Throwable t) {
        for (Throwable c = t.getCause(); c != null && c != t; t = c, c = c.getCause()) {
            if (c instanceof InputFileError && c instanceof RuntimeException r) {
                return r;
            }
        }
        return null;
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
