package dev.hako.daemon.api;

import dev.hako.api.v1.LoginRequest;
import dev.hako.api.v1.LoginResponse;
import dev.hako.api.v1.LogoutRequest;
import dev.hako.api.v1.LogoutResponse;
import dev.hako.api.v1.RegistriesGrpc;
import dev.hako.errdefs.HakoException;
import dev.hako.registry.CredentialStore;
import dev.hako.registry.Credentials;
import dev.hako.registry.RegistryClient;
import io.grpc.stub.StreamObserver;

/**
 * hako login / logout. hakod checks the credentials against the registry and keeps them in its
 * docker-format credentials file, where every later pull and push (from the CLI or the CRI) finds them.
 */
public final class RegistriesApi extends RegistriesGrpc.RegistriesImplBase {
    private final RegistryClient registry;
    private final CredentialStore credentials;

    public RegistriesApi(RegistryClient registry, CredentialStore credentials) {
        this.registry = registry;
        this.credentials = credentials;
    }

    @Override
    public void login(LoginRequest request, StreamObserver<LoginResponse> observer) {
        GrpcErrors.unary(observer, () -> {
            String host = host(request.getServer());
            if (request.getUsername().isEmpty() || request.getPassword().isEmpty()) {
                throw HakoException.invalid("login to %s needs a username and a password", host);
            }
            Credentials c = new Credentials(request.getUsername(), request.getPassword());
            registry.checkLogin(host, c);
            credentials.put(host, c);
            return LoginResponse.newBuilder().setStatus("Login Succeeded").build();
        });
    }

    @Override
    public void logout(LogoutRequest request, StreamObserver<LogoutResponse> observer) {
        GrpcErrors.unary(observer, () -> {
            String host = host(request.getServer());
            return LogoutResponse.newBuilder().setServer(host).setRemoved(credentials.remove(host)).build();
        });
    }

    /** docker login accepts a URL or a host; credentials are kept by host. */
    static String host(String server) {
        String s = server == null || server.isBlank() ? "docker.io" : server.strip();
        s = s.replaceFirst("^https?://", "");
        int slash = s.indexOf('/');
        if (slash >= 0) {
            s = s.substring(0, slash);
        }
        if (s.equals("index.docker.io") || s.equals("registry-1.docker.io")) {
            s = "docker.io";
        }
        if (s.isEmpty()) {
            throw HakoException.invalid("invalid registry address %s", server);
        }
        return s;
    }
}
