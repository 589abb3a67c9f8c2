package dev.hako.cli.transfer;

import dev.hako.tar.TarEntry;
import dev.hako.tar.TarHeaders;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Builds tar archives for tests, hostile ones included (any name, any link). */
public final class TestTars {
    private static final Instant TIME = Instant.ofEpochSecond(1_700_000_000L);

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public TestTars dir(String name) {
        return add(TarEntry.directory(name).withModified(TIME), null);
    }

    public TestTars file(String name, String content) {
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        return add(TarEntry.file(name, data.length).withModified(TIME), data);
    }

    public TestTars symlink(String name, String target) {
        return add(TarEntry.symlink(name, target).withModified(TIME), null);
    }

    public TestTars hardlink(String name, String target) {
        return add(TarEntry.hardLink(name, target).withModified(TIME), null);
    }

    public TestTars add(TarEntry entry, byte[] data) {
        out.writeBytes(TarHeaders.of(entry));
        if (data != null) {
            out.writeBytes(data);
            out.writeBytes(new byte[TarHeaders.padding(data.length)]);
        }
        return this;
    }

    public byte[] bytes() {
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        copy.writeBytes(out.toByteArray());
        copy.writeBytes(TarHeaders.end());
        return copy.toByteArray();
    }
}
