package org.jwtverifier.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The problems found in one configuration file, each as {@code key: message}. */
final class Problems {
    final List<String> list = new ArrayList<>();

    void add(String key, String message) {
        list.add(key + ": " + message);
    }

    boolean isEmpty() {
        return list.isEmpty();
    }

    int count() {
        return list.size();
    }

    void rejectUnknown(JsonNode node, String prefix, Set<String> known) {
        node.fieldNames().forEachRemaining(name -> {
            if (!known.contains(name)) {
                list.add(prefix + name + ": unknown key");
            }
        });
    }
}
