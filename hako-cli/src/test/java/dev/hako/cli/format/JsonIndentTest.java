package dev.hako.cli.format;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JsonIndentTest {
    @Test
    void indentsLikeGoJsonIndent() {
        String json = "[{\"Id\":\"sha256:abc\",\"RepoTags\":[\"busybox:latest\"],\"RepoDigests\":[],"
                + "\"Config\":{},\"Size\":4261520,\"Cmd\":null,\"Ok\":true}]";
        assertEquals("""
                [
                    {
                        "Id": "sha256:abc",
                        "RepoTags": [
                            "busybox:latest"
                        ],
                        "RepoDigests": [],
                        "Config": {},
                        "Size": 4261520,
                        "Cmd": null,
                        "Ok": true
                    }
                ]""", JsonIndent.indent(json, "    "));
    }

    @Test
    void leavesStringsExactlyAsSent() {
        String json = "{ \"a\" : \"x, {y}: [z] \\\" \\u003c \",\n \"b\":[ 1 , 2 ] }";
        assertEquals("""
                {
                  "a": "x, {y}: [z] \\" \\u003c ",
                  "b": [
                    1,
                    2
                  ]
                }""", JsonIndent.indent(json, "  "));
    }
}
