package dev.hako.spec.seccomp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import dev.hako.spec.Golden;
import dev.hako.spec.SeccompSetting;
import dev.hako.spec.Spec;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SeccompProfileTest {
    private static SeccompProfile parse(String json) {
        return SeccompProfile.parse(json.getBytes(StandardCharsets.UTF_8), "test.json");
    }

    @Test
    void aPlainSpecObjectIsAProfile() {
        SeccompProfile p = parse("""
                {"defaultAction": "SCMP_ACT_ALLOW", "architectures": ["SCMP_ARCH_X86_64"],
                 "syscalls": [{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13}]}""");
        Spec.Seccomp s = p.resolve(Set.of(), SeccompArch.AMD64, new KernelVersion(6, 1));
        Golden.assertJson("seccomp-custom.json", dev.hako.oci.Json.write(s));
    }

    @Test
    void dockerFormatWithConditionsAndTheOldSingleName() {
        SeccompProfile p = parse("""
                {"defaultAction": "SCMP_ACT_ERRNO",
                 "archMap": [{"architecture": "SCMP_ARCH_AARCH64", "subArchitectures": ["SCMP_ARCH_ARM"]}],
                 "syscalls": [
                   {"name": "read", "action": "SCMP_ACT_ALLOW"},
                   {"names": ["mount"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["CAP_SYS_ADMIN"]}},
                   {"names": ["clone"], "action": "SCMP_ACT_ALLOW", "excludes": {"arches": ["arm64"]},
                    "args": [{"index": 0, "value": 18446744073709551615, "op": "SCMP_CMP_MASKED_EQ"}]}]}""");
        Spec.Seccomp amd = p.resolve(Set.of(), SeccompArch.AMD64, new KernelVersion(6, 1));
        assertTrue(amd.architectures.isEmpty(), "the archMap has no entry for x86-64");
        assertEquals(2, amd.syscalls.size());
        assertEquals(-1L, amd.syscalls.get(1).args.getFirst().value);
        assertTrue(new String(dev.hako.oci.Json.write(amd)).contains("18446744073709551615"), "uint64 written unsigned");
        Spec.Seccomp arm = p.resolve(Set.of("CAP_SYS_ADMIN"), SeccompArch.ARM64, new KernelVersion(6, 1));
        assertEquals(2, arm.syscalls.size());
        assertEquals("mount", arm.syscalls.get(1).names.getFirst());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "not json | invalid JSON",
        "[] | invalid seccomp profile",
        "{} | defaultAction null",
        "{\"defaultAction\": \"SCMP_ACT_NOPE\"} | defaultAction SCMP_ACT_NOPE",
        "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"defaultErrnoRet\": 1} | defaultErrnoRet is only valid",
        "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"architectures\": [\"SCMP_ARCH_X86_64\"], \"archMap\": [{\"architecture\": \"SCMP_ARCH_X86_64\"}]} | use either 'architectures' or 'archMap'",
        "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"architectures\": [\"x86_64\"]} | unknown architecture x86_64",
        "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"action\": \"SCMP_ACT_ALLOW\"}]} | syscalls[0] names no system call",
        "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"Read\"], \"action\": \"SCMP_ACT_ALLOW\"}]} | invalid system call name \"Read\"",
        "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"read\"], \"action\": \"ALLOW\"}]} | syscalls[0]: action ALLOW",
        "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ALLOW\", \"args\": [{\"index\": 6, \"value\": 1, \"op\": \"SCMP_CMP_EQ\"}]}]} | argument index must be 0 to 5",
        "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ALLOW\", \"args\": [{\"index\": 0, \"value\": 1, \"op\": \"EQ\"}]}]} | operator EQ",
        "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ALLOW\", \"args\": [{\"index\": 0, \"value\": -5, \"op\": \"SCMP_CMP_EQ\"}]}]} | invalid seccomp profile",
        "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"flags\": [\"SECCOMP_FILTER_FLAG_NOPE\"]} | unknown flag",
    })
    void badProfilesAreRefusedNamingWhatIsWrong(String json, String message) {
        HakoException e = assertThrows(HakoException.class, () -> SeccompSetting.custom(json));
        assertEquals(ErrorKind.INVALID_ARGUMENT, e.kind());
        assertTrue(e.getMessage().startsWith("invalid seccomp profile"), e.getMessage());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void settingForms() {
        assertEquals(SeccompSetting.DEFAULT, SeccompSetting.parse(""));
        assertEquals(SeccompSetting.DEFAULT, SeccompSetting.parse(null));
        assertEquals(SeccompSetting.UNCONFINED, SeccompSetting.parse("unconfined"));
        assertEquals(SeccompSetting.Mode.CUSTOM, SeccompSetting.parse("{\"defaultAction\": \"SCMP_ACT_ALLOW\"}").mode());
    }

    /** Containers' rows keep a given profile as JSON: written and read back, it is the same profile. */
    @Test
    void aProfileWrittenAsJsonReadsBackTheSame() {
        SeccompProfile p = SeccompSetting.custom("""
                {"defaultAction": "SCMP_ACT_ERRNO", "archMap": [{"architecture": "SCMP_ARCH_X86_64",
                 "subArchitectures": ["SCMP_ARCH_X86"]}], "syscalls": [{"names": ["personality"],
                 "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 18446744073709551615,
                 "op": "SCMP_CMP_EQ"}], "includes": {"caps": ["CAP_SYS_ADMIN"], "minKernel": "4.8"}}]}""").profile();
        byte[] json = dev.hako.oci.Json.write(p);
        assertEquals(p, SeccompProfile.parse(json, "written"));
        assertTrue(new String(json).contains("18446744073709551615"), "uint64 values stay unsigned: " + new String(json));
    }

    @Test
    void kernelVersions() {
        assertEquals(new KernelVersion(6, 1), KernelVersion.parse("6.1.0-18-amd64"));
        assertEquals(new KernelVersion(4, 8), KernelVersion.parse("4.8"));
        assertTrue(new KernelVersion(4, 10).compareTo(new KernelVersion(4, 8)) > 0);
        assertThrows(HakoException.class, () -> KernelVersion.parse("six"));
    }
}
