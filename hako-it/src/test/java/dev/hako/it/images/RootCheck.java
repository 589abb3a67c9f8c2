package dev.hako.it.images;

/** Integration tests need root (overlay mounts, device nodes, trusted xattrs): fail loudly without it. */
final class RootCheck {
    private RootCheck() {}

    static void requireRoot() {
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new IllegalStateException("the integration tests must run as root (they mount overlayfs and make device nodes)");
        }
    }
}
