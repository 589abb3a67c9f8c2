package dev.hako.containers;

import dev.hako.metadata.ContainerRecord;
import java.time.Duration;
import java.time.Instant;

/** docker's STATUS column: "Created", "Up 5 minutes", "Exited (0) 3 seconds ago". */
final class StatusText {
    private StatusText() {}

    static String of(ContainerRecord r, Instant now) {
        return switch (r.state()) {
            case CREATED -> "Created";
            case RUNNING -> "Up " + human(Duration.between(instant(r.startedAt()), now));
            case EXITED -> "Exited (" + r.exitCode() + ") " + human(Duration.between(instant(r.finishedAt()), now)) + " ago";
            case REMOVING -> "Removal In Progress";
        };
    }

    static Instant instant(long nanos) {
        return Instant.ofEpochSecond(0, nanos);
    }

    /** go-units HumanDuration, as docker prints it. */
    static String human(Duration d) {
        long seconds = Math.max(0, d.toSeconds());
        if (seconds < 1) {
            return "Less than a second";
        }
        if (seconds == 1) {
            return "1 second";
        }
        if (seconds < 60) {
            return seconds + " seconds";
        }
        long minutes = d.toMinutes();
        if (minutes == 1) {
            return "About a minute";
        }
        if (minutes < 60) {
            return minutes + " minutes";
        }
        long hours = Math.round(d.toMinutes() / 60.0);
        if (hours == 1) {
            return "About an hour";
        }
        if (hours < 48) {
            return hours + " hours";
        }
        long days = hours / 24;
        if (days < 7 * 2) {
            return days + " days";
        }
        if (days < 30 * 2) {
            return days / 7 + " weeks";
        }
        if (days < 365 * 2) {
            return days / 30 + " months";
        }
        return days / 365 + " years";
    }
}
