package dev.hako.spec;

import dev.hako.errdefs.HakoException;
import dev.hako.spec.seccomp.SeccompProfile;
import java.nio.charset.StandardCharsets;

/**
 * The container's seccomp filter: hako's default profile, none, a profile given with the request
 * (the CLI's {@code --security-opt seccomp=FILE}, read on the client, checked when parsed), or a
 * profile file on this host (the CRI's Localhost), read when the spec is generated, as containerd
 * does, so that the file is what takes effect and its content is not copied into the database.
 *
 * @param profile the given profile: only with CUSTOM
 * @param localhostPath the absolute path of the profile file: only with LOCALHOST
 */
public record SeccompSetting(Mode mode, SeccompProfile profile, String localhostPath) {
    public enum Mode { DEFAULT, UNCONFINED, CUSTOM, LOCALHOST }

    public static final SeccompSetting DEFAULT = new SeccompSetting(Mode.DEFAULT, null, null);
    public static final SeccompSetting UNCONFINED = new SeccompSetting(Mode.UNCONFINED, null, null);

    public SeccompSetting {
        if (mode == null) {
            throw new IllegalArgumentException("a seccomp setting needs a mode");
        }
        if ((mode == Mode.CUSTOM) != (profile != null)) {
            throw new IllegalArgumentException("a custom seccomp setting needs a profile, and only it");
        }
        if ((mode == Mode.LOCALHOST) != (localhostPath != null)) {
            throw new IllegalArgumentException("a localhost seccomp setting needs a path, and only it");
        }
        if (localhostPath != null && (!localhostPath.startsWith("/") || localhostPath.indexOf('\0') >= 0)) {
            throw HakoException.invalid("seccomp profile \"%s\" is not an absolute path", localhostPath.replace("\0", "\\0"));
        }
    }

    /** The user's profile, checked now so that a bad one fails {@code create}, not the container's start. */
    public static SeccompSetting custom(String profileJson) {
        return new SeccompSetting(Mode.CUSTOM,
                SeccompProfile.parse(profileJson.getBytes(StandardCharsets.UTF_8), "given with --security-opt seccomp"),
                null);
    }

    /** A profile file on this host, named by its absolute path; read when the spec is generated. */
    public static SeccompSetting localhost(String path) {
        return new SeccompSetting(Mode.LOCALHOST, null, path);
    }

    /** The hako API's form: empty for the default, "unconfined", or the JSON of a profile. */
    public static SeccompSetting parse(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT;
        }
        if (value.equals("unconfined")) {
            return UNCONFINED;
        }
        return custom(value);
    }
}
