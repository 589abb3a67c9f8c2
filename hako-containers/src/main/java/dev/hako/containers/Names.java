package dev.hako.containers;

import dev.hako.errdefs.HakoException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/** Container ids (64 hex digits, as docker) and names: given ones checked, missing ones made up. */
final class Names {
    private static final Pattern VALID = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]+");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final List<String> LEFT = List.of("amber", "brisk", "calm", "deft", "eager", "fond", "gentle",
            "hardy", "keen", "lively", "mellow", "nimble", "plucky", "quiet", "rapid", "steady", "tidy", "vivid",
            "warm", "zesty");
    private static final List<String> RIGHT = List.of("badger", "crane", "dolphin", "falcon", "gecko", "heron",
            "ibis", "jackal", "koala", "lynx", "marten", "newt", "otter", "panda", "quail", "robin", "stoat",
            "tapir", "urchin", "wombat");

    private Names() {}

    static String newId() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    static String generatedName() {
        return LEFT.get(RANDOM.nextInt(LEFT.size())) + "_" + RIGHT.get(RANDOM.nextInt(RIGHT.size()));
    }

    static String checkName(String name) {
        String n = name.startsWith("/") ? name.substring(1) : name;
        if (!VALID.matcher(n).matches()) {
            throw HakoException.invalid("Invalid container name (%s), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed", name);
        }
        return n;
    }
}
