package dev.hako.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hako.errdefs.HakoException;
import org.junit.jupiter.api.Test;

class ApiVersionTest {
    @Test
    void parsesAndComparesNumerically() {
        assertEquals(new ApiVersion(1, 9), ApiVersion.parse("1.9"));
        assertTrue(ApiVersion.parse("1.10").compareTo(ApiVersion.parse("1.9")) > 0, "1.10 is newer than 1.9");
        assertTrue(ApiVersion.parse("1.50").atLeast(1, 44));
        assertEquals("1.24", ApiVersion.MIN.toString());
        assertEquals("1.50", ApiVersion.MAX.toString());
    }

    @Test
    void refusesWhatIsNotAVersion() {
        for (String bad : new String[] {"", "1", "1.", ".1", "a.b", "1.2.3", "99999999999.1"}) {
            assertThrows(HakoException.class, () -> ApiVersion.parse(bad), bad);
        }
    }

    @Test
    void servesTheRangeDockerTwentyEightNegotiates() {
        assertEquals(ApiVersion.MIN, ApiVersion.MIN.requireServed());
        assertEquals(ApiVersion.MAX, ApiVersion.MAX.requireServed());
        assertThrows(HakoException.class, () -> new ApiVersion(2, 0).requireServed());
    }
}
