package dev.hako.daemon;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiAccessTest {
    @TempDir
    Path dir;

    private ApiAccess access(int ownUid, int apiGid) throws IOException {
        Path passwd = Files.writeString(dir.resolve("passwd"), """
                root:x:0:0:root:/root:/bin/sh
                hako:x:900:900::/var/lib/hako:/usr/sbin/nologin
                alice:x:1000:1000::/home/alice:/bin/sh
                bob:x:1001:1001::/home/bob:/bin/sh
                """);
        Path group = Files.writeString(dir.resolve("group"), """
                root:x:0:
                docker:x:998:alice
                alice:x:1000:
                bob:x:1001:
                """);
        return new ApiAccess(ownUid, apiGid, passwd, group);
    }

    @Test
    void rootHakodsOwnUserAndTheApiGroupMayConnect() throws IOException {
        ApiAccess access = access(900, 998);
        assertTrue(access.allows(0, 0), "root");
        assertTrue(access.allows(900, 900), "hakod's own user");
        assertTrue(access.allows(1001, 998), "the API group as the primary group");
        assertTrue(access.allows(1000, 1000), "listed as a member of the API group");
        assertFalse(access.allows(1001, 1001), "anyone else");
        assertFalse(access.allows(65534, 65534), "nobody");
    }

    @Test
    void peersNamedByTheJdkAreLookedUpOrTakenAsNumbers() throws IOException {
        ApiAccess access = access(0, 998);
        assertTrue(access.allows("root", "root"));
        assertTrue(access.allows("alice", "alice"), "listed in docker");
        assertTrue(access.allows("bob", "docker"));
        assertTrue(access.allows("4711", "998"), "ids without a database entry come as numbers");
        assertFalse(access.allows("bob", "bob"));
        assertFalse(access.allows("4711", "4711"));
        assertFalse(access.allows("mallory", "mallory"), "a name the databases do not know");
    }

    @Test
    void withTheDefaultGroupOnlyRootAndHakodsUser() throws IOException {
        ApiAccess access = access(0, 0);
        assertTrue(access.allows(0, 0));
        assertFalse(access.allows(1000, 1000));
        assertTrue(access.allows(1000, 0), "root's group is the API group by default, as the sockets' group");
    }
}
