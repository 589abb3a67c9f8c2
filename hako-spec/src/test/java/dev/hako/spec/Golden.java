package dev.hako.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hako.oci.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Expected JSON in src/test/resources/golden, compared as JSON trees (key order and spacing do not
 * matter, array order does). {@code ${NAME}} in a golden file is replaced first, for paths that differ
 * per run (temporary directories).
 */
public final class Golden {
    private Golden() {}

    public static void assertJson(String name, byte[] actual) {
        assertJson(name, actual, Map.of());
    }

    public static void assertJson(String name, byte[] actual, Map<String, String> vars) {
        String expectedText = read(name);
        for (Map.Entry<String, String> v : vars.entrySet()) {
            expectedText = expectedText.replace("${" + v.getKey() + "}", v.getValue());
        }
        try {
            JsonNode expected = canonical(Json.MAPPER.readTree(expectedText));
            JsonNode got = canonical(Json.MAPPER.readTree(actual));
            // Pretty text first: a failure then shows a readable diff.
            assertEquals(Json.pretty(expected), Json.pretty(got), "golden/" + name);
            assertEquals(expected, got);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The same tree with object keys sorted, so that the text form does not depend on key order. */
    public static JsonNode canonical(JsonNode node) {
        if (node.isObject()) {
            ObjectNode sorted = Json.MAPPER.createObjectNode();
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            Collections.sort(names);
            for (String n : names) {
                sorted.set(n, canonical(node.get(n)));
            }
            return sorted;
        }
        if (node.isArray()) {
            ArrayNode a = Json.MAPPER.createArrayNode();
            node.forEach(e -> a.add(canonical(e)));
            return a;
        }
        return node;
    }

    private static String read(String name) {
        try (InputStream in = Golden.class.getResourceAsStream("/golden/" + name)) {
            assertNotNull(in, "missing test resource golden/" + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
