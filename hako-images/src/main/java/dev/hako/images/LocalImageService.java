package dev.hako.images;

import dev.hako.archive.LayerApplier;
import dev.hako.content.ContentStore;
import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import dev.hako.metadata.ImageRecord;
import dev.hako.metadata.ImageRecords;
import dev.hako.oci.Digest;
import dev.hako.oci.Platform;
import dev.hako.oci.Reference;
import dev.hako.registry.RequestAuth;
import dev.hako.registry.RegistryClient;
import dev.hako.snapshots.LayerStack;
import dev.hako.snapshots.Snapshotter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The image service on this node's content store and snapshotter. Operations that add or read
 * content (pull, import, load, push, save) hold what they use in a lease ({@link Leases}) rather
 * than a lock, so that a slow registry or client keeps nobody else waiting; removal (rmi, prune)
 * collects alone and spares what is held, so it never sees a half-made image and never deletes
 * what a pull is about to name.
 */
public final class LocalImageService implements ImageService {
    private final ContentStore content;
    private final Snapshotter snapshots;
    private final ImageRecords records;
    private final LocalImages images;
    private final Puller puller;
    private final Pusher pusher;
    private final Importer importer;
    private final ArchiveWriter archiveWriter;
    private final ArchiveLoader archiveLoader;
    private final GarbageCollector gc;
    private final ImageSizes sizes;
    private final ImageInspector inspector;
    private final ExecutorService layerThreads;
    private final ImagesConfig config;
    private final RegistryClient registry;
    private final Unpacker unpacker;
    private final Leases leases = new Leases();
    private volatile ImageUsers users = ImageUsers.NONE;

    public LocalImageService(ContentStore content, Snapshotter snapshots, ImageRecords records,
                        RegistryClient registry, ImagesConfig config) {
        this(content, snapshots, records, registry, RegistryReader.of(registry), DiffApplier.of(new LayerApplier()), config);
    }

    /**
     * The service with its seams given, for unit tests.
     *
     * @param pulls   where pulls without credentials of their own read ({@code registry}'s in hakod)
     * @param applier what writes layers into snapshots (hako-archive's in hakod, which needs root)
     */
    LocalImageService(ContentStore content, Snapshotter snapshots, ImageRecords records, RegistryClient registry,
                 RegistryReader pulls, DiffApplier applier, ImagesConfig config) {
        this.content = content;
        this.snapshots = snapshots;
        this.records = records;
        this.config = config;
        this.images = new LocalImages(content, records, config.defaultPlatform());
        // Platform threads: unpacking makes blocking file system calls one after another.
        this.layerThreads = Executors.newCachedThreadPool(Thread.ofPlatform().name("layer-", 0).daemon().factory());
        this.registry = registry;
        this.unpacker = new Unpacker(content, snapshots, applier, layerThreads, config.maxConcurrentDownloads(),
                config.limits());
        this.puller = new Puller(pulls, content, records, images, unpacker, config.defaultPlatform());
        this.pusher = new Pusher(registry, content, images);
        this.importer = new Importer(content, snapshots, applier, records, config.defaultPlatform(), config.limits());
        this.archiveWriter = new ArchiveWriter(content, images);
        this.archiveLoader = new ArchiveLoader(content, records, images, unpacker);
        this.gc = new GarbageCollector(content, snapshots, images, leases);
        this.sizes = new ImageSizes(snapshots);
        this.inspector = new ImageInspector(sizes);
    }

    /** Tells the service who uses images (the container service, wired in by hakod). */
    public void setUsers(ImageUsers users) {
        this.users = users;
    }

    /** Repairs what an interrupted run left: half-written blobs and unpacks that never committed. */
    @Override
    public List<String> recover() throws IOException {
        return leases.collecting(() -> {
            content.removeIncomplete();
            List<String> removed = new ArrayList<>(snapshots.removeOrphans(Unpacker.KEY_PREFIX));
            for (ImageRecord r : records.list()) {
                try {
                    images.load(r);
                } catch (HakoException e) {
                    // A name whose content is gone cannot be used; it is dropped, never shown half.
                    records.delete(r.name());
                    removed.add("image " + r.name() + ": " + e.getMessage());
                }
            }
            // What an interrupted operation stored but never named (blobs, committed layers) goes too.
            GarbageCollector.Collected unreferenced = gc.prune();
            unreferenced.blobs().forEach(d -> removed.add("unreferenced blob " + d));
            unreferenced.snapshots().forEach(k -> removed.add("unreferenced snapshot " + k));
            return removed;
        });
    }

    @Override
    public PullResult pull(String reference, String platform, Progress progress) throws IOException {
        return pull(reference, platform, progress, null, new Cancellation());
    }

    /**
     * Pulls an image, on the calling thread.
     *
     * @param auth   authentication to the image's registry that came with the request; null for the stored credentials
     * @param cancel stops the pull from another thread: its downloads are closed, what it stored is removed, and it
     *               fails with CANCELLED; other pulls, of the same image too, go on
     */
    @Override
    public PullResult pull(String reference, String platform, Progress progress, RequestAuth auth, Cancellation cancel)
            throws IOException {
        Reference ref = Reference.parse(reference);
        Platform p = platform == null || platform.isBlank() ? config.defaultPlatform() : Platform.parse(platform);
        if (auth == null) {
            return leavingNothingOnFailure(cancel, lease -> puller.pull(ref, p, progress, lease, cancel));
        }
        try (RegistryClient scoped = auth.applyTo(registry, ref.domain())) {
            Puller withCredentials = new Puller(RegistryReader.of(scoped), content, records, images, unpacker, config.defaultPlatform());
            return leavingNothingOnFailure(cancel, lease -> withCredentials.pull(ref, p, progress, lease, cancel));
        }
    }

    @Override
    public List<ImageSummary> list() throws IOException {
        List<ImageSummary> out = new ArrayList<>();
        for (ImageRecord r : records.list()) {
            Image image;
            try {
                image = images.load(r);
            } catch (HakoException e) {
                continue; // never list a half image
            }
            Reference ref = Reference.parseExact(r.name());
            out.add(new ImageSummary(r.name(), ref.familiarName(), ref.digest() != null ? null : ref.tag(),
                    Digest.parse(r.targetDigest()), image.id(), created(image, r), sizes.size(image),
                    image.config().platform().toString()));
        }
        return out;
    }

    @Override
    public Image get(String reference) throws IOException {
        return images.resolve(reference).image();
    }

    /**
     * {@code repository@digest} for each name of image {@code id}, by name and without repeats: the
     * image named by the content its names point at, as the CRI's repo digests name it.
     */
    @Override
    public List<String> repoDigests(Digest id) throws IOException {
        List<String> out = new ArrayList<>();
        for (ImageRecord r : images.recordsWithId(id)) {
            String digest = ImageSummary.repoDigest(r.name(), Digest.parse(r.targetDigest()));
            if (!out.contains(digest)) {
                out.add(digest);
            }
        }
        return out;
    }

    @Override
    public String inspect(String reference) throws IOException {
        LocalImages.Resolved resolved = images.resolve(reference);
        Image image = resolved.image();
        List<ImageRecord> names = images.recordsWithId(image.id());
        String top = image.topChainId();
        // docker shows an image's layer directories, as an overlay mount of it stacks them.
        return inspector.inspect(image, names, top == null ? List.of() : LayerStack.of(snapshots.mounts(top)).lowers());
    }

    @Override
    public String tag(String source, String target) throws IOException {
        LocalImages.Resolved resolved = images.resolve(source);
        Image image = resolved.image();
        Reference ref = Reference.parse(target);
        if (ref.digest() != null) {
            throw HakoException.invalid("refusing to create a tag with a digest reference: %s", target);
        }
        Instant now = Instant.now();
        String name = LocalImages.recordName(ref);
        ImageRecord before = records.get(name).orElse(null);
        records.put(new ImageRecord(name, image.target().mediaType(), image.target().digest().toString(),
                image.target().size(), resolved.names().getFirst().platform(), before == null ? now : before.createdAt(), now));
        return name;
    }

    @Override
    public RemoveResult remove(String reference, boolean force) throws IOException {
        return leases.collecting(() -> {
            LocalImages.Resolved resolved = images.resolve(reference);
            Image image = resolved.image();
            List<ImageRecord> untag = resolved.names();
            if (resolved.byId() && untag.size() > 1 && !force) {
                throw HakoException.precondition(
                        "conflict: unable to delete %s (must be forced) - image is referenced in multiple repositories",
                        image.id().shortId());
            }
            boolean lastName = images.recordsWithId(image.id()).size() == untag.size();
            List<String> using = users.containersUsing(image.id());
            if (lastName && !using.isEmpty() && !force) {
                throw HakoException.precondition(
                        "conflict: unable to remove repository reference \"%s\" (must force) - container %s is using its "
                                + "referenced image %s", reference, using.getFirst(), image.id().shortId());
            }
            List<String> untagged = new ArrayList<>();
            List<GarbageCollector.Reachable> candidates = new ArrayList<>();
            for (ImageRecord r : untag) {
                candidates.add(gc.reachableFrom(targetOf(r)));
                records.delete(r.name());
                untagged.add(familiar(r.name()));
            }
            List<String> deleted = new ArrayList<>();
            if (images.recordsWithId(image.id()).isEmpty()) {
                deleted.add(image.id().toString());
            }
            for (GarbageCollector.Reachable c : candidates) {
                GarbageCollector.Collected collected = gc.collect(c);
                collected.snapshots().forEach(deleted::add);
            }
            return new RemoveResult(untagged, deleted);
        });
    }

    @Override
    public PushResult push(String reference, Progress progress) throws IOException {
        Reference destination = Reference.parse(reference);
        try (Leases.Lease lease = leases.open()) {
            Image image = heldImage(reference, lease);
            Pusher.Pushed pushed = pusher.push(image, destination, progress);
            return new PushResult(destination.toString(), pushed.descriptor().digest(), pushed.descriptor().size());
        }
    }

    @Override
    public Digest importTarball(InputStream tarball, String reference, List<String> changes) throws IOException {
        Reference ref = Reference.parse(reference);
        if (ref.digest() != null) {
            throw HakoException.invalid("cannot import to a digest reference: %s", reference);
        }
        ImageChanges parsed = ImageChanges.parse(changes);
        return leavingNothingOnFailure(new Cancellation(), lease -> importer.importTarball(tarball, ref, parsed, lease));
    }

    @Override
    public void save(List<String> references, OutputStream out) throws IOException {
        if (references.isEmpty()) {
            throw HakoException.invalid("save needs at least one image");
        }
        try (Leases.Lease lease = leases.open()) {
            List<Image> toSave = new ArrayList<>();
            for (String r : references) {
                toSave.add(heldImage(r, lease));
            }
            archiveWriter.write(toSave, out); // to a client, as slowly as it reads
        }
    }

    @Override
    public List<String> load(InputStream archive, Progress progress) throws IOException {
        return leavingNothingOnFailure(new Cancellation(), lease -> archiveLoader.load(archive, progress, lease));
    }

    @Override
    public PruneResult prune() throws IOException {
        return leases.collecting(() -> {
            GarbageCollector.Collected c = gc.prune();
            return new PruneResult(c.blobs().stream().map(Digest::toString).toList(), c.snapshots(), c.bytes());
        });
    }

    @Override
    public long count() {
        return records.count();
    }

    @Override
    public void close() {
        layerThreads.shutdownNow();
    }

    private static dev.hako.oci.Descriptor targetOf(ImageRecord r) {
        return new dev.hako.oci.Descriptor(r.targetMediaType(), Digest.parse(r.targetDigest()), r.targetSize());
    }

    private static String familiar(String name) {
        Reference ref = Reference.parseExact(name);
        return ref.familiarName() + (ref.tag() != null && ref.digest() == null ? ":" + ref.tag() : "")
                + (ref.digest() != null ? "@" + ref.digest() : "");
    }

    private static Instant created(Image image, ImageRecord r) {
        String created = image.config().created();
        if (created != null && !created.isEmpty()) {
            try {
                return OffsetDateTime.parse(created).toInstant();
            } catch (java.time.format.DateTimeParseException e) {
                // fall through to the record's time
            }
        }
        return r.createdAt();
    }

    /** The image {@code reference} names, with everything it reaches held in {@code lease}. */
    private Image heldImage(String reference, Leases.Lease lease) throws IOException {
        return lease.holding(() -> {
            Image image = images.resolve(reference).image();
            lease.hold(gc.reachableFrom(image.target()));
            return image;
        });
    }

    /**
     * Runs an operation that adds content, on the calling thread (which {@code cancel} interrupts),
     * with a lease that holds what it stores until it ends. When it fails, whatever it stored that
     * no image name reaches and no other operation holds (blobs of layers that did arrive, their
     * snapshots) is removed again: a failed or cancelled pull, import or load leaves nothing behind.
     */
    private <T> T leavingNothingOnFailure(Cancellation cancel, LeasedCall<T> operation) throws IOException {
        GarbageCollector.Reachable before = null;
        try (Leases.Lease lease = leases.open(); Cancellation.Scope running = cancel.enter()) {
            before = lease.holding(gc::present);
            return operation.run(lease);
        } catch (IOException | RuntimeException failure) {
            // The lease is closed and the interrupt of a cancel cleared by now.
            Exception reported = cancel.isCancelled() && HakoException.kindOf(failure) != ErrorKind.CANCELLED
                    ? cancel.cancelled(failure) : failure;
            if (before != null) {
                GarbageCollector.Reachable added = before;
                try {
                    leases.collecting(() -> gc.collect(gc.presentExcept(added)));
                } catch (IOException | RuntimeException cleanup) {
                    reported.addSuppressed(cleanup);
                }
            }
            if (reported instanceof IOException io) {
                throw io;
            }
            throw (RuntimeException) reported;
        }
    }

    @FunctionalInterface
    private interface LeasedCall<T> {
        T run(Leases.Lease lease) throws IOException;
    }
}
