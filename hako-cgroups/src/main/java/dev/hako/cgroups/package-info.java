/**
 * cgroups for hako's containers: where they are, what they use, and removing leftovers.
 *
 * <p>The OCI runtime creates, joins and limits a container's cgroup from the spec's
 * {@code linux.cgroupsPath}; this package names that path ({@link dev.hako.cgroups.Cgroups#containerPath}),
 * reads its counters ({@link dev.hako.cgroups.Cgroups#stats}) and removes what a failed or killed
 * runtime left ({@link dev.hako.cgroups.Cgroups#remove}). What hakod itself may hand down
 * (oom_score_adj, rlimits) is hako-spec's {@code HostLimits}.
 *
 * <p>Seen on this project's hybrid hosts (kernel 6.x, runc 1.1.5): for an absolute cgroupsPath runc
 * makes the cgroup in every v1 hierarchy (name=systemd included) and in the cgroup2 mount beside
 * them; {@code runc delete} removes the container's cgroup but leaves its parent ("/hako") in
 * each; an rmdir right after SIGKILL can still get EBUSY for a moment; cpu and cpuacct are mounted
 * as separate hierarchies, not as "cpu,cpuacct".
 */
package dev.hako.cgroups;
