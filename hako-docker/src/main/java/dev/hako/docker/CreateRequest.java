package dev.hako.docker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hako.containers.ContainerOptions;
import dev.hako.errdefs.HakoException;
import dev.hako.spec.NetworkMode;
import dev.hako.spec.SeccompSetting;
import dev.hako.spec.Tmpfs;
import dev.hako.spec.Volume;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /containers/create}'s body (docker's Config with its HostConfig) as the container
 * service's {@link ContainerOptions}. What hako cannot do yet is refused by name, never dropped:
 * a container without the port or mount it asked for would be worse than an error.
 */
final class CreateRequest {
    private CreateRequest() {}

    static ContainerOptions options(String name, JsonNode body) {
        JsonNode host = body.path("HostConfig");
        refuseUnsupported(body, host);
        String image = text(body, "Image");
        if (image.isEmpty()) {
            throw HakoException.invalid("config cannot be empty in order to create a container");
        }
        SeccompSetting seccomp = SeccompSetting.DEFAULT;
        boolean noNewPrivileges = false;
        for (String opt : strings(host.path("SecurityOpt"))) {
            if (opt.equals("no-new-privileges") || opt.equals("no-new-privileges=true") || opt.equals("no-new-privileges:true")) {
                noNewPrivileges = true;
            } else if (opt.startsWith("seccomp=") || opt.startsWith("seccomp:")) {
                // docker's client sends the profile's JSON itself (it reads the file), or "unconfined".
                String value = opt.substring("seccomp=".length());
                seccomp = value.equals("unconfined") ? SeccompSetting.UNCONFINED : SeccompSetting.custom(value);
            } else {
                throw HakoException.invalid("security option %s is not supported yet", opt);
            }
        }
        List<Tmpfs> tmpfs = new ArrayList<>();
        host.path("Tmpfs").fields().forEachRemaining(e -> tmpfs.add(new Tmpfs(e.getKey(),
                e.getValue().asText().isEmpty() ? List.of() : List.of(e.getValue().asText().split(",")))));
        // docker's bind form is the -v form hako's CLI takes too: HOST:CONTAINER[:OPTIONS].
        List<Volume> binds = strings(host.path("Binds")).stream().map(Volume::parse).toList();
        Map<String, String> labels = new LinkedHashMap<>();
        body.path("Labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        return new ContainerOptions(name.startsWith("/") ? name.substring(1) : name, image,
                body.hasNonNull("Entrypoint") ? strings(body.get("Entrypoint")) : null,
                strings(body.path("Cmd")), strings(body.path("Env")), text(body, "WorkingDir"), text(body, "User"),
                binds, tmpfs, host.path("ReadonlyRootfs").asBoolean(), text(body, "Hostname"),
                host.path("Memory").asLong(), host.path("NanoCpus").asLong(), host.path("PidsLimit").asLong(),
                strings(host.path("CapAdd")), strings(host.path("CapDrop")), host.path("Privileged").asBoolean(),
                seccomp, noNewPrivileges, network(text(host, "NetworkMode")),
                text(host, "Runtime"), body.path("Tty").asBoolean(), body.path("OpenStdin").asBoolean(),
                body.path("StdinOnce").asBoolean(), host.path("AutoRemove").asBoolean(), labels);
    }

    /**
     * docker's default network is its bridge; hako has no networks for containers outside pods yet,
     * so a container that asks for the default gets none (only loopback), as {@code hako run} does.
     */
    static NetworkMode network(String mode) {
        return switch (mode) {
            case "", "default", "bridge", "none" -> NetworkMode.NONE;
            case "host" -> NetworkMode.HOST;
            default -> throw HakoException.notFound("network %s not found", mode);
        };
    }

    private static void refuseUnsupported(JsonNode body, JsonNode host) {
        if (host.path("PortBindings").size() > 0) {
            throw HakoException.invalid("published ports are not supported yet");
        }
        if (host.path("Mounts").size() > 0) {
            throw HakoException.invalid("--mount is not supported yet: use -v HOST:CONTAINER");
        }
        if (body.path("Volumes").size() > 0 && host.path("Binds").isEmpty()) {
            throw HakoException.invalid("anonymous and named volumes are not supported yet");
        }
        for (String b : strings(host.path("Binds"))) {
            if (!b.startsWith("/")) {
                throw HakoException.invalid("named volumes are not supported yet: %s", b);
            }
        }
        String restart = host.path("RestartPolicy").path("Name").asText("");
        if (!restart.isEmpty() && !restart.equals("no")) {
            throw HakoException.invalid("restart policy %s is not supported yet", restart);
        }
        if (body.has("Healthcheck") && body.path("Healthcheck").path("Test").size() > 0
                && !body.path("Healthcheck").path("Test").get(0).asText().equals("NONE")) {
            throw HakoException.invalid("health checks are not supported yet");
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? "" : v.asText();
    }

    /** A list of strings; docker also accepts one string where a list is expected (Cmd, Entrypoint). */
    private static List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node == null || node.isNull() || node.isMissingNode()) {
            return out;
        }
        if (node.isTextual()) {
            out.add(node.asText());
            return out;
        }
        node.forEach(n -> out.add(n.asText()));
        return out;
    }
}
