package dev.hako.cli.commands;

import com.google.protobuf.ByteString;
import dev.hako.api.v1.DataChunk;
import dev.hako.api.v1.ImagesGrpc;
import dev.hako.api.v1.ImportRequest;
import dev.hako.api.v1.ImportResponse;
import dev.hako.api.v1.LoadResponse;
import dev.hako.api.v1.SaveRequest;
import dev.hako.cli.CliRunner;
import dev.hako.cli.CliRunner.Result;
import dev.hako.cli.FakeDaemon;
import dev.hako.cli.FakeTerminal;
import dev.hako.cli.transfer.ChunkedUpload;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TransferCommandsTest {
    static final byte[] ARCHIVE = random(2 * ChunkedUpload.CHUNK_SIZE + 12345);

    @TempDir
    Path dir;
    private Path work;
    private FakeDaemon daemon;
    private CliRunner hako;
    private final List<ImportRequest> imported = new CopyOnWriteArrayList<>();
    private final List<DataChunk> loaded = new CopyOnWriteArrayList<>();
    private final List<SaveRequest> saves = new CopyOnWriteArrayList<>();
    private volatile boolean saveFails;
    private volatile boolean importRejected;

    static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(42).nextBytes(bytes);
        return bytes;
    }

    @BeforeEach
    void start() throws Exception {
        work = Files.createDirectory(dir.resolve("work"));
        daemon = FakeDaemon.start(dir, new ImagesGrpc.ImagesImplBase() {
            @Override
            public StreamObserver<ImportRequest> import_(StreamObserver<ImportResponse> response) {
                if (importRejected) {
                    return new StreamObserver<>() {
                        @Override
                        public void onNext(ImportRequest value) {
                            imported.add(value);
                            if (imported.size() == 1) {
                                response.onError(Status.INVALID_ARGUMENT
                                        .withDescription("invalid reference format: repository name must be lowercase")
                                        .asRuntimeException());
                            }
                        }

                        @Override
                        public void onError(Throwable t) {}

                        @Override
                        public void onCompleted() {}
                    };
                }
                return new Collector<>(imported, () -> ImportResponse.newBuilder()
                        .setImageId("sha256:0123456789ab").setReference(imported.getFirst().getReference()).build(), response);
            }

            @Override
            public StreamObserver<DataChunk> load(StreamObserver<LoadResponse> response) {
                return new Collector<>(loaded, () -> LoadResponse.newBuilder()
                        .addLoaded("docker.io/library/busybox:latest").addLoaded("sha256:0123456789ab").build(), response);
            }

            @Override
            public void save(SaveRequest request, StreamObserver<DataChunk> response) {
                saves.add(request);
                for (int off = 0; off < ARCHIVE.length; off += 64 * 1024) {
                    response.onNext(DataChunk.newBuilder()
                            .setData(ByteString.copyFrom(ARCHIVE, off, Math.min(64 * 1024, ARCHIVE.length - off))).build());
                    if (saveFails && off > ARCHIVE.length / 2) {
                        response.onError(Status.INTERNAL.withDescription("blob sha256:abc is missing").asRuntimeException());
                        return;
                    }
                }
                response.onCompleted();
            }
        });
        hako = new CliRunner().socket(daemon.socket());
    }

    @AfterEach
    void stop() throws Exception {
        daemon.close();
    }

    /** Keeps every message of a client stream and answers when it ends. */
    private record Collector<T, R>(List<T> into, java.util.function.Supplier<R> answer, StreamObserver<R> response)
            implements StreamObserver<T> {
        @Override
        public void onNext(T value) {
            into.add(value);
        }

        @Override
        public void onError(Throwable t) {}

        @Override
        public void onCompleted() {
            response.onNext(answer.get());
            response.onCompleted();
        }
    }

    private static byte[] joined(Stream<ByteString> chunks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        chunks.forEach(c -> out.writeBytes(c.toByteArray()));
        return out.toByteArray();
    }

    @Test
    void importStreamsTheFileInChunksNamingTheImageOnce() throws Exception {
        Path tarball = Files.write(work.resolve("rootfs.tar"), ARCHIVE);
        Result r = hako.run("import", tarball.toString(), "mybox:1");
        assertEquals(0, r.status(), r::toString);
        assertEquals("sha256:0123456789ab\n", r.out());
        assertEquals(3, imported.size());
        assertEquals("mybox:1", imported.getFirst().getReference());
        assertTrue(imported.stream().skip(1).allMatch(q -> q.getReference().isEmpty()));
        assertTrue(imported.stream().allMatch(q -> q.getData().size() <= ChunkedUpload.CHUNK_SIZE));
        assertArrayEquals(ARCHIVE, joined(imported.stream().map(ImportRequest::getData)));
    }

    @Test
    void importStopsWhenTheDaemonRejectsIt() {
        importRejected = true;
        Result r = hako.stdin(random(64 * ChunkedUpload.CHUNK_SIZE)).run("import", "-", "BadName");
        assertEquals(1, r.status());
        assertEquals("Error response from daemon: invalid reference format: repository name must be lowercase\n", r.err());
        assertTrue(imported.size() < 64, "the upload stopped early: " + imported.size() + " chunks sent");
    }

    @Test
    void importFromStdinWithChanges() {
        Result r = hako.stdin(ARCHIVE).run("image", "import", "-c", "CMD [\"sh\"]", "--change", "ENV A=1", "-", "box:2");
        assertEquals(0, r.status(), r::toString);
        assertArrayEquals(ARCHIVE, joined(imported.stream().map(ImportRequest::getData)));
        assertEquals("box:2", imported.getFirst().getReference());
        assertEquals(List.of("CMD [\"sh\"]", "ENV A=1"), imported.getFirst().getChangesList());
        assertTrue(imported.stream().skip(1).allMatch(q -> q.getChangesCount() == 0));
    }

    @Test
    void importNeedsAName() {
        Result r = hako.stdin(ARCHIVE).run("image", "import", "-");
        assertEquals(125, r.status(), r::toString);
        assertTrue(imported.isEmpty());
    }

    @Test
    void importOfAnEmptyFileStillNamesTheImage() throws Exception {
        Path empty = Files.createFile(work.resolve("empty.tar"));
        assertEquals(0, hako.run("import", empty.toString(), "empty:1").status());
        assertEquals(List.of(ImportRequest.newBuilder().setReference("empty:1").build()), imported);
    }

    @Test
    void importOfAMissingFile() {
        Result r = hako.run("import", work.resolve("nope.tar").toString(), "x:1");
        assertEquals(1, r.status());
        assertEquals("open " + work.resolve("nope.tar") + ": no such file or directory\n", r.err());
    }

    @Test
    void saveWritesTheFileWhenComplete() throws Exception {
        Path target = work.resolve("busybox.tar");
        Result r = hako.run("save", "-o", target.toString(), "busybox", "alpine");
        assertEquals(0, r.status(), r::toString);
        assertArrayEquals(ARCHIVE, Files.readAllBytes(target));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
        assertEquals(List.of("busybox", "alpine"), saves.getFirst().getReferencesList());
        try (Stream<Path> files = Files.list(work)) {
            assertEquals(List.of(target), files.toList());
        }
    }

    @Test
    void aFailedSaveLeavesNoFile() throws Exception {
        saveFails = true;
        Path target = work.resolve("busybox.tar");
        Result r = hako.run("image", "save", "-o", target.toString(), "busybox");
        assertEquals(1, r.status());
        assertEquals("Error response from daemon: blob sha256:abc is missing\n", r.err());
        try (Stream<Path> files = Files.list(work)) {
            assertEquals(List.of(), files.toList());
        }
    }

    @Test
    void saveToAPipe() {
        Result r = hako.run("save", "busybox");
        assertEquals(0, r.status(), r::toString);
        assertArrayEquals(ARCHIVE, r.stdout());
    }

    @Test
    void saveRefusesATerminal() {
        Result r = hako.terminal(new FakeTerminal(true, 80)).run("save", "busybox");
        assertEquals(1, r.status());
        assertEquals("cowardly refusing to save to a terminal. Use the -o flag or redirect\n", r.err());
        assertTrue(saves.isEmpty());
    }

    @Test
    void loadFromAFile() throws Exception {
        Path archive = Files.write(work.resolve("busybox.tar"), ARCHIVE);
        Result r = hako.run("load", "-i", archive.toString());
        assertEquals(0, r.status(), r::toString);
        assertEquals("Loaded image: busybox:latest\nLoaded image ID: sha256:0123456789ab\n", r.out());
        assertArrayEquals(ARCHIVE, joined(loaded.stream().map(DataChunk::getData)));
    }

    @Test
    void loadFromStdin() {
        Result r = hako.stdin(ARCHIVE).run("image", "load");
        assertEquals(0, r.status(), r::toString);
        assertArrayEquals(ARCHIVE, joined(loaded.stream().map(DataChunk::getData)));
    }

    @Test
    void loadRefusesATerminalStdin() {
        Result r = hako.terminal(new FakeTerminal(true, 80)).run("load");
        assertEquals(1, r.status());
        assertEquals("requested load from stdin, but stdin is empty\n", r.err());
        assertFalse(r.out().contains("Loaded"));
    }
}
