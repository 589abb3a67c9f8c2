package dev.hako.streaming;

import java.util.ArrayList;
import java.util.List;

/** Names on the wire shared by the SPDY and WebSocket transports (k8s.io/api/core/v1 and httpstream). */
final class StreamHeaders {
    static final String PROTOCOL_VERSION = "X-Stream-Protocol-Version";
    static final String ACCEPTED_PROTOCOL_VERSIONS = "X-Accepted-Stream-Protocol-Versions";
    static final String SPDY_31 = "SPDY/3.1";
    static final String PORT_FORWARD_PROTOCOL = "portforward.k8s.io";

    // Per-stream SPDY headers; SPDY sends header names in lower case.
    static final String STREAM_TYPE = "streamtype";
    static final String PORT = "port";
    static final String REQUEST_ID = "requestid";

    static final String TYPE_ERROR = "error";
    static final String TYPE_STDIN = "stdin";
    static final String TYPE_STDOUT = "stdout";
    static final String TYPE_STDERR = "stderr";
    static final String TYPE_RESIZE = "resize";
    static final String TYPE_DATA = "data";

    private StreamHeaders() {}

    /** The values of a header that may repeat and may hold comma-separated lists, trimmed, empties dropped. */
    static List<String> commaSeparated(List<String> headerValues) {
        List<String> out = new ArrayList<>();
        for (String value : headerValues) {
            for (String part : value.split(",")) {
                String trimmed = part.trim();
                if (!trimmed.isEmpty()) {
                    out.add(trimmed);
                }
            }
        }
        return out;
    }

    /** The first of the client's choices that the server supports: the client's order wins, as in httpstream. */
    static String negotiate(List<String> client, List<String> server) {
        for (String c : client) {
            if (server.contains(c)) {
                return c;
            }
        }
        return null;
    }
}
