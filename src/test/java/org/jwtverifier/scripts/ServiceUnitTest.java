package org.jwtverifier.scripts;

import org.junit.jupiter.api.Test;
import org.jwtverifier.testsupport.ScriptRun;
import org.jwtverifier.testsupport.TestConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The systemd unit example (tomcat/jwt-verifier.service) passes {@code systemd-analyze verify} without a single
 * warning (an unknown or misspelt key is only a warning there, so stderr must be empty), with its base folder
 * /opt/jwt-verifier moved to a folder holding an executable bin/catalina.sh, as on a prepared host. It runs
 * Tomcat in the foreground (catalina.sh run) under a sandbox. systemd-analyze is Debian's package systemd, which
 * {@code ./test.sh} installs; without it this test fails and says so.
 */
class ServiceUnitTest {
    private static final Path UNIT = ScriptRun.projectDir().resolve("tomcat/jwt-verifier.service");

    @Test
    void unitVerifiesCleanlyAndRunsCatalinaInTheForegroundSandboxed() throws IOException {
        String unit = Files.readString(UNIT);
        Path host = TestConfig.freshDirectory("ServiceUnitTest");
        Path base = host.resolve("opt/jwt-verifier");
        Files.createDirectories(base.resolve("bin"));
        Path catalina = Files.writeString(base.resolve("bin/catalina.sh"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(catalina, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path copy = host.resolve("jwt-verifier.service");
        Files.writeString(copy, unit.replace("/opt/jwt-verifier", base.toString()));

        ScriptRun verify;
        try {
            verify = ScriptRun.run(Duration.ofSeconds(60), List.of("systemd-analyze", "verify", copy.toString()));
        } catch (java.io.UncheckedIOException e) {
            throw new AssertionError("systemd-analyze is not installed (Debian package 'systemd'; ./test.sh installs it)", e);
        }
        assertEquals(0, verify.exit(), verify::toString);
        assertEquals("", verify.err(), verify::toString);

        List<String> lines = unit.lines().map(String::strip).toList();
        assertTrue(lines.contains("ExecStart=/opt/jwt-verifier/bin/catalina.sh run"), "foreground Tomcat, watched by systemd");
        for (String option : List.of("NoNewPrivileges=yes", "ProtectSystem=strict", "ProtectHome=yes", "PrivateTmp=yes",
                "CapabilityBoundingSet=", "ReadWritePaths=/opt/jwt-verifier", "SuccessExitStatus=143")) {
            assertTrue(lines.contains(option), () -> "the unit sets " + option);
        }
    }
}
