/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.reliability;

import com.oracle.labs.mlrg.olcut.config.io.ConfigLoaderException;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;
import org.xml.sax.ext.DefaultHandler2;

import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The one gate every XML configuration passes before OLCUT reads it. OLCUT's loader uses a default JAXP parser, which
 * resolves external entities (a {@code <!DOCTYPE>} entity {@code SYSTEM "file:///..."} puts a local file's content
 * into a property value, and from there into provenance, reports and error messages). This class reads the file's
 * bytes once, parses them with a parser that resolves nothing, and refuses, naming the file, line and construct:
 * <ul>
 *     <li>any {@code <!DOCTYPE>} (internal entities included: they are how billion-laughs expansion works, and an
 *     OLCUT configuration never needs one);</li>
 *     <li>XInclude elements and XML Schema instance attributes ({@code xsi:schemaLocation}, ...);</li>
 *     <li>OLCUT's {@code <file>} element, which would make OLCUT load another file that this check has not seen, and
 *     {@code <serialized>}, which deserializes a Java object from a file (Java serialization is refused everywhere in
 *     this product);</li>
 *     <li>files over {@value #MAX_BYTES} bytes.</li>
 * </ul>
 * OLCUT is then handed a private copy of the <em>checked bytes</em> ({@link #privateCopy}), never the user's path,
 * so the file cannot change between the check and the load.
 */
public final class SafeXml {

    /** Largest configuration file accepted (configurations are kilobytes; this bounds memory and parse time). */
    public static final long MAX_BYTES = 4L << 20;

    private static final String XINCLUDE_NS = "http://www.w3.org/2001/XInclude";

    /**
     * One {@code <component>} of a checked file.
     * @param name its name attribute.
     * @param type its type attribute (a class name), or empty.
     */
    public record Component(String name, String type) {}

    /**
     * A checked configuration.
     * @param file the file, as the user named it.
     * @param bytes the exact bytes that were checked.
     * @param components the components in document order.
     */
    public record Checked(Path file, byte[] bytes, List<Component> components) {
        /**
         * @param file the file.
         * @param bytes the bytes.
         * @param components the components.
         */
        public Checked {
            components = Collections.unmodifiableList(new ArrayList<>(components));
        }
    }

    private SafeXml() {}

    /**
     * Reads and checks a configuration file.
     * @param file the file.
     * @return the checked bytes and the components.
     * @throws UnsafeXmlException if the file uses a refused construct or is too large.
     * @throws ConfigLoaderException if it is missing, unreadable or not well-formed XML.
     */
    public static Checked check(Path file) {
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new UnsafeXmlException(file.toString(), 0, "a file of " + size + " bytes",
                                             "the limit is " + MAX_BYTES + " bytes; configurations are small");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ConfigLoaderException(e, file + ": cannot read the configuration file (" + e + ")");
        }
        return check(file, bytes);
    }

    /**
     * Checks configuration bytes.
     * @param file the file they came from (for messages).
     * @param bytes the content.
     * @return the checked bytes and the components.
     * @throws UnsafeXmlException if the bytes use a refused construct or are too large.
     * @throws ConfigLoaderException if they are not well-formed XML.
     */
    public static Checked check(Path file, byte[] bytes) {
        String name = file.toString();
        if (bytes.length > MAX_BYTES) {
            throw new UnsafeXmlException(name, 0, "a file of " + bytes.length + " bytes",
                                         "the limit is " + MAX_BYTES + " bytes; configurations are small");
        }
        Gate gate = new Gate(name);
        try {
            XMLReader reader = hardenedReader();
            reader.setContentHandler(gate);
            reader.setErrorHandler(gate);
            reader.setEntityResolver(gate);
            reader.setProperty("http://xml.org/sax/properties/lexical-handler", gate);
            reader.setProperty("http://xml.org/sax/properties/declaration-handler", gate);
            reader.parse(new InputSource(new ByteArrayInputStream(bytes)));
        } catch (Refusal r) {
            throw r.exception;
        } catch (SAXParseException e) {
            throw new ConfigLoaderException(e, name + " line " + e.getLineNumber() + ": not well-formed XML: " + oneLine(e.getMessage()));
        } catch (java.io.UnsupportedEncodingException | java.nio.charset.UnsupportedCharsetException e) {
            throw new ConfigLoaderException(e, name + ": unsupported character encoding '" + oneLine(e.getMessage()) + "' (use UTF-8)");
        } catch (SAXException | IOException e) {
            throw new ConfigLoaderException(e, name + ": not well-formed XML: " + oneLine(String.valueOf(e.getMessage())));
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("The JDK's XML parser does not support the hardening features", e);
        }
        return new Checked(file, bytes, gate.components);
    }

    /**
     * Writes the checked bytes to a new owner-only temporary directory under the file's own name, for OLCUT, which
     * reads configurations by name: what it reads is then exactly what was checked.
     * @param checked the checked file.
     * @return the copy; remove it with {@link #deletePrivateCopy}.
     * @throws ConfigLoaderException if the copy cannot be written.
     */
    public static Path privateCopy(Checked checked) {
        try {
            Path dir = Files.createTempDirectory("fudlr-config-");
            return Files.write(dir.resolve(checked.file().getFileName().toString()), checked.bytes());
        } catch (IOException e) {
            throw new ConfigLoaderException(e, checked.file() + ": cannot stage the checked configuration (" + e + ")");
        }
    }

    /**
     * Removes a copy made by {@link #privateCopy} and its directory (best effort: it holds only a configuration).
     * @param copy the copy.
     */
    public static void deletePrivateCopy(Path copy) {
        try {
            Files.deleteIfExists(copy);
            Files.deleteIfExists(copy.getParent());
        } catch (IOException e) {
            copy.toFile().deleteOnExit();
        }
    }

    /** A namespace-aware SAX reader that resolves no DTD, entity, schema or include. */
    private static XMLReader hardenedReader() throws ParserConfigurationException, SAXException {
        SAXParserFactory factory = SAXParserFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setValidating(false);
        factory.setXIncludeAware(false);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
        factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        XMLReader reader = factory.newSAXParser().getXMLReader();
        // Belt and braces: even if a DOCTYPE got past the lexical handler, no protocol may be used to fetch anything.
        reader.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        reader.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        return reader;
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replace('\r', ' ').replace('\n', ' ').trim();
    }

    /** Carries an {@link UnsafeXmlException} through the parser, which only lets SAXExceptions out. */
    private static final class Refusal extends SAXException {
        private static final long serialVersionUID = 1L;
        private final transient UnsafeXmlException exception;

        Refusal(UnsafeXmlException exception) {
            super(exception.getMessage());
            this.exception = exception;
        }
    }

    /** The SAX callbacks: refuse on the first unsafe construct, collect the components otherwise. */
    private static final class Gate extends DefaultHandler2 {
        private final String file;
        private final List<Component> components = new ArrayList<>();
        private Locator locator;

        Gate(String file) {
            this.file = file;
        }

        private Refusal refuse(String construct, String why) {
            return new Refusal(new UnsafeXmlException(file, locator == null ? 0 : locator.getLineNumber(), construct, why));
        }

        @Override
        public void setDocumentLocator(Locator locator) {
            this.locator = locator;
        }

        @Override
        public void startDTD(String name, String publicId, String systemId) throws SAXException {
            // Called at "<!DOCTYPE", before the internal subset's entity declarations are processed.
            throw refuse("DOCTYPE", "a DOCTYPE can declare entities that read local files or expand without bound; remove the <!DOCTYPE ...> declaration");
        }

        @Override
        public void unparsedEntityDecl(String name, String publicId, String systemId, String notationName) throws SAXException {
            throw refuse("an entity declaration", "entities can read local files; remove the <!DOCTYPE ...> declaration");
        }

        @Override
        public void internalEntityDecl(String name, String value) throws SAXException {
            throw refuse("an entity declaration", "entities can expand without bound; remove the <!DOCTYPE ...> declaration");
        }

        @Override
        public void externalEntityDecl(String name, String publicId, String systemId) throws SAXException {
            throw refuse("an external entity", "it would read " + systemId + "; remove the <!DOCTYPE ...> declaration");
        }

        @Override
        public InputSource resolveEntity(String name, String publicId, String baseURI, String systemId) throws SAXException {
            throw refuse("an external reference", "it would read " + systemId);
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes attributes) throws SAXException {
            if (XINCLUDE_NS.equals(uri)) {
                throw refuse("XInclude (<" + qName + ">)", "it would read another file; copy the content into this file");
            }
            for (int i = 0; i < attributes.getLength(); i++) {
                if (XMLConstants.W3C_XML_SCHEMA_INSTANCE_NS_URI.equals(attributes.getURI(i))) {
                    throw refuse("an XML Schema reference (" + attributes.getQName(i) + ")", "schemas are not used; remove the attribute");
                }
            }
            switch (localName) {
                case "file" -> throw refuse("OLCUT's <file> include",
                                            "it would load another configuration file unchecked; copy its components into this file");
                case "serialized" -> throw refuse("OLCUT's <serialized> object",
                                                  "it deserializes a Java object from a file, which this product never does");
                case "component" -> components.add(new Component(value(attributes, "name"), value(attributes, "type")));
                default -> {
                    // OLCUT reports unknown elements itself.
                }
            }
        }

        private static String value(Attributes attributes, String name) {
            String v = attributes.getValue(name);
            return v == null ? "" : v;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }
    }
}
