package dev.hako.daemon;

import dev.hako.errdefs.HakoException;

/**
 * hako.toml's [api]: who may use hakod's sockets besides root and hakod's own user.
 *
 * @param gid the group the sockets belong to (mode 0660), as docker's "docker" group: its members
 *     may connect. 0 (root's group) by default.
 */
public record ApiSettings(int gid) {
    public ApiSettings {
        if (gid < 0) {
            throw HakoException.invalid("api.gid must be a group id (0 or more), not %d", gid);
        }
    }

    public static ApiSettings defaults() {
        return new ApiSettings(0);
    }
}
