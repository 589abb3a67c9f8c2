package dev.hako.cli.progress;

/**
 * One layer's state as docker words it: {@code action} is the text after "id: " ("Downloading",
 * "Pull complete"); {@code current}/{@code total} are bytes, zero when the action has no counter.
 */
public record LayerUpdate(String id, String action, long current, long total) {
    public LayerUpdate {
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("a layer update needs the layer id");
        }
    }

    public static LayerUpdate of(String id, String action) {
        return new LayerUpdate(id, action, 0, 0);
    }
}
