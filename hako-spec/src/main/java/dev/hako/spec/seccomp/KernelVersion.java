package dev.hako.spec.seccomp;

import dev.hako.errdefs.HakoException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A kernel's major.minor, for profile rules that apply from some kernel on ({@code "minKernel": "4.8"}). */
public record KernelVersion(int major, int minor) implements Comparable<KernelVersion> {
    private static final Pattern VERSION = Pattern.compile("^(\\d+)\\.(\\d+)");

    /** The running kernel (the JVM's os.version is the kernel release on Linux: "6.1.0-18-amd64"). */
    public static KernelVersion host() {
        return parse(System.getProperty("os.version"));
    }

    public static KernelVersion parse(String text) {
        Matcher m = VERSION.matcher(text == null ? "" : text.trim());
        if (!m.find()) {
            throw HakoException.invalid("invalid kernel version \"%s\": expected MAJOR.MINOR", text);
        }
        return new KernelVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    @Override
    public int compareTo(KernelVersion o) {
        return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
    }
}
