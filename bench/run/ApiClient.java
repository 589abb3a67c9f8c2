import dev.hako.api.v1.ContainerConfig;
import dev.hako.api.v1.ContainersGrpc;
import dev.hako.api.v1.CreateContainerRequest;
import dev.hako.api.v1.RemoveContainerRequest;
import dev.hako.api.v1.StartContainerRequest;
import dev.hako.api.v1.WaitContainerRequest;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioDomainSocketChannel;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * hakod driven through its gRPC API by one long-lived client, as a kubelet drives a runtime: no
 * client process starts per container. bench/run/run.sh runs it as a coprocess and times each
 * request line it writes:
 *
 *   lc  create (busybox, `true`), start, wait, remove; answers "ok"
 *   cr  create (busybox, `sleep 3600`), start; answers "ok ID"
 *
 * Any failure answers "error MESSAGE". Run as:
 *   java -cp 'build/hakod/lib/*' bench/run/ApiClient.java SOCKET   (hakod's classpath: gRPC on Netty)
 */
public final class ApiClient {
    public static void main(String[] args) throws Exception {
        System.setProperty("io.grpc.netty.shaded.io.netty.transport.noNative", "true");
        var group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        ManagedChannel channel = NettyChannelBuilder.forAddress(UnixDomainSocketAddress.of(Path.of(args[0])))
                .eventLoopGroup(group)
                .channelType(NioDomainSocketChannel.class)
                .usePlaintext()
                .build();
        var containers = ContainersGrpc.newBlockingStub(channel);
        var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            String answer;
            try {
                answer = switch (line.trim()) {
                    case "lc" -> {
                        String id = createAndStart(containers, "true");
                        containers.wait(WaitContainerRequest.newBuilder().setContainer(id).build());
                        containers.remove(RemoveContainerRequest.newBuilder().setContainer(id).build());
                        yield "ok";
                    }
                    case "cr" -> "ok " + createAndStart(containers, "sleep", "3600");
                    default -> "error unknown request " + line;
                };
            } catch (RuntimeException e) {
                answer = "error " + e.getMessage();
            }
            System.out.println(answer);
            System.out.flush();
        }
        channel.shutdownNow();
        group.shutdownGracefully();
    }

    private static String createAndStart(ContainersGrpc.ContainersBlockingStub containers, String... cmd) {
        ContainerConfig config = ContainerConfig.newBuilder().setImage("busybox").addAllCmd(java.util.List.of(cmd)).build();
        String id = containers.create(CreateContainerRequest.newBuilder().setConfig(config).build()).getId();
        containers.start(StartContainerRequest.newBuilder().setContainer(id).build());
        return id;
    }
}
