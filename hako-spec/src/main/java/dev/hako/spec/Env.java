package dev.hako.spec;

import dev.hako.errdefs.HakoException;
import java.util.ArrayList;
import java.util.List;

/** Environment lists ({@code KEY=VALUE} entries) as docker merges them. */
public final class Env {
    private Env() {}

    /** Checks a user's entry: a non-empty key before the first '=', no NUL byte. */
    public static String checked(String entry) {
        int eq = entry == null ? -1 : entry.indexOf('=');
        if (eq < 0) {
            throw HakoException.invalid("invalid environment variable \"%s\": expected KEY=VALUE", entry);
        }
        if (eq == 0) {
            throw HakoException.invalid("invalid environment variable \"%s\": the name is empty", entry);
        }
        if (entry.indexOf('\0') >= 0) {
            throw HakoException.invalid("invalid environment variable \"%s\": it contains a NUL byte", entry.replace("\0", "\\0"));
        }
        return entry;
    }

    /**
     * {@code base} with each entry of {@code overrides} replacing the entry of the same key in place,
     * or appended when the key is new. An entry without '=' (images have them) counts as its own key.
     */
    public static List<String> merge(List<String> base, List<String> overrides) {
        List<String> out = new ArrayList<>(base);
        for (String o : overrides) {
            String key = key(o);
            int at = -1;
            for (int i = 0; i < out.size(); i++) {
                if (key(out.get(i)).equals(key)) {
                    at = i;
                    break;
                }
            }
            if (at >= 0) {
                out.set(at, o);
            } else {
                out.add(o);
            }
        }
        return out;
    }

    /** Whether {@code env} sets {@code key}. */
    public static boolean has(List<String> env, String key) {
        return env.stream().anyMatch(e -> key(e).equals(key));
    }

    static String key(String entry) {
        int eq = entry.indexOf('=');
        return eq < 0 ? entry : entry.substring(0, eq);
    }
}
