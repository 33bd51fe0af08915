package org.jwtverifier.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;

/**
 * What the fuzz targets (org.jwtverifier.fuzz) rely on from Jazzer's JUnit integration in regression mode: a
 * {@code @FuzzTest} taking one {@code byte[]} is called with each file of
 * {@code <Class>Inputs/<method>/} (a resource folder beside the class) as its raw bytes, not decoded through
 * Jazzer's mutator format, plus once with an empty input. The committed corpora are plain text only because of
 * this; if an upgrade changed it, every replayed seed would be noise and the regression run would still pass.
 */
class JazzerRawByteInputsContractTest {
    private static final AtomicInteger SEEN_FILE = new AtomicInteger();

    @FuzzTest
    void input(byte[] input) throws IOException {
        if (input.length == 0) {
            return;
        }
        try (InputStream in = getClass().getResourceAsStream(
                "JazzerRawByteInputsContractTestInputs/input/seed-text-and-bytes")) {
            assertArrayEquals(in.readAllBytes(), input, "the input is the file's bytes as they are");
        }
        SEEN_FILE.incrementAndGet();
    }

    @AfterAll
    static void theFileWasReplayed() {
        assertEquals(1, SEEN_FILE.get(), "times the inputs folder's one file was replayed");
    }
}
