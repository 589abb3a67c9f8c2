package dev.hako.sys;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Resolves a path inside a root without openat2, for kernels before 5.6 (and for openat2 calls that
 * a storm of renames keeps failing with EAGAIN): one component at a time, each opened O_PATH |
 * O_NOFOLLOW from the descriptor of the directory before it, as libpathrs and securejoin do. A
 * symlink is read and its target put in front of what is left (an absolute one restarts at the
 * root); ".." goes back to the descriptor held one level up, never to the kernel's "..", so the
 * walk cannot climb out of the root, whatever the container renames meanwhile. Magic links of a
 * procfs are read as plain text here (which resolves inside the root too), not jumped through.
 */
final class InRootWalk {
    private static final int STEP = Native.O_PATH | Native.O_NOFOLLOW | Native.O_CLOEXEC;

    private InRootWalk() {}

    /** An O_PATH descriptor of {@code path} inside {@code rootFd}; the last symlink is followed when {@code followLast}. */
    static int resolve(int rootFd, String path, boolean followLast) throws SysException {
        Deque<String> todo = new ArrayDeque<>(List.of(path.split("/")));
        Deque<Integer> held = new ArrayDeque<>(); // the directories below the root down to here
        int links = 0;
        try {
            while (!todo.isEmpty()) {
                String name = todo.pollFirst();
                if (name.isEmpty() || name.equals(".")) {
                    continue;
                }
                if (name.equals("..")) {
                    if (!held.isEmpty()) {
                        FileDescriptors.closeQuietly(held.pop());
                    }
                    continue;
                }
                int here = held.isEmpty() ? rootFd : held.peek();
                int next = AtCalls.openat(here, name, STEP, 0);
                Stat stat;
                try {
                    stat = AtCalls.statx(next, "", path);
                } catch (SysException e) {
                    FileDescriptors.closeQuietly(next);
                    throw e;
                }
                boolean last = todo.isEmpty();
                if (stat.isSymlink() && (followLast || !last)) {
                    String target;
                    try {
                        target = AtCalls.readlinkat(next, "", path);
                    } finally {
                        FileDescriptors.closeQuietly(next);
                    }
                    if (++links > RootDir.MAX_SYMLINKS) {
                        throw new SysException("resolve", path, Errno.ELOOP);
                    }
                    if (target.startsWith("/")) {
                        held.forEach(FileDescriptors::closeQuietly);
                        held.clear();
                    }
                    List<String> parts = List.of(target.split("/"));
                    for (int i = parts.size() - 1; i >= 0; i--) {
                        todo.addFirst(parts.get(i));
                    }
                    continue;
                }
                held.push(next);
                if (!last && !stat.isDirectory()) {
                    throw new SysException("resolve", path, Errno.ENOTDIR);
                }
            }
            return held.isEmpty() ? AtCalls.openat(rootFd, ".", STEP, 0) : held.pop();
        } finally {
            held.forEach(FileDescriptors::closeQuietly);
        }
    }
}
