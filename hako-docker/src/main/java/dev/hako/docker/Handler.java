package dev.hako.docker;

/** One endpoint: answers a request with its path parameters ({@code {id}} and the like). */
@FunctionalInterface
public interface Handler {
    void handle(DockerRequest request, PathParams params, DockerResponse response) throws Exception;
}
