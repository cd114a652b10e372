/*
 * Copyright (c) 2026 The tribuo-fudlr authors.
 * Licensed under the Apache License, Version 2.0.
 */
package dev.fudlr.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class XyPlotTest {

    private static Document parse(String svg) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
            .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void svgIsWellFormedAndPutsPointsInsideThePlotArea() throws Exception {
        XyPlot plot = new XyPlot("a < b & \"c\"", "predicted", "actual", true)
            .add(new XyPlot.Series("sets", new double[]{-1, 0, 2, Double.NaN}, new double[]{-2, 0.5, 3, 1}, false))
            .add(new XyPlot.Series("line", new double[]{0, 1}, new double[]{0, 1}, true));
        Document doc = parse(plot.svg());
        NodeList circles = doc.getElementsByTagName("circle");
        // 3 finite points + 2 points + 2 legend markers; the NaN point is skipped.
        assertEquals(7, circles.getLength());
        for (int i = 0; i < circles.getLength(); i++) {
            Element c = (Element) circles.item(i);
            double cx = Double.parseDouble(c.getAttribute("cx"));
            double cy = Double.parseDouble(c.getAttribute("cy"));
            assertTrue(cx >= 0 && cx <= XyPlot.WIDTH && cy >= 0 && cy <= XyPlot.HEIGHT, "point outside the canvas: " + cx + "," + cy);
        }
        assertEquals(1, doc.getElementsByTagName("polyline").getLength());
        assertTrue(doc.getDocumentElement().getTextContent().contains("a < b & \"c\""), "title not escaped and restored");
    }

    @Test
    void largerValuesAreFurtherRightAndHigher() throws Exception {
        XyPlot plot = new XyPlot("t", "x", "y", false)
            .add(new XyPlot.Series("s", new double[]{0, 10}, new double[]{0, 10}, false));
        NodeList circles = parse(plot.svg()).getElementsByTagName("circle");
        Element low = (Element) circles.item(0);
        Element high = (Element) circles.item(1);
        assertTrue(Double.parseDouble(high.getAttribute("cx")) > Double.parseDouble(low.getAttribute("cx")));
        // SVG y grows downwards.
        assertTrue(Double.parseDouble(high.getAttribute("cy")) < Double.parseDouble(low.getAttribute("cy")));
    }

    @Test
    void degenerateRangesAreWidenedAndMismatchedSeriesRejected() {
        double[] r = new XyPlot("t", "x", "y", false).add(new XyPlot.Series("s", new double[]{2, 2}, new double[]{0, 0}, false)).ranges();
        assertTrue(r[0] < 2 && r[1] > 2 && r[2] < 0 && r[3] > 0);
        assertThrows(IllegalArgumentException.class, () -> new XyPlot.Series("bad", new double[]{1}, new double[]{1, 2}, false));
    }

    @Test
    void pngIsWritten(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("p.png");
        new XyPlot("t", "x", "y", true).add(new XyPlot.Series("s", new double[]{0, 1, 2}, new double[]{0, 1, 4}, false)).writePng(png);
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(XyPlot.WIDTH, img.getWidth());
        assertEquals(XyPlot.HEIGHT, img.getHeight());
    }
}
