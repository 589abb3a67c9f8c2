package dev.hako.runtime;

import dev.hako.errdefs.HakoException;
import java.util.Locale;

/** How a runtime handler isolates containers: kernel namespaces, a user-space kernel (gVisor) or a VM (Kata). */
public enum Isolation {
    NAMESPACES("namespaces"), USER_SPACE_KERNEL("user-space-kernel"), VM("vm");

    private final String configName;

    Isolation(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    public static Isolation parse(String text) {
        for (Isolation i : values()) {
            if (i.configName.equals(text.toLowerCase(Locale.ROOT))) {
                return i;
            }
        }
        throw HakoException.invalid("unknown isolation %s: use namespaces, user-space-kernel or vm", text);
    }
}
