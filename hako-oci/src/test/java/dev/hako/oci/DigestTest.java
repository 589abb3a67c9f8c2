package dev.hako.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hako.errdefs.HakoException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import org.junit.jupiter.api.Test;

class DigestTest {
    @Test
    void sha256OfKnownBytes() {
        assertEquals("sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824",
                Digest.sha256("hello".getBytes(StandardCharsets.UTF_8)).toString());
    }

    @Test
    void parseAndCompare() {
        Digest d = Digest.parse("sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
        assertEquals("sha256", d.algorithm());
        assertEquals("2cf24dba5fb0", d.shortId());
        MessageDigest md = d.newDigester();
        md.update("hello".getBytes(StandardCharsets.UTF_8));
        assertTrue(d.matches(md));
        MessageDigest other = d.newDigester();
        other.update("hellO".getBytes(StandardCharsets.UTF_8));
        assertFalse(d.matches(other));
    }

    @Test
    void refusesMalformedDigests() {
        for (String bad : List.of("sha256:ABC", "sha256:" + "a".repeat(63), "md5:d41d8cd98f00b204e9800998ecf8427e",
                "nocolon", ":abc", "sha512:" + "a".repeat(64))) {
            assertThrows(HakoException.class, () -> Digest.parse(bad), bad);
        }
    }

    @Test
    void chainIdsFollowTheImageSpec() {
        Digest a = Digest.sha256("a".getBytes(StandardCharsets.UTF_8));
        Digest b = Digest.sha256("b".getBytes(StandardCharsets.UTF_8));
        List<Digest> chain = ChainIds.of(List.of(a, b));
        assertEquals(a, chain.get(0));
        assertEquals(Digest.sha256((a + " " + b).getBytes(StandardCharsets.UTF_8)), chain.get(1));
    }
}
