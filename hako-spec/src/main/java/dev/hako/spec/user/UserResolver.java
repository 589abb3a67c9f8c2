package dev.hako.spec.user;

import dev.hako.errdefs.HakoException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Resolves {@code USER[:GROUP]} (names or numbers) in the container's own /etc/passwd and /etc/group,
 * with runc's rules and docker's messages:
 * <ul>
 *   <li>a name must exist in passwd; a number need not (it runs with gid 0 unless a group is given);
 *   <li>the group defaults to the user's primary group; a group name must exist in /etc/group;
 *   <li>supplementary groups are the groups that list the user as a member, only when no group is
 *       given explicitly (as runc: an explicit group means exactly that group);
 *   <li>an empty spec is root, with root's supplementary groups.
 * </ul>
 */
public final class UserResolver {
    /** Far above any real passwd file; stops a hostile image from making hakod read gigabytes. */
    static final int MAX_FILE_BYTES = 4 * 1024 * 1024;

    private UserResolver() {}

    public static ResolvedUser resolve(String spec, RootPath root) throws IOException {
        String s = spec == null ? "" : spec;
        int colon = s.indexOf(':');
        String userArg = colon < 0 ? s : s.substring(0, colon);
        String groupArg = colon < 0 ? "" : s.substring(colon + 1);

        Long uidArg = Ids.looksNumeric(userArg) ? id(userArg, "user") : null;
        Long gidArg = Ids.looksNumeric(groupArg) ? id(groupArg, "group") : null;

        long uid = 0;
        long gid = 0;
        String matchedName = null;
        List<PasswdEntry> users = read(root, "/etc/passwd").map(PasswdEntry::parse).orElse(List.of());
        PasswdEntry match = null;
        for (PasswdEntry u : users) {
            boolean hit = userArg.isEmpty() ? u.uid() == 0
                    : uidArg != null ? u.uid() == uidArg
                    : u.name().equals(userArg);
            if (hit) {
                match = u;
                break;
            }
        }
        if (match != null) {
            uid = match.uid();
            gid = match.gid();
            matchedName = match.name();
        } else if (!userArg.isEmpty()) {
            if (uidArg == null) {
                throw HakoException.invalid("unable to find user %s: no matching entries in passwd file", userArg);
            }
            uid = uidArg;
        }

        List<Long> supplementary = new ArrayList<>();
        if (!groupArg.isEmpty() || matchedName != null) {
            List<GroupEntry> groups = read(root, "/etc/group").map(GroupEntry::parse).orElse(List.of());
            if (!groupArg.isEmpty()) {
                Optional<GroupEntry> g = groups.stream()
                        .filter(e -> gidArg != null ? e.gid() == gidArg : e.name().equals(groupArg))
                        .findFirst();
                if (g.isPresent()) {
                    gid = g.get().gid();
                } else if (gidArg != null) {
                    gid = gidArg;
                } else {
                    throw HakoException.invalid("unable to find group %s: no matching entries in group file", groupArg);
                }
            } else {
                String name = matchedName;
                groups.stream().filter(e -> e.members().contains(name)).forEach(e -> supplementary.add(e.gid()));
            }
        }
        Set<Long> all = new LinkedHashSet<>();
        all.add(gid);
        all.addAll(supplementary);
        return new ResolvedUser(uid, gid, new ArrayList<>(all));
    }

    private static Optional<String> read(RootPath root, String file) throws IOException {
        return root.readSmallFile(file, MAX_FILE_BYTES).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    private static long id(String text, String what) {
        Long v = Ids.parse(text);
        if (v == null) {
            throw HakoException.invalid("%s id %s is out of range (0 to %d)", what, text, Ids.MAX);
        }
        return v;
    }
}
