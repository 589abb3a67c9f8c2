package dev.hako.containers;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A container service on fakes ({@link TestContainers}) in a fresh directory for each test. */
abstract class ServiceTestBase {
    @TempDir
    Path dir;
    TestContainers t;

    @BeforeEach
    void service() throws IOException {
        t = new TestContainers(dir);
    }

    @AfterEach
    void close() throws Exception {
        t.close();
    }
}
