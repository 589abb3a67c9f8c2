package dev.hako.oci;

import dev.hako.errdefs.HakoException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An image reference normalised as docker does: {@code busybox} is
 * {@code docker.io/library/busybox:latest}. Grammar from the distribution project's reference
 * package: {@code [domain/]path[:tag][@digest]}.
 */
public record Reference(String domain, String path, String tag, Digest digest) {
    public static final String DOCKER_HUB = "docker.io";
    private static final String LEGACY_HUB = "index.docker.io";
    private static final int NAME_MAX = 255;

    private static final Pattern DOMAIN = Pattern.compile(
            "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*"
                    + "(?::[0-9]+)?|\\[[a-fA-F0-9:]+\\](?::[0-9]+)?");
    private static final Pattern PATH_COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
    private static final Pattern HEX64 = Pattern.compile("[a-f0-9]{64}");

    public Reference {
        if (tag != null && !TAG.matcher(tag).matches()) {
            throw HakoException.invalid("invalid reference format: invalid tag %s", tag);
        }
    }

    /** Parses a user-supplied reference; a reference with neither tag nor digest gets {@code latest}. */
    public static Reference parse(String text) {
        Reference r = parseExact(text);
        return r.tag == null && r.digest == null ? r.withTag("latest") : r;
    }

    /** Parses without adding the default tag. */
    public static Reference parseExact(String text) {
        if (text == null || text.isEmpty()) {
            throw HakoException.invalid("invalid reference format: empty reference");
        }
        String rest = text;
        Digest digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            try {
                digest = Digest.parse(rest.substring(at + 1));
            } catch (HakoException e) {
                throw HakoException.invalid("invalid reference format %s: %s", text, e.getMessage());
            }
            rest = rest.substring(0, at);
        }
        String tag = null;
        int lastColon = rest.lastIndexOf(':');
        if (lastColon > rest.lastIndexOf('/')) {
            tag = rest.substring(lastColon + 1);
            rest = rest.substring(0, lastColon);
            if (!TAG.matcher(tag).matches()) {
                throw HakoException.invalid("invalid reference format %s: invalid tag %s", text, tag);
            }
        }
        if (HEX64.matcher(rest).matches()) {
            throw HakoException.invalid(
                    "invalid repository name (%s), cannot specify 64-byte hexadecimal strings", rest);
        }
        String domain;
        String path;
        int slash = rest.indexOf('/');
        String first = slash < 0 ? "" : rest.substring(0, slash);
        if (slash < 0 || (!first.contains(".") && !first.contains(":") && !first.equals("localhost")
                && first.toLowerCase(Locale.ROOT).equals(first))) {
            domain = DOCKER_HUB;
            path = rest;
        } else {
            domain = first;
            path = rest.substring(slash + 1);
        }
        if (domain.equals(LEGACY_HUB)) {
            domain = DOCKER_HUB;
        }
        if (domain.equals(DOCKER_HUB) && !path.contains("/")) {
            path = "library/" + path;
        }
        if (!DOMAIN.matcher(domain).matches()) {
            throw HakoException.invalid("invalid reference format %s: invalid registry host %s", text, domain);
        }
        if (!path.toLowerCase(Locale.ROOT).equals(path)) {
            throw HakoException.invalid("invalid reference format: repository name (%s) must be lowercase", path);
        }
        for (String component : path.split("/", -1)) {
            if (!PATH_COMPONENT.matcher(component).matches()) {
                throw HakoException.invalid("invalid reference format %s: invalid repository name component '%s'",
                        text, component);
            }
        }
        if (domain.length() + 1 + path.length() > NAME_MAX) {
            throw HakoException.invalid("invalid reference format %s: repository name must not be more than %d characters",
                    text, NAME_MAX);
        }
        return new Reference(domain, path, tag, digest);
    }

    /** {@code domain/path}, the repository's full name. */
    public String name() {
        return domain + "/" + path;
    }

    /** The name as docker shows it: {@code busybox}, {@code user/app}, {@code 127.0.0.1:5000/app}. */
    public String familiarName() {
        if (!domain.equals(DOCKER_HUB)) {
            return name();
        }
        return path.startsWith("library/") && path.indexOf('/', 8) < 0 ? path.substring(8) : path;
    }

    public Reference withTag(String newTag) {
        return new Reference(domain, path, newTag, digest);
    }

    public Reference withDigest(Digest newDigest) {
        return new Reference(domain, path, tag, newDigest);
    }

    public Reference nameOnly() {
        return new Reference(domain, path, null, null);
    }

    /** What a registry is asked for: the digest if there is one, else the tag. */
    public String object() {
        return digest != null ? digest.toString() : tag;
    }

    @Override
    public String toString() {
        return name() + (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
    }
}
