package dev.hako.cli.format;

import dev.hako.api.v1.ContainerSummary;

/**
 * One line of `ps`, from the daemon's summary.
 *
 * @param status docker's STATUS text, written by the daemon ("Up 2 minutes")
 */
public record ContainerRow(String id, String name, String image, String command, long createdUnix,
                           String state, String status) {
    public static ContainerRow of(ContainerSummary c) {
        String name = c.getName().startsWith("/") ? c.getName().substring(1) : c.getName();
        return new ContainerRow(c.getId(), name, c.getImage(), c.getCommand(), c.getCreatedUnix(), c.getState(), c.getStatus());
    }
}
