package dev.hako.ttrpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import io.grpc.Status;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * ttrpc's two protobuf envelopes, encoded by hand because they are tiny and a generated file
 * descriptor would cost the CLI's cold start more than it saves:
 * {@code Request {string service = 1; string method = 2; bytes payload = 3; int64 timeout_nano = 4;
 * repeated KeyValue metadata = 5;}} and {@code Response {google.rpc.Status status = 1; bytes
 * payload = 2;}}, where {@code Status {int32 code = 1; string message = 2; repeated Any details = 3;}}.
 * Metadata and status details are not used by hako and are skipped when read.
 */
final class Envelope {
    private Envelope() {}

    /** A call: the service's full name ("hako.v1.Containers"), the method's simple name, the first message if any. */
    record Request(String service, String method, byte[] payload, long timeoutNanos) {
        String fullMethodName() {
            return service + "/" + method;
        }
    }

    /** The end of a call: its status and, for a unary response, the message (null if none was sent). */
    record Response(Status status, byte[] payload) {}

    static byte[] encode(Request request) {
        return write(out -> {
            out.writeString(1, request.service());
            out.writeString(2, request.method());
            if (request.payload() != null) {
                out.writeByteArray(3, request.payload());
            }
            if (request.timeoutNanos() > 0) {
                out.writeInt64(4, request.timeoutNanos());
            }
        });
    }

    static Request decodeRequest(byte[] bytes) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        String service = "";
        String method = "";
        byte[] payload = null;
        long timeout = 0;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (tag) {
                case (1 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> service = in.readStringRequireUtf8();
                case (2 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> method = in.readStringRequireUtf8();
                case (3 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> payload = in.readByteArray();
                case (4 << 3) | WireFormat.WIRETYPE_VARINT -> timeout = in.readInt64();
                default -> in.skipField(tag);
            }
        }
        return new Request(service, method, payload, timeout);
    }

    static byte[] encode(Response response) {
        byte[] status = write(out -> {
            if (response.status().getCode().value() != 0) {
                out.writeInt32(1, response.status().getCode().value());
            }
            String description = response.status().getDescription();
            if (description != null && !description.isEmpty()) {
                out.writeString(2, description);
            }
        });
        return write(out -> {
            out.writeByteArray(1, status);
            if (response.payload() != null) {
                out.writeByteArray(2, response.payload());
            }
        });
    }

    static Response decodeResponse(byte[] bytes) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        Status status = Status.OK;
        byte[] payload = null;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (tag) {
                case (1 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> status = decodeStatus(in.readBytes());
                case (2 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> payload = in.readByteArray();
                default -> in.skipField(tag);
            }
        }
        return new Response(status, payload);
    }

    private static Status decodeStatus(ByteString bytes) throws IOException {
        CodedInputStream in = bytes.newCodedInput();
        int code = 0;
        String message = null;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (tag) {
                case (1 << 3) | WireFormat.WIRETYPE_VARINT -> code = in.readInt32();
                case (2 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> message = in.readStringRequireUtf8();
                default -> in.skipField(tag);
            }
        }
        // Status.fromCodeValue maps codes it does not know to UNKNOWN, naming the number.
        return Status.fromCodeValue(code).withDescription(message);
    }

    private interface Body {
        void writeTo(CodedOutputStream out) throws IOException;
    }

    private static byte[] write(Body body) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            body.writeTo(out);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
    }
}
