package dev.hako.daemon;

import dev.hako.images.ImagesConfig;
import dev.hako.registry.RegistryConfig;
import java.nio.file.Path;

/** Everything hakod reads from hako.toml, with defaults for what the file leaves out. */
public record HakoConfig(ImagesConfig images, RegistryConfig registries, Path authFile, RuntimeSettings runtime,
                         CniSettings cni, StreamingSettings streaming, ApiSettings api, DockerSettings docker) {
    public static HakoConfig defaults() {
        return new HakoConfig(ImagesConfig.defaults(), RegistryConfig.empty(), defaultAuthFile(), RuntimeSettings.defaults(),
                CniSettings.defaults(), StreamingSettings.defaults(), ApiSettings.defaults(),
                DockerSettings.defaults());
    }

    /** Where docker keeps credentials for the user hakod runs as. */
    static Path defaultAuthFile() {
        String dockerConfig = System.getenv("DOCKER_CONFIG");
        if (dockerConfig != null && !dockerConfig.isBlank()) {
            return Path.of(dockerConfig, "config.json");
        }
        return Path.of(System.getProperty("user.home"), ".docker", "config.json");
    }
}
