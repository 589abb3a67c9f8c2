package dev.hako.registry;

import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import dev.hako.oci.Descriptor;
import dev.hako.oci.Digest;
import dev.hako.oci.MediaTypes;
import dev.hako.oci.Reference;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongConsumer;

/**
 * A client of the OCI distribution spec: fetches and pushes manifests and blobs, with token and
 * Basic auth, mirrors and insecure hosts as {@link RegistryConfig} says. Thread-safe; one per daemon
 * is enough. Every failure is a {@link HakoException} whose message names the reference and what the
 * registry said.
 */
public final class RegistryClient implements AutoCloseable {
    /** The most a manifest may weigh; bigger is refused before it is read (the distribution spec suggests 4 MiB). */
    public static final int MANIFEST_MAX = 4 * 1024 * 1024;

    private final RegistryConfig config;
    private final CredentialStore credentials;
    private final Clock clock;
    private final Transport transport;

    public RegistryClient(RegistryConfig config, CredentialStore credentials) {
        this(config, credentials, Clock.systemUTC());
    }

    RegistryClient(RegistryConfig config, CredentialStore credentials, Clock clock) {
        this(config, credentials, clock, null);
    }

    private RegistryClient(RegistryConfig config, CredentialStore credentials, Clock clock, Authenticator.GivenTokens given) {
        this.config = config;
        this.credentials = credentials;
        this.clock = clock;
        this.transport = new Transport(new Authenticator(credentials, clock, given, new CleartextPolicy(config)), config);
    }

    /**
     * A client of its own that authenticates to {@code host} with a token the caller was given: an
     * identity token (an OAuth2 refresh token) or a registry token (a Bearer token), as a kubelet
     * passes them. Close it after use.
     */
    public RegistryClient withTokens(String host, String identityToken, String registryToken) {
        return new RegistryClient(config, credentials, clock, new Authenticator.GivenTokens(host,
                identityToken == null || identityToken.isEmpty() ? null : identityToken,
                registryToken == null || registryToken.isEmpty() ? null : registryToken));
    }

    /**
     * A client of its own that uses {@code given} for {@code host} (a kubelet's per-pull credentials)
     * and this client's store for every other host. Close it after use.
     */
    public RegistryClient withCredentials(String host, Credentials given) {
        CredentialStore store = this.credentials;
        return new RegistryClient(config, new CredentialStore() {
            @Override
            public java.util.Optional<Credentials> get(String h) {
                return h.equals(host) ? java.util.Optional.of(given) : store.get(h);
            }

            @Override
            public void put(String h, Credentials c) {
                throw new UnsupportedOperationException("per-request credentials are not stored");
            }

            @Override
            public boolean remove(String h) {
                return false;
            }
        }, clock);
    }

    /** The manifest or index {@code ref} names, by its digest when it has one, else by its tag. */
    public FetchedManifest fetchManifest(Reference ref) {
        if (ref.object() == null) {
            throw HakoException.invalid("reference %s has neither tag nor digest", ref);
        }
        Target target = new Target(ref, Target.Access.PULL, "manifest for " + ref.familiarName() + suffix(ref));
        return onPullEndpoints(ref, endpoint -> fetchManifest(endpoint, target, ref.object(), ref.digest(), -1));
    }

    /** A manifest that another one points at (an index's child, say), checked against {@code descriptor}. */
    public FetchedManifest fetchManifest(Reference repo, Descriptor descriptor) {
        if (descriptor.size() > MANIFEST_MAX) {
            throw tooLarge(repo.name() + "@" + descriptor.digest(), descriptor.size());
        }
        Target target = new Target(repo, Target.Access.PULL, "manifest " + descriptor.digest() + " in " + repo.name());
        FetchedManifest fetched = onPullEndpoints(repo, endpoint -> fetchManifest(
                endpoint, target, descriptor.digest().toString(), descriptor.digest(), descriptor.size()));
        // The parent's descriptor was verified with the parent, so its media type is the truth.
        return descriptor.mediaType() == null || descriptor.mediaType().equals(fetched.mediaType()) ? fetched
                : new FetchedManifest(descriptor.mediaType(), fetched.digest(), fetched.bytes());
    }

    /**
     * Opens a blob for streaming. The caller checks digest and size as it reads: this only refuses a
     * response whose Content-Length already shows the wrong size.
     */
    public InputStream openBlob(Reference repo, Descriptor descriptor) {
        Target target = new Target(repo, Target.Access.PULL, "blob " + descriptor.digest() + " in " + repo.name());
        return onPullEndpoints(repo, endpoint -> {
            HttpResponse<InputStream> r = transport.send(endpoint, target, Transport.Call.of("GET",
                    endpoint.resolve(repo.path() + "/blobs/" + descriptor.digest()), Map.of()));
            if (r.statusCode() != 200) {
                throw failed(endpoint, target, r);
            }
            long length = r.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (length >= 0 && length != descriptor.size()) {
                Transport.close(r);
                throw HakoException.unavailable("registry %s sent %d bytes for %s, whose descriptor says %d",
                        endpoint.authority(), length, target.subject(), descriptor.size());
            }
            return r.body();
        });
    }

    /** Whether the registry host (not a mirror) has the blob in {@code repo}. */
    public boolean blobExists(Reference repo, Digest digest) {
        Target target = new Target(repo, Target.Access.PULL, "blob " + digest + " in " + repo.name());
        Endpoint endpoint = Endpoints.forHost(config, repo.domain());
        HttpResponse<InputStream> r = transport.send(endpoint, target, Transport.Call.of("HEAD",
                endpoint.resolve(repo.path() + "/blobs/" + digest), Map.of()));
        return switch (r.statusCode()) {
            case 200 -> {
                Transport.close(r);
                yield true;
            }
            case 404 -> {
                Transport.close(r);
                yield false;
            }
            default -> throw failed(endpoint, target, r);
        };
    }

    /**
     * Uploads a blob: POST to start an upload, then one PUT of the whole content with its digest.
     *
     * @param content  opened once, or again if the registry asks for credentials midway
     * @param progress told the number of bytes sent so far; may be null
     */
    public void pushBlob(Reference repo, Descriptor descriptor, IoSupplier<InputStream> content, LongConsumer progress) {
        Target target = new Target(repo, Target.Access.PUSH, "upload of blob " + descriptor.digest() + " to " + repo.name());
        Endpoint endpoint = Endpoints.forHost(config, repo.domain());
        HttpResponse<InputStream> started = transport.send(endpoint, target, Transport.Call.of("POST",
                endpoint.resolve(repo.path() + "/blobs/uploads/"), Map.of()));
        if (started.statusCode() != 202) {
            throw failed(endpoint, target, started);
        }
        Transport.close(started);
        URI location = uploadLocation(endpoint, target, started);
        String query = location.getRawQuery() == null ? "?" : "&";
        URI put = URI.create(location + query + "digest=" + descriptor.digest());
        RequestBody body = new RequestBody(content, descriptor.size(), progress, "blob " + descriptor.digest());
        HttpResponse<InputStream> done;
        try {
            done = transport.send(endpoint, target, new Transport.Call("PUT", put,
                    Map.of("Content-Type", "application/octet-stream"), body));
        } catch (HakoException e) {
            cancelUpload(endpoint, target, location);
            throw e;
        }
        if (done.statusCode() != 201 && done.statusCode() != 204) {
            HakoException e = failed(endpoint, target, done);
            cancelUpload(endpoint, target, location);
            throw e;
        }
        Transport.close(done);
        String stored = done.headers().firstValue("Docker-Content-Digest").orElse(null);
        if (stored != null && !stored.equals(descriptor.digest().toString())) {
            throw HakoException.unavailable("registry %s stored %s as %s", endpoint.authority(), target.subject(), stored);
        }
    }

    /**
     * Puts a manifest under {@code ref}'s tag (or its digest when it has no tag).
     *
     * @return the manifest's digest
     */
    public Digest pushManifest(Reference ref, String mediaType, byte[] bytes) {
        String object = ref.tag() != null ? ref.tag() : ref.object();
        if (object == null) {
            throw HakoException.invalid("cannot push to %s: it has neither tag nor digest", ref);
        }
        if (MediaTypes.isSchema1(mediaType)) {
            throw HakoException.invalid("cannot push %s: Docker schema 1 manifests are not supported", ref);
        }
        if (bytes.length > MANIFEST_MAX) {
            throw tooLarge(ref.toString(), bytes.length);
        }
        Digest digest = ref.digest() != null ? computed(ref.digest(), bytes) : Digest.sha256(bytes);
        if (ref.digest() != null && !digest.equals(ref.digest())) {
            throw HakoException.invalid("cannot push %s: the manifest's digest is %s", ref, digest);
        }
        Target target = new Target(ref, Target.Access.PUSH, "manifest " + ref.familiarName() + ":" + object);
        Endpoint endpoint = Endpoints.forHost(config, ref.domain());
        RequestBody body = new RequestBody(() -> new ByteArrayInputStream(bytes), bytes.length, null,
                "manifest " + digest);
        HttpResponse<InputStream> r = transport.send(endpoint, target, new Transport.Call("PUT",
                endpoint.resolve(ref.path() + "/manifests/" + object), Map.of("Content-Type", mediaType), body));
        if (r.statusCode() != 201 && r.statusCode() != 200 && r.statusCode() != 204) {
            throw failed(endpoint, target, r);
        }
        Transport.close(r);
        String stored = r.headers().firstValue("Docker-Content-Digest").orElse(null);
        if (stored != null && stored.startsWith(digest.algorithm() + ":") && !stored.equals(digest.toString())) {
            throw HakoException.unavailable("registry %s stored %s as %s, not %s", endpoint.authority(),
                    target.subject(), stored, digest);
        }
        return digest;
    }

    /**
     * Checks credentials as {@code docker login} does: GET {@code /v2/} and answer its challenge with
     * them. A registry that needs no auth accepts any. Throws UNAUTHENTICATED when they are refused.
     */
    public void checkLogin(String host, Credentials credentials) {
        Endpoint endpoint = Endpoints.forHost(config, host);
        HttpResponse<InputStream> r = transport.get(endpoint, endpoint.resolve(""), null);
        byte[] body = Transport.readAtMost(r, Transport.ERROR_BODY_MAX);
        if (r.statusCode() == 200) {
            return;
        }
        if (r.statusCode() != 401) {
            throw HakoException.unavailable("login to %s failed: %s", host, RegistryErrors.describe(r.statusCode(), body));
        }
        transport.auth().login(endpoint, credentials,
                Challenge.parseAll(r.headers().allValues("WWW-Authenticate")), transport::get);
    }

    @Override
    public void close() {
        transport.close();
    }

    private FetchedManifest fetchManifest(Endpoint endpoint, Target target, String object, Digest expected, long expectedSize) {
        HttpResponse<InputStream> r = transport.send(endpoint, target, Transport.Call.of("GET",
                endpoint.resolve(target.repo().path() + "/manifests/" + object), Map.of("Accept", ManifestTypes.ACCEPT)));
        if (r.statusCode() != 200) {
            throw failed(endpoint, target, r);
        }
        long length = r.headers().firstValueAsLong("Content-Length").orElse(-1);
        if (length > MANIFEST_MAX) {
            Transport.close(r);
            throw tooLarge(target.subject(), length);
        }
        byte[] bytes;
        try (InputStream in = r.body()) {
            bytes = in.readNBytes(MANIFEST_MAX + 1);
        } catch (IOException e) {
            throw HakoException.unavailable("registry %s broke off sending %s: %s", endpoint.authority(),
                    target.subject(), Transport.reason(e));
        }
        if (bytes.length > MANIFEST_MAX) {
            throw tooLarge(target.subject(), bytes.length);
        }
        String mediaType = ManifestTypes.detect(r.headers().firstValue("Content-Type").orElse(null), bytes);
        if (MediaTypes.isSchema1(mediaType)) {
            throw HakoException.invalid("%s is a Docker schema 1 manifest, which hako does not support; "
                    + "push it again with a current client", target.subject());
        }
        if (!ManifestTypes.isKnown(mediaType)) {
            throw HakoException.invalid("%s has media type %s, which is not an image manifest or index",
                    target.subject(), mediaType.isEmpty() ? "(none)" : mediaType);
        }
        Digest digest;
        if (expected != null) {
            digest = computed(expected, bytes);
            if (!digest.equals(expected)) {
                throw HakoException.unavailable("registry %s sent a wrong %s: its digest is %s", endpoint.authority(),
                        target.subject(), digest);
            }
            if (expectedSize >= 0 && bytes.length != expectedSize) {
                throw HakoException.unavailable("registry %s sent %s with %d bytes, not %d", endpoint.authority(),
                        target.subject(), bytes.length, expectedSize);
            }
        } else {
            digest = Digest.sha256(bytes);
            String said = r.headers().firstValue("Docker-Content-Digest").orElse(null);
            if (said != null && said.startsWith("sha256:") && !said.equals(digest.toString())) {
                throw HakoException.unavailable("registry %s sent %s with digest %s, but says it is %s",
                        endpoint.authority(), target.subject(), digest, said);
            }
        }
        return new FetchedManifest(mediaType, digest, bytes);
    }

    /**
     * Runs {@code operation} on the pull endpoints in order (mirrors, then the host). A mirror that is
     * down, broken, lacks the content or refuses us is passed over; the last endpoint's error is reported.
     */
    private <T> T onPullEndpoints(Reference ref, Function<Endpoint, T> operation) {
        List<Endpoint> endpoints = Endpoints.forPull(config, ref.domain());
        for (int i = 0; ; i++) {
            Endpoint endpoint = endpoints.get(i);
            try {
                return operation.apply(endpoint);
            } catch (HakoException e) {
                boolean last = i == endpoints.size() - 1;
                boolean worthAnother = e.kind() == ErrorKind.UNAVAILABLE || e.kind() == ErrorKind.NOT_FOUND
                        || e.kind() == ErrorKind.UNAUTHENTICATED;
                if (last || !endpoint.mirror() || !worthAnother) {
                    throw e;
                }
            }
        }
    }

    private URI uploadLocation(Endpoint endpoint, Target target, HttpResponse<InputStream> started) {
        String location = started.headers().firstValue("Location").orElse(null);
        if (location == null) {
            throw HakoException.unavailable("registry %s started %s without saying where to send it",
                    endpoint.authority(), target.subject());
        }
        try {
            URI uri = started.request().uri().resolve(location);
            if (uri.getScheme() != null && (uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw HakoException.unavailable("registry %s gave an invalid upload location %s", endpoint.authority(), location);
    }

    /** Best effort: tell the registry to drop a failed upload; it purges stale ones anyway. */
    private void cancelUpload(Endpoint endpoint, Target target, URI location) {
        try {
            Transport.close(transport.send(endpoint, target, Transport.Call.of("DELETE", location, Map.of())));
        } catch (HakoException e) {
            // the upload's own error is the one worth reporting
        }
    }

    private HakoException failed(Endpoint endpoint, Target target, HttpResponse<InputStream> r) {
        byte[] body = Transport.readAtMost(r, Transport.ERROR_BODY_MAX);
        String user = transport.auth().credentialsFor(endpoint).map(Credentials::username).orElse(null);
        return RegistryErrors.toException(target, endpoint, r.statusCode(), body, user);
    }

    private static Digest computed(Digest like, byte[] bytes) {
        var digester = like.newDigester();
        digester.update(bytes);
        return new Digest(like.algorithm(), java.util.HexFormat.of().formatHex(digester.digest()));
    }

    private static HakoException tooLarge(String what, long size) {
        return HakoException.invalid("%s is %d bytes, more than the %d a manifest may have", what, size, MANIFEST_MAX);
    }

    private static String suffix(Reference ref) {
        return ref.digest() != null ? "@" + ref.digest() : ":" + ref.tag();
    }
}
