package dev.hako.spec.user;

import java.util.ArrayList;
import java.util.List;

/** One line of an /etc/group: {@code name:password:gid:member,member}. */
public record GroupEntry(String name, long gid, List<String> members) {
    public GroupEntry {
        members = List.copyOf(members);
    }

    /** The entries of a group file; blank lines, comments and lines without a numeric gid are skipped. */
    public static List<GroupEntry> parse(String content) {
        List<GroupEntry> out = new ArrayList<>();
        for (String line : content.split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            String[] f = l.split(":", -1);
            if (f.length < 3) {
                continue;
            }
            Long gid = Ids.parse(f[2]);
            if (gid == null) {
                continue;
            }
            List<String> members = new ArrayList<>();
            if (f.length > 3) {
                for (String m : f[3].split(",")) {
                    if (!m.isBlank()) {
                        members.add(m.strip());
                    }
                }
            }
            out.add(new GroupEntry(f[0], gid, members));
        }
        return out;
    }
}
