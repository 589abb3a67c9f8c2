package dev.hako.daemon.cri;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last CPU sample of each container (or pod), so that a stats answer can say how many cores it
 * uses now (usageNanoCores: CPU nanoseconds per second since the previous stats call), as
 * containerd computes it from the sample it keeps: 0 the first time, and when the clock or the
 * counter went backwards (a restarted container has a new cgroup).
 */
final class CpuSamples {
    private record Sample(long usageNanos, long atNanos) {}

    private final Map<String, Sample> last = new ConcurrentHashMap<>();

    /** Records this sample of {@code id} and answers its usage since the previous one, in nanocores. */
    long nanoCores(String id, long usageNanos, long atNanos) {
        long[] answer = {0};
        last.compute(id, (key, previous) -> {
            if (previous == null) {
                return new Sample(usageNanos, atNanos);
            }
            long interval = atNanos - previous.atNanos();
            if (interval <= 0) {
                return previous; // an older or simultaneous sample: keep the newer one
            }
            long used = usageNanos - previous.usageNanos();
            answer[0] = used <= 0 ? 0 : (long) ((double) used / interval * 1_000_000_000L);
            return new Sample(usageNanos, atNanos);
        });
        return answer[0];
    }

    /** Forgets the samples of what is gone. */
    void retainOnly(Set<String> ids) {
        last.keySet().retainAll(ids);
    }
}
