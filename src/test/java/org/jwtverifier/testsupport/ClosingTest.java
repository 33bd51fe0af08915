package org.jwtverifier.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClosingTest {
    private final List<String> closed = new ArrayList<>();

    private AutoCloseable named(String name) {
        return () -> closed.add(name);
    }

    private AutoCloseable failing(String name, Exception failure) {
        return () -> {
            closed.add(name);
            throw failure;
        };
    }

    @Test
    void closeAllWhenSomeAreNullThenClosesTheOthersInTheOrderGiven() {
        Closing.closeAll(named("assembly"), null, named("keys"), null);
        assertEquals(List.of("assembly", "keys"), closed);
    }

    @Test
    void closeAllWhenOneFailsThenClosesTheRestAndThrowsTheFirstWithTheLaterSuppressed() {
        IllegalStateException first = new IllegalStateException("first");
        IOException second = new IOException("second");
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> Closing.closeAll(
                failing("a", first), named("b"), failing("c", second), named("d")));
        assertSame(first, thrown);
        assertEquals(List.of(second), List.of(thrown.getSuppressed()));
        assertEquals(List.of("a", "b", "c", "d"), closed);
    }

    @Test
    void closeAllWhenTheFirstFailureIsCheckedThenThrowsItAsTheCause() {
        IOException failure = new IOException("disk");
        IllegalStateException thrown = assertThrows(IllegalStateException.class,
                () -> Closing.closeAll(failing("a", failure)));
        assertSame(failure, thrown.getCause());
    }

    @Test
    void closedAfterAllClosesNewestFirstAndOnlyOnce() throws Exception {
        ClosedAfterAll afterAll = new ClosedAfterAll();
        afterAll.add(named("idp"));
        afterAll.add(named("attacker"));
        afterAll.afterAll(null);
        afterAll.afterAll(null);
        assertEquals(List.of("attacker", "idp"), closed);
    }
}
