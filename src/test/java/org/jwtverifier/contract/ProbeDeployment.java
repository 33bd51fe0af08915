package org.jwtverifier.contract;

import org.jboss.shrinkwrap.api.ArchivePath;
import org.jboss.shrinkwrap.api.Node;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.jwtverifier.e2e.RawHttpConnection;
import org.jwtverifier.testsupport.Deployments;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The probe WAR: {@link ProbeResource} with exactly the libraries the verifier ships (WEB-INF/lib of the packaged
 * WAR, so the Jersey under test is the Jersey in production), at {@code /contract-probe}; and raw requests to it.
 */
final class ProbeDeployment {
    static final String CONTEXT = "/contract-probe/probe";

    private ProbeDeployment() {
    }

    static WebArchive war() {
        WebArchive verifier = ShrinkWrap.create(ZipImporter.class, "verifier.war")
                .importFrom(Deployments.packagedWar().toFile()).as(WebArchive.class);
        WebArchive probe = ShrinkWrap.create(WebArchive.class, "contract-probe.war")
                .addClasses(ProbeResource.class, ProbeResource.ProbeApplication.class);
        for (Map.Entry<ArchivePath, Node> e : verifier.getContent().entrySet()) {
            String path = e.getKey().get();
            if (path.startsWith("/WEB-INF/lib/") && path.endsWith(".jar")) {
                probe.add(e.getValue().getAsset(), path);
            }
        }
        return probe;
    }

    /** Sends {@code head} (request line and header lines, CRLF-separated, without the final empty line). */
    static RawHttpConnection.Response send(String head) {
        int port = Integer.parseInt(System.getProperty("jwtverifier.it.http.port"));
        try (RawHttpConnection c = RawHttpConnection.open("127.0.0.1", port)) {
            return c.exchangeBytes((head + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1), false);
        }
    }

    static String get(String target, String... headerLines) {
        StringBuilder head = new StringBuilder("GET " + CONTEXT + target + " HTTP/1.1\r\nHost: 127.0.0.1");
        for (String line : headerLines) {
            head.append("\r\n").append(line);
        }
        RawHttpConnection.Response r = send(head.toString());
        if (r.status() != 200) {
            throw new AssertionError("probe answered " + r);
        }
        return r.bodyText();
    }
}
