package dev.hako.archive;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

import dev.hako.archive.LayerIndex.Directory;
import dev.hako.archive.LayerIndex.Marker;
import dev.hako.archive.LayerIndex.Node;
import dev.hako.sys.FileTrees;
import dev.hako.archive.LayerIndex.PendingLink;
import dev.hako.errdefs.HakoException;
import dev.hako.sys.Errno;
import dev.hako.sys.SysException;
import dev.hako.sys.Syscalls;
import dev.hako.tar.TarEntry;
import dev.hako.tar.TarReader;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One run of {@link LayerApplier#apply}: mirrors the entries of a tar stream, in order, into an
 * empty layer directory, refusing any that would reach outside it.
 *
 * <p>Over 400 lines on purpose: every kind of entry reads and updates the same state (the index
 * of what the layer holds so far, directories with their modes and opaque marks, the pending hard
 * links, the limits' counters), and the safety of each step rests on that state being the one the
 * previous step left. Split, that state would travel between classes.
 */
final class LayerExtraction {
    static final String OPAQUE_XATTR = "trusted.overlay.opaque";
    private static final String WHITEOUT_PREFIX = ".wh.";
    private static final String AUFS_META_PREFIX = ".wh..wh.";
    private static final String OPAQUE_MARKER = ".wh..wh..opq";
    private static final byte[] YES = {'y'};
    private static final int IMPLICIT_MODE = 0755;
    /** O_CREAT|O_EXCL never follows a symlink in the last component; NOFOLLOW_LINKS says so twice. */
    private static final Set<OpenOption> NEW_FILE =
            Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, NOFOLLOW_LINKS);
    /** The JDK turns path strings into bytes with this charset; anything else would mangle non-ASCII names. */
    private static final boolean UTF8_PATHS =
            StandardCharsets.UTF_8.name().equalsIgnoreCase(System.getProperty("sun.jnu.encoding"));

    private final TarReader reader;
    private final Path root;
    private final ProcessIdentity identity;
    private final LayerLimits limits;
    private final EntryMetadata metadata;
    private final LayerIndex index = new LayerIndex();
    private final Directory rootDirectory = new Directory(true, IMPLICIT_MODE);
    private long entries;
    private long size;
    /** Hard links left for finish: each holds two names in memory until then, so they are counted as they come. */
    private long pendingLinks;

    /** The parent directory of the previous entry: entries come grouped by directory. */
    private String cachedParent;
    private Directory cachedParentDirectory;
    private int cachedGeneration;

    LayerExtraction(TarReader reader, Path root, ProcessIdentity identity, LayerLimits limits) {
        this.reader = reader;
        this.root = root;
        this.identity = identity;
        this.limits = limits;
        this.metadata = new EntryMetadata(identity);
    }

    LayerApplier.ApplyResult run() throws IOException {
        prepareRoot();
        TarEntry entry;
        while ((entry = reader.next()) != null) {
            entries++;
            limits.entries().check(entries, "%d entries");
            try {
                apply(entry);
            } catch (HakoException e) {
                throw e;
            } catch (InvalidPathException e) {
                throw HakoException.invalid("layer entry \"%s\": %s", entry.name(), e.getMessage());
            } catch (IOException e) {
                throw new IOException("layer entry \"%s\": %s".formatted(entry.name(), e.getMessage()), e);
            }
        }
        setDirectoryTimes();
        return result();
    }

    /** The root must be empty for the index to be the whole truth; until a "./" entry it is 0755 root:root. */
    private void prepareRoot() throws IOException {
        Map<String, Object> attributes = Files.readAttributes(root, "unix:mode,uid,gid", NOFOLLOW_LINKS);
        if (((Integer) attributes.get("mode") & 0170000) != 0040000) {
            throw HakoException.precondition("layer directory %s is not a directory", root);
        }
        try (DirectoryStream<Path> children = Files.newDirectoryStream(root)) {
            if (children.iterator().hasNext()) {
                throw HakoException.precondition("layer directory %s is not empty", root);
            }
        }
        if ((Integer) attributes.get("uid") != 0 || (Integer) attributes.get("gid") != 0) {
            Syscalls.lchown(root, 0, 0);
        }
        if (((Integer) attributes.get("mode") & 07777) != IMPLICIT_MODE) {
            Syscalls.chmod(root, IMPLICIT_MODE);
        }
        index.put("", rootDirectory);
    }

    private void apply(TarEntry entry) throws IOException {
        String name = cleanName(entry);
        String baseName = EntryPaths.baseName(name);
        if (baseName.startsWith(WHITEOUT_PREFIX)) {
            whiteout(entry, name, baseName);
            return;
        }
        if (name.isEmpty() && entry.type() != TarEntry.Type.DIRECTORY) {
            throw HakoException.invalid("layer entry \"%s\": the layer root can only be a directory", entry.name());
        }
        switch (entry.type()) {
            case FILE -> regularFile(entry, name);
            case DIRECTORY -> directory(entry, name);
            case SYMLINK -> symlink(entry, name);
            case HARD_LINK -> hardLink(entry, name);
            case CHAR_DEVICE, BLOCK_DEVICE, FIFO -> specialFile(entry, name);
        }
    }

    private String cleanName(TarEntry entry) {
        String raw = entry.name();
        String name = EntryPaths.clean(raw);
        if (name == null) {
            throw HakoException.invalid("layer entry \"%s\": path escapes the layer root", raw);
        }
        if (!UTF8_PATHS && !isAscii(name)) {
            throw HakoException.invalid("layer entry \"%s\": non-ASCII names need a UTF-8 locale (LANG=C.UTF-8)"
                    + " for the JVM, which encodes file names with sun.jnu.encoding=%s", raw,
                    System.getProperty("sun.jnu.encoding"));
        }
        return name;
    }

    private void regularFile(TarEntry entry, String name) throws IOException {
        Directory parent = parentDirectory(name, entry);
        removeIndexed(name);
        Path path = root.resolve(name);
        try (FileChannel channel = newFile(path, entry.mode())) {
            size += reader.copyContentTo(channel);
        }
        metadata.ownerModeXattrs(path, entry, !parent.setgid());
        EntryMetadata.times(path, entry.accessed(), entry.modified());
    }

    private static FileChannel newFile(Path path, int mode) throws IOException {
        try {
            return FileChannel.open(path, NEW_FILE, EntryMetadata.permissions(mode));
        } catch (FileAlreadyExistsException e) {
            Files.delete(path); // a plain file this layer wrote earlier: a later entry replaces it
            return FileChannel.open(path, NEW_FILE, EntryMetadata.permissions(mode));
        }
    }

    private void directory(TarEntry entry, String name) throws IOException {
        Directory directory;
        if (name.isEmpty()) {
            directory = rootDirectory;
            metadata.ownerModeXattrs(root, entry, false);
        } else {
            Directory parent = parentDirectory(name, entry);
            Path path = root.resolve(name);
            Node existing = index.get(name);
            if (existing instanceof Directory present) {
                directory = present; // a directory over a directory only updates its metadata
                metadata.ownerModeXattrs(path, entry, false);
            } else {
                removeIndexed(name);
                createReplacingPlainFile(path, () -> Files.createDirectory(path, EntryMetadata.permissions(entry.mode())));
                directory = new Directory(false, entry.mode());
                index.put(name, directory);
                metadata.ownerModeXattrs(path, entry, !parent.setgid());
                if (existing == Marker.WHITEOUT) {
                    // Deleted, then created again in the same layer: nothing of the lower one may show through.
                    makeOpaque(path, directory);
                }
            }
        }
        directory.implicit = false;
        directory.mode = entry.mode();
        directory.modified = entry.modified();
        directory.accessed = entry.accessed();
    }

    private void symlink(TarEntry entry, String name) throws IOException {
        if (entry.linkName().isEmpty()) {
            throw HakoException.invalid("layer entry \"%s\": symbolic link with an empty target", entry.name());
        }
        Directory parent = parentDirectory(name, entry);
        removeIndexed(name);
        Path path = root.resolve(name);
        Path target = Path.of(entry.linkName()); // stored, never resolved here: "/etc" means the container's
        createReplacingPlainFile(path, () -> Files.createSymbolicLink(path, target));
        index.put(name, Marker.SYMLINK);
        metadata.symlink(path, entry, !parent.setgid());
    }

    private void hardLink(TarEntry entry, String name) throws IOException {
        String target = checkedLinkTarget(entry, name);
        Node targetNode = index.get(target);
        if (targetNode instanceof Directory) {
            throw HakoException.invalid("layer entry \"%s\": hard link target \"%s\" is a directory", entry.name(),
                    entry.linkName());
        }
        if (targetNode == Marker.WHITEOUT) {
            throw HakoException.invalid("layer entry \"%s\": hard link target \"%s\" was deleted by this layer",
                    entry.name(), entry.linkName());
        }
        parentDirectory(name, entry);
        removeIndexed(name);
        if (targetNode instanceof PendingLink pending) {
            Files.deleteIfExists(root.resolve(name));
            putPendingLink(name, pending.target());
            return;
        }
        Path link = root.resolve(name);
        Path existing = root.resolve(target);
        try {
            // link(2) does not follow a symlink target: a link to a symlink links the symlink itself.
            createReplacingPlainFile(link, () -> Files.createLink(link, existing));
        } catch (NoSuchFileException e) {
            if (targetNode != null) {
                throw e;
            }
            // Not in this layer: finish links it to a copy from the layers below.
            Files.deleteIfExists(link);
            putPendingLink(name, target);
        }
    }

    private void putPendingLink(String name, String target) {
        pendingLinks++;
        limits.pendingHardLinks().check(pendingLinks, "%d hard links to files of the layers below");
        index.put(name, new PendingLink(target));
    }

    /** The cleaned target of a hard link, refused like an entry name when it could reach outside. */
    private String checkedLinkTarget(TarEntry entry, String name) {
        String raw = entry.linkName();
        String target = EntryPaths.clean(raw);
        if (target == null) {
            throw HakoException.invalid("layer entry \"%s\": hard link target \"%s\" escapes the layer root",
                    entry.name(), raw);
        }
        if (target.isEmpty() || target.equals(name) || target.startsWith(name + "/")) {
            throw HakoException.invalid("layer entry \"%s\": hard link target \"%s\" is the root, the link itself"
                    + " or inside it", entry.name(), raw);
        }
        // The target must be reached through real directories of this layer (or ones it lacks).
        String ancestor = EntryPaths.parent(target);
        while (true) {
            Node node = index.get(ancestor);
            if (node instanceof Directory) {
                return target; // indexed directories have only directories above them
            }
            if (node == Marker.SYMLINK) {
                throw HakoException.invalid("layer entry \"%s\": hard link target \"%s\": parent \"%s\" is a"
                        + " symbolic link", entry.name(), raw, ancestor);
            }
            if (node != null) {
                throw HakoException.invalid("layer entry \"%s\": hard link target \"%s\": parent \"%s\" is not a"
                        + " directory", entry.name(), raw, ancestor);
            }
            ancestor = EntryPaths.parent(ancestor);
        }
    }

    private void specialFile(TarEntry entry, String name) throws IOException {
        Directory parent = parentDirectory(name, entry);
        removeIndexed(name);
        Path path = root.resolve(name);
        int type = switch (entry.type()) {
            case CHAR_DEVICE -> Syscalls.S_IFCHR;
            case BLOCK_DEVICE -> Syscalls.S_IFBLK;
            default -> Syscalls.S_IFIFO;
        };
        long device = type == Syscalls.S_IFIFO ? 0 : Syscalls.makedev(entry.devMajor(), entry.devMinor());
        createReplacingPlainFile(path, () -> mknod(path, type | (entry.mode() & 0777), device));
        if (type == Syscalls.S_IFCHR && device == 0) {
            index.put(name, Marker.WHITEOUT); // already in overlayfs's own whiteout form
        }
        metadata.ownerModeXattrs(path, entry, !parent.setgid());
        EntryMetadata.times(path, entry.accessed(), entry.modified());
    }

    /** An OCI whiteout: {@code .wh.NAME} hides NAME of the layers below, {@code .wh..wh..opq} all of its directory's content. */
    private void whiteout(TarEntry entry, String name, String baseName) throws IOException {
        if (baseName.equals(OPAQUE_MARKER)) {
            Directory directory = parentDirectory(name, entry);
            makeOpaque(root.resolve(EntryPaths.parent(name)), directory);
            return;
        }
        if (baseName.startsWith(AUFS_META_PREFIX)) {
            return; // aufs bookkeeping (.wh..wh.plnk, .wh..wh.aufs) means nothing to overlayfs
        }
        String hidden = baseName.substring(WHITEOUT_PREFIX.length());
        if (hidden.isEmpty() || hidden.equals(".") || hidden.equals("..")) {
            throw HakoException.invalid("layer entry \"%s\": whiteout of no file", entry.name());
        }
        String target = EntryPaths.child(EntryPaths.parent(name), hidden);
        parentDirectory(name, entry);
        removeIndexed(target); // replaces whatever this layer put there
        Path path = root.resolve(target);
        createReplacingPlainFile(path, () -> mknod(path, Syscalls.S_IFCHR, 0));
        index.put(target, Marker.WHITEOUT);
    }

    private void makeOpaque(Path path, Directory directory) throws SysException {
        if (!directory.opaque) {
            Syscalls.lsetxattr(path, OPAQUE_XATTR, YES);
            directory.opaque = true;
        }
    }

    /** The directory that will hold {@code name}, created (implicit, 0755 root:root) when missing. */
    private Directory parentDirectory(String name, TarEntry entry) throws IOException {
        int slash = name.lastIndexOf('/');
        if (slash < 0) {
            return rootDirectory;
        }
        if (cachedParent != null && cachedGeneration == index.generation() && slash == cachedParent.length()
                && name.startsWith(cachedParent)) {
            return cachedParentDirectory;
        }
        String parent = name.substring(0, slash);
        Directory directory = directory(parent, entry);
        cachedParent = parent;
        cachedParentDirectory = directory;
        cachedGeneration = index.generation();
        return directory;
    }

    private Directory directory(String path, TarEntry entry) throws IOException {
        Node node = index.get(path);
        if (node instanceof Directory directory) {
            return directory;
        }
        if (node == Marker.SYMLINK) {
            throw HakoException.invalid("layer entry \"%s\": parent \"%s\" is a symbolic link", entry.name(), path);
        }
        if (node instanceof PendingLink) {
            throw HakoException.invalid("layer entry \"%s\": parent \"%s\" is not a directory", entry.name(), path);
        }
        Directory parent = directory(EntryPaths.parent(path), entry);
        Path dir = root.resolve(path);
        Directory created;
        if (node == Marker.WHITEOUT) {
            // Deleted by this layer, then written into: a new directory that hides the lower one.
            removeIndexed(path);
            Files.createDirectory(dir, EntryMetadata.permissions(IMPLICIT_MODE));
            created = new Directory(false, IMPLICIT_MODE);
            makeOpaque(dir, created);
        } else {
            try {
                Files.createDirectory(dir, EntryMetadata.permissions(IMPLICIT_MODE));
            } catch (FileAlreadyExistsException e) {
                throw HakoException.invalid("layer entry \"%s\": parent \"%s\" is not a directory", entry.name(), path);
            }
            created = new Directory(true, IMPLICIT_MODE);
        }
        if (parent.setgid() || !identity.createsAs(0, 0)) {
            Syscalls.lchown(dir, 0, 0);
        }
        if (parent.setgid() || !identity.createsWithMode(IMPLICIT_MODE)) {
            Syscalls.chmod(dir, IMPLICIT_MODE);
        }
        index.put(path, created);
        return created;
    }

    /** Removes what this layer indexed at {@code path} (a plain file there is replaced at creation). */
    private void removeIndexed(String path) throws IOException {
        Node node = index.get(path);
        if (node == null) {
            return;
        }
        Path onDisk = root.resolve(path);
        switch (node) {
            case Directory _ -> FileTrees.deleteRecursively(onDisk);
            case Marker _ -> Files.delete(onDisk);
            case PendingLink _ -> { } // nothing on disk yet
        }
        index.forget(path, node);
    }

    private interface Creation {
        void create() throws IOException;
    }

    /**
     * Creates a file whose path may hold a plain file from an earlier entry: that one is removed
     * and creation tried once more. Only plain files can be there, since the caller removed any
     * indexed directory, symlink or whiteout first.
     */
    private static void createReplacingPlainFile(Path path, Creation creation) throws IOException {
        try {
            creation.create();
        } catch (FileAlreadyExistsException e) {
            Files.delete(path);
            creation.create();
        }
    }

    private static void mknod(Path path, int mode, long device) throws IOException {
        try {
            Syscalls.mknod(path, mode, device);
        } catch (SysException e) {
            if (e.errno() == Errno.EEXIST) {
                throw new FileAlreadyExistsException(path.toString());
            }
            throw e;
        }
    }

    /** Directory times last: creating their content changed them. */
    private void setDirectoryTimes() throws IOException {
        for (Map.Entry<String, Node> indexed : index.nodes().entrySet()) {
            if (indexed.getValue() instanceof Directory directory && directory.modified != null) {
                EntryMetadata.times(root.resolve(indexed.getKey()), directory.accessed, directory.modified);
            }
        }
    }

    private LayerApplier.ApplyResult result() {
        List<String> implicit = new ArrayList<>();
        List<LayerApplier.ApplyResult.PendingHardLink> links = new ArrayList<>();
        for (Map.Entry<String, Node> indexed : index.nodes().entrySet()) {
            switch (indexed.getValue()) {
                case Directory d when d.implicit -> implicit.add(indexed.getKey());
                case PendingLink p -> links.add(new LayerApplier.ApplyResult.PendingHardLink(indexed.getKey(), p.target()));
                default -> { }
            }
        }
        implicit.sort(Comparator.naturalOrder());
        links.sort(Comparator.comparing(LayerApplier.ApplyResult.PendingHardLink::path));
        return new LayerApplier.ApplyResult(entries, size, implicit, links);
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }
}
