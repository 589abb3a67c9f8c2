package dev.hako.testkit.daemon;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the hako checkout whose bin/hakod and bin/hako the tests run. */
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
        if (!Files.isDirectory(root().resolve(lib))) {
            throw new IllegalStateException(lib + " is missing: run scripts/build.sh before the integration tests");
        }
        return script;
    }
}
