package dev.hako.containers;

import dev.hako.metadata.ContainerRecord;

/** A container as the service hands it out: its row and the options it was created with. */
public record Container(ContainerRecord record, ContainerOptions options) {
    public String id() {
        return record.id();
    }

    public String name() {
        return record.name();
    }
}
