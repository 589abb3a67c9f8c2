package dev.hako.containers;

import dev.hako.errdefs.HakoException;
import dev.hako.metadata.ContainerRecord;
import dev.hako.runtime.RuntimeHandler;
import dev.hako.runtime.RuntimeHandlers;
import dev.hako.spec.ExecProcesses;
import dev.hako.spec.ExecSettings;
import dev.hako.spec.HostLimits;
import dev.hako.spec.Spec;
import dev.hako.spec.user.RootPath;
import dev.hako.sys.FileDescriptors;
import dev.hako.sys.Pty;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Starts {@code hako exec} processes: a process spec like the container's, run by its runtime. */
final class ExecRunner {
    private final ContainerStore store;
    private final RuntimeHandlers runtimes;
    private final HostLimits host;
    private final ContainerPaths paths;

    ExecRunner(ContainerStore store, RuntimeHandlers runtimes, HostLimits host, ContainerPaths paths) {
        this.store = store;
        this.runtimes = runtimes;
        this.host = host;
        this.paths = paths;
    }

    ExecSession exec(String ref, ExecSettings settings, int rows, int columns) throws IOException {
        ContainerRecord r = store.resolve(ref);
        if (r.state() != ContainerRecord.State.RUNNING) {
            throw HakoException.precondition("container %s is not running", ref);
        }
        if (settings.cmd().isEmpty()) {
            throw HakoException.invalid("no command given to exec");
        }
        Spec container = Spec.fromJson(Files.readAllBytes(paths.configJson(r.id())));
        Spec.Process process;
        try (RootPath root = RootPath.open(paths.rootfs(r.id()))) {
            process = ExecProcesses.build(container, settings, root, host);
        }
        Path processFile = Files.createTempFile(paths.bundle(r.id()), "exec-", ".json");
        Path pidFile = processFile.resolveSibling(processFile.getFileName().toString().replace(".json", ".pid"));
        Files.write(processFile, process.toJson());
        RuntimeHandler handler = runtimes.get(r.runtime());
        if (!settings.tty()) {
            try {
                Process p = handler.exec(r.id(), processFile, pidFile, RuntimeHandler.ExecIo.PIPES);
                return new ExecSession(p, pidFile, null, -1, processFile);
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(processFile);
                throw e;
            }
        }
        Pty pty = Pty.open();
        int slave = -1;
        try {
            if (rows > 0 && columns > 0) {
                pty.resize(new Pty.Size(rows, columns));
            }
            // Held open until the process ends, so reading the master waits for output instead of
            // seeing a terminal nobody opened yet; the runtime gets it as its stdio.
            slave = pty.openSlave();
            Process p = handler.exec(r.id(), processFile, pidFile, new RuntimeHandler.ExecIo(slave));
            return new ExecSession(p, pidFile, pty, slave, processFile);
        } catch (IOException | RuntimeException e) {
            FileDescriptors.closeQuietly(slave);
            pty.close();
            Files.deleteIfExists(processFile);
            Files.deleteIfExists(pidFile);
            throw e;
        }
    }
}
