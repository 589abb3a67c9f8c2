package dev.hako.cli.commands;

import dev.hako.api.v1.LoginRequest;
import dev.hako.api.v1.LoginResponse;
import dev.hako.api.v1.LogoutRequest;
import dev.hako.api.v1.LogoutResponse;
import dev.hako.api.v1.RegistriesGrpc;
import dev.hako.cli.CliRunner;
import dev.hako.cli.CliRunner.Result;
import dev.hako.cli.FakeDaemon;
import dev.hako.cli.FakeTerminal;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RegistryCommandsTest {
    private FakeDaemon daemon;
    private CliRunner hako;
    private final List<Object> requests = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start(@TempDir Path dir) throws Exception {
        daemon = FakeDaemon.start(dir, new RegistriesGrpc.RegistriesImplBase() {
            @Override
            public void login(LoginRequest request, StreamObserver<LoginResponse> response) {
                requests.add(request);
                if (request.getPassword().equals("wrong")) {
                    response.onError(Status.UNAUTHENTICATED
                            .withDescription("unauthorized: incorrect username or password").asRuntimeException());
                    return;
                }
                response.onNext(LoginResponse.newBuilder().setStatus("Login Succeeded").build());
                response.onCompleted();
            }

            @Override
            public void logout(LogoutRequest request, StreamObserver<LogoutResponse> response) {
                requests.add(request);
                response.onNext(LogoutResponse.newBuilder().setRemoved(!request.getServer().equals("never.example"))
                        .setServer(request.getServer()).build());
                response.onCompleted();
            }
        });
        hako = new CliRunner().socket(daemon.socket());
    }

    @AfterEach
    void stop() throws Exception {
        daemon.close();
    }

    @Test
    void passwordOnTheCommandLineWarns() {
        Result r = hako.run("login", "-u", "alice", "-p", "secret", "localhost:5000");
        assertEquals(0, r.status(), r::toString);
        assertEquals("Login Succeeded\n", r.out());
        assertEquals("WARNING! Using --password via the CLI is insecure. Use --password-stdin.\n", r.err());
        assertEquals(List.of(LoginRequest.newBuilder().setServer("localhost:5000").setUsername("alice").setPassword("secret").build()),
                requests);
    }

    @Test
    void passwordFromStdinLosesItsLineEnd() {
        Result r = hako.stdin("s3cret\r\n").run("login", "--username", "alice", "--password-stdin");
        assertEquals(0, r.status(), r::toString);
        assertEquals("", r.err());
        LoginRequest sent = (LoginRequest) requests.getFirst();
        assertEquals("docker.io", sent.getServer());
        assertEquals("s3cret", sent.getPassword());
    }

    @Test
    void passwordStdinNeedsAUsername() {
        Result r = hako.stdin("x\n").run("login", "--password-stdin");
        assertEquals(1, r.status());
        assertEquals("Must provide --username with --password-stdin\n", r.err());
        assertEquals(1, hako.run("login", "-u", "a", "-p", "b", "--password-stdin").status());
    }

    @Test
    void noTerminalNoPrompt() {
        Result r = hako.run("login", "-u", "alice");
        assertEquals(1, r.status());
        assertEquals("Error: Cannot perform an interactive login from a non TTY device\n", r.err());
        assertTrue(requests.isEmpty());
    }

    @Test
    void promptsOnATerminal() {
        FakeTerminal terminal = new FakeTerminal(true, 80, "  alice ", "pw");
        Result r = hako.terminal(terminal).run("login", "registry.example");
        assertEquals(0, r.status(), r::toString);
        assertEquals(List.of("Username: ", "Password: "), terminal.prompts);
        LoginRequest sent = (LoginRequest) requests.getFirst();
        assertEquals("alice", sent.getUsername());
        assertEquals("pw", sent.getPassword());
    }

    @Test
    void refusedCredentials() {
        Result r = hako.run("login", "-u", "alice", "-p", "wrong");
        assertEquals(1, r.status());
        assertTrue(r.err().endsWith("Error response from daemon: unauthorized: incorrect username or password\n"), r::toString);
    }

    @Test
    void logout() {
        assertEquals("Removing login credentials for docker.io\n", hako.run("logout").out());
        assertEquals("Not logged in to never.example\n", hako.run("logout", "never.example").out());
    }
}
