package dev.hako.containers;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/** One lock per container: every change of a container's state happens under it. */
final class ContainerLocks {
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    /** A held lock, released by {@code close}: {@code try (var held = locks.hold(id)) { ... }}. */
    interface Held extends AutoCloseable {
        @Override
        void close();
    }

    Held hold(String id) {
        ReentrantLock lock = locks.computeIfAbsent(id, k -> new ReentrantLock());
        lock.lock();
        return lock::unlock;
    }

    /** The container is gone: its lock goes too. */
    void forget(String id) {
        locks.remove(id);
    }
}
