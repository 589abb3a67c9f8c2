package dev.hako.registry;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Credentials held in memory only, e.g. from hako.toml or a CRI request's auth config. */
public final class MemoryCredentialStore implements CredentialStore {
    private final Map<String, Credentials> byHost = new ConcurrentHashMap<>();

    public MemoryCredentialStore() {}

    public MemoryCredentialStore(Map<String, Credentials> initial) {
        initial.forEach(this::put);
    }

    @Override
    public Optional<Credentials> get(String host) {
        return Optional.ofNullable(byHost.get(Hosts.canonical(host)));
    }

    @Override
    public void put(String host, Credentials credentials) {
        byHost.put(Hosts.canonical(host), credentials);
    }

    @Override
    public boolean remove(String host) {
        return byHost.remove(Hosts.canonical(host)) != null;
    }
}
