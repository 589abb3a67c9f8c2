package dev.hako.cgroups;

import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;

/** The host's total memory from /proc/meminfo: what docker reports as the limit of an unlimited container. */
final class HostMemory {
    private HostMemory() {}

    static long totalBytes(String meminfo) {
        for (String line : meminfo.split("\n")) {
            if (line.startsWith("MemTotal:")) {
                // "MemTotal:       24731708 kB": the kernel always counts in KiB here.
                String[] f = line.substring("MemTotal:".length()).strip().split("\\s+");
                try {
                    return Long.parseLong(f[0]) * 1024;
                } catch (NumberFormatException e) {
                    break;
                }
            }
        }
        throw new HakoException(ErrorKind.INTERNAL, "/proc/meminfo has no readable MemTotal line");
    }
}
