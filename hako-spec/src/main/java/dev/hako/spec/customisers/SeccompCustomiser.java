package dev.hako.spec.customisers;

import dev.hako.errdefs.HakoException;
import dev.hako.spec.Spec;
import dev.hako.spec.SpecCustomiser;
import dev.hako.spec.SpecInput;
import dev.hako.spec.seccomp.KernelVersion;
import dev.hako.spec.seccomp.SeccompArch;
import dev.hako.spec.seccomp.SeccompProfile;
import dev.hako.spec.seccomp.SeccompProfiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;

/**
 * The seccomp filter: hako's default profile, the user's, a profile file of this host, or none. Rules
 * that depend on capabilities follow the container's bounding set, so this runs after
 * {@link CapabilitiesCustomiser}.
 */
public final class SeccompCustomiser implements SpecCustomiser {
    private final SeccompArch arch;
    private final KernelVersion kernel;

    /** For this host's architecture and kernel. */
    public SeccompCustomiser() {
        this(SeccompArch.host(), KernelVersion.host());
    }

    public SeccompCustomiser(SeccompArch arch, KernelVersion kernel) {
        this.arch = arch;
        this.kernel = kernel;
    }

    @Override
    public void customise(Spec spec, SpecInput input) throws IOException {
        SeccompProfile profile = switch (input.settings().seccomp().mode()) {
            case UNCONFINED -> null;
            case DEFAULT -> SeccompProfiles.defaultProfile();
            case CUSTOM -> input.settings().seccomp().profile();
            case LOCALHOST -> localhost(input.settings().seccomp().localhostPath());
        };
        spec.linux.seccomp = profile == null ? null
                : profile.resolve(new HashSet<>(spec.process.capabilities().bounding), arch, kernel);
    }

    /** The host's profile file as it is now: the container gets what the file says when it is made. */
    private static SeccompProfile localhost(String path) throws IOException {
        Path file = Path.of(path);
        // A FIFO or a device would block the read or never end.
        if (!Files.isRegularFile(file)) {
            throw HakoException.invalid("seccomp profile \"%s\" is not a file on this host", path);
        }
        return SeccompProfile.parse(Files.readAllBytes(file), "\"" + path + "\"");
    }
}
