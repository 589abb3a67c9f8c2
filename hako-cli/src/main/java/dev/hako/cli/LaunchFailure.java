package dev.hako.cli;

/**
 * A container could not be created or started by `run`, `create` or `start -a`. docker reports
 * these as "docker: <error>." and exits 125, or 126/127 when the command in the container cannot
 * be invoked or found; {@link Failures} does the same with hako's name.
 */
public final class LaunchFailure extends RuntimeException {
    private final String command;
    private final boolean withHelp;

    /**
     * @param command  the command to point at ("run", "create")
     * @param withHelp add docker's "See 'hako run --help'." (create failures do, start failures not)
     */
    public LaunchFailure(String command, boolean withHelp, Throwable cause) {
        super(cause.getMessage(), cause);
        this.command = command;
        this.withHelp = withHelp;
    }

    public String command() {
        return command;
    }

    public boolean withHelp() {
        return withHelp;
    }
}
