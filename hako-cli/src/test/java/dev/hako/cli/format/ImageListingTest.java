package dev.hako.cli.format;

import dev.hako.api.v1.ImageSummary;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ImageListingTest {
    static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    static final String BUSYBOX_ID = "sha256:a416a98b71e224a31ee99cff8e16063554498227d2b696152a9c3e0aa65e5824";
    static final String ALPINE_ID = "sha256:05455a08881ea9cf0e752bc48e61bbd71a34c029bb13df01e40e3e70e0d007bd";
    static final String DIGEST = "sha256:9ae97d36d26566ff84e8893c64a6dc4fe8ca6d1144bf5b87b2b85a32def253c7";

    static List<ImageSummary> summaries() {
        return List.of(
                ImageSummary.newBuilder().setName("docker.io/library/busybox:latest").setRepository("docker.io/library/busybox")
                        .setTag("latest").setDigest(DIGEST).setImageId(BUSYBOX_ID)
                        .setCreatedUnix(NOW.minusSeconds(3 * 7 * 24 * 3600).getEpochSecond()).setSize(4_261_520).build(),
                // A digest-only name of a tagged image: docker hides it.
                ImageSummary.newBuilder().setName("docker.io/library/busybox@" + DIGEST).setRepository("docker.io/library/busybox")
                        .setDigest(DIGEST).setImageId(BUSYBOX_ID)
                        .setCreatedUnix(NOW.minusSeconds(3 * 7 * 24 * 3600).getEpochSecond()).setSize(4_261_520).build(),
                ImageSummary.newBuilder().setName("localhost:5000/alpine:3.20").setRepository("localhost:5000/alpine")
                        .setTag("3.20").setImageId(ALPINE_ID)
                        .setCreatedUnix(NOW.minusSeconds(3600).getEpochSecond()).setSize(7_800_000).build(),
                ImageSummary.newBuilder().setName("docker.io/library/busybox:1.36").setRepository("busybox")
                        .setTag("1.36").setDigest(DIGEST).setImageId(BUSYBOX_ID)
                        .setCreatedUnix(NOW.minusSeconds(3 * 7 * 24 * 3600).getEpochSecond()).setSize(4_261_520).build());
    }

    @Test
    void tableLooksLikeDockers() {
        String table = ImageTable.table(ImageRows.of(summaries(), false), false, false, NOW);
        assertEquals("""
                REPOSITORY              TAG       IMAGE ID       CREATED         SIZE
                localhost:5000/alpine   3.20      05455a08881e   About an hour ago   7.8MB
                busybox                 latest    a416a98b71e2   3 weeks ago     4.26MB
                busybox                 1.36      a416a98b71e2   3 weeks ago     4.26MB
                """.replace("CREATED         SIZE", "CREATED             SIZE")
                   .replace("3 weeks ago     4.26MB", "3 weeks ago         4.26MB"), table);
    }

    @Test
    void digestsColumnComesAfterTag() {
        String table = ImageTable.table(ImageRows.of(summaries().subList(0, 1), true), true, true, NOW);
        assertEquals("REPOSITORY   TAG       DIGEST" + " ".repeat(71 + 3 - 6) + "IMAGE ID" + " ".repeat(71 + 3 - 8) + "CREATED       SIZE\n"
                + "busybox      latest    " + DIGEST + "   " + BUSYBOX_ID + "   3 weeks ago   4.26MB\n", table);
    }

    @Test
    void quietListsEachImageOnce() {
        assertEquals("05455a08881e\na416a98b71e2\n", ImageTable.quiet(ImageRows.of(summaries(), false), false));
    }

    @Test
    void untaggedImagesShowNone() {
        List<ImageSummary> dangling = List.of(ImageSummary.newBuilder().setImageId(ALPINE_ID).setCreatedUnix(0).setSize(1200).build());
        assertEquals("""
                REPOSITORY   TAG       IMAGE ID       CREATED   SIZE
                <none>       <none>    05455a08881e   N/A       1.2kB
                """, ImageTable.table(ImageRows.of(dangling, false), false, false, NOW));
    }

    @Test
    void jsonLinesUseDockersKeysAndEscapes() {
        String json = ImageJsonLines.render(ImageRows.of(summaries().subList(0, 1), false), false, NOW, ZoneOffset.UTC);
        assertEquals("{\"Containers\":\"N/A\",\"CreatedAt\":\"2025-05-11 12:00:00 +0000 UTC\",\"CreatedSince\":\"3 weeks ago\","
                + "\"Digest\":\"\\u003cnone\\u003e\",\"ID\":\"a416a98b71e2\",\"Repository\":\"busybox\",\"SharedSize\":\"N/A\","
                + "\"Size\":\"4.26MB\",\"Tag\":\"latest\",\"UniqueSize\":\"N/A\",\"VirtualSize\":\"4.262MB\"}\n", json);
    }
}
