package dev.hako.daemon.cri;

import dev.hako.cri.v1.ContainerConfig;
import dev.hako.cri.v1.Device;
import dev.hako.cri.v1.LinuxContainerSecurityContext;
import dev.hako.cri.v1.Mount;
import dev.hako.cri.v1.MountPropagation;
import dev.hako.cri.v1.SecurityProfile;
import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import dev.hako.spec.DeviceMapping;
import dev.hako.spec.SeccompSetting;
import dev.hako.spec.Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The ContainerConfig fields that become hako-spec's typed records (mounts, devices, seccomp), built
 * straight from the CRI's fields: no flag string on the way, so a path may hold ':', and every
 * error names the CRI field it is about.
 */
final class CriContainerFields {
    private CriContainerFields() {}

    static List<Volume> mounts(ContainerConfig c) {
        List<Volume> out = new ArrayList<>();
        for (int i = 0; i < c.getMountsCount(); i++) {
            Mount m = c.getMounts(i);
            String field = "ContainerConfig.mounts[" + i + "]";
            absolute(field + ".host_path", m.getHostPath());
            absolute(field + ".container_path", m.getContainerPath());
            String propagation = switch (m.getPropagation()) {
                case PROPAGATION_PRIVATE -> "rprivate";
                case PROPAGATION_HOST_TO_CONTAINER -> "rslave";
                case PROPAGATION_BIDIRECTIONAL -> "rshared";
                case UNRECOGNIZED -> throw HakoException.invalid("%s.propagation is not a known mode", field);
            };
            out.add(named(field, () -> new Volume(m.getHostPath(), m.getContainerPath(), m.getReadonly(), propagation)));
        }
        return out;
    }

    /** A volume as the CRI's Mount, as ContainerStatus gives it back. */
    static Mount mount(Volume v) {
        return Mount.newBuilder().setHostPath(v.source()).setContainerPath(v.target()).setReadonly(v.readOnly())
                .setPropagation(switch (v.propagation()) {
                    case "rslave", "slave" -> MountPropagation.PROPAGATION_HOST_TO_CONTAINER;
                    case "rshared", "shared" -> MountPropagation.PROPAGATION_BIDIRECTIONAL;
                    default -> MountPropagation.PROPAGATION_PRIVATE;
                }).build();
    }

    /** An empty container_path is the host path, as containerd takes it; empty permissions are rwm. */
    static List<DeviceMapping> devices(ContainerConfig c) {
        List<DeviceMapping> out = new ArrayList<>();
        for (int i = 0; i < c.getDevicesCount(); i++) {
            Device d = c.getDevices(i);
            String field = "ContainerConfig.devices[" + i + "]";
            absolute(field + ".host_path", d.getHostPath());
            if (!d.getContainerPath().isEmpty()) {
                absolute(field + ".container_path", d.getContainerPath());
            }
            out.add(named(field, () -> new DeviceMapping(d.getHostPath(), d.getContainerPath(), d.getPermissions())));
        }
        return out;
    }

    /**
     * RuntimeDefault: hako's default profile; Unconfined or none given: no filter (as containerd);
     * Localhost: the file's path, read when the spec is generated.
     */
    static SeccompSetting seccomp(LinuxContainerSecurityContext sc) {
        if (!sc.hasSeccomp()) {
            return SeccompSetting.UNCONFINED;
        }
        SecurityProfile p = sc.getSeccomp();
        return switch (p.getProfileType()) {
            case RuntimeDefault -> SeccompSetting.DEFAULT;
            case Unconfined -> SeccompSetting.UNCONFINED;
            case Localhost -> {
                String ref = p.getLocalhostRef();
                absolute("LinuxContainerSecurityContext.seccomp.localhost_ref", ref);
                yield named("LinuxContainerSecurityContext.seccomp.localhost_ref", () -> SeccompSetting.localhost(ref));
            }
            case UNRECOGNIZED -> throw HakoException.invalid("LinuxContainerSecurityContext.seccomp has an unknown profile type");
        };
    }

    private static void absolute(String field, String path) {
        if (path.isEmpty()) {
            throw HakoException.invalid("%s is required", field);
        }
        if (!path.startsWith("/")) {
            throw HakoException.invalid("%s \"%s\" must be an absolute path", field, path);
        }
    }

    /** What the record refuses (a NUL byte, "/" as a mount point...), with the field it came from. */
    private static <T> T named(String field, Supplier<T> make) {
        try {
            return make.get();
        } catch (HakoException e) {
            if (e.kind() != ErrorKind.INVALID_ARGUMENT) {
                throw e;
            }
            throw HakoException.invalid("%s: %s", field, e.getMessage());
        }
    }
}
