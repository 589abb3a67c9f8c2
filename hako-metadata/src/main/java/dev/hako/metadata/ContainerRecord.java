package dev.hako.metadata;

/**
 * A container row. {@code config} is the container's settings as JSON (what it was created with);
 * times are nanoseconds since the epoch, 0 when not yet.
 */
public record ContainerRecord(
        String id,
        String name,
        String image,
        String imageId,
        String runtime,
        State state,
        String config,
        int pid,
        int conmonPid,
        int exitCode,
        boolean oomKilled,
        String error,
        int restartCount,
        long createdAt,
        long startedAt,
        long finishedAt) {

    public enum State { CREATED, RUNNING, EXITED, REMOVING }

    public ContainerRecord running(int newPid, int newConmonPid, long startedAtNanos, boolean restarted) {
        return new ContainerRecord(id, name, image, imageId, runtime, State.RUNNING, config, newPid, newConmonPid, 0, false,
                "", restartCount + (restarted ? 1 : 0), createdAt, startedAtNanos, 0);
    }

    public ContainerRecord exited(int code, boolean oom, long finishedAtNanos, String why) {
        return new ContainerRecord(id, name, image, imageId, runtime, State.EXITED, config, 0, 0, code, oom,
                why == null ? "" : why, restartCount, createdAt, startedAt, finishedAtNanos);
    }

    public ContainerRecord withConfig(String newConfig) {
        return new ContainerRecord(id, name, image, imageId, runtime, state, newConfig, pid, conmonPid, exitCode, oomKilled,
                error, restartCount, createdAt, startedAt, finishedAt);
    }

    public ContainerRecord withState(State newState) {
        return new ContainerRecord(id, name, image, imageId, runtime, newState, config, pid, conmonPid, exitCode, oomKilled,
                error, restartCount, createdAt, startedAt, finishedAt);
    }
}
