package dev.hako.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;
import io.netty.handler.codec.http.HttpMethod;
import org.junit.jupiter.api.Test;

class RouterTest {
    private final Handler ping = (req, p, res) -> { };
    private final Handler inspectContainer = (req, p, res) -> { };
    private final Handler inspectImage = (req, p, res) -> { };
    private final Router router = new Router()
            .add(HttpMethod.GET, "/_ping", ping)
            .add(HttpMethod.GET, "/containers/{id}/json", inspectContainer)
            .add(HttpMethod.GET, "/images/{name*}/json", inspectImage);

    @Test
    void anUnversionedPathIsServedAsTheNewestVersion() {
        Router.Match m = router.route(HttpMethod.GET, "/_ping");
        assertSame(ping, m.handler());
        assertEquals(ApiVersion.MAX, m.version());
    }

    @Test
    void aVersionedPathIsRoutedWithoutItsPrefix() {
        Router.Match m = router.route(HttpMethod.GET, "/v1.41/containers/abc/json");
        assertSame(inspectContainer, m.handler());
        assertEquals(new ApiVersion(1, 41), m.version());
        assertEquals("abc", m.params().get("id"));
        assertEquals("/containers/abc/json", m.path());
        assertEquals("abc", router.route(HttpMethod.GET, "/v1.24/containers/abc/json/").params().get("id"));
    }

    @Test
    void imageNamesSpanSegments() {
        Router.Match m = router.route(HttpMethod.GET, "/v1.50/images/127.0.0.1:5000/it/busybox:1/json");
        assertSame(inspectImage, m.handler());
        assertEquals("127.0.0.1:5000/it/busybox:1", m.params().get("name"));
    }

    @Test
    void versionsOutsideTheServedRangeAreDockersBadRequests() {
        HakoException tooNew = assertThrows(HakoException.class, () -> router.route(HttpMethod.GET, "/v1.51/_ping"));
        assertEquals(ErrorKind.INVALID_ARGUMENT, tooNew.kind());
        assertEquals("client version 1.51 is too new. Maximum supported API version is 1.50", tooNew.getMessage());
        HakoException tooOld = assertThrows(HakoException.class, () -> router.route(HttpMethod.GET, "/v1.23/_ping"));
        assertEquals("client version 1.23 is too old. Minimum supported API version is 1.24, please upgrade your "
                + "client to a newer version", tooOld.getMessage());
        assertEquals(ErrorKind.INVALID_ARGUMENT,
                assertThrows(HakoException.class, () -> router.route(HttpMethod.GET, "/v1.2.3/_ping")).kind());
    }

    @Test
    void unknownPathsAndMethodsAreNotFound() {
        HakoException e = assertThrows(HakoException.class, () -> router.route(HttpMethod.GET, "/v1.50/nope"));
        assertEquals(ErrorKind.NOT_FOUND, e.kind());
        assertEquals("page not found", e.getMessage());
        assertEquals(ErrorKind.NOT_FOUND,
                assertThrows(HakoException.class, () -> router.route(HttpMethod.POST, "/_ping")).kind());
        assertEquals(ErrorKind.NOT_FOUND,
                assertThrows(HakoException.class, () -> router.route(HttpMethod.GET, "/containers/a/b/json")).kind());
    }
}
