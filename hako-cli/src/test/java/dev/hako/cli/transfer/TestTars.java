package dev.hako.cli.transfer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds tar archives for tests, hostile ones included (any name, any link). */
public final class TestTars {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public TestTars dir(String name) {
        return add(new TarEntry(name, TarEntry.Type.DIRECTORY, 0755, 0, 0, 0, 1_700_000_000L, "", 0, 0), null);
    }

    public TestTars file(String name, String content) {
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        return add(new TarEntry(name, TarEntry.Type.FILE, 0644, 0, 0, data.length, 1_700_000_000L, "", 0, 0), data);
    }

    public TestTars symlink(String name, String target) {
        return add(new TarEntry(name, TarEntry.Type.SYMLINK, 0777, 0, 0, 0, 1_700_000_000L, target, 0, 0), null);
    }

    public TestTars hardlink(String name, String target) {
        return add(new TarEntry(name, TarEntry.Type.HARDLINK, 0644, 0, 0, 0, 1_700_000_000L, target, 0, 0), null);
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
        copy.writeBytes(TarHeaders.END);
        return copy.toByteArray();
    }
}
