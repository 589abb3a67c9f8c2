package dev.hako.api;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version of this build of hako and of the hako API, shared by the CLI and the daemon. */
public final class HakoVersion {
    private static final Properties PROPERTIES = load();

    private HakoVersion() {}

    public static String version() {
        return PROPERTIES.getProperty("version", "unknown");
    }

    public static String apiVersion() {
        return PROPERTIES.getProperty("api.version", "1");
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = HakoVersion.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // no version file: "unknown" is shown
        }
        return p;
    }
}
