package dev.hako.daemon;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Who may talk to hakod, checked on every connection from the peer's credentials as the kernel
 * gives them (SO_PEERCRED): root, hakod's own user, and members of the API group ({@code [api]
 * gid}), whether it is their primary group or they are listed in it in /etc/group, which is what
 * the sockets' file mode lets through. The mode alone is not enough: a socket briefly open to all,
 * or a descriptor passed on, must not let anyone else in.
 */
final class ApiAccess {
    private static final Logger LOG = System.getLogger("hakod.api");

    private final int ownUid;
    private final int apiGid;
    private final Path passwd;
    private final Path group;

    ApiAccess(int ownUid, int apiGid, Path passwd, Path group) {
        this.ownUid = ownUid;
        this.apiGid = apiGid;
        this.passwd = passwd;
        this.group = group;
    }

    static ApiAccess forHost(int ownUid, ApiSettings settings) {
        return new ApiAccess(ownUid, settings.gid(), Path.of("/etc/passwd"), Path.of("/etc/group"));
    }

    int apiGid() {
        return apiGid;
    }

    /** A peer by numeric ids (the gRPC socket: Netty reads SO_PEERCRED). */
    boolean allows(int uid, int gid) {
        boolean allowed = uid == 0 || uid == ownUid || gid == apiGid || listedInApiGroup(uid);
        if (!allowed) {
            LOG.log(Level.WARNING, "refused a connection from uid {0} gid {1}: not root, not hakod''s user and not in"
                    + " the API group {2}", String.valueOf(uid), String.valueOf(gid), String.valueOf(apiGid));
        }
        return allowed;
    }

    /**
     * A peer by name (the ttrpc socket: the JDK gives SO_PEERCRED as principals, named from the
     * user and group databases, or the number itself when a database has no entry).
     */
    boolean allows(String user, String groupName) {
        Optional<Integer> uid = id(user, passwd);
        Optional<Integer> gid = id(groupName, group);
        if (uid.isEmpty() || gid.isEmpty()) {
            LOG.log(Level.WARNING, "refused a connection from {0}:{1}: not in the user and group databases",
                    user, groupName);
            return false;
        }
        return allows(uid.get(), gid.get());
    }

    private boolean listedInApiGroup(int uid) {
        Optional<String> name = entries(passwd).filter(f -> f.length > 2 && f[2].equals(Integer.toString(uid)))
                .map(f -> f[0]).findFirst();
        if (name.isEmpty()) {
            return false;
        }
        return entries(group).filter(f -> f.length > 3 && f[2].equals(Integer.toString(apiGid)))
                .anyMatch(f -> Arrays.asList(f[3].split(",")).contains(name.get()));
    }

    /** The id of {@code name} in a passwd or group file: the third field of its line, or the name itself when numeric. */
    private static Optional<Integer> id(String name, Path database) {
        Optional<Integer> listed = entries(database).filter(f -> f.length > 2 && f[0].equals(name))
                .map(f -> parse(f[2])).flatMap(Optional::stream).findFirst();
        return listed.isPresent() ? listed : parse(name);
    }

    private static Optional<Integer> parse(String number) {
        try {
            int id = Integer.parseInt(number);
            return id >= 0 ? Optional.of(id) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static java.util.stream.Stream<String[]> entries(Path database) {
        try {
            List<String> lines = Files.readAllLines(database);
            return lines.stream().filter(l -> !l.isBlank() && !l.startsWith("#")).map(l -> l.split(":", -1));
        } catch (IOException e) {
            return java.util.stream.Stream.empty();
        }
    }
}
