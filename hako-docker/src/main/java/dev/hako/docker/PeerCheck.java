package dev.hako.docker;

/**
 * Who may connect, from the peer's credentials as the kernel gives them (SO_PEERCRED): the daemon
 * passes the same check its other sockets make.
 */
@FunctionalInterface
public interface PeerCheck {
    /** The peer's user and group ids. */
    boolean allows(int uid, int gid);
}
