package dev.hako.registry;

import java.util.Optional;

/** Where registry credentials are kept, keyed by registry host ({@code docker.io}, {@code 127.0.0.1:5000}). */
public interface CredentialStore {
    Optional<Credentials> get(String host);

    void put(String host, Credentials credentials);

    /** Forgets the credentials for {@code host}; false if there were none. */
    boolean remove(String host);

    /** A store that knows nothing and keeps nothing: every registry is used anonymously. */
    static CredentialStore none() {
        return new CredentialStore() {
            @Override
            public Optional<Credentials> get(String host) {
                return Optional.empty();
            }

            @Override
            public void put(String host, Credentials credentials) {
                throw new UnsupportedOperationException("this credential store keeps nothing");
            }

            @Override
            public boolean remove(String host) {
                return false;
            }
        };
    }
}
