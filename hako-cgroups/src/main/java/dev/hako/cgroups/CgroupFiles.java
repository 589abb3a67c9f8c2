package dev.hako.cgroups;

import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** Reading the small text files of cgroupfs: one number, "max", or "key value" lines. */
final class CgroupFiles {
    private CgroupFiles() {}

    /**
     * The file's text, or empty when it does not exist: its controller is not available there, or
     * the cgroup went away while it was being read (callers check which).
     */
    static Optional<String> read(Path file) {
        try {
            return Optional.of(Files.readString(file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new HakoException(ErrorKind.INTERNAL, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static OptionalLong readLong(Path file) {
        return read(file).map(t -> OptionalLong.of(parseLong(file, t))).orElse(OptionalLong.empty());
    }

    /** A limit file where "max" means none (v2 files, pids.max): empty for none and for a missing file. */
    static Optional<OptionalLong> readLimit(Path file) {
        return read(file).map(t -> t.strip().equals("max") ? OptionalLong.empty() : OptionalLong.of(parseLong(file, t)));
    }

    /** "key value" lines (memory.stat, cpu.stat, memory.events, memory.oom_control); empty map for a missing file. */
    static Map<String, Long> readKeyed(Path file) {
        return read(file).map(t -> parseKeyed(file, t)).orElse(Map.of());
    }

    static long parseLong(Path file, String text) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw unexpected(file, text);
        }
    }

    static Map<String, Long> parseKeyed(Path file, String text) {
        Map<String, Long> values = new HashMap<>();
        for (String line : text.split("\n")) {
            String[] kv = line.strip().split("\\s+");
            if (kv.length == 2) {
                values.put(kv[0], parseLong(file, kv[1]));
            } else if (!line.isBlank()) {
                throw unexpected(file, line);
            }
        }
        return values;
    }

    /** The PIDs listed in a cgroup.procs file; empty for a missing file. */
    static List<Long> pids(Path procs) {
        List<Long> pids = new ArrayList<>();
        read(procs).ifPresent(t -> t.lines().filter(l -> !l.isBlank()).forEach(l -> pids.add(parseLong(procs, l))));
        return pids;
    }

    private static HakoException unexpected(Path file, String text) {
        String shown = text.length() > 80 ? text.substring(0, 80) + "..." : text;
        return new HakoException(ErrorKind.INTERNAL, "unexpected content in " + file + ": \"" + shown.strip() + "\"");
    }
}
