package dev.hako.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One challenge of a {@code WWW-Authenticate} header (RFC 9110 section 11.6.1), e.g.
 * {@code Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:x:pull"}.
 *
 * @param scheme lower case: {@code bearer}, {@code basic}
 * @param params parameter names in lower case, values unquoted
 */
record Challenge(String scheme, Map<String, String> params) {
    Challenge {
        params = Map.copyOf(params);
    }

    String param(String name) {
        return params.get(name);
    }

    boolean isBearer() {
        return scheme.equals("bearer");
    }

    boolean isBasic() {
        return scheme.equals("basic");
    }

    /** All challenges of all the given header values; malformed parts are skipped, never fatal. */
    static List<Challenge> parseAll(List<String> headerValues) {
        List<Challenge> all = new ArrayList<>();
        for (String value : headerValues) {
            all.addAll(parse(value));
        }
        return all;
    }

    /** The challenges in one header value; several may share it, separated by commas. */
    static List<Challenge> parse(String header) {
        List<Challenge> challenges = new ArrayList<>();
        Parser p = new Parser(header);
        while (true) {
            p.skipSeparators();
            String scheme = p.token();
            if (scheme.isEmpty()) {
                if (p.atEnd()) {
                    break;
                }
                p.pos++; // an unexpected character: skip it rather than fail
                continue;
            }
            Map<String, String> params = new LinkedHashMap<>();
            while (true) {
                p.skipSpaces();
                int mark = p.pos;
                String name = p.token();
                p.skipSpaces();
                if (name.isEmpty() || !p.take('=')) {
                    p.pos = mark; // the next challenge's scheme, not a parameter
                    break;
                }
                p.skipSpaces();
                String value = p.peek() == '"' ? p.quoted() : p.token();
                params.putIfAbsent(name.toLowerCase(Locale.ROOT), value);
                p.skipSpaces();
                if (!p.take(',')) {
                    break;
                }
            }
            challenges.add(new Challenge(scheme.toLowerCase(Locale.ROOT), params));
        }
        return challenges;
    }

    private static final class Parser {
        private final String s;
        int pos;

        Parser(String s) {
            this.s = s == null ? "" : s;
        }

        boolean atEnd() {
            return pos >= s.length();
        }

        char peek() {
            return atEnd() ? 0 : s.charAt(pos);
        }

        boolean take(char c) {
            if (peek() == c && !atEnd()) {
                pos++;
                return true;
            }
            return false;
        }

        void skipSpaces() {
            while (!atEnd() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t')) {
                pos++;
            }
        }

        void skipSeparators() {
            while (!atEnd() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t' || s.charAt(pos) == ',')) {
                pos++;
            }
        }

        /** An RFC 9110 token (tchar*). */
        String token() {
            int start = pos;
            while (!atEnd() && isTchar(s.charAt(pos))) {
                pos++;
            }
            return s.substring(start, pos);
        }

        /** A quoted string with backslash escapes; an unterminated one runs to the end. */
        String quoted() {
            StringBuilder out = new StringBuilder();
            pos++; // opening quote
            while (!atEnd()) {
                char c = s.charAt(pos++);
                if (c == '"') {
                    break;
                }
                if (c == '\\' && !atEnd()) {
                    c = s.charAt(pos++);
                }
                out.append(c);
            }
            return out.toString();
        }

        private static boolean isTchar(char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~/:".indexOf(c) >= 0;
        }
    }
}
