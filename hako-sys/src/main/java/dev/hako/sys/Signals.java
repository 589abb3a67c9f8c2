package dev.hako.sys;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Linux signal numbers (x86_64 and aarch64 share them) and their names, as `kill -s` spells them. */
public final class Signals {
    public static final int SIGHUP = 1;
    public static final int SIGINT = 2;
    public static final int SIGQUIT = 3;
    public static final int SIGKILL = 9;
    public static final int SIGUSR1 = 10;
    public static final int SIGUSR2 = 12;
    public static final int SIGPIPE = 13;
    public static final int SIGALRM = 14;
    public static final int SIGTERM = 15;
    public static final int SIGCHLD = 17;
    public static final int SIGCONT = 18;
    public static final int SIGSTOP = 19;
    public static final int SIGTSTP = 20;
    public static final int SIGWINCH = 28;
    /** Real-time signals run from SIGRTMIN to SIGRTMAX (glibc reserves 32 and 33). */
    public static final int SIGRTMIN = 34;
    public static final int SIGRTMAX = 64;

    private static final Map<String, Integer> BY_NAME = new LinkedHashMap<>();

    static {
        String[] names = {null, "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV",
            "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG", "XCPU",
            "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS"};
        for (int i = 1; i < names.length; i++) {
            BY_NAME.put(names[i], i);
        }
        BY_NAME.put("IOT", 6);
        BY_NAME.put("CLD", 17);
        BY_NAME.put("POLL", 29);
    }

    private Signals() {}

    /**
     * A signal from "TERM", "SIGTERM", "sigterm", "15", "RTMIN+2" or "SIGRTMAX-1"; empty when it is
     * none of those or out of range.
     */
    public static Optional<Integer> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String s = text.trim().toUpperCase(Locale.ROOT);
        if (s.chars().allMatch(Character::isDigit)) {
            try {
                int n = Integer.parseInt(s);
                return n >= 1 && n <= SIGRTMAX ? Optional.of(n) : Optional.empty();
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        if (s.startsWith("SIG")) {
            s = s.substring(3);
        }
        Integer named = BY_NAME.get(s);
        if (named != null) {
            return Optional.of(named);
        }
        return realTime(s);
    }

    private static Optional<Integer> realTime(String s) {
        int base;
        String rest;
        if (s.startsWith("RTMIN")) {
            base = SIGRTMIN;
            rest = s.substring(5);
        } else if (s.startsWith("RTMAX")) {
            base = SIGRTMAX;
            rest = s.substring(5);
        } else {
            return Optional.empty();
        }
        int n = base;
        if (!rest.isEmpty()) {
            if (rest.length() < 2 || (rest.charAt(0) != '+' && rest.charAt(0) != '-')
                    || !rest.substring(1).chars().allMatch(Character::isDigit) || rest.length() > 4) {
                return Optional.empty();
            }
            int offset = Integer.parseInt(rest.substring(1));
            n = rest.charAt(0) == '+' ? base + offset : base - offset;
        }
        return n >= SIGRTMIN && n <= SIGRTMAX ? Optional.of(n) : Optional.empty();
    }

    /** "SIGTERM" for 15; "SIGRTMIN+2" for real-time signals; "signal N" when it has no name. */
    public static String name(int signal) {
        for (Map.Entry<String, Integer> e : BY_NAME.entrySet()) {
            if (e.getValue() == signal) {
                return "SIG" + e.getKey();
            }
        }
        if (signal == SIGRTMIN) {
            return "SIGRTMIN";
        }
        if (signal > SIGRTMIN && signal <= SIGRTMAX) {
            return "SIGRTMIN+" + (signal - SIGRTMIN);
        }
        return "signal " + signal;
    }
}
