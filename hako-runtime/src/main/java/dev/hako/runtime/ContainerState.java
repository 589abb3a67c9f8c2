package dev.hako.runtime;

import java.nio.file.Path;

/** What {@code runtime state ID} reports (OCI runtime spec "state"): creating, created, running or stopped. */
public record ContainerState(String id, String status, int pid, Path bundle) {
    public boolean running() {
        return "running".equals(status);
    }
}
