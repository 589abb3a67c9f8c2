package dev.hako.images;

/** Progress of an image operation as events: the CLI draws bars from them, the daemon logs them. */
public interface Progress {
    Progress NONE = new Progress() {
        @Override
        public void layer(String id, LayerPhase phase, long current, long total) {}

        @Override
        public void status(String line) {}
    };

    /** A layer (named by its short digest) moved on. */
    void layer(String id, LayerPhase phase, long current, long total);

    /** A line of status for people. */
    void status(String line);

    enum LayerPhase {
        WAITING, DOWNLOADING, EXTRACTING, VERIFYING, COMPLETE, ALREADY_EXISTS,
        PREPARING, PUSHING, PUSHED, LAYER_ALREADY_EXISTS
    }
}
