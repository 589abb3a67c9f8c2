package dev.hako.daemon.cri;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.MessageOrBuilder;
import java.math.BigInteger;
import java.util.Base64;
import java.util.List;
import java.util.TreeMap;

/**
 * CRI messages as JSON the way containerd prints them in verbose info (Go's encoding/json over the
 * generated structs): proto field names, fields at their zero value left out but a message that
 * is set kept (also when empty), enums and 64-bit integers as numbers, map keys sorted. Bytes are
 * text when they are UTF-8 (KeyValue.value was a string before CRI 1.36), base64 otherwise.
 */
final class CriJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private CriJson() {}

    static ObjectNode of(MessageOrBuilder message) {
        ObjectNode out = NODES.objectNode();
        for (FieldDescriptor f : message.getDescriptorForType().getFields()) {
            if (f.isMapField()) {
                if (message.getRepeatedFieldCount(f) > 0) {
                    out.set(f.getName(), map(f, (List<?>) message.getField(f)));
                }
            } else if (f.isRepeated()) {
                if (message.getRepeatedFieldCount(f) > 0) {
                    ArrayNode array = out.putArray(f.getName());
                    ((List<?>) message.getField(f)).forEach(v -> array.add(value(f, v)));
                }
            } else if (message.hasField(f)) { // proto3 scalars: "has" when not at their zero value
                out.set(f.getName(), value(f, message.getField(f)));
            }
        }
        return out;
    }

    private static ObjectNode map(FieldDescriptor f, List<?> entries) {
        FieldDescriptor key = f.getMessageType().findFieldByName("key");
        FieldDescriptor value = f.getMessageType().findFieldByName("value");
        TreeMap<String, JsonNode> sorted = new TreeMap<>();
        for (Object e : entries) {
            MessageOrBuilder entry = (MessageOrBuilder) e;
            sorted.put(String.valueOf(entry.getField(key)), value(value, entry.getField(value)));
        }
        ObjectNode out = NODES.objectNode();
        sorted.forEach(out::set);
        return out;
    }

    private static JsonNode value(FieldDescriptor f, Object v) {
        return switch (f.getType()) {
            case MESSAGE, GROUP -> of((MessageOrBuilder) v);
            case ENUM -> NODES.numberNode(((EnumValueDescriptor) v).getNumber());
            case BOOL -> NODES.booleanNode((Boolean) v);
            case STRING -> NODES.textNode((String) v);
            case BYTES -> bytes((ByteString) v);
            case UINT32, FIXED32 -> NODES.numberNode(Integer.toUnsignedLong((Integer) v));
            case UINT64, FIXED64 -> NODES.numberNode(new BigInteger(Long.toUnsignedString((Long) v)));
            case INT64, SINT64, SFIXED64 -> NODES.numberNode((Long) v);
            case INT32, SINT32, SFIXED32 -> NODES.numberNode((Integer) v);
            case DOUBLE -> NODES.numberNode((Double) v);
            case FLOAT -> NODES.numberNode((Float) v);
        };
    }

    private static JsonNode bytes(ByteString b) {
        return NODES.textNode(b.isValidUtf8() ? b.toStringUtf8() : Base64.getEncoder().encodeToString(b.toByteArray()));
    }
}
