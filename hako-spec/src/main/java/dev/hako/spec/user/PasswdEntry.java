package dev.hako.spec.user;

import java.util.ArrayList;
import java.util.List;

/** One line of an /etc/passwd: {@code name:password:uid:gid:gecos:home:shell}. */
public record PasswdEntry(String name, long uid, long gid, String home) {

    /**
     * The entries of a passwd file. Blank lines, comments and lines whose ids are not numbers are
     * skipped: runc reads a bad id as 0, which would make a broken line root.
     */
    public static List<PasswdEntry> parse(String content) {
        List<PasswdEntry> out = new ArrayList<>();
        for (String line : content.split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            String[] f = l.split(":", -1);
            if (f.length < 4) {
                continue;
            }
            Long uid = Ids.parse(f[2]);
            Long gid = Ids.parse(f[3]);
            if (uid == null || gid == null) {
                continue;
            }
            out.add(new PasswdEntry(f[0], uid, gid, f.length > 5 ? f[5] : ""));
        }
        return out;
    }
}
