package dev.hako.images;

import dev.hako.archive.Compression;
import dev.hako.archive.CountingInputStream;
import dev.hako.archive.LayerApplier;
import dev.hako.content.ContentStore;
import dev.hako.content.ContentWriter;
import dev.hako.errdefs.HakoException;
import dev.hako.oci.ChainIds;
import dev.hako.oci.Descriptor;
import dev.hako.oci.Digest;
import dev.hako.snapshots.LayerStack;
import dev.hako.snapshots.Snapshot;
import dev.hako.snapshots.Snapshotter;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Makes sure every layer chain of an image is a committed snapshot, and every layer blob is in the
 * content store. Layers are fetched concurrently, and each is decompressed and unpacked into its
 * own directory while it downloads; only the short fix-up and commit steps run in layer order.
 * Every layer unpacks under the {@link UnpackLimits}, and the image as a whole too.
 */
final class Unpacker {
    static final String KEY_PREFIX = "extract-";
    /** How often a layer waiting for a download slot looks whether its unpack was stopped meanwhile. */
    private static final long SLOT_POLL_MILLIS = 200;

    private final ContentStore content;
    private final Snapshotter snapshots;
    private final DiffApplier applier;
    private final ExecutorService executor;
    private final Semaphore downloads;
    private final UnpackLimits limits;

    Unpacker(ContentStore content, Snapshotter snapshots, DiffApplier applier, ExecutorService executor,
             int maxConcurrentDownloads, UnpackLimits limits) {
        this.content = content;
        this.snapshots = snapshots;
        this.applier = applier;
        this.executor = executor;
        this.downloads = new Semaphore(maxConcurrentDownloads);
        this.limits = limits;
    }

    /** What one layer task produced: the active snapshot to commit (null when the snapshot already existed). */
    private record Unpacked(String activeKey, LayerApplier.ApplyResult result) {}

    /**
     * One unpack's layers in flight: their open downloads and active snapshots. Closing it stops
     * them: layers not started refuse to, and open downloads are closed (a read blocked on a
     * socket ignores interrupts). A cancelled pull closes it from another thread.
     */
    private static final class Run implements Closeable {
        final Set<Closeable> open = ConcurrentHashMap.newKeySet();
        final Set<String> active = ConcurrentHashMap.newKeySet();
        final AtomicBoolean stopped = new AtomicBoolean();
        final ImageBudget budget;

        Run(ImageBudget budget) {
            this.budget = budget;
        }

        /** Registers an open download so that a stop can close it; refuses to go on after a stop. */
        void track(InputStream raw) {
            open.add(raw);
            refuseIfStopped();
        }

        void refuseIfStopped() {
            if (stopped.get()) {
                throw new CancellationException("pull aborted");
            }
        }

        @Override
        public void close() {
            stopped.set(true);
            for (Closeable c : open) {
                try {
                    c.close();
                } catch (IOException ignored) {
                    // closing to unblock; the task reports its own failure
                }
            }
        }
    }

    /**
     * Unpacks {@code layers}, holding their blobs and chains in {@code lease}; {@code cancel} stops
     * the downloads. On failure nothing of the unpack is left but what it committed (which the
     * caller collects).
     */
    void unpack(List<Descriptor> layers, List<Digest> diffIds, BlobSource source, Progress progress, Leases.Lease lease,
                Cancellation cancel) throws IOException {
        if (layers.size() != diffIds.size()) {
            throw HakoException.invalid("image has %d layers but its config lists %d diff_ids", layers.size(), diffIds.size());
        }
        List<Digest> chain = ChainIds.of(diffIds);
        Run run = new Run(new ImageBudget(limits.forImage(compressedSize(layers))));
        List<Future<Unpacked>> tasks = new ArrayList<>();
        boolean done = false;
        try (Cancellation.Registration stopOnCancel = cancel.onCancel(run)) {
            for (int i = 0; i < layers.size(); i++) {
                Descriptor layer = layers.get(i);
                if (!dev.hako.oci.MediaTypes.isLayer(layer.mediaType())) {
                    throw HakoException.invalid("layer %s has unsupported media type %s", layer.digest(), layer.mediaType());
                }
                String chainId = chain.get(i).toString();
                String parent = i == 0 ? null : chain.get(i - 1).toString();
                // Held before looking: what is found here stays until the image is named.
                lease.blob(layer.digest());
                lease.chain(chainId);
                boolean haveSnapshot = snapshots.stat(chainId).filter(s -> s.kind() == Snapshot.Kind.COMMITTED).isPresent();
                boolean needBlob = source.remote() && content.info(layer.digest()).isEmpty();
                String id = layer.digest().shortId();
                if (haveSnapshot && !needBlob) {
                    progress.layer(id, Progress.LayerPhase.ALREADY_EXISTS, 0, layer.size());
                    tasks.add(null);
                    continue;
                }
                progress.layer(id, Progress.LayerPhase.WAITING, 0, layer.size());
                Digest diffId = diffIds.get(i);
                BlobSource from = needBlob ? source : new ContentSource(content);
                tasks.add(executor.submit(() -> {
                    takeDownloadSlot(run);
                    try {
                        return haveSnapshot
                                ? storeOnly(layer, from, progress, run)
                                : unpackLayer(layer, diffId, chainId, parent, from, progress, run);
                    } finally {
                        downloads.release();
                    }
                }));
            }
            for (int i = 0; i < layers.size(); i++) {
                Future<Unpacked> task = tasks.get(i);
                if (task == null) {
                    continue;
                }
                Unpacked u = await(task);
                Descriptor layer = layers.get(i);
                if (u.activeKey() != null) {
                    commitInOrder(u, chain, i, layer, run.budget);
                }
                progress.layer(layer.digest().shortId(), Progress.LayerPhase.COMPLETE, layer.size(), layer.size());
            }
            done = true;
        } catch (IOException | RuntimeException e) {
            // An interrupt (a cancelled pull) must not cut short the wait for the layers to stop.
            boolean interrupted = Thread.interrupted();
            try {
                run.close();
                interrupted |= awaitEnd(tasks);
                removeAll(run.active, e);
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
            throw e;
        } finally {
            if (done) {
                removeAll(run.active, null);
            }
        }
    }

    private static long compressedSize(List<Descriptor> layers) {
        long total = 0;
        for (Descriptor d : layers) {
            total = total + d.size() < 0 ? Long.MAX_VALUE : total + d.size();
        }
        return total;
    }

    /** Waits for one of the download slots, giving up when the unpack is stopped meanwhile. */
    private void takeDownloadSlot(Run run) throws InterruptedException {
        while (!downloads.tryAcquire(SLOT_POLL_MILLIS, TimeUnit.MILLISECONDS)) {
            run.refuseIfStopped();
        }
        try {
            run.refuseIfStopped();
        } catch (CancellationException e) {
            downloads.release();
            throw e;
        }
    }

    /** Removes the active snapshots left (failed unpacks, or chains another pull committed first). */
    private void removeAll(Set<String> active, Exception failure) throws IOException {
        for (String key : active) {
            try {
                if (snapshots.stat(key).isPresent()) {
                    snapshots.remove(key);
                }
            } catch (IOException | RuntimeException e) {
                if (failure == null) {
                    throw e;
                }
                failure.addSuppressed(e);
            }
        }
    }

    private void commitInOrder(Unpacked u, List<Digest> chain, int i, Descriptor layer, ImageBudget budget)
            throws IOException {
        // The parent is committed by now: the mounts stack the layer on the layers below it.
        LayerStack stack = LayerStack.of(snapshots.mounts(u.activeKey()));
        long copiedUp = applier.finish(u.result(), stack.requireWritable(), stack.lowers());
        try {
            budget.charge(copiedUp); // hard links to lower files made copies of them
        } catch (HakoException e) {
            throw new HakoException(e.kind(), "layer " + layer.digest() + ": " + e.getMessage(), e);
        }
        try {
            snapshots.commit(chain.get(i).toString(), u.activeKey());
        } catch (HakoException e) {
            if (e.kind() != dev.hako.errdefs.ErrorKind.ALREADY_EXISTS) {
                throw e;
            }
            // Another pull committed the same chain first; its snapshot is as good as ours.
        }
    }

    private Unpacked storeOnly(Descriptor layer, BlobSource from, Progress progress, Run run) throws IOException {
        String id = layer.digest().shortId();
        try (InputStream raw = from.open(layer); ContentWriter writer = content.writer(layer)) {
            run.track(raw);
            progress.layer(id, Progress.LayerPhase.DOWNLOADING, 0, layer.size());
            var counted = new CountingInputStream(raw, new ThrottledProgress(
                    n -> progress.layer(id, Progress.LayerPhase.DOWNLOADING, n, layer.size())));
            counted.transferTo(writer);
            progress.layer(id, Progress.LayerPhase.VERIFYING, layer.size(), layer.size());
            writer.commit();
            return new Unpacked(null, null);
        }
    }

    private Unpacked unpackLayer(Descriptor layer, Digest diffId, String chainId, String parent, BlobSource from,
                                 Progress progress, Run run) throws IOException {
        String id = layer.digest().shortId();
        String key = KEY_PREFIX + UUID.randomUUID() + " " + chainId;
        Path target = LayerStack.of(snapshots.prepareUnpack(key, parent)).requireWritable();
        run.active.add(key);
        ContentWriter writer = from.remote() ? content.writer(layer) : null;
        try (InputStream raw = from.open(layer)) {
            run.track(raw);
            Progress.LayerPhase phase = from.remote() ? Progress.LayerPhase.DOWNLOADING : Progress.LayerPhase.EXTRACTING;
            progress.layer(id, phase, 0, layer.size());
            InputStream stream = new CountingInputStream(raw, new ThrottledProgress(n -> progress.layer(id, phase, n, layer.size())));
            if (writer != null) {
                stream = new TeeInputStream(stream, writer);
            }
            DigestInputStream tar = new DigestInputStream(run.budget.meter(Compression.decompress(stream)),
                    diffId.newDigester());
            LayerApplier.ApplyResult result;
            try {
                // Reads the whole uncompressed stream, under the layer's limits and the image's.
                result = applier.apply(tar, target, limits.forLayer(layer.size()));
                // The decompressor stops at the end of its data; the blob's digest needs every byte.
                stream.transferTo(OutputStream.nullOutputStream());
            } catch (HakoException e) {
                throw new HakoException(e.kind(), "layer " + layer.digest() + ": " + e.getMessage(), e);
            } catch (IOException e) {
                if (writer != null) {
                    // Unreadable data from a registry is most often a corrupt blob: say so if the digest shows it.
                    commitIfComplete(stream, writer);
                }
                throw new HakoException(dev.hako.errdefs.ErrorKind.INVALID_ARGUMENT,
                        "layer " + layer.digest() + " is not a valid layer archive: " + e.getMessage(), e);
            }
            progress.layer(id, Progress.LayerPhase.VERIFYING, layer.size(), layer.size());
            if (writer != null) {
                writer.commit();
            }
            if (!diffId.matches(tar.getMessageDigest())) {
                throw HakoException.invalid("layer %s: its uncompressed content does not match diff_id %s of the image config",
                        layer.digest(), diffId);
            }
            return new Unpacked(key, result);
        } finally {
            if (writer != null) {
                writer.close();
            }
        }
    }

    /** Reads what is left of a download into its writer and commits, so a digest mismatch is reported as one. */
    private static void commitIfComplete(InputStream stream, ContentWriter writer) {
        try {
            stream.transferTo(OutputStream.nullOutputStream());
        } catch (IOException | RuntimeException unreadable) {
            return; // the download itself broke: the original error says more
        }
        try {
            writer.commit(); // a digest mismatch is thrown (unchecked) and replaces the original error
        } catch (IOException notADigestProblem) {
            // the original error says more
        }
    }

    private static Unpacked await(Future<Unpacked> task) throws IOException {
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HakoException(dev.hako.errdefs.ErrorKind.UNAVAILABLE, "interrupted", e);
        } catch (CancellationException e) {
            throw new HakoException(dev.hako.errdefs.ErrorKind.UNAVAILABLE, "cancelled", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(cause);
        }
    }

    /**
     * Waits until every task has ended, so none still writes while its snapshot is removed, even
     * when interrupted meanwhile; returns whether it was.
     */
    private static boolean awaitEnd(List<Future<Unpacked>> tasks) {
        boolean interrupted = false;
        for (Future<Unpacked> t : tasks) {
            while (t != null) {
                try {
                    t.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException | CancellationException e) {
                    break; // the first failure is the one reported
                }
            }
        }
        return interrupted;
    }

    /** Reads blobs that are already stored. */
    record ContentSource(ContentStore content) implements BlobSource {
        @Override
        public InputStream open(Descriptor blob) throws IOException {
            return content.open(blob.digest());
        }

        @Override
        public boolean remote() {
            return false;
        }
    }
}
