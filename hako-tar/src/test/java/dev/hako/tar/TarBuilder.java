package dev.hako.tar;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** Crafts layer tarballs for tests with commons-compress, in POSIX (PAX) mode. */
public final class TarBuilder {
    public static final Instant TIME = Instant.parse("2024-01-02T03:04:05Z");

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final TarArchiveOutputStream tar;

    public TarBuilder() {
        this(TarArchiveOutputStream.LONGFILE_POSIX, TarArchiveOutputStream.BIGNUMBER_POSIX);
    }

    public TarBuilder(int longFileMode, int bigNumberMode) {
        tar = new TarArchiveOutputStream(bytes);
        tar.setLongFileMode(longFileMode);
        tar.setBigNumberMode(bigNumberMode);
        tar.setAddPaxHeadersForNonAsciiNames(true);
    }

    public TarBuilder dir(String name) {
        return dir(name, e -> { });
    }

    public TarBuilder dir(String name, Consumer<TarArchiveEntry> customizer) {
        TarArchiveEntry entry = new TarArchiveEntry(name.endsWith("/") ? name : name + "/", true);
        entry.setMode(040755);
        return add(entry, new byte[0], customizer);
    }

    public TarBuilder file(String name, String content) {
        return file(name, content, e -> { });
    }

    public TarBuilder file(String name, String content, Consumer<TarArchiveEntry> customizer) {
        TarArchiveEntry entry = new TarArchiveEntry(name, true);
        entry.setMode(0100644);
        return add(entry, content.getBytes(StandardCharsets.UTF_8), customizer);
    }

    public TarBuilder symlink(String name, String target) {
        return symlink(name, target, e -> { });
    }

    public TarBuilder symlink(String name, String target, Consumer<TarArchiveEntry> customizer) {
        TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_SYMLINK, true);
        entry.setLinkName(target);
        entry.setMode(0120777);
        return add(entry, new byte[0], customizer);
    }

    public TarBuilder hardLink(String name, String target) {
        TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_LINK, true);
        entry.setLinkName(target);
        entry.setMode(0100644);
        return add(entry, new byte[0], e -> { });
    }

    public TarBuilder device(String name, byte type, int major, int minor, int mode) {
        TarArchiveEntry entry = new TarArchiveEntry(name, type, true);
        entry.setDevMajor(major);
        entry.setDevMinor(minor);
        entry.setMode(mode);
        return add(entry, new byte[0], e -> { });
    }

    /** An entry (kept as given, times included) with an explicit PAX header in front, its values written as raw bytes. */
    public TarBuilder withRawPax(Map<String, byte[]> records, TarArchiveEntry entry, String content) {
        FileTime modified = entry.getLastModifiedTime();
        byte[] pax = paxRecords(records);
        TarArchiveEntry header = new TarArchiveEntry("PaxHeaders/" + entry.getName(),
                TarConstants.LF_PAX_EXTENDED_HEADER_LC, true);
        header.setSize(pax.length);
        add(header, pax, e -> { });
        return add(entry, content.getBytes(StandardCharsets.UTF_8), e -> e.setLastModifiedTime(modified));
    }

    public TarBuilder add(TarArchiveEntry entry, byte[] content, Consumer<TarArchiveEntry> customizer) {
        entry.setLastModifiedTime(FileTime.from(TIME));
        entry.setSize(content.length);
        customizer.accept(entry);
        try {
            tar.putArchiveEntry(entry);
            tar.write(content);
            tar.closeArchiveEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public byte[] build() {
        try {
            tar.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** PAX records "LENGTH KEY=VALUE\n", LENGTH counting itself. */
    public static byte[] paxRecords(Map<String, byte[]> records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Map.Entry<String, byte[]> record : records.entrySet()) {
            byte[] key = record.getKey().getBytes(StandardCharsets.UTF_8);
            int body = 1 + key.length + 1 + record.getValue().length + 1; // " KEY=VALUE\n"
            int length = body + 1;
            while (String.valueOf(length).length() + body != length) {
                length = String.valueOf(length).length() + body;
            }
            out.writeBytes((length + " ").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(key);
            out.write('=');
            out.writeBytes(record.getValue());
            out.write('\n');
        }
        return out.toByteArray();
    }
}
