package dev.hako.cli.container;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * docker's --env-file format: one KEY=VALUE per line, the value taken as is (no quotes removed, no
 * trimming); blank lines and lines starting with # are skipped; a bare KEY takes its value from the
 * CLI's environment and is left out when unset there. Errors use docker's words.
 */
public final class EnvFile {
    private static final String WHITESPACE = " \t";

    private EnvFile() {}

    public static List<String> read(Path file, UnaryOperator<String> environment) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("env file " + file + " contains invalid utf8 bytes");
        }
        return parse(text, environment);
    }

    static List<String> parse(String text, UnaryOperator<String> environment) {
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<String> variables = new ArrayList<>();
        for (String raw : text.split("\n", -1)) {
            String line = stripLeadingSpace(raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw);
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            String name = eq < 0 ? line : line.substring(0, eq);
            if (containsAny(name, WHITESPACE)) {
                throw new IllegalArgumentException("poorly formatted environment: variable '" + name + "' contains whitespaces");
            }
            if (name.isEmpty()) {
                throw new IllegalArgumentException("poorly formatted environment: no variable name on line '" + line + "'");
            }
            if (eq >= 0) {
                variables.add(line);
            } else {
                String value = environment.apply(name);
                if (value != null) {
                    variables.add(name + "=" + value);
                }
            }
        }
        return variables;
    }

    /**
     * docker's -e: KEY=VALUE as given; a bare KEY takes the CLI's value when it has one and is
     * sent bare otherwise (the daemon then removes it from the image's environment).
     */
    public static String flag(String value, UnaryOperator<String> environment) {
        int eq = value.indexOf('=');
        String name = eq < 0 ? value : value.substring(0, eq);
        if (name.isEmpty()) {
            throw new IllegalArgumentException("invalid environment variable: " + value);
        }
        if (eq >= 0) {
            return value;
        }
        String fromCli = environment.apply(name);
        return fromCli == null ? value : name + "=" + fromCli;
    }

    private static String stripLeadingSpace(String s) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return s.substring(i);
    }

    private static boolean containsAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return true;
            }
        }
        return false;
    }
}
