package dev.hako.oci;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.hako.errdefs.HakoException;
import java.util.List;
import java.util.Locale;

/** An OS and CPU an image runs on, normalised the way containerd normalises them. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Platform(
        String architecture,
        String os,
        @JsonProperty("os.version") String osVersion,
        @JsonProperty("os.features") List<String> osFeatures,
        String variant) {

    public Platform(String os, String architecture, String variant) {
        this(architecture, os, null, null, variant);
    }

    /** linux on this machine's CPU. */
    public static Platform host() {
        return new Platform("linux", System.getProperty("os.arch"), null).normalized();
    }

    /** Parses {@code os/arch[/variant]} as in {@code --platform linux/arm64/v8}. */
    public static Platform parse(String text) {
        String[] parts = text.split("/", -1);
        if (parts.length < 2 || parts.length > 3 || List.of(parts).stream().anyMatch(String::isBlank)) {
            throw HakoException.invalid("invalid platform %s: expected os/arch[/variant]", text);
        }
        return new Platform(parts[0].toLowerCase(Locale.ROOT), parts[1].toLowerCase(Locale.ROOT),
                parts.length == 3 ? parts[2].toLowerCase(Locale.ROOT) : null).normalized();
    }

    public Platform normalized() {
        String arch = architecture == null ? "" : architecture;
        String v = variant == null ? "" : variant;
        switch (arch) {
            case "x86_64", "x86-64", "amd64" -> {
                arch = "amd64";
                if (v.equals("v1")) {
                    v = "";
                }
            }
            case "aarch64", "arm64" -> {
                arch = "arm64";
                if (v.equals("8") || v.equals("v8")) {
                    v = "";
                }
            }
            case "armhf" -> { arch = "arm"; v = "v7"; }
            case "armel" -> { arch = "arm"; v = "v6"; }
            case "arm" -> {
                if (v.isEmpty() || v.equals("7")) {
                    v = "v7";
                } else if (v.equals("5") || v.equals("6") || v.equals("8")) {
                    v = "v" + v;
                }
            }
            case "i386", "i686", "386" -> arch = "386";
            default -> { }
        }
        return new Platform(arch, os == null ? "" : os.toLowerCase(Locale.ROOT), osVersion, osFeatures,
                v.isEmpty() ? null : v);
    }

    @JsonIgnore
    public boolean isUnknown() {
        return "unknown".equals(os) || "unknown".equals(architecture);
    }

    @Override
    public String toString() {
        return os + "/" + architecture + (variant == null ? "" : "/" + variant);
    }
}
