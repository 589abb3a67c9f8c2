package dev.hako.spec;

import dev.hako.errdefs.HakoException;

/**
 * A bind mount of a host path into the container ({@code -v HOST:CTR[:OPTIONS]}, options ro or rw
 * and a propagation, comma-separated as docker takes them). Named volumes are not supported: the
 * source must be an absolute host path.
 *
 * @param propagation rprivate (the default), rslave (the CRI's HostToContainer) or rshared
 *     (Bidirectional); private, slave and shared are taken too
 */
public record Volume(String source, String target, boolean readOnly, String propagation) {
    private static final java.util.Set<String> PROPAGATIONS =
            java.util.Set.of("private", "rprivate", "slave", "rslave", "shared", "rshared");

    public Volume(String source, String target, boolean readOnly) {
        this(source, target, readOnly, "rprivate");
    }

    public Volume {
        propagation = propagation == null ? "rprivate" : propagation;
        if (!PROPAGATIONS.contains(propagation)) {
            throw HakoException.invalid("invalid volume propagation \"%s\": one of %s", propagation,
                    String.join(", ", PROPAGATIONS.stream().sorted().toList()));
        }
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

    /** Parses the {@code -v} form: {@code HOST:CTR}, {@code HOST:CTR:ro}, {@code HOST:CTR:ro,rslave}... */
    public static Volume parse(String spec) {
        String[] parts = spec.split(":", -1);
        if (parts.length < 2 || parts.length > 3) {
            throw HakoException.invalid("invalid volume \"%s\": expected HOST:CONTAINER[:ro|rw]", spec);
        }
        boolean readOnly = false;
        String propagation = "rprivate";
        if (parts.length == 3) {
            for (String option : parts[2].split(",")) {
                switch (option) {
                    case "ro" -> readOnly = true;
                    case "rw" -> readOnly = false;
                    default -> {
                        if (!PROPAGATIONS.contains(option)) {
                            throw HakoException.invalid("invalid volume \"%s\": unknown option \"%s\" (ro, rw or a propagation)",
                                    spec, option);
                        }
                        propagation = option;
                    }
                }
            }
        }
        return new Volume(parts[0], parts[1], readOnly, propagation);
    }

    /**
     * The {@code -v} form, as short as docker's users write it ({@code /h:/c}, {@code /h:/c:ro,rslave});
     * {@link #parse} reads it back unless a path holds ':' (the CRI allows that).
     */
    public String spec() {
        String options = (readOnly ? "ro" : "") + (propagation.equals("rprivate") ? "" : (readOnly ? "," : "") + propagation);
        return source + ":" + target + (options.isEmpty() ? "" : ":" + options);
    }
}
