package dev.hako.oci;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Picks the manifest for a wanted platform out of an index. An exact match wins; 32-bit ARM falls
 * back to older variants (v7 runs v6 and v5), as containerd does.
 */
public final class PlatformMatcher {
    private final List<Platform> acceptable;

    public PlatformMatcher(Platform wanted) {
        Platform w = wanted.normalized();
        List<Platform> list = new ArrayList<>();
        list.add(w);
        if ("arm".equals(w.architecture()) && w.variant() != null) {
            int level = w.variant().charAt(1) - '0';
            for (int v = level - 1; v >= 5; v--) {
                list.add(new Platform(w.os(), "arm", "v" + v));
            }
        }
        this.acceptable = List.copyOf(list);
    }

    /** How well {@code candidate} fits: 0 is best, empty when it cannot run. */
    public Optional<Integer> rank(Platform candidate) {
        if (candidate == null) {
            return Optional.empty();
        }
        Platform c = candidate.normalized();
        for (int i = 0; i < acceptable.size(); i++) {
            Platform a = acceptable.get(i);
            if (a.os().equals(c.os()) && a.architecture().equals(c.architecture())
                    && java.util.Objects.equals(a.variant(), c.variant())) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    /** The best manifest in {@code index} for this platform. */
    public Optional<Descriptor> select(Index index) {
        Descriptor best = null;
        int bestRank = Integer.MAX_VALUE;
        for (Descriptor d : index.manifests()) {
            Optional<Integer> r = rank(d.platform());
            if (r.isPresent() && r.get() < bestRank) {
                best = d;
                bestRank = r.get();
            }
        }
        return Optional.ofNullable(best);
    }

    public Platform wanted() {
        return acceptable.getFirst();
    }
}
