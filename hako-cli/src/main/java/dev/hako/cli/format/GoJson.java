package dev.hako.cli.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;

import java.io.IOException;
import java.io.Writer;

/**
 * Jackson generators that escape like Go's encoding/json (docker's `--format json`): &lt;, &gt;,
 * &amp;, U+2028 and U+2029 become lowercase \\u escapes.
 */
public final class GoJson {
    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    static {
        FACTORY.setCharacterEscapes(new GoEscapes());
    }

    private GoJson() {}

    public static JsonGenerator generator(Writer out) throws IOException {
        return FACTORY.createGenerator(out);
    }

    private static final class GoEscapes extends CharacterEscapes {
        private final int[] table = standardAsciiEscapesForJSON();

        GoEscapes() {
            table['<'] = ESCAPE_CUSTOM;
            table['>'] = ESCAPE_CUSTOM;
            table['&'] = ESCAPE_CUSTOM;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return table;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return switch (ch) {
                case '<' -> new SerializedString("\\u003c");
                case '>' -> new SerializedString("\\u003e");
                case '&' -> new SerializedString("\\u0026");
                case 0x2028 -> new SerializedString("\\u2028");
                case 0x2029 -> new SerializedString("\\u2029");
                default -> null;
            };
        }
    }
}
