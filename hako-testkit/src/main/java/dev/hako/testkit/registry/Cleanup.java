package dev.hako.testkit.registry;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The safety net behind every close(): whatever a test forgot to close (or could not, because the JVM
 * is going down) is closed by one shutdown hook, so no registry process outlives the tests.
 */
final class Cleanup {
    private static final Set<AutoCloseable> OPEN = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(Cleanup::closeAll, "hako-testkit-cleanup"));
    }

    private Cleanup() {}

    static void register(AutoCloseable resource) {
        OPEN.add(resource);
    }

    static void unregister(AutoCloseable resource) {
        OPEN.remove(resource);
    }

    private static void closeAll() {
        for (AutoCloseable c : OPEN.toArray(AutoCloseable[]::new)) {
            try {
                c.close();
            } catch (Exception e) {
                // going down anyway: close the others
            }
        }
    }
}
