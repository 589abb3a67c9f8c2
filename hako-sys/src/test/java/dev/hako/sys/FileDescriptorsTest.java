package dev.hako.sys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileDescriptorsTest {
    @TempDir
    Path dir;

    @Test
    void pipesCarryBytesAndEndWhenTheWriterCloses() throws Exception {
        try (Pipe pipe = Pipe.open()) {
            assertFalse(FileDescriptors.awaitReadable(pipe.readFd(), Duration.ofMillis(20)), "nothing written yet");
            FileDescriptors.writeFully(pipe.writeFd(), "abc".getBytes(StandardCharsets.UTF_8));
            assertTrue(FileDescriptors.awaitReadable(pipe.readFd(), Duration.ofSeconds(1)));
            byte[] buffer = new byte[10];
            assertEquals(3, FileDescriptors.read(pipe.readFd(), buffer, 2, 8));
            assertEquals("abc", new String(buffer, 2, 3, StandardCharsets.UTF_8));
            pipe.closeWrite();
            assertEquals(-1, pipe.writeFd());
            assertTrue(FileDescriptors.awaitReadable(pipe.readFd(), Duration.ofSeconds(1)), "end of file is readable");
            assertEquals(0, FileDescriptors.read(pipe.readFd(), buffer, 0, 10));
            pipe.closeWrite();
        }
    }

    @Test
    void streamsOverDescriptorsOwnThem() throws Exception {
        Pipe pipe = Pipe.open();
        try (OutputStream out = FileDescriptors.outputStream(pipe.writeFd())) {
            out.write("stream".getBytes(StandardCharsets.UTF_8));
        }
        try (InputStream in = FileDescriptors.inputStream(pipe.readFd())) {
            assertArrayEquals("stream".getBytes(StandardCharsets.UTF_8), in.readAllBytes());
        }
        SysException e = assertThrows(SysException.class, () -> FileDescriptors.close(pipe.readFd()));
        assertEquals(Errno.EBADF, e.errno());
    }

    @Test
    void aFifoWithoutReaderIsENXIOInsteadOfBlocking() throws Exception {
        Path fifo = dir.resolve("ctl");
        Syscalls.mknod(fifo, Syscalls.S_IFIFO | 0600, 0);
        SysException e = assertThrows(SysException.class, () -> FileDescriptors.openFifoForWriting(fifo));
        assertEquals(Errno.ENXIO, e.errno());

        int reader = FileDescriptors.open(fifo, Native.O_RDONLY | Native.O_NONBLOCK | Native.O_CLOEXEC);
        try {
            int writer = FileDescriptors.openFifoForWriting(fifo);
            FileDescriptors.writeFully(writer, "1 24 80\n".getBytes(StandardCharsets.UTF_8));
            FileDescriptors.close(writer);
            byte[] buffer = new byte[20];
            int n = FileDescriptors.read(reader, buffer, 0, 20);
            assertEquals("1 24 80\n", new String(buffer, 0, n, StandardCharsets.UTF_8));
        } finally {
            FileDescriptors.close(reader);
        }
    }
}
