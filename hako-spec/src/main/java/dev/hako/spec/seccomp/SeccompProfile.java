package dev.hako.spec.seccomp;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.hako.errdefs.HakoException;
import dev.hako.oci.Json;
import dev.hako.spec.Spec;
import dev.hako.spec.Unsigned64;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A seccomp profile as written by people: the spec's seccomp object plus conditions on each rule (the
 * container's capabilities, the CPU architecture, the kernel) and an architecture map. This is the
 * format docker's profiles use, so a profile written for {@code docker --security-opt seccomp=FILE}
 * works unchanged; a plain spec seccomp object is a profile without conditions. {@link #resolve} turns
 * it into the spec's seccomp object for one container.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record SeccompProfile(
        String defaultAction,
        Integer defaultErrnoRet,
        List<String> architectures,
        List<ArchMap> archMap,
        List<String> flags,
        List<Rule> syscalls) {

    static final Set<String> ACTIONS = Set.of("SCMP_ACT_KILL", "SCMP_ACT_KILL_PROCESS", "SCMP_ACT_KILL_THREAD",
            "SCMP_ACT_TRAP", "SCMP_ACT_ERRNO", "SCMP_ACT_TRACE", "SCMP_ACT_ALLOW", "SCMP_ACT_LOG");
    static final Set<String> OPERATORS = Set.of("SCMP_CMP_NE", "SCMP_CMP_LT", "SCMP_CMP_LE", "SCMP_CMP_EQ",
            "SCMP_CMP_GE", "SCMP_CMP_GT", "SCMP_CMP_MASKED_EQ");
    static final Set<String> ARCHITECTURES = Set.of("SCMP_ARCH_X86", "SCMP_ARCH_X86_64", "SCMP_ARCH_X32",
            "SCMP_ARCH_ARM", "SCMP_ARCH_AARCH64", "SCMP_ARCH_MIPS", "SCMP_ARCH_MIPS64", "SCMP_ARCH_MIPS64N32",
            "SCMP_ARCH_MIPSEL", "SCMP_ARCH_MIPSEL64", "SCMP_ARCH_MIPSEL64N32", "SCMP_ARCH_PPC", "SCMP_ARCH_PPC64",
            "SCMP_ARCH_PPC64LE", "SCMP_ARCH_S390", "SCMP_ARCH_S390X", "SCMP_ARCH_PARISC", "SCMP_ARCH_PARISC64",
            "SCMP_ARCH_RISCV64");
    static final Set<String> FLAGS = Set.of("SECCOMP_FILTER_FLAG_TSYNC", "SECCOMP_FILTER_FLAG_LOG",
            "SECCOMP_FILTER_FLAG_SPEC_ALLOW", "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV");
    private static final Pattern SYSCALL_NAME = Pattern.compile("[a-z_][a-z0-9_]*");

    public SeccompProfile {
        architectures = architectures == null ? List.of() : List.copyOf(architectures);
        archMap = archMap == null ? List.of() : List.copyOf(archMap);
        flags = flags == null ? List.of() : List.copyOf(flags);
        syscalls = syscalls == null ? List.of() : List.copyOf(syscalls);
    }

    /** One architecture and the others its kernel also runs (x86_64 runs i386 and x32 programs). */
    public record ArchMap(String architecture, List<String> subArchitectures) {
        public ArchMap {
            subArchitectures = subArchitectures == null ? List.of() : List.copyOf(subArchitectures);
        }
    }

    /** A rule; {@code name} is the single-name form of old docker profiles. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Rule(
            List<String> names,
            String name,
            String action,
            Integer errnoRet,
            List<Arg> args,
            String comment,
            Condition includes,
            Condition excludes) {
        public Rule {
            names = names == null ? List.of() : List.copyOf(names);
            args = args == null ? List.of() : List.copyOf(args);
        }

        List<String> allNames() {
            if (name == null || name.isEmpty()) {
                return names;
            }
            List<String> all = new ArrayList<>(names);
            all.add(name);
            return all;
        }
    }

    /** When a rule applies: all of these capabilities, one of these architectures, this kernel or later. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Condition(List<String> caps, List<String> arches, String minKernel) {
        public Condition {
            caps = caps == null ? List.of() : List.copyOf(caps);
            arches = arches == null ? List.of() : List.copyOf(arches);
        }
    }

    /** An argument condition; absent values are 0, as in the spec. */
    public record Arg(
            int index,
            @JsonSerialize(using = Unsigned64.Serializer.class)
            @JsonDeserialize(using = Unsigned64.Deserializer.class) Long value,
            @JsonSerialize(using = Unsigned64.Serializer.class)
            @JsonDeserialize(using = Unsigned64.Deserializer.class) Long valueTwo,
            String op) {
        public Arg {
            value = value == null ? 0L : value;
            valueTwo = valueTwo == null ? 0L : valueTwo;
        }
    }

    /** Parses and checks a profile; errors name {@code what} (the file or flag it came from). */
    public static SeccompProfile parse(byte[] json, String what) {
        SeccompProfile p;
        try {
            p = Json.read(json, SeccompProfile.class, what);
        } catch (HakoException e) {
            throw HakoException.invalid("invalid seccomp profile: %s", e.getMessage());
        }
        if (p == null) {
            throw HakoException.invalid("invalid seccomp profile: %s: not a JSON object", what);
        }
        p.validate(what);
        return p;
    }

    private void validate(String what) {
        if (defaultAction == null || !ACTIONS.contains(defaultAction)) {
            throw bad(what, "defaultAction %s is not one of %s", defaultAction, ACTIONS);
        }
        if (defaultErrnoRet != null && !acceptsErrno(defaultAction)) {
            throw bad(what, "defaultErrnoRet is only valid with SCMP_ACT_ERRNO or SCMP_ACT_TRACE");
        }
        if (!architectures.isEmpty() && !archMap.isEmpty()) {
            throw bad(what, "use either 'architectures' or 'archMap'");
        }
        for (String a : architectures) {
            checkArch(what, a);
        }
        for (ArchMap m : archMap) {
            checkArch(what, m.architecture());
            m.subArchitectures().forEach(a -> checkArch(what, a));
        }
        for (String f : flags) {
            if (!FLAGS.contains(f)) {
                throw bad(what, "unknown flag %s", f);
            }
        }
        for (int i = 0; i < syscalls.size(); i++) {
            Rule r = syscalls.get(i);
            String where = "syscalls[" + i + "]";
            if (r.allNames().isEmpty()) {
                throw bad(what, "%s names no system call", where);
            }
            for (String n : r.allNames()) {
                if (n == null || !SYSCALL_NAME.matcher(n).matches()) {
                    throw bad(what, "%s: invalid system call name %s", where, n == null ? "null" : "\"" + n + "\"");
                }
            }
            if (r.action() == null || !ACTIONS.contains(r.action())) {
                throw bad(what, "%s: action %s is not one of %s", where, r.action(), ACTIONS);
            }
            if (r.errnoRet() != null && !acceptsErrno(r.action())) {
                throw bad(what, "%s: errnoRet is only valid with SCMP_ACT_ERRNO or SCMP_ACT_TRACE", where);
            }
            for (Arg a : r.args()) {
                if (a == null || a.index() < 0 || a.index() > 5) {
                    throw bad(what, "%s: argument index must be 0 to 5", where);
                }
                if (a.op() == null || !OPERATORS.contains(a.op())) {
                    throw bad(what, "%s: operator %s is not one of %s", where, a.op(), OPERATORS);
                }
            }
            for (Condition c : new Condition[] {r.includes(), r.excludes()}) {
                if (c != null && c.minKernel() != null) {
                    KernelVersion.parse(c.minKernel());
                }
            }
        }
    }

    /**
     * The spec's seccomp object for a container whose bounding set holds {@code caps} (names with
     * {@code CAP_}) on {@code arch} and {@code kernel}: rules whose conditions fail are left out.
     */
    public Spec.Seccomp resolve(Set<String> caps, SeccompArch arch, KernelVersion kernel) {
        Spec.Seccomp s = new Spec.Seccomp();
        s.defaultAction = defaultAction;
        s.defaultErrnoRet = defaultErrnoRet;
        s.flags.addAll(flags);
        if (!architectures.isEmpty()) {
            s.architectures.addAll(architectures);
        } else {
            for (ArchMap m : archMap) {
                if (m.architecture().equals(arch.scmpName())) {
                    s.architectures.add(m.architecture());
                    s.architectures.addAll(m.subArchitectures());
                }
            }
        }
        for (Rule r : syscalls) {
            if (!applies(r, caps, arch, kernel)) {
                continue;
            }
            Spec.Syscall sc = new Spec.Syscall();
            sc.names.addAll(r.allNames());
            sc.action = r.action();
            sc.errnoRet = r.errnoRet();
            for (Arg a : r.args()) {
                sc.args.add(new Spec.SyscallArg(a.index(), a.value(), a.valueTwo(), a.op()));
            }
            s.syscalls.add(sc);
        }
        return s;
    }

    private static boolean applies(Rule r, Set<String> caps, SeccompArch arch, KernelVersion kernel) {
        Condition in = r.includes();
        if (in != null) {
            if (!caps.containsAll(in.caps())) {
                return false;
            }
            if (!in.arches().isEmpty() && !in.arches().contains(arch.goName())) {
                return false;
            }
            if (in.minKernel() != null && kernel.compareTo(KernelVersion.parse(in.minKernel())) < 0) {
                return false;
            }
        }
        Condition ex = r.excludes();
        if (ex != null) {
            if (ex.caps().stream().anyMatch(caps::contains)) {
                return false;
            }
            if (ex.arches().contains(arch.goName())) {
                return false;
            }
            if (ex.minKernel() != null && kernel.compareTo(KernelVersion.parse(ex.minKernel())) >= 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean acceptsErrno(String action) {
        return action.equals("SCMP_ACT_ERRNO") || action.equals("SCMP_ACT_TRACE");
    }

    private static void checkArch(String what, String arch) {
        if (!ARCHITECTURES.contains(arch)) {
            throw bad(what, "unknown architecture %s", arch);
        }
    }

    private static HakoException bad(String what, String format, Object... args) {
        return HakoException.invalid("invalid seccomp profile %s: %s", what, format.formatted(args));
    }
}
