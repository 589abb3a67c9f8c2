package dev.hako.spec.seccomp;

import java.util.Locale;

/**
 * A CPU architecture as seccomp profiles name it: by Go's name in rule conditions ({@code amd64}, as
 * docker's profiles use them) and by libseccomp's name in the spec ({@code SCMP_ARCH_X86_64}).
 */
public record SeccompArch(String goName, String scmpName) {
    public static final SeccompArch AMD64 = new SeccompArch("amd64", "SCMP_ARCH_X86_64");
    public static final SeccompArch ARM64 = new SeccompArch("arm64", "SCMP_ARCH_AARCH64");

    /** This machine's architecture. */
    public static SeccompArch host() {
        return of(System.getProperty("os.arch"));
    }

    /** From a JVM {@code os.arch} or Go GOARCH name. */
    public static SeccompArch of(String arch) {
        return switch (arch) {
            case "amd64", "x86_64" -> AMD64;
            case "aarch64", "arm64" -> ARM64;
            case "arm" -> new SeccompArch("arm", "SCMP_ARCH_ARM");
            case "x86", "i386", "i686" -> new SeccompArch("386", "SCMP_ARCH_X86");
            case "ppc64le" -> new SeccompArch("ppc64le", "SCMP_ARCH_PPC64LE");
            case "s390x" -> new SeccompArch("s390x", "SCMP_ARCH_S390X");
            case "riscv64" -> new SeccompArch("riscv64", "SCMP_ARCH_RISCV64");
            default -> new SeccompArch(arch, "SCMP_ARCH_" + arch.toUpperCase(Locale.ROOT));
        };
    }
}
