package dev.hako.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hako.containers.ContainerOptions;
import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import dev.hako.oci.Json;
import dev.hako.spec.NetworkMode;
import dev.hako.spec.SeccompSetting;
import dev.hako.spec.Tmpfs;
import dev.hako.spec.Volume;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CreateRequestTest {
    /** What docker 28's CLI sends for {@code docker run --rm -e A=1 -w /w -u app --name /n busybox echo hi}. */
    private static final String RUN = """
            {"Hostname":"","Domainname":"","User":"app","AttachStdin":false,"AttachStdout":true,"AttachStderr":true,
             "Tty":false,"OpenStdin":false,"StdinOnce":false,"Env":["A=1"],"Cmd":["echo","hi"],"Image":"busybox",
             "Volumes":{},"WorkingDir":"/w","Entrypoint":null,"OnBuild":null,"Labels":{"l":"v"},
             "HostConfig":{"Binds":["/tmp:/data:ro"],"ContainerIDFile":"","LogConfig":{"Type":"","Config":{}},
               "NetworkMode":"bridge","PortBindings":{},"RestartPolicy":{"Name":"no","MaximumRetryCount":0},
               "AutoRemove":true,"CapAdd":["NET_ADMIN"],"CapDrop":null,"Memory":67108864,"NanoCpus":500000000,
               "PidsLimit":null,"Privileged":false,"ReadonlyRootfs":true,"SecurityOpt":["no-new-privileges"],
               "Tmpfs":{"/run":"size=1m"},"Mounts":null},
             "NetworkingConfig":{"EndpointsConfig":{}}}""";

    private static ContainerOptions options(String name, String json) throws IOException {
        return CreateRequest.options(name, Json.MAPPER.readTree(json));
    }

    @Test
    void dockersRunBodyBecomesContainerOptions() throws IOException {
        ContainerOptions o = options("/n", RUN);
        assertEquals("n", o.name());
        assertEquals("busybox", o.image());
        assertNull(o.entrypoint(), "no entrypoint given: the image's");
        assertEquals(List.of("echo", "hi"), o.cmd());
        assertEquals(List.of("A=1"), o.env());
        assertEquals("/w", o.workingDir());
        assertEquals("app", o.user());
        assertEquals(List.of(new Volume("/tmp", "/data", true)), o.volumes());
        assertEquals(List.of(new Tmpfs("/run", List.of("size=1m"))), o.tmpfs());
        assertTrue(o.readOnly());
        assertTrue(o.autoRemove());
        assertTrue(o.noNewPrivileges());
        assertEquals(64L << 20, o.memoryBytes());
        assertEquals(500_000_000L, o.nanoCpus());
        assertEquals(List.of("NET_ADMIN"), o.capAdd());
        assertEquals(Map.of("l", "v"), o.labels());
        assertEquals(NetworkMode.NONE, o.network(), "docker's default bridge is not served yet: no network, as hako run");
    }

    @Test
    void entrypointAndCmdMayBeStrings() throws IOException {
        ContainerOptions o = options("", "{\"Image\":\"busybox\",\"Entrypoint\":\"/bin/sh\",\"Cmd\":\"-c\"}");
        assertEquals(List.of("/bin/sh"), o.entrypoint());
        assertEquals(List.of("-c"), o.cmd());
        assertEquals(List.of(""), options("", "{\"Image\":\"b\",\"Entrypoint\":[\"\"]}").entrypoint(),
                "--entrypoint '' clears the image's");
    }

    @Test
    void seccompComesAsUnconfinedOrAsTheProfilesJson() throws IOException {
        assertEquals(SeccompSetting.UNCONFINED, options("", "{\"Image\":\"b\",\"HostConfig\":{\"SecurityOpt\":"
                + "[\"seccomp=unconfined\"]}}").seccomp());
        assertEquals(SeccompSetting.DEFAULT, options("", "{\"Image\":\"b\"}").seccomp());
    }

    @Test
    void networksMapToWhatHakoHas() {
        assertEquals(NetworkMode.NONE, CreateRequest.network("default"));
        assertEquals(NetworkMode.NONE, CreateRequest.network(""));
        assertEquals(NetworkMode.HOST, CreateRequest.network("host"));
        assertEquals(ErrorKind.NOT_FOUND,
                assertThrows(HakoException.class, () -> CreateRequest.network("mynet")).kind());
    }

    @Test
    void whatHakoCannotDoYetIsRefusedByName() {
        String[] refused = {
            "{\"Image\":\"b\",\"HostConfig\":{\"PortBindings\":{\"80/tcp\":[{\"HostPort\":\"8080\"}]}}}",
            "{\"Image\":\"b\",\"HostConfig\":{\"Mounts\":[{\"Type\":\"volume\",\"Target\":\"/d\"}]}}",
            "{\"Image\":\"b\",\"HostConfig\":{\"Binds\":[\"data:/d\"]}}",
            "{\"Image\":\"b\",\"HostConfig\":{\"RestartPolicy\":{\"Name\":\"always\"}}}",
            "{\"Image\":\"b\",\"Healthcheck\":{\"Test\":[\"CMD\",\"true\"]}}",
            "{\"Image\":\"b\",\"HostConfig\":{\"SecurityOpt\":[\"apparmor=x\"]}}",
            "{\"Cmd\":[\"true\"]}",
        };
        for (String body : refused) {
            HakoException e = assertThrows(HakoException.class, () -> options("", body), body);
            assertEquals(ErrorKind.INVALID_ARGUMENT, e.kind(), body);
        }
    }
}
