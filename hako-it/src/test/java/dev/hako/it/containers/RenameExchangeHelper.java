package dev.hako.it.containers;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The static {@code rename-exchange A B} helper (helpers/rename-exchange.c), built with gcc: it swaps
 * two paths with renameat2(RENAME_EXCHANGE) in a loop, which busybox cannot do.
 */
final class RenameExchangeHelper {
    private RenameExchangeHelper() {}

    static byte[] build() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("hako-it-helper");
        try {
            Path source = dir.resolve("rename-exchange.c");
            try (InputStream in = RenameExchangeHelper.class.getResourceAsStream("/helpers/rename-exchange.c")) {
                Files.copy(in, source);
            }
            Path binary = dir.resolve("rename-exchange");
            Process gcc;
            try {
                gcc = new ProcessBuilder("gcc", "-static", "-O2", "-o", binary.toString(), source.toString())
                        .redirectErrorStream(true).start();
            } catch (IOException e) {
                throw new IllegalStateException("gcc is not installed: apt-get install gcc libc6-dev", e);
            }
            String output = new String(gcc.getInputStream().readAllBytes());
            if (!gcc.waitFor(2, TimeUnit.MINUTES) || gcc.exitValue() != 0) {
                throw new IllegalStateException("gcc -static failed (apt-get install gcc libc6-dev):\n" + output);
            }
            return Files.readAllBytes(binary);
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(dir);
        }
    }
}
