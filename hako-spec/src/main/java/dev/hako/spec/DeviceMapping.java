package dev.hako.spec;

import dev.hako.errdefs.HakoException;

/**
 * A host device node given to a container ({@code --device HOST[:CONTAINER[:PERMS]]}, the CRI's
 * Device): the node is created at {@code containerPath} and the device cgroup allows it.
 *
 * @param permissions a subset of "rwm" (read, write, mknod)
 */
public record DeviceMapping(String hostPath, String containerPath, String permissions) {
    public DeviceMapping {
        if (hostPath == null || !hostPath.startsWith("/")) {
            throw HakoException.invalid("device host path %s must be absolute", hostPath);
        }
        containerPath = containerPath == null || containerPath.isEmpty() ? hostPath : containerPath;
        containerPath = ContainerPath.absolute(containerPath, "device container path");
        permissions = permissions == null || permissions.isEmpty() ? "rwm" : permissions;
        if (!permissions.matches("[rwm]{1,3}") || permissions.chars().distinct().count() != permissions.length()) {
            throw HakoException.invalid("device %s: permissions \"%s\" must be made of r, w and m", hostPath, permissions);
        }
    }

    /** Parses HOST[:CONTAINER[:PERMS]]. */
    public static DeviceMapping parse(String text) {
        String[] parts = text.split(":", -1);
        if (parts.length > 3) {
            throw HakoException.invalid("invalid device \"%s\": expected HOST[:CONTAINER[:PERMISSIONS]]", text);
        }
        return new DeviceMapping(parts[0], parts.length > 1 ? parts[1] : null, parts.length > 2 ? parts[2] : null);
    }

    public String spec() {
        return hostPath + ":" + containerPath + ":" + permissions;
    }
}
