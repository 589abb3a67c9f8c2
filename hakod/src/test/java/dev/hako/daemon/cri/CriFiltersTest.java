package dev.hako.daemon.cri;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CriFiltersTest {
    @Test
    void aLabelSelectorNeedsEveryKeyWithItsValue() {
        Map<String, String> labels = Map.of("app", "web", "tier", "front");
        assertTrue(CriPods.labelsMatch(Map.of(), labels), "no selector: everything");
        assertTrue(CriPods.labelsMatch(Map.of("app", "web"), labels));
        assertTrue(CriPods.labelsMatch(Map.of("app", "web", "tier", "front"), labels));
        assertFalse(CriPods.labelsMatch(Map.of("app", "db"), labels), "another value");
        assertFalse(CriPods.labelsMatch(Map.of("app", "web", "zone", "a"), labels), "a key the object lacks");
        assertFalse(CriPods.labelsMatch(Map.of("app", ""), Map.of()), "an empty value still needs the key");
    }
}
