package dev.hako.cli.commands;

import dev.hako.api.v1.ContainersGrpc;
import dev.hako.api.v1.CopyFromRequest;
import dev.hako.api.v1.CopyToRequest;
import dev.hako.api.v1.DataChunk;
import dev.hako.cli.Cli;
import dev.hako.cli.CliException;
import dev.hako.cli.format.Units;
import dev.hako.cli.transfer.ChunkInputStream;
import dev.hako.cli.transfer.ChunkedUpload;
import dev.hako.cli.transfer.ContainerPaths;
import dev.hako.cli.transfer.CopyPlan;
import dev.hako.cli.transfer.GoPath;
import dev.hako.cli.transfer.LocalArchive;
import dev.hako.cli.transfer.SafeExtractor;
import dev.hako.tar.TarEntry;
import dev.hako.tar.TarReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.concurrent.Callable;

/**
 * `hako cp`: tar streams both ways, with docker's rules for where things land (see CopyPlan).
 * From a container the archive is extracted here by SafeExtractor, which refuses anything that
 * would land outside the destination; "-" means a tar on stdout or stdin.
 */
@Command(name = "cp", description = "Copy files/folders between a container and the local filesystem",
        customSynopsis = {"hako cp [OPTIONS] CONTAINER:SRC_PATH DEST_PATH|-", "       hako cp [OPTIONS] SRC_PATH|- CONTAINER:DEST_PATH"})
public final class CpCommand implements Callable<Integer> {
    private final Cli cli;

    @Option(names = {"-a", "--archive"}, description = "Archive mode (copy all uid/gid information)")
    boolean archive;

    @Option(names = {"-q", "--quiet"}, description = "Suppress progress output during copy (automatic without a terminal)")
    boolean quiet;

    @Parameters(index = "0", paramLabel = "SRC", description = "CONTAINER:SRC_PATH, a local path, or - for a tar on stdin")
    String source;

    @Parameters(index = "1", paramLabel = "DEST", description = "CONTAINER:DEST_PATH, a local path, or - for a tar on stdout")
    String destination;

    public CpCommand(Cli cli) {
        this.cli = cli;
    }

    /** docker's splitCpArg: "/abs" and "./x:y" are local; "name:path" names a container. */
    record Endpoint(String container, String path) {
        static Endpoint parse(String arg) {
            if (arg.startsWith("/")) {
                return new Endpoint("", arg);
            }
            int colon = arg.indexOf(':');
            if (colon < 0 || arg.startsWith(".")) {
                return new Endpoint("", arg);
            }
            return new Endpoint(arg.substring(0, colon), arg.substring(colon + 1));
        }

        boolean inContainer() {
            return !container.isEmpty();
        }
    }

    @Override
    public Integer call() throws IOException {
        Endpoint from = Endpoint.parse(source);
        Endpoint to = Endpoint.parse(destination);
        if (from.inContainer() && to.inContainer()) {
            throw new CliException("copying between containers is not supported");
        }
        if (!from.inContainer() && !to.inContainer()) {
            throw new CliException("must specify at least one container source");
        }
        Endpoint remote = from.inContainer() ? from : to;
        if (remote.path().isEmpty()) {
            throw new CliException("the path in the container must not be empty: " + remote.container() + ":PATH");
        }
        long copied = from.inContainer() ? fromContainer(from, to.path()) : toContainer(from.path(), to);
        if (!quiet && copied >= 0 && cli.terminal().isTerminal()) {
            cli.error("Successfully copied " + Units.humanSize(copied) + " to " + destination);
        }
        return 0;
    }

    private long fromContainer(Endpoint from, String dest) throws IOException {
        boolean contents = GoPath.specifiesCurrentDir(from.path()) || GoPath.clean(from.path()).equals("/");
        // The daemon tars the directory itself; which of it lands where is decided here.
        String path = GoPath.clean(from.path());
        boolean mustBeDirectory = GoPath.assertsDirectory(from.path());
        if (!dest.equals("-")) {
            validateOutputPath(dest);
        }
        Iterator<DataChunk> chunks = cli.daemon().containers()
                .copyFrom(CopyFromRequest.newBuilder().setContainer(from.container()).setPath(path).build());
        if (dest.equals("-")) {
            PrintStream out = cli.out();
            new ChunkInputStream(chunks).transferTo(out);
            out.flush();
            return -1; // nothing to report: stdout carries the archive
        }
        TarReader tar = new TarReader(new ChunkInputStream(chunks));
        TarEntry first = tar.next();
        if (first == null) {
            throw new CliException("Error: the daemon sent an empty archive for " + source);
        }
        if (mustBeDirectory && !first.isDirectory()) {
            throw new CliException("Error: " + from.path() + ": not a directory");
        }
        Path local = Path.of(dest);
        CopyPlan plan = plan(new CopyPlan.Source(first.isDirectory(), contents ? "." : GoPath.base(path)),
                new CopyPlan.Destination(dest, Files.exists(local), Files.isDirectory(local)));
        SafeExtractor.extract(tar, first, Path.of(plan.dir()), plan.root(), archive);
        return tar.bytesRead();
    }

    private long toContainer(String src, Endpoint to) throws IOException {
        ContainersGrpc.ContainersBlockingStub stub = cli.daemon().containers();
        String destPath = to.path();
        TarEntry there = ContainerPaths.stat(stub, to.container(), destPath);
        if (there != null && there.type() == TarEntry.Type.SYMLINK) {
            // docker follows a link at the destination once, relative to its directory.
            String target = there.linkName();
            destPath = target.startsWith("/") ? target : GoPath.clean(GoPath.dir(destPath) + "/" + target);
            there = ContainerPaths.stat(stub, to.container(), destPath);
        }
        if (src.equals("-")) {
            if (there == null || !there.isDirectory()) {
                throw new CliException("destination \"" + to.container() + ":" + to.path() + "\" must be a directory");
            }
            return upload(cli.in(), to.container(), destPath);
        }
        Path local = Path.of(GoPath.clean(src));
        if (!Files.exists(local, LinkOption.NOFOLLOW_LINKS)) {
            throw new CliException("lstat " + src + ": no such file or directory");
        }
        boolean directory = Files.isDirectory(local, LinkOption.NOFOLLOW_LINKS);
        boolean contents = GoPath.specifiesCurrentDir(src);
        if ((contents || src.endsWith("/")) && !directory) {
            throw new CliException("Error: " + src + ": not a directory");
        }
        CopyPlan plan = plan(new CopyPlan.Source(directory, contents ? "." : GoPath.base(GoPath.clean(src))),
                new CopyPlan.Destination(destPath, there != null, there != null && there.isDirectory()));
        try (InputStream tar = LocalArchive.of(local, plan.root(), archive)) {
            return upload(tar, to.container(), plan.dir());
        }
    }

    private long upload(InputStream tar, String container, String dir) throws IOException {
        Counting counted = new Counting(tar);
        ChunkedUpload.send(cli.daemon().containersAsync()::copyTo, counted, (data, first) -> {
            CopyToRequest.Builder request = CopyToRequest.newBuilder().setData(data);
            if (first) {
                request.setContainer(container).setPath(dir);
            }
            return request.build();
        });
        return counted.count;
    }

    private static CopyPlan plan(CopyPlan.Source src, CopyPlan.Destination dst) {
        try {
            return CopyPlan.of(src, dst);
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
    }

    /** docker's ValidateOutputPath: the parent must exist, and what is there must be a file or directory. */
    private static void validateOutputPath(String dest) {
        String parent = GoPath.dir(GoPath.clean(dest));
        if (!parent.equals(".") && !Files.isDirectory(Path.of(parent))) {
            throw new CliException("invalid output path: directory \"" + parent + "\" does not exist");
        }
        Path path = Path.of(dest);
        if (Files.exists(path) && !Files.isDirectory(path) && !Files.isRegularFile(path)) {
            throw new CliException("invalid output path: \"" + dest + "\" must be a directory or a regular file");
        }
    }

    private static final class Counting extends FilterInputStream {
        long count;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
