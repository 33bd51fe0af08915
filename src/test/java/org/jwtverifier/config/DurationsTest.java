package org.jwtverifier.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
    @Test
    void parseWhenShortOrIsoNotationThenDuration() {
        assertEquals(Duration.ofMillis(500), Durations.parse("500ms"));
        assertEquals(Duration.ofSeconds(30), Durations.parse("30s"));
        assertEquals(Duration.ofMinutes(5), Durations.parse(" 5m "));
        assertEquals(Duration.ofHours(2), Durations.parse("2h"));
        assertEquals(Duration.ofDays(1), Durations.parse("1d"));
        assertEquals(Duration.ofMinutes(1), Durations.parse("PT1M"));
    }

    @Test
    void parseWhenNotADurationThenMessageShowsTheNotation() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse("5 minutes"));
        assertEquals("not a duration: '5 minutes' (use e.g. 500ms, 30s, 5m, 2h, 1d or ISO-8601 PT5M)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Durations.parse("-PT1M"));
    }

    @Test
    void formatThenShortestUnit() {
        assertEquals("5m", Durations.format(Duration.ofMinutes(5)));
        assertEquals("90s", Durations.format(Duration.ofSeconds(90)));
        assertEquals("250ms", Durations.format(Duration.ofMillis(250)));
        assertEquals("6h", Durations.format(Duration.ofHours(6)));
    }
}
