package org.jwtverifier.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurableFilesTest {
    @TempDir
    Path directory;

    @Test
    void replaceWhenTheFileExistsThenItHoldsTheNewContentAndNoTemporaryFileIsLeft() throws IOException {
        Path file = directory.resolve("state.json");
        Files.writeString(file, "old");
        DurableFiles.replace(file, "new".getBytes(StandardCharsets.UTF_8));
        assertEquals("new", Files.readString(file));
        assertEquals(List.of(file), list());
    }

    @Test
    void replaceWhenTheFileIsAbsentThenItIsCreated() throws IOException {
        Path file = directory.resolve("journal");
        DurableFiles.replace(file, new byte[0]);
        assertTrue(Files.isRegularFile(file));
        assertEquals(0, Files.size(file));
    }

    @Test
    void replaceWhenTheTargetCannotBeReplacedThenTheOldStaysAndTheTemporaryIsRemoved() throws IOException {
        Path target = Files.createDirectories(directory.resolve("a-directory"));
        Files.writeString(target.resolve("inside"), "kept");
        assertThrows(IOException.class, () -> DurableFiles.replace(target, "x".getBytes(StandardCharsets.UTF_8)));
        assertEquals("kept", Files.readString(target.resolve("inside")));
        assertEquals(List.of(target), list());
    }

    @Test
    void deleteLeftoversRemovesTemporaryFilesOnly() throws IOException {
        Path kept = Files.writeString(directory.resolve("state.json"), "kept");
        Files.writeString(directory.resolve("state.json123" + DurableFiles.TEMPORARY_SUFFIX), "torn");
        DurableFiles.deleteLeftovers(directory);
        assertEquals(List.of(kept), list());
        assertFalse(Files.exists(directory.resolve("state.json123" + DurableFiles.TEMPORARY_SUFFIX)));
    }

    private List<Path> list() throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.sorted().toList();
        }
    }
}
