package org.jwtverifier.config;

import static org.jwtverifier.config.Fields.bool;
import static org.jwtverifier.config.Fields.isSection;
import static org.jwtverifier.config.Fields.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Reads the {@code decisionLog} section. */
final class DecisionLogParser {
    private static final Set<String> KEYS = Set.of("format", "admitted");

    private DecisionLogParser() {
    }

    /** @return the section's settings, or the defaults when it is absent or has problems (each recorded) */
    static DecisionLogConfig parse(JsonNode node, Problems problems) {
        int before = problems.count();
        if (!isSection(node, "decisionLog", KEYS, problems)) {
            return DecisionLogConfig.DEFAULTS;
        }
        DecisionLogConfig.Format format = text(node, "format", "decisionLog", problems)
                .flatMap(f -> format(f, problems)).orElse(DecisionLogConfig.DEFAULT_FORMAT);
        boolean admitted = bool(node, "admitted", "decisionLog", problems).orElse(DecisionLogConfig.DEFAULT_ADMITTED);
        return problems.count() > before ? DecisionLogConfig.DEFAULTS : new DecisionLogConfig(format, admitted);
    }

    private static Optional<DecisionLogConfig.Format> format(String text, Problems problems) {
        for (DecisionLogConfig.Format f : DecisionLogConfig.Format.values()) {
            if (f.key().equals(text)) {
                return Optional.of(f);
            }
        }
        problems.add("decisionLog.format", "must be one of " + Arrays.stream(DecisionLogConfig.Format.values())
                .map(DecisionLogConfig.Format::key).collect(Collectors.joining(", ")));
        return Optional.empty();
    }
}
