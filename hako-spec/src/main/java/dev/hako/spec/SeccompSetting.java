package dev.hako.spec;

import dev.hako.spec.seccomp.SeccompProfile;
import java.nio.charset.StandardCharsets;

/** {@code --security-opt seccomp=...}: hako's default profile, none, or the user's own (checked when parsed). */
public record SeccompSetting(Mode mode, SeccompProfile profile) {
    public enum Mode { DEFAULT, UNCONFINED, CUSTOM }

    public static final SeccompSetting DEFAULT = new SeccompSetting(Mode.DEFAULT, null);
    public static final SeccompSetting UNCONFINED = new SeccompSetting(Mode.UNCONFINED, null);

    public SeccompSetting {
        if ((mode == Mode.CUSTOM) != (profile != null)) {
            throw new IllegalArgumentException("a custom seccomp setting needs a profile, and only it");
        }
    }

    /** The user's profile, checked now so that a bad one fails {@code create}, not the container's start. */
    public static SeccompSetting custom(String profileJson) {
        return new SeccompSetting(Mode.CUSTOM,
                SeccompProfile.parse(profileJson.getBytes(StandardCharsets.UTF_8), "given with --security-opt seccomp"));
    }

    /** The API's form: empty for the default, "unconfined", or the JSON of a profile. */
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
