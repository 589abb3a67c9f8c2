package dev.hako.sys;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/** Other processes by PID: signals, and what /proc says about them. */
public final class Processes {
    private static final MethodHandle KILL = Native.function("kill", FunctionDescriptor.of(Native.INT, Native.INT, Native.INT));

    private Processes() {}

    /**
     * What /proc/PID/stat says about a process.
     *
     * @param state R, S, D, Z (zombie: ended, not yet reaped), T...
     * @param startTime clock ticks after boot when it started: with the PID, this names one
     *     process for good, since PIDs are reused
     */
    public record Info(int pid, String command, char state, int parentPid, int processGroup, int session,
            long startTime) {
        public boolean zombie() {
            return state == 'Z' || state == 'X';
        }
    }

    /** kill(2). SysException with ESRCH when there is no such process. */
    public static void kill(int pid, int signal) throws SysException {
        if (pid <= 0) {
            // kill(0) and kill(-N) signal whole process groups, kill(-1) everything: never meant here.
            throw new IllegalArgumentException("not a process id: " + pid);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Native.CALL_STATE);
            int r = (int) KILL.invokeExact(state, pid, signal);
            if (r < 0) {
                throw new SysException("kill " + signal, "pid " + pid, Native.errno(state));
            }
        } catch (SysException e) {
            throw e;
        } catch (Throwable t) {
            throw Native.unexpected(t);
        }
    }

    /** Sends {@code signal} unless the process is already gone: true when it was delivered. */
    public static boolean signalIfAlive(int pid, int signal) throws SysException {
        try {
            kill(pid, signal);
            return true;
        } catch (SysException e) {
            if (e.errno() == Errno.ESRCH) {
                return false;
            }
            throw e;
        }
    }

    /** The process as /proc shows it; empty when there is none with that PID. */
    public static Optional<Info> info(int pid) {
        String stat;
        try {
            stat = Files.readString(Path.of("/proc", Integer.toString(pid), "stat"));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            // The process ended while we read (ESRCH surfaces as a plain IOException).
            return Optional.empty();
        }
        return Optional.of(parseStat(stat));
    }

    /** Parses a /proc/PID/stat line; the command may itself contain spaces and parentheses. */
    static Info parseStat(String stat) {
        int open = stat.indexOf('(');
        int close = stat.lastIndexOf(')');
        if (open < 0 || close < open) {
            throw new IllegalArgumentException("not a /proc stat line: " + stat);
        }
        int pid = Integer.parseInt(stat.substring(0, open).trim());
        String command = stat.substring(open + 1, close);
        String[] f = stat.substring(close + 1).trim().split(" ");
        // f[0] is field 3 of proc(5): state, ppid, pgrp, session, ... starttime is field 22.
        return new Info(pid, command, f[0].charAt(0), Integer.parseInt(f[1]), Integer.parseInt(f[2]),
                Integer.parseInt(f[3]), Long.parseLong(f[19]));
    }

    /** True while the process exists and has not ended (a zombie has ended). */
    public static boolean isAlive(int pid) {
        return pid > 0 && info(pid).filter(i -> !i.zombie()).isPresent();
    }

    /** This JVM's own process ID. */
    public static int self() {
        return (int) ProcessHandle.current().pid();
    }
}
