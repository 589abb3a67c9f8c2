package dev.hako.spec;

import dev.hako.oci.ImageConfig;
import java.util.List;

/**
 * Everything a customiser reads: the image's config, the user's settings, what the caller prepared,
 * and a list to add warnings to (they reach the user, as docker's create warnings do).
 */
public record SpecInput(ImageConfig.Config image, ContainerSettings settings, SpecContext context, List<String> warnings) {
    private static final ImageConfig.Config NO_CONFIG = new ImageConfig.Config(null, null, null, null, null, null, null, null, null);

    public SpecInput {
        image = image == null ? NO_CONFIG : image;
    }

    public void warn(String format, Object... args) {
        warnings.add(format.formatted(args));
    }
}
