package dev.hako.spec;

import dev.hako.errdefs.HakoException;

/**
 * A bind mount of a host path into the container ({@code -v HOST:CTR[:ro|rw]}). Named volumes are
 * not supported: the source must be an absolute host path.
 */
public record Volume(String source, String target, boolean readOnly) {
    public Volume {
        if (source == null || !source.startsWith("/")) {
            throw HakoException.invalid("volume source %s must be an absolute host path (named volumes are not supported)",
                    source == null ? "(none)" : "\"" + source + "\"");
        }
        source = ContainerPath.absolute(source, "volume source");
        target = ContainerPath.absolute(target, "volume target");
        if (target.equals("/")) {
            throw HakoException.invalid("volume target cannot be \"/\"");
        }
    }

    /** Parses the {@code -v} form: {@code HOST:CTR}, {@code HOST:CTR:ro} or {@code HOST:CTR:rw}. */
    public static Volume parse(String spec) {
        String[] parts = spec.split(":", -1);
        if (parts.length < 2 || parts.length > 3) {
            throw HakoException.invalid("invalid volume \"%s\": expected HOST:CONTAINER[:ro|rw]", spec);
        }
        boolean readOnly = false;
        if (parts.length == 3) {
            switch (parts[2]) {
                case "ro" -> readOnly = true;
                case "rw" -> readOnly = false;
                default -> throw HakoException.invalid("invalid volume \"%s\": unknown option \"%s\" (ro or rw)", spec, parts[2]);
            }
        }
        return new Volume(parts[0], parts[1], readOnly);
    }
}
