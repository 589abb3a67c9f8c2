package dev.hako.cli.format;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The pieces of ps, stats, top and logs output that docker's Go code formats. */
class ContainerFormatsTest {
    @Test
    void goQuote() {
        assertEquals("\"sh -c 'echo hi'\"", GoStrings.quote("sh -c 'echo hi'"));
        assertEquals("\"say \\\"hi\\\" \\\\ \\n\\t\\x01\\u200b…日本\"", GoStrings.quote("say \"hi\" \\ \n\t\u0001\u200b…日本"));
    }

    @Test
    void commandsAreCutTo20CharactersWithAnEllipsis() {
        assertEquals("\"/docker-entrypoint.…\"", ContainerTable.command("/docker-entrypoint.sh nginx -g 'daemon off;'", false));
        assertEquals("\"12345678901234567890\"", ContainerTable.command("12345678901234567890", false));
        assertEquals("\"1234567890123456789…\"", ContainerTable.command("123456789012345678901", false));
        assertEquals("\"123456789012345678901\"", ContainerTable.command("123456789012345678901", true));
        assertEquals("\"\"", ContainerTable.command("", false));
    }

    @Test
    void imagesAsPsShowsThem() {
        assertEquals("busybox:latest", ContainerTable.image("docker.io/library/busybox:latest", false));
        assertEquals("busybox", ContainerTable.image("busybox", false));
        assertEquals("app", ContainerTable.image("app@sha256:" + "1".repeat(64), false));
        assertEquals("a416a98b71e2", ContainerTable.image("sha256:a416a98b71e224a31ee99cff8e16063554498227d2b696152a9c3e0aa65e5824", false));
        assertEquals("docker.io/library/busybox:latest", ContainerTable.image("docker.io/library/busybox:latest", true));
        assertEquals("<no image>", ContainerTable.image("", false));
    }

    @Test
    void statsNumbers() {
        assertEquals("0.00%", StatsTable.percent(0));
        assertEquals("12.35%", StatsTable.percent(12.3456));
        assertEquals("100.00%", StatsTable.percent(99.999));
        assertEquals("0.12%", StatsTable.percent(0.125)); // Go rounds the exact value half to even
        assertEquals("0B", Units.bytesSize(0));
        assertEquals("1023B", Units.bytesSize(1023));
        assertEquals("1KiB", Units.bytesSize(1024));
        assertEquals("1.172MiB", Units.bytesSize(1_228_800));
        assertEquals("7.637GiB", Units.bytesSize(8_200_000_000L));
        assertEquals("""
                CONTAINER ID   NAME      CPU %     MEM USAGE / LIMIT   MEM %     NET I/O   BLOCK I/O   PIDS
                """, StatsTable.table(List.of(), false));
    }

    @Test
    void topUsesTwentyColumnCells() {
        assertEquals("""
                PID                 COMMAND
                1                   sh
                """, TopTable.table(List.of("PID", "COMMAND"), List.of(List.of("1", "sh"))));
    }

    @Test
    void logTimestampsAreFixedWidthUtc() {
        assertEquals("2025-06-01T12:00:00.000000000Z", LogTimestamps.fixed("2025-06-01T12:00:00Z"));
        assertEquals("2025-06-01T12:00:00.100000000Z", LogTimestamps.fixed("2025-06-01T12:00:00.1Z"));
        assertEquals("2025-06-01T10:00:00.123456789Z", LogTimestamps.fixed("2025-06-01T12:00:00.123456789+02:00"));
        assertEquals("not a time", LogTimestamps.fixed("not a time"));
    }
}
