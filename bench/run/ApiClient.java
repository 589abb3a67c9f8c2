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
 *   lc-batch N, cr-batch N
 *       N of them at once, each on a thread of its own over the one connection (as a kubelet
 *       starting a pod's containers); answers "ok" and, per container, "MICROS:ID" (its own latency;
 *       the ID is "-" for lc)
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
                    default -> line.startsWith("lc-batch ") || line.startsWith("cr-batch ")
                            ? batch(containers, line.startsWith("lc"), Integer.parseInt(line.substring(9).trim()))
                            : "error unknown request " + line;
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

    /** N lifecycles (or create→running) at once, released together; each timed on its own thread. */
    private static String batch(ContainersGrpc.ContainersBlockingStub containers, boolean lifecycle, int n) throws InterruptedException {
        var start = new java.util.concurrent.CountDownLatch(1);
        String[] results = new String[n];
        Thread[] threads = new Thread[n];
        for (int i = 0; i < n; i++) {
            int slot = i;
            threads[i] = Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                    long t0 = System.nanoTime();
                    String id;
                    if (lifecycle) {
                        String made = createAndStart(containers, "true");
                        containers.wait(WaitContainerRequest.newBuilder().setContainer(made).build());
                        containers.remove(RemoveContainerRequest.newBuilder().setContainer(made).build());
                        id = "-";
                    } else {
                        id = createAndStart(containers, "sleep", "3600");
                    }
                    results[slot] = (System.nanoTime() - t0) / 1000 + ":" + id;
                } catch (InterruptedException | RuntimeException e) {
                    results[slot] = "error " + e.getMessage();
                }
            });
        }
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        StringBuilder answer = new StringBuilder("ok");
        for (String r : results) {
            if (r.startsWith("error")) {
                return r;
            }
            answer.append(' ').append(r);
        }
        return answer.toString();
    }

    private static String createAndStart(ContainersGrpc.ContainersBlockingStub containers, String... cmd) {
        ContainerConfig config = ContainerConfig.newBuilder().setImage("busybox").addAllCmd(java.util.List.of(cmd)).build();
        String id = containers.create(CreateContainerRequest.newBuilder().setConfig(config).build()).getId();
        containers.start(StartContainerRequest.newBuilder().setContainer(id).build());
        return id;
    }
}
