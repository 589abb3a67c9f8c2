package dev.hako.daemon.api;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Takes the host paths of hako's store out of messages for clients (the full message stays in the
 * daemon's log): a path inside a container's root file system becomes the path the container sees,
 * and any other path under the root or state directory starts with a placeholder instead.
 */
final class StorePathRedactor {
    private final Pattern rootfs;
    private final Pattern root;
    private final Pattern state;

    StorePathRedactor(Path rootDir, Path stateDir) {
        this.rootfs = Pattern.compile(Pattern.quote(stateDir + "/containers/") + "[0-9a-f]{64}/rootfs(/[^\\s\"':]*)?");
        this.root = Pattern.compile(Pattern.quote(rootDir.toString()) + "(?=/|\\b|$)");
        this.state = Pattern.compile(Pattern.quote(stateDir.toString()) + "(?=/|\\b|$)");
    }

    String redact(String message) {
        if (message == null) {
            return null;
        }
        Matcher m = rootfs.matcher(message);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) == null ? "/" : m.group(1)));
        }
        m.appendTail(out);
        String text = state.matcher(out).replaceAll(Matcher.quoteReplacement("<hako state>"));
        return root.matcher(text).replaceAll(Matcher.quoteReplacement("<hako root>"));
    }
}
