package dev.hako.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Properties;

/** This client's version facts, for `hako version` and `hako --version`. */
public final class ClientVersion {
    /** The hako gRPC API this client speaks (package hako.v1). */
    public static final String API_VERSION = "v1";

    private ClientVersion() {}

    public static String version() {
        try (InputStream in = ClientVersion.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version", "");
                if (!v.isEmpty() && !v.startsWith("${")) {
                    return v;
                }
            }
        } catch (IOException e) {
            // fall through
        }
        return "unknown";
    }

    public static String javaVersion() {
        return System.getProperty("java.version");
    }

    /** Go-style os/arch, e.g. linux/amd64, linux/arm64. */
    public static String osArch() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = switch (System.getProperty("os.arch")) {
            case "x86_64", "amd64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case String other -> other;
        };
        return os + "/" + arch;
    }
}
