package dev.hako.pods;

import dev.hako.metadata.PodRecord;
import java.nio.file.Path;
import java.util.List;

/** A pod sandbox as its callers see it: the row, the config it was made with, and what hako set up. */
public record Pod(PodRecord record, PodConfig config, List<String> ips, Path netns, Path ipcns, Path utsns, Path pidns,
                  Path dir) {
    public String id() {
        return record.id();
    }

    public boolean ready() {
        return record.state() == PodRecord.State.READY;
    }
}
