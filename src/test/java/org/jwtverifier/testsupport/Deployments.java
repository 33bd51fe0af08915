package org.jwtverifier.testsupport;

import org.jboss.shrinkwrap.api.ArchivePath;
import org.jboss.shrinkwrap.api.ArchivePaths;
import org.jboss.shrinkwrap.api.Node;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Builds the Arquillian deployment from the WAR that {@code mvn package} already made, so the tests run the
 * artifact that ships. It adds {@code META-INF/context.xml} with the {@code jwt-verifier.config} context
 * parameter pointing at the test's YAML file. The archive is named {@code jwt-verifier.war}: context path
 * {@code /jwt-verifier}.
 */
public final class Deployments {

    public static final String WAR_NAME = "jwt-verifier.war";
    public static final String CONFIG_PARAMETER = "jwt-verifier.config";

    private static final ArchivePath CONTEXT_XML = ArchivePaths.create("META-INF/context.xml");

    private Deployments() {
    }

    /** The packaged WAR: system property {@code it.war}, else {@code target/jwt-verifier.war}. */
    public static Path packagedWar() {
        Path war = Path.of(System.getProperty("it.war", "target/" + WAR_NAME)).toAbsolutePath();
        if (!Files.isRegularFile(war)) {
            throw new IllegalStateException("no packaged WAR at " + war + ": run 'mvn package' (or 'mvn verify') first");
        }
        return war;
    }

    /** The packaged WAR, configured by the YAML file at {@code configFile}. */
    public static WebArchive war(Path configFile) {
        WebArchive war = ShrinkWrap.create(ZipImporter.class, WAR_NAME)
                .importFrom(packagedWar().toFile())
                .as(WebArchive.class);
        String parameter = "  <Parameter name=\"" + CONFIG_PARAMETER + "\" value=\""
                + xmlEscape(configFile.toAbsolutePath().toString()) + "\" override=\"false\"/>\n";
        String contextXml;
        Node existing = war.get(CONTEXT_XML);
        if (existing != null && existing.getAsset() != null) {
            // Keep whatever the WAR's own context.xml says; add the parameter.
            String original = read(existing);
            war.delete(CONTEXT_XML);
            int end = original.lastIndexOf("</Context>");
            if (end < 0) {
                throw new IllegalStateException("the WAR's META-INF/context.xml has no </Context>");
            }
            contextXml = original.substring(0, end) + parameter + original.substring(end);
        } else {
            contextXml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Context>\n" + parameter + "</Context>\n";
        }
        war.add(new StringAsset(contextXml), CONTEXT_XML);
        return war;
    }

    private static String read(Node node) {
        try (InputStream in = node.getAsset().openStream(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            in.transferTo(out);
            return out.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String xmlEscape(String s) {
        return s.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
