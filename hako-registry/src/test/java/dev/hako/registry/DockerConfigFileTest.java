package dev.hako.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import dev.hako.oci.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerConfigFileTest {
    @TempDir
    Path dir;

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsWhatDockerWrote() throws Exception {
        Path file = dir.resolve("config.json");
        Files.writeString(file, """
                {
                	"auths": {
                		"https://index.docker.io/v1/": {"auth": "%s"},
                		"127.0.0.1:5000": {"auth": "%s"},
                		"https://quay.io": {"auth": "%s"},
                		"old.example": {"username": "u", "password": "p"}
                	},
                	"credsStore": "desktop",
                	"HttpHeaders": {"User-Agent": "x"}
                }""".formatted(b64("hub:hubpw"), b64("alice:pa:ss"), b64("q:qpw")));
        DockerConfigFile config = new DockerConfigFile(file);
        assertEquals(Optional.of(new Credentials("hub", "hubpw")), config.get("docker.io"));
        assertEquals(Optional.of(new Credentials("hub", "hubpw")), config.get("index.docker.io"));
        assertEquals(Optional.of(new Credentials("alice", "pa:ss")), config.get("127.0.0.1:5000"));
        assertEquals(Optional.of(new Credentials("q", "qpw")), config.get("quay.io"));
        assertEquals(Optional.of(new Credentials("u", "p")), config.get("old.example"));
        assertEquals(Optional.empty(), config.get("127.0.0.1:5001"));
    }

    @Test
    void missingFileHoldsNothingAndPutCreatesItPrivate() throws Exception {
        Path file = dir.resolve("new/.docker/config.json");
        DockerConfigFile config = new DockerConfigFile(file);
        assertEquals(Optional.empty(), config.get("docker.io"));
        config.put("docker.io", new Credentials("bob", "secret"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
        JsonNode root = Json.MAPPER.readTree(file.toFile());
        assertEquals(b64("bob:secret"), root.path("auths").path("https://index.docker.io/v1/").path("auth").asText());
        assertEquals(Optional.of(new Credentials("bob", "secret")), config.get("docker.io"));
        try (var files = Files.list(file.getParent())) {
            assertEquals(1, files.count(), "no temporary file is left behind");
        }
    }

    @Test
    void putAndRemoveKeepEverythingElse() throws Exception {
        Path file = dir.resolve("config.json");
        Files.writeString(file, """
                {"auths": {"other.example": {"auth": "%s", "email": "x@example.com"},
                           "https://127.0.0.1:5000/v1/": {"auth": "%s"}},
                 "credHelpers": {"gcr.io": "gcloud"}, "psFormat": "table {{.ID}}", "experimental": "enabled"}
                """.formatted(b64("o:opw"), b64("old:oldpw")));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        DockerConfigFile config = new DockerConfigFile(file);

        config.put("127.0.0.1:5000", new Credentials("alice", "pw"));
        JsonNode root = Json.MAPPER.readTree(file.toFile());
        assertEquals("gcloud", root.path("credHelpers").path("gcr.io").asText());
        assertEquals("table {{.ID}}", root.path("psFormat").asText());
        assertEquals("enabled", root.path("experimental").asText());
        assertEquals("x@example.com", root.path("auths").path("other.example").path("email").asText());
        assertFalse(root.path("auths").has("https://127.0.0.1:5000/v1/"), "the old spelling of the same host is replaced");
        assertEquals(b64("alice:pw"), root.path("auths").path("127.0.0.1:5000").path("auth").asText());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));

        assertTrue(config.remove("127.0.0.1:5000"));
        assertFalse(config.remove("127.0.0.1:5000"));
        root = Json.MAPPER.readTree(file.toFile());
        assertFalse(root.path("auths").has("127.0.0.1:5000"));
        assertEquals(Optional.of(new Credentials("o", "opw")), config.get("other.example"));
        assertEquals("gcloud", root.path("credHelpers").path("gcr.io").asText());
    }

    @Test
    void brokenFilesAreNamedInTheError() throws Exception {
        Path file = dir.resolve("config.json");
        Files.writeString(file, "{not json");
        HakoException e = assertThrows(HakoException.class, () -> new DockerConfigFile(file).get("docker.io"));
        assertEquals(ErrorKind.INVALID_ARGUMENT, e.kind());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());

        Files.writeString(file, "{\"auths\": {\"x.example\": {\"auth\": \"%%%\"}}}");
        e = assertThrows(HakoException.class, () -> new DockerConfigFile(file).get("x.example"));
        assertTrue(e.getMessage().contains("not base64"), e.getMessage());
        assertEquals("{\"auths\": {\"x.example\": {\"auth\": \"%%%\"}}}", Files.readString(file), "a failed read writes nothing");
    }

    @Test
    void keysNameHosts() {
        assertEquals("docker.io", DockerConfigFile.hostOfKey("https://index.docker.io/v1/"));
        assertEquals("quay.io", DockerConfigFile.hostOfKey("https://quay.io"));
        assertEquals("127.0.0.1:5000", DockerConfigFile.hostOfKey("127.0.0.1:5000"));
        assertEquals("registry.example", DockerConfigFile.hostOfKey("registry.example/v2/"));
        assertEquals(DockerConfigFile.DOCKER_HUB_KEY, DockerConfigFile.key("docker.io"));
        assertEquals("127.0.0.1:5000", DockerConfigFile.key("127.0.0.1:5000"));
    }

    @Test
    void credentialsNeverShowThePassword() {
        assertFalse(new Credentials("bob", "hunter2").toString().contains("hunter2"));
    }
}
