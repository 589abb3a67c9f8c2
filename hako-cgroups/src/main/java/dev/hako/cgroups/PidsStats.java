package dev.hako.cgroups;

import java.util.OptionalLong;

/**
 * Tasks in a cgroup and its limit.
 *
 * @param current pids.current: tasks (threads included) in the cgroup and its descendants
 * @param limit pids.max; empty when "max" (unlimited)
 */
public record PidsStats(long current, OptionalLong limit) {}
