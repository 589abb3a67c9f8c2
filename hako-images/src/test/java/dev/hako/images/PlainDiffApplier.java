package dev.hako.images;

import dev.hako.archive.LayerApplier.ApplyResult;
import dev.hako.archive.LayerLimits;
import dev.hako.tar.TarEntry;
import dev.hako.tar.TarReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The layer applier of the pull's unit tests: directories, regular files and hard links, written
 * as the user running the tests, no owners, modes, whiteouts or limits (hako-archive's applier and
 * its tests, as root, are where those are). Hard links to a lower layer's file are left for
 * {@link #finish}, which copies the target from the lower directories it is given, topmost first:
 * so a test sees which directories the unpacker stacked.
 */
final class PlainDiffApplier implements DiffApplier {
    private final Set<Path> applied = ConcurrentHashMap.newKeySet();

    /** The directories layers were applied to so far, whole. */
    Set<Path> applied() {
        return Set.copyOf(applied);
    }

    @Override
    public ApplyResult apply(InputStream tar, Path root, LayerLimits limits) throws IOException {
        long entries = 0;
        long size = 0;
        List<ApplyResult.PendingHardLink> pending = new ArrayList<>();
        TarReader in = new TarReader(tar);
        for (TarEntry e = in.next(); e != null; e = in.next()) {
            entries++;
            String name = relative(e.name());
            Path path = root.resolve(name);
            if (e.type() == TarEntry.Type.DIRECTORY) {
                Files.createDirectories(path);
            } else if (e.type() == TarEntry.Type.HARD_LINK) {
                String target = relative(e.linkName());
                if (Files.exists(root.resolve(target))) {
                    Files.createLink(path, root.resolve(target));
                } else {
                    pending.add(new ApplyResult.PendingHardLink(name, target));
                }
            } else if (e.type() == TarEntry.Type.FILE) {
                Files.createDirectories(path.getParent());
                size += Files.copy(in.content(), path);
            } else {
                throw new IOException("the plain applier of the tests takes no " + e.name());
            }
        }
        if (entries == 0) {
            throw new IOException("not a tar archive");
        }
        tar.transferTo(OutputStream.nullOutputStream()); // the diff_id covers what follows the archive too
        applied.add(root);
        return new ApplyResult(entries, size, List.of(), pending);
    }

    @Override
    public long finish(ApplyResult result, Path root, List<Path> lowerDirs) throws IOException {
        long copied = 0;
        for (ApplyResult.PendingHardLink link : result.pendingHardLinks()) {
            Path target = lowerDirs.stream().map(d -> d.resolve(link.target())).filter(Files::exists).findFirst()
                    .orElseThrow(() -> new IOException("hard link target " + link.target() + " is in no lower layer"));
            copied += Files.size(target);
            Files.copy(target, root.resolve(link.path()));
        }
        return copied;
    }

    private static String relative(String name) {
        String n = name;
        while (n.startsWith("/") || n.startsWith("./")) {
            n = n.substring(n.startsWith("/") ? 1 : 2);
        }
        return n.endsWith("/") ? n.substring(0, n.length() - 1) : n;
    }
}
