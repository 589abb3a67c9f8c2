package dev.hako.images;

import dev.hako.content.ContentWriter;
import dev.hako.oci.Digest;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * What running operations (pulls, loads, imports, pushes, saves) hold on to, which no image name
 * may reach yet: garbage collection spares it until the operation ends. This is instead of a lock
 * held for a whole operation, so that a pull waiting on a slow registry keeps neither rmi nor
 * prune waiting with it; the lock below is held only for short local steps.
 *
 * <p>An operation takes hold of a blob or a chain before it looks whether it is stored, and a
 * collection runs alone (under the write lock) and spares everything held. So what an operation
 * found stored stays stored until it ends, and what it stores is never collected before its name is written.
 */
final class Leases {
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Set<Lease> open = ConcurrentHashMap.newKeySet();

    Lease open() {
        Lease lease = new Lease();
        open.add(lease);
        return lease;
    }

    /** Runs {@code collection} alone: no lease takes hold of anything meanwhile. */
    <T> T collecting(IoCall<T> collection) throws IOException {
        return locked(lock.writeLock(), collection);
    }

    /** What the open leases hold; what a collection must spare. */
    GarbageCollector.Reachable held() {
        Set<Digest> blobs = new HashSet<>();
        Set<String> chains = new HashSet<>();
        for (Lease l : open) {
            blobs.addAll(l.blobs);
            chains.addAll(l.chains);
        }
        return new GarbageCollector.Reachable(blobs, chains);
    }

    private static <T> T locked(Lock lock, IoCall<T> step) throws IOException {
        lock.lock();
        try {
            return step.run();
        } finally {
            lock.unlock();
        }
    }

    /** One operation's hold; closing it lets collection have what no name reaches by then. */
    final class Lease implements AutoCloseable {
        private final Set<Digest> blobs = ConcurrentHashMap.newKeySet();
        private final Set<String> chains = ConcurrentHashMap.newKeySet();

        /** Holds a blob from now on: call before looking whether it is stored. */
        void blob(Digest digest) {
            lock.readLock().lock();
            try {
                blobs.add(digest);
            } finally {
                lock.readLock().unlock();
            }
        }

        /** Holds a committed snapshot (a chain ID) from now on: call before looking whether it is there. */
        void chain(String chainId) {
            lock.readLock().lock();
            try {
                chains.add(chainId);
            } finally {
                lock.readLock().unlock();
            }
        }

        /**
         * Runs a short local step so that no collection runs meanwhile: for what must be held as
         * soon as it exists (a commit whose digest is known only then) or found and held at once.
         */
        <T> T holding(IoCall<T> step) throws IOException {
            return locked(lock.readLock(), step);
        }

        /** Commits {@code writer} and holds the blob it made. */
        Digest commit(ContentWriter writer) throws IOException {
            return holding(() -> {
                Digest d = writer.commit();
                blobs.add(d);
                return d;
            });
        }

        /** Holds everything in {@code reachable}. */
        void hold(GarbageCollector.Reachable reachable) throws IOException {
            holding(() -> {
                blobs.addAll(reachable.blobs());
                chains.addAll(reachable.snapshots());
                return null;
            });
        }

        @Override
        public void close() {
            open.remove(this);
        }
    }
}
