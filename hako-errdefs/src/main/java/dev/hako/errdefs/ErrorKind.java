package dev.hako.errdefs;

/** The handful of ways an operation can fail that callers act on differently. */
public enum ErrorKind {
    /** The named thing (image, blob, snapshot, container) does not exist. */
    NOT_FOUND,
    /** Something with that name already exists. */
    ALREADY_EXISTS,
    /** The request itself is wrong: a malformed reference, a hostile layer, a bad flag value. */
    INVALID_ARGUMENT,
    /** The request is fine but the current state does not allow it (e.g. an image still in use). */
    FAILED_PRECONDITION,
    /** Something outside hako did not answer or answered wrongly (registry down, bad blob from a registry). */
    UNAVAILABLE,
    /** Credentials were missing or refused. */
    UNAUTHENTICATED,
    /** Whoever started the operation stopped it (a client that went away, a deadline that passed). */
    CANCELLED,
    /** A bug or an unexpected local failure. */
    INTERNAL
}
