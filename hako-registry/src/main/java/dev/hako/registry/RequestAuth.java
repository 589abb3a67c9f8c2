package dev.hako.registry;

/**
 * Authentication a caller hands over with one request (the kubelet's PullImageRequest.auth) for the
 * image's registry: a user and password, an identity token (an OAuth2 refresh token), or a registry
 * token (a Bearer token itself). Exactly one of the three.
 */
public record RequestAuth(Credentials credentials, String identityToken, String registryToken) {
    public RequestAuth {
        identityToken = identityToken == null || identityToken.isEmpty() ? null : identityToken;
        registryToken = registryToken == null || registryToken.isEmpty() ? null : registryToken;
        int given = (credentials != null ? 1 : 0) + (identityToken != null ? 1 : 0) + (registryToken != null ? 1 : 0);
        if (given != 1) {
            throw dev.hako.errdefs.HakoException.invalid(
                    "give one of: username and password, an identity token, a registry token (%d given)", given);
        }
    }

    /** A client of its own that uses this for {@code host}; close it after use. */
    public RegistryClient applyTo(RegistryClient client, String host) {
        return credentials != null ? client.withCredentials(host, credentials) : client.withTokens(host, identityToken, registryToken);
    }
}
