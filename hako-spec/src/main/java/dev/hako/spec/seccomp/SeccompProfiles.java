package dev.hako.spec.seccomp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** hako's own default profile, a resource of this module (default.json next to this class). */
public final class SeccompProfiles {
    private static final SeccompProfile DEFAULT = load("default.json");

    private SeccompProfiles() {}

    /**
     * Equivalent in effect to docker's default: everything is refused with EPERM except an allowlist
     * for ordinary programs; system calls that reach outside the container (namespaces, mounts, the
     * kernel keyring, modules, reboot, kexec, bpf...) are allowed only with the capability that the
     * kernel would check anyway, so {@code --cap-add SYS_ADMIN} brings mount and unshare back.
     */
    public static SeccompProfile defaultProfile() {
        return DEFAULT;
    }

    private static SeccompProfile load(String name) {
        try (InputStream in = SeccompProfiles.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " missing from hako-spec");
            }
            return SeccompProfile.parse(in.readAllBytes(), "hako's " + name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
