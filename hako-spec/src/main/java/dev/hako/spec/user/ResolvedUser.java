package dev.hako.spec.user;

import java.util.List;

/** The ids a process runs with; {@code additionalGids} starts with {@code gid}, as docker sets it. */
public record ResolvedUser(long uid, long gid, List<Long> additionalGids) {
    public ResolvedUser {
        additionalGids = List.copyOf(additionalGids);
    }
}
