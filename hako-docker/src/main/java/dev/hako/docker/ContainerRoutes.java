package dev.hako.docker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hako.containers.Container;
import dev.hako.containers.ContainerExitStatus;
import dev.hako.containers.ContainerService;
import dev.hako.containers.WaitCondition;
import dev.hako.errdefs.HakoException;
import dev.hako.metadata.ContainerRecord;
import dev.hako.oci.Json;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Containers: create, list, inspect, start, stop, kill, wait, remove, logs and attach. */
final class ContainerRoutes {
    private final ContainerService containers;
    private final AttachStream attach;

    ContainerRoutes(ContainerService containers) {
        this.containers = containers;
        this.attach = new AttachStream(containers);
    }

    void addTo(Router router) {
        router.add(HttpMethod.POST, "/containers/create", this::create)
                .add(HttpMethod.GET, "/containers/json", (req, p, res) -> res.json(HttpResponseStatus.OK, list(req)))
                .add(HttpMethod.GET, "/containers/{id}/json", (req, p, res) ->
                        res.json(HttpResponseStatus.OK, ContainerJson.inspect(containers.inspect(p.get("id")))))
                .add(HttpMethod.POST, "/containers/{id}/start", this::start)
                .add(HttpMethod.POST, "/containers/{id}/stop", this::stop)
                .add(HttpMethod.POST, "/containers/{id}/kill", (req, p, res) -> {
                    containers.kill(p.get("id"), req.query("signal", ""));
                    res.empty(HttpResponseStatus.NO_CONTENT);
                })
                .add(HttpMethod.POST, "/containers/{id}/wait", this::await)
                .add(HttpMethod.DELETE, "/containers/{id}", (req, p, res) -> {
                    containers.remove(p.get("id"), req.flag("force"));
                    res.empty(HttpResponseStatus.NO_CONTENT);
                })
                .add(HttpMethod.GET, "/containers/{id}/logs", this::logs)
                .add(HttpMethod.POST, "/containers/{id}/attach", this::attach)
                .add(HttpMethod.POST, "/containers/{id}/resize", (req, p, res) -> {
                    int h = req.intQuery("h", 0);
                    int w = req.intQuery("w", 0);
                    if (h <= 0 || w <= 0) {
                        throw HakoException.invalid("invalid terminal size %sx%s", req.query("h", ""), req.query("w", ""));
                    }
                    containers.resize(containers.get(p.get("id")).id(), h, w);
                    res.empty(HttpResponseStatus.OK);
                });
    }

    private void create(DockerRequest req, PathParams p, DockerResponse res) throws IOException {
        ContainerService.Created c = containers.create(CreateRequest.options(req.query("name", ""), req.json()));
        res.json(HttpResponseStatus.CREATED, Map.of("Id", c.id(), "Warnings", c.warnings()));
    }

    private List<Map<String, Object>> list(DockerRequest req) {
        String filters = req.query("filters", "");
        if (!filters.isEmpty() && !filters.equals("{}")) {
            throw HakoException.invalid("filters are not supported yet: %s", filters);
        }
        List<Map<String, Object>> out = new ArrayList<>();
        List<Container> all = new ArrayList<>(containers.list(req.flag("all")));
        all.sort((a, b) -> Long.compare(b.record().createdAt(), a.record().createdAt()));
        int limit = req.intQuery("limit", -1);
        for (Container c : all) {
            if (limit > 0 && out.size() >= limit) {
                break;
            }
            out.add(ContainerJson.summary(c, command(c)));
        }
        return out;
    }

    private String command(Container c) {
        try {
            return containers.command(c.id());
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** 304 for one that runs already, as docker answers. */
    private void start(DockerRequest req, PathParams p, DockerResponse res) throws IOException {
        if (containers.get(p.get("id")).record().state() == ContainerRecord.State.RUNNING) {
            res.empty(HttpResponseStatus.NOT_MODIFIED);
            return;
        }
        containers.start(p.get("id"));
        res.empty(HttpResponseStatus.NO_CONTENT);
    }

    /** 304 for one that does not run, as docker answers. */
    private void stop(DockerRequest req, PathParams p, DockerResponse res) throws IOException {
        if (!req.query("signal", "").isEmpty()) {
            throw HakoException.invalid("stop --signal is not supported yet: the image's stop signal is used");
        }
        if (containers.get(p.get("id")).record().state() != ContainerRecord.State.RUNNING) {
            res.empty(HttpResponseStatus.NOT_MODIFIED);
            return;
        }
        containers.stop(p.get("id"), req.intQuery("t", -1));
        res.empty(HttpResponseStatus.NO_CONTENT);
    }

    /**
     * The headers go out once the wait is in place: docker's CLI waits for them before it starts
     * the container it runs. The body follows when the condition is met.
     */
    private void await(DockerRequest req, PathParams p, DockerResponse res) throws IOException {
        WaitCondition condition = switch (req.query("condition", "not-running")) {
            case "", "not-running" -> WaitCondition.NOT_RUNNING;
            case "next-exit" -> WaitCondition.NEXT_EXIT;
            case "removed" -> WaitCondition.REMOVED;
            default -> throw HakoException.invalid("invalid condition: %s", req.query("condition", ""));
        };
        CompletableFuture<ContainerExitStatus> exit = containers.waitFor(p.get("id"), condition);
        try (OutputStream out = res.stream(HttpResponseStatus.OK, "application/json")) {
            Map<String, Object> body = new LinkedHashMap<>();
            try {
                // A client that goes away stops waiting: its thread is not held until the container exits.
                while (true) {
                    try {
                        body.put("StatusCode", exit.get(1, TimeUnit.SECONDS).exitCode());
                        break;
                    } catch (TimeoutException e) {
                        if (!res.clientConnected()) {
                            return;
                        }
                    }
                }
            } catch (ExecutionException e) {
                body.put("StatusCode", -1);
                body.put("Error", Map.of("Message", String.valueOf(e.getCause().getMessage())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exit.cancel(false);
                return;
            }
            out.write(Json.write(body));
            out.write('\n');
        }
    }

    private void logs(DockerRequest req, PathParams p, DockerResponse res) throws IOException {
        boolean stdout = req.flag("stdout");
        boolean stderr = req.flag("stderr");
        if (!stdout && !stderr) {
            throw HakoException.invalid("Bad parameters: you must choose at least one stream");
        }
        if (!req.query("since", "").isEmpty() && !req.query("since", "").equals("0")
                || !req.query("until", "").isEmpty() && !req.query("until", "").equals("0")) {
            throw HakoException.invalid("logs --since and --until are not supported yet");
        }
        Container c = containers.get(p.get("id"));
        String tail = req.query("tail", "all");
        int lines;
        try {
            lines = tail.equals("all") || tail.isEmpty() ? -1 : Integer.parseInt(tail);
        } catch (NumberFormatException e) {
            throw HakoException.invalid("invalid value for tail: %s", tail);
        }
        boolean timestamps = req.flag("timestamps");
        StreamFrames[] frames = new StreamFrames[1];
        OutputStream[] out = new OutputStream[1];
        try {
            containers.logs(c.id(), req.flag("follow"), lines, e -> {
                boolean err = e.stream() == dev.hako.monitor.Stdio.STDERR;
                if (!(err ? stderr : stdout)) {
                    return;
                }
                try {
                    if (frames[0] == null) {
                        out[0] = res.stream(HttpResponseStatus.OK,
                                c.options().tty() ? StreamFrames.RAW : StreamFrames.MULTIPLEXED);
                        frames[0] = new StreamFrames(out[0], c.options().tty());
                    }
                    frames[0].write(e.stream(), line(e, timestamps));
                } catch (IOException io) {
                    throw new UncheckedIOException(io);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        if (out[0] == null) {
            res.stream(HttpResponseStatus.OK, c.options().tty() ? StreamFrames.RAW : StreamFrames.MULTIPLEXED).close();
        } else {
            out[0].close();
        }
    }

    private static byte[] line(dev.hako.monitor.LogEntry e, boolean timestamps) {
        byte[] data = e.partial() ? e.line() : append(e.line(), (byte) '\n');
        if (!timestamps) {
            return data;
        }
        byte[] prefix = (DateTimeFormatter.ISO_INSTANT.format(e.time()) + " ").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] out = new byte[prefix.length + data.length];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        System.arraycopy(data, 0, out, prefix.length, data.length);
        return out;
    }

    private static byte[] append(byte[] line, byte b) {
        byte[] out = java.util.Arrays.copyOf(line, line.length + 1);
        out[line.length] = b;
        return out;
    }

    private void attach(DockerRequest req, PathParams p, DockerResponse res) throws IOException {
        if (!req.flag("stream")) {
            throw HakoException.invalid("attach without stream=1 (the logs of a container) is not supported yet");
        }
        if (req.flag("logs")) {
            throw HakoException.invalid("attach with logs=1 is not supported yet");
        }
        Container c = containers.get(p.get("id"));
        attach.run(c.id(), c.options().tty(),
                new AttachStream.Streams(req.flag("stdin"), req.flag("stdout"), req.flag("stderr")), res);
    }
}
