package dev.hako.cli.transfer;

/**
 * Where a copied tree lands and under which name: docker's PrepareArchiveCopy, the same rules for
 * both directions of `cp`.
 *
 * @param dir  the existing directory the archive is extracted into
 * @param root the name the source's top entry takes there; "" when only its contents are copied
 */
public record CopyPlan(String dir, String root) {
    /** The source: a directory or not, and its base name ("." for "dir/.", its contents). */
    public record Source(boolean isDirectory, String base) {}

    /** The destination as given, and what is there now. */
    public record Destination(String path, boolean exists, boolean isDirectory) {}

    public static CopyPlan of(Source src, Destination dst) {
        String[] dirBase = GoPath.splitDirEntry(dst.path());
        if (dst.exists() && dst.isDirectory()) {
            return new CopyPlan(dst.path(), rootName(src.base()));
        }
        if (dst.exists() && src.isDirectory()) {
            throw new IllegalArgumentException("cannot copy directory");
        }
        if (!dst.exists() && !src.isDirectory() && GoPath.assertsDirectory(dst.path())) {
            throw new IllegalArgumentException("no such directory");
        }
        // A file over a file, or a new name: the source takes the destination's name in its parent.
        return new CopyPlan(dirBase[0], rootName(dirBase[1]));
    }

    private static String rootName(String base) {
        return base.equals(".") ? "" : base;
    }
}
