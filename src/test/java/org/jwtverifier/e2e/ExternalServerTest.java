package org.jwtverifier.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A missing proxy binary fails the end-to-end tests with a message that says what to install; it never skips. */
class ExternalServerTest {

    @Test
    void missingBinaryFailsWithTheDebianPackageToInstall() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> ExternalServer.requireBinary("no-such-proxy-7f3a", "no-such-package"));
        assertTrue(e.getMessage().contains("'no-such-proxy-7f3a' is not installed"), e.getMessage());
        assertTrue(e.getMessage().contains("apt-get install no-such-package"), e.getMessage());
    }

    @Test
    void requireBinaryWhenOnlyALaterFolderHoldsAnExecutableThenThatOneIsReturned(@TempDir Path dir) throws IOException {
        Path notExecutable = Files.createDirectories(dir.resolve("first")).resolve("fake-proxy");
        Files.writeString(notExecutable, "#!/bin/sh\n");
        Path executable = Files.createDirectories(dir.resolve("second")).resolve("fake-proxy");
        Files.writeString(executable, "#!/bin/sh\n");
        Files.setPosixFilePermissions(executable, PosixFilePermissions.fromString("rwx------"));

        assertEquals(executable, ExternalServer.requireBinary("fake-proxy", "fake-package",
                List.of(dir.resolve("first"), dir.resolve("second"))));
    }

    @Test
    void requireBinaryWhenTheFileIsNotExecutableThenFailsWithThePackageToInstall(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("fake-proxy"), "#!/bin/sh\n");
        AssertionError e = assertThrows(AssertionError.class,
                () -> ExternalServer.requireBinary("fake-proxy", "fake-package", List.of(dir)));
        assertTrue(e.getMessage().contains("apt-get install fake-package"), e.getMessage());
    }
}
