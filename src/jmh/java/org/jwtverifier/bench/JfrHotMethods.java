package org.jwtverifier.bench;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises a JFR recording of Tomcat under load: of the CPU samples taken on request threads
 * ({@code http-nio-*-exec-*}, or JMH workers), the share by library of the innermost frame (self time), and the methods with the
 * largest inclusive share (samples whose stack contains them), leaving out the frames of the request chain that
 * nearly every sample passes through. Usage: {@code JfrHotMethods <file.jfr> [top] [class-name-prefix,...]}.
 */
public final class JfrHotMethods {
    private static final Map<String, String> LIBRARIES = new LinkedHashMap<>();

    static {
        LIBRARIES.put("org.jwtverifier.", "jwt-verifier");
        LIBRARIES.put("io.jsonwebtoken.", "JJWT");
        LIBRARIES.put("com.fasterxml.jackson.", "Jackson");
        LIBRARIES.put("org.ehcache.", "Ehcache");
        LIBRARIES.put("io.prometheus.", "Prometheus");
        LIBRARIES.put("org.glassfish.jersey.", "Jersey");
        LIBRARIES.put("jakarta.ws.rs.", "Jersey");
        LIBRARIES.put("org.glassfish.hk2.", "HK2");
        LIBRARIES.put("org.jvnet.hk2.", "HK2");
        LIBRARIES.put("org.apache.", "Tomcat");
        LIBRARIES.put("jakarta.servlet.", "Tomcat");
        LIBRARIES.put("sun.security.", "JDK crypto");
        LIBRARIES.put("java.security.", "JDK crypto");
        LIBRARIES.put("javax.crypto.", "JDK crypto");
        LIBRARIES.put("com.sun.crypto.", "JDK crypto");
        LIBRARIES.put("java.math.", "JDK crypto");
        LIBRARIES.put("sun.nio.", "JDK I/O");
        LIBRARIES.put("java.nio.", "JDK I/O");
        LIBRARIES.put("java.util.regex.", "JDK regex");
        LIBRARIES.put("java.util.concurrent.", "JDK concurrent");
        LIBRARIES.put("java.util.", "JDK collections");
        LIBRARIES.put("java.lang.", "JDK lang");
    }

    private JfrHotMethods() {
    }

    public static void main(String[] args) throws Exception {
        int top = args.length > 1 ? Integer.parseInt(args[1]) : 25;
        List<String> prefixes = args.length > 2 ? List.of(args[2].split(",")) : List.of("");
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> inclusive = new HashMap<>();
        Map<String, Integer> selfMethods = new HashMap<>();
        int total = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(Path.of(args[0]))) {
            if (!e.getEventType().getName().equals("jdk.ExecutionSample") || e.getStackTrace() == null) {
                continue;
            }
            String thread = e.getThread("sampledThread") == null ? "" : e.getThread("sampledThread").getJavaName();
            if (thread == null || !(thread.contains("-exec-") || thread.contains("jmh-worker"))) {
                continue;
            }
            List<RecordedFrame> frames = e.getStackTrace().getFrames();
            if (frames.isEmpty()) {
                continue;
            }
            total++;
            self.merge(library(frames.get(0).getMethod()), 1, Integer::sum);
            selfMethods.merge(name(frames.get(0).getMethod()), 1, Integer::sum);
            Set<String> seen = new HashSet<>();
            for (RecordedFrame frame : frames) {
                String name = name(frame.getMethod());
                if (seen.add(name)) {
                    inclusive.merge(name, 1, Integer::sum);
                }
            }
        }
        if (total == 0) {
            System.out.println("  no samples on request threads");
            return;
        }
        final int samples = total;
        System.out.printf(Locale.ROOT, "  %d samples on request threads; self time by library:%n", samples);
        self.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .forEach(s -> System.out.printf(Locale.ROOT, "    %5.1f%%  %s%n", 100.0 * s.getValue() / samples,
                        s.getKey()));
        System.out.println("  self time by method:");
        selfMethods.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(12)
                .forEach(s -> System.out.printf(Locale.ROOT, "    %5.1f%%  %s%n", 100.0 * s.getValue() / samples,
                        s.getKey()));
        System.out.println("  inclusive (share of samples whose stack holds the method, below the common chain):");
        inclusive.entrySet().stream()
                .filter(s -> s.getValue() < samples * 0.65)   // the chain every request passes through
                .filter(s -> prefixes.stream().anyMatch(s.getKey()::startsWith))
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(top)
                .forEach(s -> System.out.printf(Locale.ROOT, "    %5.1f%%  %s%n", 100.0 * s.getValue() / samples,
                        s.getKey()));
    }

    private static String name(RecordedMethod m) {
        return m.getType().getName() + "." + m.getName();
    }

    private static String library(RecordedMethod m) {
        String type = m.getType().getName();
        for (Map.Entry<String, String> e : LIBRARIES.entrySet()) {
            if (type.startsWith(e.getKey())) {
                return e.getValue();
            }
        }
        return "other (" + type.substring(0, Math.max(0, type.lastIndexOf('.'))) + ")";
    }
}
