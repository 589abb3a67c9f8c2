package dev.hako.daemon.api;

import dev.hako.api.v1.DataChunk;
import dev.hako.api.v1.ImageSummary;
import dev.hako.api.v1.ImagesGrpc;
import dev.hako.api.v1.ImportRequest;
import dev.hako.api.v1.ImportResponse;
import dev.hako.api.v1.InspectImageRequest;
import dev.hako.api.v1.InspectImageResponse;
import dev.hako.api.v1.LayerProgress;
import dev.hako.api.v1.LayerPushProgress;
import dev.hako.api.v1.ListImagesRequest;
import dev.hako.api.v1.ListImagesResponse;
import dev.hako.api.v1.LoadResponse;
import dev.hako.api.v1.PruneImagesRequest;
import dev.hako.api.v1.PruneImagesResponse;
import dev.hako.api.v1.PullProgress;
import dev.hako.api.v1.PullRequest;
import dev.hako.api.v1.PushProgress;
import dev.hako.api.v1.PushRequest;
import dev.hako.api.v1.RemoveImageRequest;
import dev.hako.api.v1.RemoveImageResponse;
import dev.hako.api.v1.SaveRequest;
import dev.hako.api.v1.TagImageRequest;
import dev.hako.api.v1.TagImageResponse;
import dev.hako.images.ImageService;
import dev.hako.images.Progress;
import dev.hako.images.PullResult;
import dev.hako.images.PushResult;
import dev.hako.images.RemoveResult;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;

/** The hako API's Images service: translates messages to and from the image service. */
public final class ImagesApi extends ImagesGrpc.ImagesImplBase {
    private static final Logger LOG = System.getLogger("hakod.images");
    private final ImageService images;

    public ImagesApi(ImageService images) {
        this.images = images;
    }

    @Override
    public void pull(PullRequest request, StreamObserver<PullProgress> observer) {
        // A client that goes away (an interrupted `hako pull`) cancels the pull: nothing of it stays.
        CallCancellation call = CallCancellation.ofCurrentCall();
        var progress = new Progress() {
            @Override
            public synchronized void layer(String id, LayerPhase phase, long current, long total) {
                LOG.log(Level.DEBUG, "pull {0}: layer {1} {2} {3}/{4}", request.getReference(), id, phase, current, total);
                if (!call.cancellation().isCancelled()) {
                    observer.onNext(PullProgress.newBuilder().setLayer(LayerProgress.newBuilder()
                            .setId(id).setPhase(pullPhase(phase)).setCurrent(current).setTotal(total)).build());
                }
            }

            @Override
            public synchronized void status(String line) {
                if (!call.cancellation().isCancelled()) {
                    observer.onNext(PullProgress.newBuilder().setStatus(line).build());
                }
            }
        };
        try (call) {
            LOG.log(Level.INFO, "pulling {0}", request.getReference());
            PullResult r = images.pull(request.getReference(), request.getPlatform(), progress, null, call.cancellation());
            LOG.log(Level.INFO, "pulled {0} ({1})", r.name(), r.digest());
            synchronized (progress) {
                observer.onNext(PullProgress.newBuilder().setResult(dev.hako.api.v1.PullResult.newBuilder()
                        .setReference(r.name()).setDigest(r.digest().toString()).setImageId(r.imageId().toString())
                        .setUpToDate(r.upToDate())).build());
                observer.onCompleted();
            }
        } catch (Throwable t) {
            LOG.log(Level.WARNING, "pull of {0} failed: {1}", request.getReference(), t.getMessage());
            synchronized (progress) {
                observer.onError(GrpcErrors.toStatus(t));
            }
        }
    }

    @Override
    public void list(ListImagesRequest request, StreamObserver<ListImagesResponse> observer) {
        GrpcErrors.unary(observer, () -> {
            ListImagesResponse.Builder b = ListImagesResponse.newBuilder();
            for (dev.hako.images.ImageSummary s : images.list()) {
                b.addImages(ImageSummary.newBuilder()
                        .setName(s.name()).setRepository(s.repository()).setTag(s.tag() == null ? "" : s.tag())
                        .setDigest(s.digest().toString()).setImageId(s.id().toString())
                        .setCreatedUnix(s.created().getEpochSecond()).setSize(s.size()).setPlatform(s.platform()));
            }
            return b.build();
        });
    }

    @Override
    public void inspect(InspectImageRequest request, StreamObserver<InspectImageResponse> observer) {
        GrpcErrors.unary(observer, () ->
                InspectImageResponse.newBuilder().setJson(images.inspect(request.getReference())).build());
    }

    @Override
    public void tag(TagImageRequest request, StreamObserver<TagImageResponse> observer) {
        GrpcErrors.unary(observer, () ->
                TagImageResponse.newBuilder().setTarget(images.tag(request.getSource(), request.getTarget())).build());
    }

    @Override
    public void remove(RemoveImageRequest request, StreamObserver<RemoveImageResponse> observer) {
        GrpcErrors.unary(observer, () -> {
            RemoveResult r = images.remove(request.getReference(), request.getForce());
            LOG.log(Level.INFO, "removed {0}: untagged {1}, deleted {2}", request.getReference(), r.untagged(), r.deleted());
            return RemoveImageResponse.newBuilder().addAllUntagged(r.untagged()).addAllDeleted(r.deleted()).build();
        });
    }

    @Override
    public void push(PushRequest request, StreamObserver<PushProgress> observer) {
        var progress = new Progress() {
            @Override
            public synchronized void layer(String id, LayerPhase phase, long current, long total) {
                observer.onNext(PushProgress.newBuilder().setLayer(LayerPushProgress.newBuilder()
                        .setId(id).setPhase(pushPhase(phase)).setCurrent(current).setTotal(total)).build());
            }

            @Override
            public synchronized void status(String line) {
                observer.onNext(PushProgress.newBuilder().setStatus(line).build());
            }
        };
        try {
            LOG.log(Level.INFO, "pushing {0}", request.getReference());
            PushResult r = images.push(request.getReference(), progress);
            synchronized (progress) {
                observer.onNext(PushProgress.newBuilder().setResult(dev.hako.api.v1.PushResult.newBuilder()
                        .setReference(r.reference()).setDigest(r.digest().toString()).setSize(r.size())).build());
                observer.onCompleted();
            }
        } catch (Throwable t) {
            LOG.log(Level.WARNING, "push of {0} failed: {1}", request.getReference(), t.getMessage());
            synchronized (progress) {
                observer.onError(GrpcErrors.toStatus(t));
            }
        }
    }

    @Override
    public StreamObserver<ImportRequest> import_(StreamObserver<ImportResponse> observer) {
        return UploadCall.handle(observer, "import", ImportRequest::getData, (first, input) -> {
            String reference = first == null ? "" : first.getReference();
            var id = images.importTarball(input, reference, first == null ? List.of() : first.getChangesList());
            LOG.log(Level.INFO, "imported {0} as {1}", reference, id);
            return ImportResponse.newBuilder().setImageId(id.toString()).setReference(reference).build();
        });
    }

    @Override
    public void save(SaveRequest request, StreamObserver<DataChunk> observer) {
        var call = (ServerCallStreamObserver<DataChunk>) observer;
        try {
            GrpcOutputStream out = new GrpcOutputStream(call);
            images.save(request.getReferencesList(), out);
            out.flush();
            observer.onCompleted();
        } catch (Throwable t) {
            observer.onError(GrpcErrors.toStatus(t));
        }
    }

    @Override
    public StreamObserver<DataChunk> load(StreamObserver<LoadResponse> observer) {
        return UploadCall.handle(observer, "load", DataChunk::getData, (first, input) -> {
            List<String> loaded = images.load(input, Progress.NONE);
            LOG.log(Level.INFO, "loaded {0}", loaded);
            return LoadResponse.newBuilder().addAllLoaded(loaded).build();
        });
    }

    @Override
    public void prune(PruneImagesRequest request, StreamObserver<PruneImagesResponse> observer) {
        GrpcErrors.unary(observer, () -> {
            var r = images.prune();
            LOG.log(Level.INFO, "pruned {0} blobs and {1} snapshots", r.blobs().size(), r.snapshots().size());
            return PruneImagesResponse.newBuilder().addAllDeletedBlobs(r.blobs()).addAllDeletedSnapshots(r.snapshots())
                    .setReclaimedBytes(r.reclaimedBytes()).build();
        });
    }

    private static LayerProgress.Phase pullPhase(Progress.LayerPhase p) {
        return switch (p) {
            case WAITING -> LayerProgress.Phase.WAITING;
            case DOWNLOADING -> LayerProgress.Phase.DOWNLOADING;
            case EXTRACTING -> LayerProgress.Phase.EXTRACTING;
            case VERIFYING -> LayerProgress.Phase.VERIFYING;
            case COMPLETE -> LayerProgress.Phase.COMPLETE;
            case ALREADY_EXISTS -> LayerProgress.Phase.ALREADY_EXISTS;
            default -> LayerProgress.Phase.PHASE_UNSPECIFIED;
        };
    }

    private static LayerPushProgress.Phase pushPhase(Progress.LayerPhase p) {
        return switch (p) {
            case PREPARING -> LayerPushProgress.Phase.PREPARING;
            case PUSHING -> LayerPushProgress.Phase.PUSHING;
            case PUSHED -> LayerPushProgress.Phase.PUSHED;
            case LAYER_ALREADY_EXISTS -> LayerPushProgress.Phase.LAYER_ALREADY_EXISTS;
            default -> LayerPushProgress.Phase.PHASE_UNSPECIFIED;
        };
    }

}
