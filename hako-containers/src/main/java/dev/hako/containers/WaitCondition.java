package dev.hako.containers;

/** What a wait waits for, as docker's {@code wait?condition=} names it. */
public enum WaitCondition {
    /** The container is not running: at once when it is not, else when it exits. */
    NOT_RUNNING,
    /** The container's next exit, even when it is not running now (a wait made before a start). */
    NEXT_EXIT,
    /** The container is removed (a {@code --rm} container after its exit); answers how its last run ended. */
    REMOVED
}
