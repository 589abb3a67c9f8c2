package dev.hako.docker;

import dev.hako.containers.ContainerService;
import dev.hako.images.ImageService;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.util.function.UnaryOperator;

/**
 * The Docker Engine API: a request is routed ({@link Router}) to the handler of its resource group
 * ({@link SystemRoutes}, {@link ImageRoutes}, {@link ContainerRoutes}), which translates it to the
 * image and container services, as the hako API and the CRI do; errors become docker's
 * ({@link DockerErrors}).
 */
public final class DockerApi {
    private final Router router;
    private final DockerErrors errors;

    public DockerApi(Router router, DockerErrors errors) {
        this.router = router;
        this.errors = errors;
    }

    /** The API on hako's services. {@code redact} hides the store's host paths in messages. */
    public static DockerApi of(Engine engine, ImageService images, ContainerService containers,
                               UnaryOperator<String> redact) {
        Router router = new Router();
        new SystemRoutes(engine, images, containers).addTo(router);
        new ImageRoutes(images).addTo(router);
        new ContainerRoutes(containers).addTo(router);
        return new DockerApi(router, new DockerErrors(redact));
    }

    /**
     * Answers one request. An error before the answer began becomes docker's error answer; one after
     * it is thrown, and the connection is closed, which is all that is left to tell the client.
     */
    public void serve(HttpMethod method, String uri, HttpHeaders headers, byte[] body, DockerResponse response)
            throws IOException {
        QueryStringDecoder decoded = new QueryStringDecoder(uri);
        try {
            Router.Match m = router.route(method, decoded.path());
            DockerRequest request = new DockerRequest(method, m.path(), m.version(), decoded.parameters(), headers, body);
            m.handler().handle(request, m.params(), response);
        } catch (Exception e) {
            if (response.committed()) {
                throw e instanceof IOException io ? io : new IOException(e);
            }
            DockerErrors.Answer a = errors.answer(e);
            response.json(a.status(), a.body());
        }
    }
}
