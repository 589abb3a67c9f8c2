package dev.hako.cli.container;

/** docker's --pull for run and create: when to pull the image before creating the container. */
public enum PullPolicy {
    /** Pull only when the daemon does not have the image (the default). */
    MISSING,
    /** Pull first, every time. */
    ALWAYS,
    /** Never pull: a missing image fails the command. */
    NEVER;

    public static PullPolicy parse(String value) {
        return switch (value) {
            case "missing" -> MISSING;
            case "always" -> ALWAYS;
            case "never" -> NEVER;
            default -> throw new IllegalArgumentException("invalid pull option: '" + value
                    + "': must be one of \"always\", \"missing\" or \"never\"");
        };
    }
}
