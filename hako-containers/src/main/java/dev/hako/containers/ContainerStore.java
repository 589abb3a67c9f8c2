package dev.hako.containers;

import dev.hako.errdefs.HakoException;
import dev.hako.metadata.ContainerRecord;
import dev.hako.metadata.ContainerRecords;
import dev.hako.oci.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The containers hako knows, as their database rows say: found by full id, name or unique id
 * prefix (as docker does), listed, and written. The row is the truth that start-up reconciles
 * with what the runtime and the monitor report; the container's settings are its JSON.
 */
final class ContainerStore {
    private static final String HEX = "[a-f0-9]+";

    private final ContainerRecords records;

    ContainerStore(ContainerRecords records) {
        this.records = records;
    }

    /**
     * Finds a container by full id, name ({@code /name} too), or unique id prefix.
     *
     * @throws HakoException NOT_FOUND when nothing matches; INVALID_ARGUMENT for an empty reference
     *     or a prefix that several containers share
     */
    ContainerRecord resolve(String ref) {
        if (ref == null || ref.isBlank()) {
            throw HakoException.invalid("no container named");
        }
        String name = ref.startsWith("/") ? ref.substring(1) : ref;
        Optional<ContainerRecord> byId = records.get(name);
        if (byId.isPresent()) {
            return byId.get();
        }
        Optional<ContainerRecord> byName = records.byName(name);
        if (byName.isPresent()) {
            return byName.get();
        }
        if (name.matches(HEX)) {
            List<ContainerRecord> matches = records.byIdPrefix(name);
            if (matches.size() == 1) {
                return matches.getFirst();
            }
            if (matches.size() > 1) {
                throw HakoException.invalid("multiple containers found with provided prefix: %s", ref);
            }
        }
        throw HakoException.notFound("No such container: %s", ref);
    }

    /** The container with this full id: NOT_FOUND when there is none (any more). */
    ContainerRecord require(String id) {
        return records.get(id).orElseThrow(() -> HakoException.notFound("No such container: %s", id));
    }

    Optional<ContainerRecord> find(String id) {
        return records.get(id);
    }

    Optional<ContainerRecord> byName(String name) {
        return records.byName(name);
    }

    /** True when the container is gone or not running (what a log follower waits for). */
    boolean isStopped(String id) {
        return records.get(id).map(r -> r.state() != ContainerRecord.State.RUNNING).orElse(true);
    }

    List<ContainerRecord> records() {
        return records.list();
    }

    /** Every container ({@code all}), or the running ones. */
    List<Container> list(boolean all) {
        List<Container> out = new ArrayList<>();
        for (ContainerRecord r : records.list()) {
            if (all || r.state() == ContainerRecord.State.RUNNING) {
                out.add(container(r));
            }
        }
        return out;
    }

    /** The containers made from image {@code imageId} (a config digest). */
    List<Container> usingImage(String imageId) {
        return records.usingImage(imageId).stream().map(this::container).toList();
    }

    Container container(ContainerRecord r) {
        return new Container(r, options(r));
    }

    /** The settings the container was created with (as stored, name and runtime filled in). */
    ContainerOptions options(ContainerRecord r) {
        return Json.read(r.config().getBytes(StandardCharsets.UTF_8), ContainerOptions.class, "container " + r.id());
    }

    void insert(ContainerRecord r) {
        records.insert(r);
    }

    void update(ContainerRecord r) {
        records.update(r);
    }

    void delete(String id) {
        records.delete(id);
    }
}
