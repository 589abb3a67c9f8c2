package dev.hako.daemon.cri;

import dev.hako.cri.v1.UInt64Value;
import dev.hako.cri.v1.Int64Value;
import dev.hako.cri.v1.FilesystemIdentifier;
import dev.hako.cri.v1.FilesystemUsage;
import dev.hako.cri.v1.Image;
import dev.hako.cri.v1.ImageFsInfoRequest;
import dev.hako.cri.v1.ImageFsInfoResponse;
import dev.hako.cri.v1.ImageServiceGrpc;
import dev.hako.cri.v1.ImageSpec;
import dev.hako.cri.v1.ImageStatusRequest;
import dev.hako.cri.v1.ImageStatusResponse;
import dev.hako.cri.v1.ListImagesRequest;
import dev.hako.cri.v1.ListImagesResponse;
import dev.hako.cri.v1.PullImageRequest;
import dev.hako.cri.v1.PullImageResponse;
import dev.hako.cri.v1.RemoveImageRequest;
import dev.hako.cri.v1.RemoveImageResponse;
import dev.hako.daemon.api.GrpcErrors;
import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import dev.hako.images.ImageService;
import dev.hako.images.ImageSummary;
import dev.hako.images.Progress;
import dev.hako.oci.Digest;
import dev.hako.sys.DiskUsage;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The CRI ImageService: the kubelet's view of hako's image store (image ids are config digests). */
public final class CriImageApi extends ImageServiceGrpc.ImageServiceImplBase {
    private final ImageService images;
    private final Path imageFsRoot;

    /** @param imageFsRoot the directory holding the content store and the snapshots (hakod's --root) */
    public CriImageApi(ImageService images, Path imageFsRoot) {
        this.images = images;
        this.imageFsRoot = imageFsRoot;
    }

    @Override
    public void listImages(ListImagesRequest request, StreamObserver<ListImagesResponse> observer) {
        GrpcErrors.unary(observer, () -> ListImagesResponse.newBuilder().addAllImages(images(request.getFilter())).build());
    }

    /** All images, or the one the filter names. */
    private List<Image> images(dev.hako.cri.v1.ImageFilter filter) throws IOException {
        String wanted = filter.getImage().getImage();
        if (wanted.isEmpty()) {
            return grouped(images.list());
        }
        Digest only = idOrNull(wanted);
        return grouped(images.list()).stream().filter(i -> only != null && i.getId().equals(only.toString())).toList();
    }

    @Override
    public void streamImages(dev.hako.cri.v1.StreamImagesRequest request,
                             StreamObserver<dev.hako.cri.v1.StreamImagesResponse> observer) {
        CriChunks.stream(observer, () -> images(request.getFilter()),
                part -> dev.hako.cri.v1.StreamImagesResponse.newBuilder().addAllImages(part).build());
    }

    @Override
    public void imageStatus(ImageStatusRequest request, StreamObserver<ImageStatusResponse> observer) {
        GrpcErrors.unary(observer, () -> {
            String ref = requireImage(request.getImage());
            Digest id = idOrNull(ref);
            if (id == null) {
                return ImageStatusResponse.getDefaultInstance(); // absent: no image, no error (the CRI's rule)
            }
            for (Image image : grouped(images.list())) {
                if (image.getId().equals(id.toString())) {
                    ImageStatusResponse.Builder out = ImageStatusResponse.newBuilder().setImage(image);
                    if (request.getVerbose()) {
                        out.putInfo("info", CriVerboseInfo.image(images.get(ref)));
                    }
                    return out.build();
                }
            }
            return ImageStatusResponse.getDefaultInstance();
        });
    }

    @Override
    public void pullImage(PullImageRequest request, StreamObserver<PullImageResponse> observer) {
        GrpcErrors.unary(observer, () -> {
            String ref = requireImage(request.getImage());
            var credentials = credentials(request.getAuth());
            // A kubelet that goes away or whose deadline passes cancels the pull: nothing of it stays.
            try (var call = dev.hako.daemon.api.CallCancellation.ofCurrentCall()) {
                images.pull(ref, null, Progress.NONE, credentials, call.cancellation());
            }
            return PullImageResponse.newBuilder().setImageRef(images.get(ref).id().toString()).build();
        });
    }

    @Override
    public void removeImage(RemoveImageRequest request, StreamObserver<RemoveImageResponse> observer) {
        GrpcErrors.unary(observer, () -> {
            String ref = requireImage(request.getImage());
            try {
                images.remove(ref, true);
            } catch (HakoException e) {
                if (e.kind() != ErrorKind.NOT_FOUND) {
                    throw e; // removing what is gone is not an error for the kubelet
                }
            }
            return RemoveImageResponse.getDefaultInstance();
        });
    }

    @Override
    public void imageFsInfo(ImageFsInfoRequest request, StreamObserver<ImageFsInfoResponse> observer) {
        GrpcErrors.unary(observer, () -> {
            // As du counts it: allocated blocks, each inode once (image layers hold many hard links).
            DiskUsage usage = DiskUsage.of(imageFsRoot);
            FilesystemUsage fs = FilesystemUsage.newBuilder()
                    .setTimestamp(System.currentTimeMillis() * 1_000_000L)
                    .setFsId(FilesystemIdentifier.newBuilder().setMountpoint(imageFsRoot.toString()))
                    .setUsedBytes(UInt64Value.newBuilder().setValue(usage.bytes()))
                    .setInodesUsed(UInt64Value.newBuilder().setValue(usage.inodes()))
                    .build();
            return ImageFsInfoResponse.newBuilder().addImageFilesystems(fs).addContainerFilesystems(fs).build();
        });
    }

    /**
     * The kubelet's authentication for this pull: a registry token, an identity token, username and
     * password, or docker's "auth" (base64 of user:password); null when none is given.
     */
    static dev.hako.registry.RequestAuth credentials(dev.hako.cri.v1.AuthConfig auth) {
        if (!auth.getRegistryToken().isEmpty()) {
            return new dev.hako.registry.RequestAuth(null, null, auth.getRegistryToken());
        }
        if (!auth.getIdentityToken().isEmpty()) {
            return new dev.hako.registry.RequestAuth(null, auth.getIdentityToken(), null);
        }
        if (!auth.getUsername().isEmpty()) {
            return new dev.hako.registry.RequestAuth(new dev.hako.registry.Credentials(auth.getUsername(), auth.getPassword()),
                    null, null);
        }
        if (!auth.getAuth().isEmpty()) {
            String decoded;
            try {
                decoded = new String(java.util.Base64.getDecoder().decode(auth.getAuth()), java.nio.charset.StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw HakoException.invalid("PullImageRequest.auth.auth is not base64");
            }
            int colon = decoded.indexOf(':');
            if (colon <= 0) {
                throw HakoException.invalid("PullImageRequest.auth.auth is not base64 of user:password");
            }
            return new dev.hako.registry.RequestAuth(
                    new dev.hako.registry.Credentials(decoded.substring(0, colon), decoded.substring(colon + 1)), null, null);
        }
        return null;
    }

    private static String requireImage(ImageSpec spec) {
        if (spec.getImage().isEmpty()) {
            throw HakoException.invalid("ImageSpec.image is required");
        }
        return spec.getImage();
    }

    /** The image id a reference or id names in the store; null when it names none. */
    private Digest idOrNull(String ref) throws IOException {
        try {
            return images.get(ref).id();
        } catch (HakoException e) {
            if (e.kind() == ErrorKind.NOT_FOUND || e.kind() == ErrorKind.INVALID_ARGUMENT) {
                return null;
            }
            throw e;
        }
    }

    /**
     * One CRI image per image id, with every name pointing at it. The size is the image's content
     * (manifest, config, compressed layers), as containerd reports it; the spec is left unset, as
     * containerd leaves it (it is the kubelet's to send, not the runtime's to answer).
     */
    private List<Image> grouped(List<ImageSummary> summaries) throws IOException {
        Map<Digest, Image.Builder> byId = new LinkedHashMap<>();
        for (ImageSummary s : summaries) {
            Image.Builder b = byId.get(s.id());
            if (b == null) {
                dev.hako.images.Image image = images.get(s.id().toString());
                b = Image.newBuilder().setId(s.id().toString()).setSize(image.contentSize());
                var config = image.config().config();
                String user = config == null ? null : config.user();
                setUser(b, user == null ? "" : user);
                byId.put(s.id(), b);
            }
            if (s.tag() != null) {
                b.addRepoTags(s.name());
            }
            // As ImageService.repoDigests gives them (names in order, no repeats): ContainerStatus' imageRef is the first.
            if (!b.getRepoDigestsList().contains(s.repoDigest())) {
                b.addRepoDigests(s.repoDigest());
            }
        }
        List<Image> out = new ArrayList<>();
        byId.values().forEach(b -> out.add(b.build()));
        return out;
    }

    /** The image's user: a uid when numeric (the kubelet checks runAsNonRoot with it), else the name. */
    private static void setUser(Image.Builder b, String user) {
        String name = user.contains(":") ? user.substring(0, user.indexOf(':')) : user;
        if (name.isEmpty()) {
            return;
        }
        if (name.chars().allMatch(Character::isDigit)) {
            b.setUid(Int64Value.newBuilder().setValue(Long.parseLong(name)));
        } else {
            b.setUsername(name);
        }
    }
}
