package dev.hako.tar;

import dev.hako.errdefs.HakoException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Text in tar headers: names are bytes, and hako keeps them as Java strings, so they must be UTF-8. */
final class TarText {
    private TarText() {}

    static String name(byte[] bytes, long headerOffset) {
        return name(bytes, 0, bytes.length, headerOffset);
    }

    /**
     * Decodes a name strictly: a name that is not UTF-8 could not be written back byte for byte, so
     * it is refused rather than silently altered.
     */
    static String name(byte[] bytes, int off, int len, long headerOffset) {
        int end = off + len;
        for (int i = off; i < end; i++) {
            if (bytes[i] < 0) {
                return decodeUtf8(bytes, off, len, headerOffset);
            }
        }
        return new String(bytes, off, len, StandardCharsets.ISO_8859_1); // ASCII: the common, fast case
    }

    private static String decodeUtf8(byte[] bytes, int off, int len, long headerOffset) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, off, len))
                    .toString();
        } catch (CharacterCodingException e) {
            throw HakoException.invalid("tar entry \"%s\" (header at offset %d): name is not valid UTF-8",
                    escaped(bytes, off, len), headerOffset);
        }
    }

    /** Bytes as printable ASCII, others as \xNN, for messages. */
    static String escaped(byte[] bytes, int off, int len) {
        StringBuilder out = new StringBuilder(len);
        for (int i = off; i < off + len; i++) {
            int b = bytes[i] & 0xff;
            if (b >= 0x20 && b < 0x7f && b != '\\' && b != '"') {
                out.append((char) b);
            } else {
                out.append("\\x").append(Character.forDigit(b >> 4, 16)).append(Character.forDigit(b & 0xf, 16));
            }
        }
        return out.toString();
    }

    static String printable(byte b) {
        return escaped(new byte[] {b}, 0, 1);
    }
}
