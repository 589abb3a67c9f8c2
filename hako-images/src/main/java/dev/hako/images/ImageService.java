package dev.hako.images;

import dev.hako.oci.Digest;
import dev.hako.registry.RequestAuth;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * What the hako API, the CRI and the container service ask of images. {@link LocalImageService} is
 * the one on this node's content store and snapshotter; the APIs see only this, so they can be tested
 * against a fake and a second kind of image store could stand in. References are as docker writes
 * them ({@code busybox}, {@code host:5000/app:1}, {@code name@sha256:...}); an image id is its config's digest.
 * Failures are {@link dev.hako.errdefs.HakoException}s: NOT_FOUND, INVALID_ARGUMENT, FAILED_PRECONDITION...
 */
public interface ImageService extends AutoCloseable {
    /** Repairs what an interrupted run left; says what it removed. */
    List<String> recover() throws IOException;

    /** Pulls with the stored credentials; cannot be cancelled. */
    PullResult pull(String reference, String platform, Progress progress) throws IOException;

    /**
     * Pulls an image, on the calling thread; a failed or cancelled pull leaves nothing behind.
     *
     * @param platform "os/arch[/variant]"; null or blank: the node's
     * @param auth   authentication to the image's registry that came with the request; null for the stored credentials
     * @param cancel stops the pull from another thread: it fails with CANCELLED; other pulls, of the same image too, go on
     */
    PullResult pull(String reference, String platform, Progress progress, RequestAuth auth, Cancellation cancel)
            throws IOException;

    /** Every named image, one entry per image with all its names. */
    List<ImageSummary> list() throws IOException;

    /** The image a reference, id or unique id prefix names; NOT_FOUND when none. */
    Image get(String reference) throws IOException;

    /**
     * {@code repository@digest} for each name of image {@code id}, by name and without repeats: the
     * image named by the content its names point at, as the CRI's repo digests name it.
     */
    List<String> repoDigests(Digest id) throws IOException;

    /** docker's image inspect JSON. */
    String inspect(String reference) throws IOException;

    /** Names the image {@code source} names {@code target} too; answers the name as stored. */
    String tag(String source, String target) throws IOException;

    /** Removes a name, and the image with its last name unless a container uses it ({@code force} removes it anyway). */
    RemoveResult remove(String reference, boolean force) throws IOException;

    PushResult push(String reference, Progress progress) throws IOException;

    /** A rootfs tarball made an image of one layer, with Dockerfile-like {@code changes}. */
    Digest importTarball(InputStream tarball, String reference, List<String> changes) throws IOException;

    /** An OCI image layout archive (with docker's manifest.json) of the images named. */
    void save(List<String> references, OutputStream out) throws IOException;

    /** Loads a {@link #save} archive, or docker's; answers the names it loaded. */
    List<String> load(InputStream archive, Progress progress) throws IOException;

    /** Removes images without names and what nothing refers to. */
    PruneResult prune() throws IOException;

    /** The number of images. */
    long count();

    @Override
    void close();
}
