package dev.hako.it.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hako.oci.Json;
import dev.hako.testkit.daemon.CliResult;
import dev.hako.testkit.daemon.HakoDaemon;
import dev.hako.testkit.images.Blob;
import dev.hako.testkit.images.TestImage;
import dev.hako.testkit.registry.LocalRegistry;
import dev.hako.testkit.registry.RegistryWriter;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * A real registry on loopback and a private hakod, shared by the tests of one class. Images are
 * built in the tests and pushed with the testkit's own HTTP writer, not with hako.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ImageTestBase {
    protected LocalRegistry registry;
    protected RegistryWriter writer;
    protected HakoDaemon hakod;
    protected Store store;

    /** hako.toml of the daemon under test. */
    protected String config() {
        return "";
    }

    @BeforeAll
    void startRegistryAndDaemon() throws IOException {
        RootCheck.requireRoot();
        registry = LocalRegistry.start();
        writer = new RegistryWriter(registry.url());
        hakod = HakoDaemon.start(config());
        store = new Store(hakod.root());
    }

    @AfterAll
    void stop() {
        if (hakod != null) {
            hakod.close();
        }
        if (writer != null) {
            writer.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    /** Pushes {@code image} as {@code repo:tag} and returns the reference hako pulls it by. */
    protected String push(String repo, String tag, TestImage image) {
        for (Blob b : image.blobs()) {
            writer.pushBlob(repo, b.mediaType(), b.bytes());
        }
        writer.pushManifest(repo, tag, image.manifest().mediaType(), image.manifest().bytes());
        return registry.host() + "/" + repo + ":" + tag;
    }

    protected CliResult hako(String... args) {
        return hakod.hako(args);
    }

    protected JsonNode inspect(String ref) throws IOException {
        CliResult r = hako("image", "inspect", ref).requireSuccess();
        JsonNode array = Json.MAPPER.readTree(r.stdout());
        assertTrue(array.isArray() && array.size() == 1, r.stdout());
        return array.get(0);
    }

    protected OverlayMount mount(String ref) throws IOException {
        return OverlayMount.of(hako("image", "inspect", ref).requireSuccess().stdout());
    }

    protected static void assertFails(CliResult r, String messagePart) {
        assertEquals(1, r.exitCode(), r.toString());
        assertTrue(r.stderr().contains(messagePart), "expected \"" + messagePart + "\" in:\n" + r);
    }
}
