package dev.hako.pods;

import dev.hako.metadata.PodRecord;
import dev.hako.spec.NameFiles;
import java.nio.file.Path;
import java.util.List;

/** A pod sandbox as its callers see it: the row, the config it was made with, and what hako set up. */
public record Pod(PodRecord record, PodConfig config, List<String> ips, Path netns, Path ipcns, Path utsns, Path pidns,
                  Path dir) {
    public String id() {
        return record.id();
    }

    /** The hosts, hostname and resolv.conf every container of the pod binds. */
    public NameFiles nameFiles() {
        return NameFiles.in(dir);
    }

    public boolean ready() {
        return record.state() == PodRecord.State.READY;
    }
}
