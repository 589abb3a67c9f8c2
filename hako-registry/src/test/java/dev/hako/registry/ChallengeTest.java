package dev.hako.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChallengeTest {
    @Test
    void dockerHubBearer() {
        List<Challenge> all = Challenge.parse(
                "Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\",scope=\"repository:library/busybox:pull\"");
        assertEquals(List.of(new Challenge("bearer", Map.of(
                "realm", "https://auth.docker.io/token",
                "service", "registry.docker.io",
                "scope", "repository:library/busybox:pull"))), all);
    }

    @Test
    void commasInsideQuotesBelongToTheValue() {
        Challenge c = Challenge.parse("Bearer realm=\"http://127.0.0.1:1/token\", scope=\"repository:app:pull,push\", "
                + "error=\"insufficient_scope\"").getFirst();
        assertEquals("repository:app:pull,push", c.param("scope"));
        assertEquals("insufficient_scope", c.param("error"));
    }

    @Test
    void basicWithRealm() {
        Challenge c = Challenge.parse("Basic realm=\"Registry Realm\"").getFirst();
        assertTrue(c.isBasic());
        assertEquals("Registry Realm", c.param("realm"));
    }

    @Test
    void severalChallengesInOneHeader() {
        List<Challenge> all = Challenge.parse("Basic realm=\"a\", Bearer realm=\"https://b/token\",service=reg, Negotiate");
        assertEquals(List.of("basic", "bearer", "negotiate"), all.stream().map(Challenge::scheme).toList());
        assertEquals("reg", all.get(1).param("service"));
        assertEquals("https://b/token", all.get(1).param("realm"));
    }

    @Test
    void schemeAndParameterNamesAreCaseInsensitive() {
        Challenge c = Challenge.parse("BEARER Realm=\"x\"").getFirst();
        assertTrue(c.isBearer());
        assertEquals("x", c.param("realm"));
    }

    @Test
    void escapesInQuotedStrings() {
        assertEquals("a \"b\" c\\", Challenge.parse("Basic realm=\"a \\\"b\\\" c\\\\\"").getFirst().param("realm"));
    }

    @Test
    void severalHeaderValues() {
        List<Challenge> all = Challenge.parseAll(List.of("Basic realm=\"x\"", "Bearer realm=\"y\""));
        assertEquals(2, all.size());
    }

    @Test
    void garbageIsSkippedNotFatal() {
        assertEquals(List.of(), Challenge.parse(""));
        assertEquals(List.of(), Challenge.parse(null));
        assertEquals(List.of(), Challenge.parse(" , ,"));
        List<Challenge> odd = Challenge.parse("Bearer realm=\"unterminated");
        assertEquals("unterminated", odd.getFirst().param("realm"));
        assertEquals("bearer", Challenge.parse("@@ Bearer realm=x").getLast().scheme());
    }
}
