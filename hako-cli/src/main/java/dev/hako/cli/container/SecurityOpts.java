package dev.hako.cli.container;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * docker's --security-opt values that hako enforces: seccomp=PROFILE.json|unconfined and
 * no-new-privileges[=true|false]. The CLI reads the profile file, as docker's does, and sends its
 * JSON compacted. apparmor=unconfined and label=disable are accepted and have no effect: hako
 * applies neither AppArmor nor SELinux, so there is nothing to loosen; any other value is refused
 * rather than silently ignored.
 *
 * @param seccomp         "" for the default profile, "unconfined", or a profile's JSON
 * @param noNewPrivileges whether no_new_privileges is set
 */
public record SecurityOpts(String seccomp, boolean noNewPrivileges) {
    public static final String UNCONFINED = "unconfined";

    public static SecurityOpts parse(List<String> options) throws IOException {
        String seccomp = "";
        boolean noNewPrivileges = false;
        for (String option : options) {
            String key;
            String value;
            int eq = option.indexOf('=');
            if (eq >= 0) {
                key = option.substring(0, eq);
                value = option.substring(eq + 1);
            } else if (option.equals("no-new-privileges")) {
                key = option;
                value = "true";
            } else if (option.indexOf(':') >= 0) { // docker's older seccomp:FILE form
                key = option.substring(0, option.indexOf(':'));
                value = option.substring(option.indexOf(':') + 1);
            } else {
                throw new IllegalArgumentException("Invalid --security-opt: \"" + option + "\"");
            }
            switch (key) {
                case "seccomp" -> seccomp = value.equals(UNCONFINED) ? UNCONFINED : profile(value);
                case "no-new-privileges" -> noNewPrivileges = switch (value) {
                    case "true", "1", "t", "T", "TRUE", "True" -> true;
                    case "false", "0", "f", "F", "FALSE", "False" -> false;
                    default -> throw new IllegalArgumentException("invalid --security-opt 2: \"" + option + "\"");
                };
                case "apparmor", "label" -> {
                    if (!option.equals("apparmor=unconfined") && !option.equals("label=disable") && !option.equals("label:disable")) {
                        throw new IllegalArgumentException("unsupported --security-opt \"" + option
                                + "\": hako applies no " + (key.equals("label") ? "SELinux labels" : "AppArmor profiles"));
                    }
                }
                default -> throw new IllegalArgumentException("Invalid --security-opt: \"" + option + "\"");
            }
        }
        return new SecurityOpts(seccomp, noNewPrivileges);
    }

    /** The profile file's JSON, compacted (docker's json.Compact); a file that is not JSON is refused here. */
    private static String profile(String file) throws IOException {
        String text;
        try {
            text = Files.readString(Path.of(file));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("opening seccomp profile (" + file + ") failed: open " + file
                    + ": no such file or directory");
        } catch (IOException e) {
            throw new IllegalArgumentException("opening seccomp profile (" + file + ") failed: " + e.getMessage());
        }
        StringWriter compact = new StringWriter(text.length());
        JsonFactory json = new JsonFactory();
        try (JsonParser in = json.createParser(text); JsonGenerator out = json.createGenerator(compact)) {
            JsonToken first = in.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("compacting json for seccomp profile (" + file + ") failed: not a JSON object");
            }
            out.copyCurrentStructure(in);
            if (in.nextToken() != null) {
                throw new IllegalArgumentException("compacting json for seccomp profile (" + file
                        + ") failed: invalid character after top-level value");
            }
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("compacting json for seccomp profile (" + file + ") failed: "
                    + e.getOriginalMessage());
        }
        return compact.toString();
    }
}
