package dev.hako.testkit.daemon;

/** What one run of the hako CLI did. */
public record CliResult(int exitCode, String stdout, String stderr) {
    public CliResult requireSuccess() {
        if (exitCode != 0) {
            throw new AssertionError("hako failed with exit code " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr);
        }
        return this;
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
    }
}
