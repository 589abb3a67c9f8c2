package dev.hako.cli.transfer;

import dev.hako.api.v1.CopyFromRequest;
import dev.hako.api.v1.ContainersGrpc;
import dev.hako.cli.Failures;
import dev.hako.tar.TarEntry;
import dev.hako.tar.TarReader;
import io.grpc.Context;
import io.grpc.StatusRuntimeException;

import java.io.IOException;

/**
 * What is at a path in a container, for `cp` to decide where its archive lands. The API has no
 * stat call: the first tar header of CopyFrom says it (a directory, a file, a link), and the call
 * is cancelled right after, so the daemon sends little more than that header.
 */
public final class ContainerPaths {
    private ContainerPaths() {}

    /** The path's own entry, or null when the daemon answers with an error (docker assumes "missing" too). */
    public static TarEntry stat(ContainersGrpc.ContainersBlockingStub stub, String container, String path) throws IOException {
        try (Context.CancellableContext call = Context.current().withCancellation()) {
            return call.call(() -> {
                TarReader tar = new TarReader(new ChunkInputStream(
                        stub.copyFrom(CopyFromRequest.newBuilder().setContainer(container).setPath(path).build())));
                return tar.next();
            });
        } catch (StatusRuntimeException e) {
            if (!Failures.isDaemonReply(e)) {
                throw e;
            }
            return null;
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }
}
