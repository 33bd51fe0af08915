package org.jwtverifier.tomcat;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Comment;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The in-container tests run on src/test/tomcat/conf/server.xml (it adds the manager's user database and an
 * access log to see requests by); what keeps tokens out of logs and answers must be what tomcat/conf/server.xml
 * ships, so these settings are held equal here.
 */
class TestTomcatMatchesShippedTest {
    private static final Path SHIPPED = Path.of("tomcat/conf/server.xml");
    private static final Path TEST = Path.of("src/test/tomcat/conf/server.xml");
    /** Access log codes that write the query string, a request header or a cookie (all may carry a token). */
    private static final Pattern LEAKING_CODES = Pattern.compile("%r|%q|%\\{[^}]*}[icr]");

    @Test
    void errorPagesOfTheTestTomcatAreTheShippedOnesWithoutReportOrServerInfo() throws Exception {
        Element shipped = only(parse(SHIPPED), "org.apache.catalina.valves.ErrorReportValve");
        Element test = only(parse(TEST), "org.apache.catalina.valves.ErrorReportValve");
        assertEquals("false", shipped.getAttribute("showReport"), "the shipped error pages show the exception's message");
        assertEquals("false", shipped.getAttribute("showServerInfo"));
        assertEquals(shipped.getAttribute("showReport"), test.getAttribute("showReport"));
        assertEquals(shipped.getAttribute("showServerInfo"), test.getAttribute("showServerInfo"));
    }

    @Test
    void accessLogPatternOfTheTestTomcatIsTheShippedOneAndWritesNoQueryHeaderOrCookie() throws Exception {
        String shipped = commentedAccessLogPattern(parse(SHIPPED));
        String test = only(parse(TEST), "org.apache.catalina.valves.AccessLogValve").getAttribute("pattern");
        assertEquals(shipped, test, "the test Tomcat logs requests differently from the shipped pattern");
        Matcher leaking = LEAKING_CODES.matcher(shipped);
        assertFalse(leaking.find(), () -> "the access log pattern writes " + leaking.group() + ": " + shipped);
        assertTrue(shipped.contains("%U"), shipped);
    }

    @Test
    void headerSizeLimitOfTheTestTomcatIsTheShippedOne() throws Exception {
        assertEquals(only(parse(SHIPPED), "Connector").getAttribute("maxHttpHeaderSize"),
                only(parse(TEST), "Connector").getAttribute("maxHttpHeaderSize"));
    }

    private static Document parse(Path file) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(file.toFile());
    }

    /** The one element named {@code tagOrValveClass}, or the one Valve of that class name. */
    private static Element only(Document doc, String tagOrValveClass) {
        List<Element> found = new ArrayList<>();
        NodeList byTag = doc.getElementsByTagName(tagOrValveClass);
        for (int i = 0; i < byTag.getLength(); i++) {
            found.add((Element) byTag.item(i));
        }
        NodeList valves = doc.getElementsByTagName("Valve");
        for (int i = 0; i < valves.getLength(); i++) {
            Element valve = (Element) valves.item(i);
            if (valve.getAttribute("className").equals(tagOrValveClass)) {
                found.add(valve);
            }
        }
        assertEquals(1, found.size(), () -> "one " + tagOrValveClass + " expected in " + doc.getDocumentURI());
        return found.get(0);
    }

    /** The shipped access log is commented out (enable when needed): its pattern is read from the comment. */
    private static String commentedAccessLogPattern(Document doc) throws Exception {
        List<String> patterns = new ArrayList<>();
        collectComments(doc.getDocumentElement(), patterns);
        assertEquals(1, patterns.size(), "one commented AccessLogValve expected in " + SHIPPED);
        return patterns.get(0);
    }

    private static void collectComments(Node node, List<String> patterns) throws Exception {
        for (Node child = node.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Comment comment && comment.getData().contains("AccessLogValve")) {
                String data = comment.getData();
                String valve = data.substring(data.indexOf("<Valve"));
                Document fragment = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                        .parse(new java.io.ByteArrayInputStream(valve.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                patterns.add(fragment.getDocumentElement().getAttribute("pattern"));
            }
            collectComments(child, patterns);
        }
    }
}
