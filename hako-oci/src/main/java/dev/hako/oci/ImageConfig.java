package dev.hako.oci;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.hako.errdefs.HakoException;
import java.util.List;
import java.util.Map;

/**
 * The parts of an OCI image configuration that hako reads. Unknown fields are ignored here; the
 * stored bytes stay the truth and are shown as they are.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ImageConfig(
        String created,
        String author,
        String architecture,
        String os,
        String variant,
        @JsonProperty("os.version") String osVersion,
        Config config,
        RootFs rootfs,
        List<History> history) {

    public ImageConfig {
        history = history == null ? List.of() : List.copyOf(history);
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Config(
            @JsonProperty("User") String user,
            @JsonProperty("ExposedPorts") Map<String, Object> exposedPorts,
            @JsonProperty("Env") List<String> env,
            @JsonProperty("Entrypoint") List<String> entrypoint,
            @JsonProperty("Cmd") List<String> cmd,
            @JsonProperty("Volumes") Map<String, Object> volumes,
            @JsonProperty("WorkingDir") String workingDir,
            @JsonProperty("Labels") Map<String, String> labels,
            @JsonProperty("StopSignal") String stopSignal) {}

    public record RootFs(String type, @JsonProperty("diff_ids") List<Digest> diffIds) {
        public RootFs {
            diffIds = diffIds == null ? List.of() : List.copyOf(diffIds);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record History(
            String created,
            @JsonProperty("created_by") String createdBy,
            String author,
            String comment,
            @JsonProperty("empty_layer") Boolean emptyLayer) {}

    public static ImageConfig parse(byte[] bytes, String what) {
        ImageConfig c = Json.read(bytes, ImageConfig.class, what);
        if (c.rootfs() == null || !"layers".equals(c.rootfs().type())) {
            throw HakoException.invalid("%s: image config has no rootfs of type layers", what);
        }
        return c;
    }

    public List<Digest> diffIds() {
        return rootfs.diffIds();
    }

    public Platform platform() {
        return new Platform(os, architecture, variant).normalized();
    }
}
