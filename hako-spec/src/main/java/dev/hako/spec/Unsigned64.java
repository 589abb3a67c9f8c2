package dev.hako.spec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.math.BigInteger;

/**
 * JSON for the spec's uint64 fields (rlimits, seccomp argument values) held in a Java long: -1 is
 * written as 18446744073709551615 (RLIM_INFINITY, an all-ones mask), which runc's Go decoder wants;
 * a negative number would make it refuse config.json.
 */
public final class Unsigned64 {
    private static final BigInteger MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private Unsigned64() {}

    public static final class Serializer extends StdSerializer<Long> {
        public Serializer() {
            super(Long.class);
        }

        @Override
        public void serialize(Long value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeNumber(new BigInteger(Long.toUnsignedString(value)));
        }
    }

    public static final class Deserializer extends StdDeserializer<Long> {
        public Deserializer() {
            super(Long.class);
        }

        @Override
        public Long deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
                return (Long) ctx.handleUnexpectedToken(Long.class, p);
            }
            BigInteger v = p.getBigIntegerValue();
            if (v.signum() < 0 || v.compareTo(MAX) > 0) {
                // -1 is tolerated as "all ones": people write it for RLIM_INFINITY.
                if (v.equals(BigInteger.ONE.negate())) {
                    return -1L;
                }
                return (Long) ctx.handleWeirdNumberValue(Long.class, v, "not an unsigned 64-bit number");
            }
            return v.longValue();
        }
    }
}
