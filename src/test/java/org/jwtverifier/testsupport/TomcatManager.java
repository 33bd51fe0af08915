package org.jwtverifier.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The text interface of the test Tomcat's manager ({@code /manager/text}), as the {@code manager-script} user of
 * {@code src/test/tomcat/conf/tomcat-users.xml}; and the Tomcat's own log files.
 */
public final class TomcatManager {

    public static final String USER = "arquillian";
    public static final String PASSWORD = "arquillian-it";

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final String base;

    public TomcatManager() {
        this.base = "http://127.0.0.1:" + System.getProperty("jwtverifier.it.http.port", "18080") + "/manager/text";
    }

    /** GET {@code /manager/text/<command>}; returns the body (its first line is {@code OK - ...} or {@code FAIL - ...}). */
    public String command(String commandAndQuery) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/" + commandAndQuery))
                .timeout(Duration.ofSeconds(120))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .GET().build();
        HttpResponse<String> r = Blocking.unchecked(() -> http.send(request, HttpResponse.BodyHandlers.ofString()));
        if (r.statusCode() != 200) {
            throw new IllegalStateException("manager " + commandAndQuery + ": HTTP " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    /** {@code findleaks?statusLine=true}: forces a GC and lists web applications whose class loader survived. */
    public String findLeaks() {
        return command("findleaks?statusLine=true");
    }

    /** {@code list}: the deployed web applications. */
    public String list() {
        return command("list");
    }

    /** The test Tomcat's folder: {@code jwtverifier.it.tomcat.dir} (set by the build). */
    public static Path tomcatDir() {
        return Path.of(System.getProperty("jwtverifier.it.tomcat.dir", "target/it-tomcat")).toAbsolutePath();
    }

    /** Every line of Tomcat's {@code logs/*.log} files. */
    public static List<String> logLines() {
        List<String> lines = new ArrayList<>();
        Path logs = tomcatDir().resolve("logs");
        try (var files = Files.list(logs)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".log")).sorted().toList()) {
                lines.addAll(Files.readAllLines(f, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + logs, e);
        }
        return lines;
    }
}
