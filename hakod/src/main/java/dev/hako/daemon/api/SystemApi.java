package dev.hako.daemon.api;

import dev.hako.api.HakoVersion;
import dev.hako.api.v1.InfoRequest;
import dev.hako.api.v1.InfoResponse;
import dev.hako.api.v1.SystemGrpc;
import dev.hako.api.v1.VersionRequest;
import dev.hako.api.v1.VersionResponse;
import dev.hako.daemon.StoreInfo;
import io.grpc.stub.StreamObserver;

/** The hako API's System service: versions and where the store is. */
public final class SystemApi extends SystemGrpc.SystemImplBase {
    private final StoreInfo store;

    public SystemApi(StoreInfo store) {
        this.store = store;
    }

    @Override
    public void version(VersionRequest request, StreamObserver<VersionResponse> observer) {
        GrpcErrors.unary(observer, () -> VersionResponse.newBuilder()
                .setVersion(HakoVersion.version())
                .setApiVersion(HakoVersion.apiVersion())
                .setJavaVersion(Runtime.version().toString())
                .setOs(System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT))
                .setArch(dev.hako.oci.Platform.host().architecture())
                .build());
    }

    @Override
    public void info(InfoRequest request, StreamObserver<InfoResponse> observer) {
        GrpcErrors.unary(observer, store::info);
    }
}
