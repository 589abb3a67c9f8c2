package dev.hako.cli.progress;

/** Where pull and push progress events go; the daemon sends events, the CLI draws them. */
public interface ProgressView {
    void layer(LayerUpdate update);

    /** A line that is not about one layer ("latest: Pulling from library/busybox"). */
    void status(String line);

    /** For -q: progress is dropped. */
    ProgressView SILENT = new ProgressView() {
        @Override
        public void layer(LayerUpdate update) {}

        @Override
        public void status(String line) {}
    };
}
