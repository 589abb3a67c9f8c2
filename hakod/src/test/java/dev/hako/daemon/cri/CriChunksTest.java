package dev.hako.daemon.cri;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hako.errdefs.HakoException;
import io.grpc.Status;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The Stream* calls: the List answer in chunks, or the error before any message. */
class CriChunksTest {
    @Test
    void itemsGoInChunksOfAtMostTheLimitAndNoneAsOneEmptyMessage() {
        List<Integer> items = IntStream.range(0, 2 * CriChunks.CHUNK + 1).boxed().toList();
        List<List<Integer>> chunks = CriChunks.chunks(items, List::copyOf);
        assertEquals(List.of(CriChunks.CHUNK, CriChunks.CHUNK, 1), chunks.stream().map(List::size).toList());
        assertEquals(items, chunks.stream().flatMap(List::stream).toList());
        assertEquals(List.of(List.of()), CriChunks.chunks(List.<Integer>of(), List::copyOf));
    }

    @Test
    void theMessagesThenCompletion() throws Exception {
        FakeServerCall<Integer> call = new FakeServerCall<>(true);
        CriChunks.stream(call, () -> IntStream.range(0, CriChunks.CHUNK + 2).boxed().toList(), List::size);
        assertEquals(List.of(CriChunks.CHUNK, 2), call.receivedSoFar());
        assertTrue(call.isCompleted());
    }

    @Test
    void anErrorIsMappedAsEveryCallsAndNothingIsSent() throws Exception {
        FakeServerCall<Integer> call = new FakeServerCall<>(true);
        CriChunks.<Integer, Integer>stream(call, () -> {
            throw HakoException.invalid("PodSandboxStatsFilter is odd");
        }, List::size);
        Status status = call.errorStatus(Duration.ZERO);
        assertEquals(Status.Code.INVALID_ARGUMENT, status.getCode());
        assertEquals("PodSandboxStatsFilter is odd", status.getDescription());
        assertEquals(List.of(), call.receivedSoFar());
        assertFalse(call.isCompleted());
    }
}
