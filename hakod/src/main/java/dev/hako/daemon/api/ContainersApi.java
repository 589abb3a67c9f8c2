package dev.hako.daemon.api;

import com.google.protobuf.ByteString;
import dev.hako.api.v1.AttachInput;
import dev.hako.api.v1.AttachOutput;
import dev.hako.api.v1.ContainerConfig;
import dev.hako.api.v1.ContainerExit;
import dev.hako.api.v1.ContainerStatsRequest;
import dev.hako.api.v1.ContainerStatsResponse;
import dev.hako.api.v1.ContainerSummary;
import dev.hako.api.v1.ContainersGrpc;
import dev.hako.api.v1.CopyFromRequest;
import dev.hako.api.v1.CopyToRequest;
import dev.hako.api.v1.CopyToResponse;
import dev.hako.api.v1.CreateContainerRequest;
import dev.hako.api.v1.CreateContainerResponse;
import dev.hako.api.v1.DataChunk;
import dev.hako.api.v1.ExecInput;
import dev.hako.api.v1.ExecOutput;
import dev.hako.api.v1.InspectContainerRequest;
import dev.hako.api.v1.InspectContainerResponse;
import dev.hako.api.v1.KillContainerRequest;
import dev.hako.api.v1.KillContainerResponse;
import dev.hako.api.v1.ListContainersRequest;
import dev.hako.api.v1.ListContainersResponse;
import dev.hako.api.v1.LogEntry;
import dev.hako.api.v1.LogsRequest;
import dev.hako.api.v1.RemoveContainerRequest;
import dev.hako.api.v1.RemoveContainerResponse;
import dev.hako.api.v1.RestartContainerRequest;
import dev.hako.api.v1.RestartContainerResponse;
import dev.hako.api.v1.StartContainerRequest;
import dev.hako.api.v1.StartContainerResponse;
import dev.hako.api.v1.StopContainerRequest;
import dev.hako.api.v1.StopContainerResponse;
import dev.hako.api.v1.TopProcess;
import dev.hako.api.v1.TopRequest;
import dev.hako.api.v1.TopResponse;
import dev.hako.api.v1.WaitContainerRequest;
import dev.hako.api.v1.WaitContainerResponse;
import dev.hako.containers.Container;
import dev.hako.containers.ContainerExitStatus;
import dev.hako.containers.ContainerOptions;
import dev.hako.containers.ContainerService;
import dev.hako.containers.ContainerStats;
import dev.hako.containers.ExecSession;
import dev.hako.containers.ProcessTable;
import dev.hako.errdefs.HakoException;
import dev.hako.metadata.ContainerRecord;
import dev.hako.monitor.AttachSession;
import dev.hako.monitor.Stdio;
import dev.hako.spec.ExecSettings;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/** The hako API's Containers service: translates messages to and from the container service. */
public final class ContainersApi extends ContainersGrpc.ContainersImplBase {
    private static final Logger LOG = System.getLogger("hakod.containers");
    private final ContainerService containers;

    public ContainersApi(ContainerService containers) {
        this.containers = containers;
    }

    @Override
    public void create(CreateContainerRequest request, StreamObserver<CreateContainerResponse> observer) {
        GrpcErrors.unary(observer, () -> {
            ContainerService.Created c = containers.create(options(request.getConfig()));
            return CreateContainerResponse.newBuilder().setId(c.id()).addAllWarnings(c.warnings()).build();
        });
    }

    static ContainerOptions options(ContainerConfig c) {
        return new ContainerOptions(c.getName(), c.getImage(), c.getEntrypointSet() ? c.getEntrypointList() : null,
                c.getCmdList(), c.getEnvList(), c.getWorkingDir(), c.getUser(), c.getVolumesList(), c.getTmpfsList(),
                c.getReadOnly(), c.getHostname(), c.getMemoryBytes(), c.getNanoCpus(), c.getPidsLimit(),
                c.getCapAddList(), c.getCapDropList(), c.getPrivileged(), c.getSeccomp(), c.getNoNewPrivileges(),
                c.getNetwork(), c.getRuntime(), c.getTty(), c.getOpenStdin(), c.getStdinOnce(), c.getAutoRemove(),
                c.getLabelsMap());
    }

    @Override
    public void start(StartContainerRequest request, StreamObserver<StartContainerResponse> observer) {
        GrpcErrors.unary(observer, () -> {
            containers.start(request.getContainer());
            return StartContainerResponse.getDefaultInstance();
        });
    }

    @Override
    public StreamObserver<AttachInput> attach(StreamObserver<AttachOutput> responses) {
        SerialObserver<AttachOutput> out = new SerialObserver<>(responses);
        AtomicReference<ContainerService.Attachment> attachment = new AtomicReference<>();
        return new StreamObserver<>() {
            @Override
            public void onNext(AttachInput input) {
                try {
                    switch (input.getInputCase()) {
                        case START -> {
                            ContainerService.Attachment a = containers.attach(input.getStart().getContainer());
                            attachment.set(a);
                            var size = input.getStart().getSize();
                            if (size.getRows() > 0 && size.getCols() > 0) {
                                containers.resize(a.id(), size.getRows(), size.getCols());
                            }
                            // An empty message says the attach is in place: the client may start the container.
                            out.onNext(AttachOutput.getDefaultInstance());
                            // A platform thread: reading the attach socket blocks in native code.
                            Thread.ofPlatform().daemon().name("attach").start(() -> pumpAttach(a, out));
                        }
                        case STDIN -> toContainer(() -> session(attachment).writeStdin(input.getStdin().toByteArray(), 0,
                                input.getStdin().size()));
                        case RESIZE -> containers.resize(require(attachment).id(), input.getResize().getRows(),
                                input.getResize().getCols());
                        case CLOSE_STDIN -> toContainer(() -> session(attachment).closeStdin());
                        case INPUT_NOT_SET -> { }
                    }
                } catch (IOException | RuntimeException e) {
                    out.onError(e);
                }
            }

            @Override
            public void onError(Throwable t) {
                ContainerService.Attachment a = attachment.get();
                if (a != null) {
                    containers.detach(a);
                }
            }

            @Override
            public void onCompleted() {
                // The client sent all it will; output continues until the container exits.
            }
        };
    }

    private interface StdinWrite {
        void run() throws IOException;
    }

    /** Input that arrives after the container's end has nowhere to go: it is dropped, not an error. */
    private static void toContainer(StdinWrite write) {
        try {
            write.run();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "input after the container closed its stdio: {0}", e.getMessage());
        }
    }

    private static ContainerService.Attachment require(AtomicReference<ContainerService.Attachment> a) {
        if (a.get() == null) {
            throw HakoException.invalid("attach: the first message must name the container");
        }
        return a.get();
    }

    private static AttachSession session(AtomicReference<ContainerService.Attachment> a) {
        return require(a).session().join();
    }

    private void pumpAttach(ContainerService.Attachment a, SerialObserver<AttachOutput> out) {
        try {
            AttachSession session = a.session().join();
            try (session) {
                AttachSession.Frame frame;
                while ((frame = session.read()) != null) {
                    ByteString data = ByteString.copyFrom(frame.data());
                    out.onNext(frame.stream() == Stdio.STDERR
                            ? AttachOutput.newBuilder().setStderr(data).build()
                            : AttachOutput.newBuilder().setStdout(data).build());
                }
            }
            ContainerExitStatus exit = a.exit().join();
            out.onNext(AttachOutput.newBuilder().setExit(ContainerExit.newBuilder()
                    .setExitCode(exit.exitCode()).setOomKilled(exit.oomKilled())).build());
            out.onCompleted();
        } catch (java.util.concurrent.CompletionException e) {
            out.onError(e.getCause() == null ? e : e.getCause());
        } catch (IOException | RuntimeException e) {
            out.onError(e);
        }
    }

    @Override
    public void stop(StopContainerRequest request, StreamObserver<StopContainerResponse> observer) {
        GrpcErrors.unary(observer, () -> {
            containers.stop(request.getContainer(), request.getTimeout());
            return StopContainerResponse.getDefaultInstance();
        });
    }

    @Override
    public void kill(KillContainerRequest request, StreamObserver<KillContainerResponse> observer) {
        GrpcErrors.unary(observer, () -> {
            containers.kill(request.getContainer(), request.getSignal());
            return KillContainerResponse.getDefaultInstance();
        });
    }

    @Override
    public void restart(RestartContainerRequest request, StreamObserver<RestartContainerResponse> observer) {
        GrpcErrors.unary(observer, () -> {
            containers.restart(request.getContainer(), request.getTimeout());
            return RestartContainerResponse.getDefaultInstance();
        });
    }

    @Override
    public void remove(RemoveContainerRequest request, StreamObserver<RemoveContainerResponse> observer) {
        GrpcErrors.unary(observer, () ->
                RemoveContainerResponse.newBuilder().setId(containers.remove(request.getContainer(), request.getForce())).build());
    }

    @Override
    public void list(ListContainersRequest request, StreamObserver<ListContainersResponse> observer) {
        GrpcErrors.unary(observer, () -> {
            ListContainersResponse.Builder b = ListContainersResponse.newBuilder();
            for (Container c : containers.list(request.getAll())) {
                ContainerRecord r = c.record();
                b.addContainers(ContainerSummary.newBuilder()
                        .setId(r.id()).setName(r.name()).setImage(r.image())
                        .setCommand(command(c))
                        .setCreatedUnix(r.createdAt() / 1_000_000_000L)
                        .setState(r.state().name().toLowerCase(java.util.Locale.ROOT))
                        .setStatus(ContainerService.status(r))
                        .setRuntime(r.runtime()).setExitCode(r.exitCode())
                        .setStartedUnixNanos(r.startedAt()).setFinishedUnixNanos(r.finishedAt()));
            }
            return b.build();
        });
    }

    private String command(Container c) {
        try {
            return containers.command(c.id());
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    @Override
    public void inspect(InspectContainerRequest request, StreamObserver<InspectContainerResponse> observer) {
        GrpcErrors.unary(observer, () ->
                InspectContainerResponse.newBuilder().setJson(containers.inspect(request.getContainer())).build());
    }

    @Override
    public void wait(WaitContainerRequest request, StreamObserver<WaitContainerResponse> observer) {
        GrpcErrors.unary(observer, () -> {
            ContainerExitStatus exit = containers.await(request.getContainer());
            return WaitContainerResponse.newBuilder().setExitCode(exit.exitCode()).setOomKilled(exit.oomKilled()).build();
        });
    }

    @Override
    public void logs(LogsRequest request, StreamObserver<LogEntry> observer) {
        var call = (ServerCallStreamObserver<LogEntry>) observer;
        try {
            containers.logs(request.getContainer(), request.getFollow(), (int) request.getTail(), e -> {
                if (call.isCancelled()) {
                    throw new CancellationException("the client went away");
                }
                byte[] line = e.partial() ? e.line() : append(e.line(), (byte) '\n');
                observer.onNext(LogEntry.newBuilder().setStream(e.stream().criName())
                        .setData(ByteString.copyFrom(line)).setTimestamp(rfc3339(e.time())).build());
            });
            observer.onCompleted();
        } catch (CancellationException e) {
            LOG.log(Level.DEBUG, "logs of {0}: client went away", request.getContainer());
        } catch (IOException | RuntimeException e) {
            observer.onError(GrpcErrors.toStatus(e));
        }
    }

    private static byte[] append(byte[] line, byte b) {
        byte[] out = java.util.Arrays.copyOf(line, line.length + 1);
        out[line.length] = b;
        return out;
    }

    private static String rfc3339(Instant t) {
        return DateTimeFormatter.ISO_INSTANT.format(t);
    }

    @Override
    public StreamObserver<ExecInput> exec(StreamObserver<ExecOutput> responses) {
        SerialObserver<ExecOutput> out = new SerialObserver<>(responses);
        AtomicReference<ExecSession> session = new AtomicReference<>();
        return new StreamObserver<>() {
            @Override
            public void onNext(ExecInput input) {
                try {
                    switch (input.getInputCase()) {
                        case START -> {
                            var s = input.getStart();
                            ExecSession e = containers.exec(s.getContainer(), new ExecSettings(s.getCmdList(),
                                    s.getEnvList(), s.getUser(), s.getWorkingDir(), s.getTty(), s.getPrivileged()),
                                    s.getSize().getRows(), s.getSize().getCols());
                            out.onNext(ExecOutput.getDefaultInstance()); // the process runs: input may come
                            if (!s.getStdin()) {
                                e.closeStdin();
                            }
                            if (s.getDetach()) {
                                out.onCompleted();
                                Thread.ofPlatform().daemon().name("exec-detached").start(() -> reapDetached(e));
                                return;
                            }
                            session.set(e);
                            Thread.ofPlatform().daemon().name("exec").start(() -> pumpExec(e, out));
                        }
                        case STDIN -> requireExec(session).writeStdin(input.getStdin().toByteArray());
                        case RESIZE -> requireExec(session).resize(input.getResize().getRows(), input.getResize().getCols());
                        case CLOSE_STDIN -> requireExec(session).closeStdin();
                        case INPUT_NOT_SET -> { }
                    }
                } catch (IOException | RuntimeException e) {
                    out.onError(e);
                }
            }

            @Override
            public void onError(Throwable t) {
                ExecSession e = session.get();
                if (e != null) {
                    try {
                        e.close();
                    } catch (IOException ignored) {
                        // the client is gone; nothing to tell
                    }
                }
            }

            @Override
            public void onCompleted() {
                // Input is over; output continues until the process exits.
            }
        };
    }

    private static ExecSession requireExec(AtomicReference<ExecSession> s) {
        if (s.get() == null) {
            throw HakoException.invalid("exec: the first message must start the process");
        }
        return s.get();
    }

    private static void pumpExec(ExecSession e, SerialObserver<ExecOutput> out) {
        try (e) {
            // Platform threads: a terminal is read in native code, which would pin a virtual thread's carrier.
            CompletableFuture<Void> stdout = new CompletableFuture<>();
            CompletableFuture<Void> stderr = new CompletableFuture<>();
            Thread.ofPlatform().daemon().name("exec-stdout").start(() -> {
                copy(e.stdout(), out, false);
                stdout.complete(null);
            });
            Thread.ofPlatform().daemon().name("exec-stderr").start(() -> {
                copy(e.stderr(), out, true);
                stderr.complete(null);
            });
            int code = e.waitFor();
            stdout.join();
            stderr.join();
            out.onNext(ExecOutput.newBuilder().setExitCode(code).build());
            out.onCompleted();
        } catch (IOException | RuntimeException ex) {
            out.onError(ex);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            out.onError(ex);
        }
    }

    /** A detached exec runs on; its output is discarded and it is reaped when it ends. */
    private static void reapDetached(ExecSession e) {
        try (e) {
            Thread.ofPlatform().daemon().start(() -> drain(e.stderr()));
            drain(e.stdout());
            e.waitFor();
        } catch (IOException ex) {
            LOG.log(Level.DEBUG, "detached exec: {0}", ex.getMessage());
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private static void drain(InputStream in) {
        try {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException ignored) {
            // the process ended
        }
    }

    private static void copy(InputStream in, SerialObserver<ExecOutput> out, boolean stderr) {
        byte[] buffer = new byte[32 * 1024];
        try {
            int n;
            while ((n = in.read(buffer)) > 0) {
                ByteString data = ByteString.copyFrom(buffer, 0, n);
                out.onNext(stderr ? ExecOutput.newBuilder().setStderr(data).build()
                        : ExecOutput.newBuilder().setStdout(data).build());
            }
        } catch (IOException e) {
            // the process ended and its pipe or terminal closed
        }
    }

    @Override
    public void stats(ContainerStatsRequest request, StreamObserver<ContainerStatsResponse> observer) {
        GrpcErrors.unary(observer, () -> {
            ContainerStats s = containers.stats(request.getContainer());
            return ContainerStatsResponse.newBuilder().setId(s.id()).setName(s.name()).setCpuPercent(s.cpuPercent())
                    .setMemoryUsage(s.memoryUsage()).setMemoryLimit(s.memoryLimit()).setPids(s.pids())
                    .setPidsLimit(s.pidsLimit()).setCpuUsageNanos(s.cpuUsageNanos()).setOnlineCpus(s.onlineCpus())
                    .build();
        });
    }

    @Override
    public void top(TopRequest request, StreamObserver<TopResponse> observer) {
        GrpcErrors.unary(observer, () -> {
            ProcessTable.Table t = containers.top(request.getContainer(), request.getPsArgsList());
            TopResponse.Builder b = TopResponse.newBuilder().addAllTitles(t.titles());
            t.rows().forEach(row -> b.addProcesses(TopProcess.newBuilder().addAllFields(row)));
            return b.build();
        });
    }

    @Override
    public void copyFrom(CopyFromRequest request, StreamObserver<DataChunk> observer) {
        var call = (ServerCallStreamObserver<DataChunk>) observer;
        try {
            GrpcOutputStream out = new GrpcOutputStream(call);
            containers.copyFrom(request.getContainer(), request.getPath(), out);
            out.flush();
            observer.onCompleted();
        } catch (Throwable t) {
            observer.onError(GrpcErrors.toStatus(t));
        }
    }

    @Override
    public StreamObserver<CopyToRequest> copyTo(StreamObserver<CopyToResponse> observer) {
        return UploadCall.handle(observer, "copy-to", CopyToRequest::getData, (first, input) -> {
            if (first == null) {
                throw HakoException.invalid("copy: no destination named");
            }
            containers.copyTo(first.getContainer(), first.getPath(), input);
            return CopyToResponse.getDefaultInstance();
        });
    }
}
