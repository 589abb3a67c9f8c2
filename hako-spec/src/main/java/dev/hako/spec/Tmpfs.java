package dev.hako.spec;

import dev.hako.errdefs.HakoException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** A tmpfs mounted in the container ({@code --tmpfs PATH[:OPTIONS]}), with the user's mount options. */
public record Tmpfs(String target, List<String> options) {
    /** Mount flags a tmpfs accepts, each with the flag that undoes it. */
    static final List<List<String>> FLAG_PAIRS = List.of(
            List.of("ro", "rw"), List.of("noexec", "exec"), List.of("nosuid", "suid"), List.of("nodev", "dev"),
            List.of("noatime", "atime"), List.of("nodiratime", "diratime"), List.of("relatime", "norelatime"),
            List.of("strictatime", "nostrictatime"), List.of("sync", "async"), List.of("dirsync"),
            List.of("mand", "nomand"));
    /** tmpfs's own options (mm/shmem.c), which take a value. */
    static final Set<String> DATA_OPTIONS = Set.of("size", "mode", "uid", "gid", "nr_inodes", "nr_blocks", "huge", "mpol");
    /** Values are numbers with a unit, or words like "always" and "bind:0-3"; nothing that could add another option. */
    private static final Pattern DATA_VALUE = Pattern.compile("[A-Za-z0-9:._-]+");

    public Tmpfs {
        target = ContainerPath.absolute(target, "tmpfs target");
        if (target.equals("/")) {
            throw HakoException.invalid("tmpfs target cannot be \"/\"");
        }
        options = List.copyOf(options == null ? List.of() : options);
        for (String o : options) {
            if (!isFlag(o) && !isData(o)) {
                throw HakoException.invalid("invalid tmpfs option \"%s\" for %s", o, target);
            }
        }
    }

    /** Parses the {@code --tmpfs} form: {@code /run} or {@code /run:rw,size=64m,mode=1770}. */
    public static Tmpfs parse(String spec) {
        int colon = spec.indexOf(':');
        if (colon < 0) {
            return new Tmpfs(spec, List.of());
        }
        List<String> options = new ArrayList<>();
        for (String o : spec.substring(colon + 1).split(",")) {
            if (!o.isEmpty()) {
                options.add(o);
            }
        }
        return new Tmpfs(spec.substring(0, colon), options);
    }

    /**
     * docker's tmpfs defaults ({@code noexec,nosuid,nodev}) merged with these options: a later flag
     * replaces its opposite ({@code exec} undoes {@code noexec}), a later {@code key=value} replaces
     * the same key.
     */
    public List<String> mergedOptions() {
        List<String> merged = new ArrayList<>(List.of("noexec", "nosuid", "nodev"));
        for (String o : options) {
            if (isFlag(o)) {
                List<String> pair = FLAG_PAIRS.stream().filter(p -> p.contains(o)).findFirst().orElseThrow();
                merged.removeAll(pair);
            } else {
                String key = o.substring(0, o.indexOf('='));
                merged.removeIf(m -> m.startsWith(key + "="));
            }
            merged.add(o);
        }
        return merged;
    }

    private static boolean isFlag(String o) {
        return FLAG_PAIRS.stream().anyMatch(p -> p.contains(o));
    }

    private static boolean isData(String o) {
        int eq = o.indexOf('=');
        return eq > 0 && DATA_OPTIONS.contains(o.substring(0, eq)) && DATA_VALUE.matcher(o.substring(eq + 1)).matches();
    }
}
