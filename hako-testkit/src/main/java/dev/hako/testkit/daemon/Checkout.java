package dev.hako.testkit.daemon;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the hako checkout whose bin/hakod and bin/hako the tests run. Those run the jars that
 * scripts/build.sh laid out in build/, not what Maven just compiled: a build older than a source
 * file or a pom would test stale code and pass for the wrong reason, so it is refused, naming
 * the newer file.
 */
public final class Checkout {
    private Checkout() {}

    public static Path root() {
        String env = System.getenv("HAKO_CHECKOUT");
        if (env != null && Files.isExecutable(Path.of(env, "bin", "hakod"))) {
            return Path.of(env);
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isExecutable(p.resolve("bin/hakod")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find the hako checkout (bin/hakod): set HAKO_CHECKOUT");
    }

    public static Path hakod() {
        return requireBuilt(root().resolve("bin/hakod"), "build/hakod/lib");
    }

    public static Path hako() {
        return requireBuilt(root().resolve("bin/hako"), "build/hako/lib");
    }

    private static Path requireBuilt(Path script, String lib) {
        Path dir = root().resolve(lib);
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException(lib + " is missing: run scripts/build.sh before the integration tests");
        }
        if (!FRESH.contains(lib)) {
            newerSource(root(), modified(dir)).ifPresent(newer -> {
                throw new IllegalStateException(lib + " is older than " + root().relativize(newer)
                        + ": run scripts/build.sh before the integration tests");
            });
            FRESH.add(lib);
        }
        return script;
    }

    /** The builds found fresh: the sources are walked once per test JVM, not per command. */
    private static final java.util.Set<String> FRESH = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** A main source file or pom of {@code checkout} modified after {@code built}, if any. */
    static Optional<Path> newerSource(Path checkout, FileTime built) {
        try (Stream<Path> modules = Files.list(checkout)) {
            return modules.filter(m -> Files.isRegularFile(m.resolve("pom.xml")))
                    .flatMap(m -> Stream.concat(Stream.of(m.resolve("pom.xml")), tree(m.resolve("src/main"))))
                    .filter(f -> modified(f).compareTo(built) > 0)
                    .findFirst()
                    .or(() -> modified(checkout.resolve("pom.xml")).compareTo(built) > 0
                            ? Optional.of(checkout.resolve("pom.xml")) : Optional.empty());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Stream<Path> tree(Path dir) {
        if (!Files.isDirectory(dir)) {
            return Stream.empty();
        }
        try {
            return Files.walk(dir).filter(Files::isRegularFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
