package dev.hako.archive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The owner new files get and the umask they are created under, read once from
 * /proc/self/status. Knowing them lets unpacking skip chown and chmod calls that would change
 * nothing, which is most of them. When something cannot be read, the values force every call.
 */
record ProcessIdentity(int fsuid, int fsgid, int umask) {
    private static final int UNKNOWN_ID = -2;

    static final ProcessIdentity CURRENT = read(Path.of("/proc/self/status"));

    /** Whether creating a file makes it owned by uid:gid without a chown. */
    boolean createsAs(long uid, long gid) {
        return uid == fsuid && gid == fsgid;
    }

    /** Whether a file created with {@code mode} ends up with exactly those bits without a chmod. */
    boolean createsWithMode(int mode) {
        return (mode & 07000) == 0 && (mode & umask) == 0;
    }

    static ProcessIdentity read(Path status) {
        int fsuid = UNKNOWN_ID;
        int fsgid = UNKNOWN_ID;
        int umask = 07777;
        try {
            for (String line : Files.readAllLines(status)) {
                String[] fields = line.split("\\s+");
                switch (fields[0]) {
                    case "Uid:" -> fsuid = Integer.parseInt(fields[4]); // real, effective, saved, filesystem
                    case "Gid:" -> fsgid = Integer.parseInt(fields[4]);
                    case "Umask:" -> umask = Integer.parseInt(fields[1], 8);
                    default -> { }
                }
            }
        } catch (IOException | RuntimeException e) {
            return new ProcessIdentity(UNKNOWN_ID, UNKNOWN_ID, 07777);
        }
        return new ProcessIdentity(fsuid, fsgid, umask);
    }
}
