package dev.hako.oci;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.hako.errdefs.HakoException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** A content digest such as {@code sha256:2c26b4…}; only algorithms hako can verify are accepted. */
public record Digest(String algorithm, String encoded) implements Comparable<Digest> {
    private static final Pattern SHA256 = Pattern.compile("[a-f0-9]{64}");
    private static final Pattern SHA512 = Pattern.compile("[a-f0-9]{128}");

    public Digest {
        Pattern pattern = switch (algorithm) {
            case "sha256" -> SHA256;
            case "sha512" -> SHA512;
            default -> throw HakoException.invalid("unsupported digest algorithm %s", algorithm);
        };
        if (encoded == null || !pattern.matcher(encoded).matches()) {
            throw HakoException.invalid("invalid %s digest %s", algorithm, encoded);
        }
    }

    @JsonCreator
    public static Digest parse(String text) {
        if (text == null) {
            throw HakoException.invalid("missing digest");
        }
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw HakoException.invalid("invalid digest %s: expected algorithm:hex", text);
        }
        return new Digest(text.substring(0, colon), text.substring(colon + 1));
    }

    public static Digest sha256(byte[] bytes) {
        return new Digest("sha256", HexFormat.of().formatHex(sha256().digest(bytes)));
    }

    public static Digest sha256Of(MessageDigest finished) {
        return new Digest("sha256", HexFormat.of().formatHex(finished.digest()));
    }

    public static MessageDigest sha256() {
        return newDigester("sha256");
    }

    /** A fresh hasher for this digest's algorithm. */
    public MessageDigest newDigester() {
        return newDigester(algorithm);
    }

    /** Whether {@code finished} (a digester fed all the bytes) produced this digest. */
    public boolean matches(MessageDigest finished) {
        return encoded.equals(HexFormat.of().formatHex(finished.digest()));
    }

    private static MessageDigest newDigester(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm.equals("sha256") ? "SHA-256" : "SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first 12 hex characters, as docker shows image and layer ids. */
    public String shortId() {
        return encoded.substring(0, 12);
    }

    @JsonValue
    @Override
    public String toString() {
        return algorithm + ":" + encoded;
    }

    @Override
    public int compareTo(Digest o) {
        return toString().compareTo(o.toString());
    }
}
