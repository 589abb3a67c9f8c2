package dev.hako.content;

import java.nio.file.Path;

/** The fake that services' unit tests use keeps the same contract as the local store. */
class MemoryContentStoreTest extends ContentStoreContract {
    @Override
    protected ContentStore open(Path root) {
        return new MemoryContentStore();
    }

    @Override
    protected long incomplete() {
        return ((MemoryContentStore) store).incomplete();
    }
}
