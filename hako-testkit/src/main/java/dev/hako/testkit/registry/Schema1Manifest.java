package dev.hako.testkit.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hako.oci.Digest;
import dev.hako.oci.Json;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;

/**
 * Builds a Docker schema 1 manifest signed as libtrust signs them (a JWS with the payload's
 * formatting in the protected header), which a registry with schema 1 compatibility accepts. Such
 * manifests are long deprecated; tests use them to check that they are refused.
 */
public final class Schema1Manifest {
    /** The media type a registry serves a signed schema 1 manifest with. */
    public static final String MEDIA_TYPE = "application/vnd.docker.distribution.manifest.v1+prettyjws";

    private Schema1Manifest() {}

    /** A signed manifest of {@code name:tag} with one layer, {@code layer}, which must be in the repository. */
    public static byte[] signed(String name, String tag, Digest layer) {
        String id = "a".repeat(64);
        String v1 = "{\"id\":\"" + id + "\",\"created\":\"2016-01-01T00:00:00Z\",\"architecture\":\"amd64\",\"os\":\"linux\","
                + "\"container_config\":{\"Cmd\":[\"/bin/sh\"]}}";
        String payload = """
                {
                   "schemaVersion": 1,
                   "name": %s,
                   "tag": %s,
                   "architecture": "amd64",
                   "fsLayers": [
                      {
                         "blobSum": "%s"
                      }
                   ],
                   "history": [
                      {
                         "v1Compatibility": %s
                      }
                   ]
                }""".formatted(quote(name), quote(tag), layer, quote(v1));
        byte[] content = payload.getBytes(StandardCharsets.UTF_8);
        // libtrust: the signatures go in after the last value; formatTail is what followed it.
        int close = payload.lastIndexOf('}');
        int formatLength = payload.substring(0, close).stripTrailing().length();
        String formatTail = payload.substring(formatLength);
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair keys = generator.generateKeyPair();
            RSAPublicKey pub = (RSAPublicKey) keys.getPublic();

            ObjectNode protectedHeader = Json.MAPPER.createObjectNode()
                    .put("formatLength", formatLength)
                    .put("formatTail", b64url(formatTail.getBytes(StandardCharsets.UTF_8)))
                    .put("time", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
            String protectedB64 = b64url(protectedHeader.toString().getBytes(StandardCharsets.UTF_8));
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(keys.getPrivate());
            rs256.update((protectedB64 + "." + b64url(content)).getBytes(StandardCharsets.US_ASCII));
            String signature = b64url(rs256.sign());

            ObjectNode sig = Json.MAPPER.createObjectNode();
            ObjectNode header = sig.putObject("header");
            header.putObject("jwk").put("kty", "RSA").put("n", b64url(unsigned(pub.getModulus())))
                    .put("e", b64url(unsigned(pub.getPublicExponent())));
            header.put("alg", "RS256");
            sig.put("signature", signature).put("protected", protectedB64);

            String signedManifest = payload.substring(0, formatLength) + ",\n   \"signatures\": ["
                    + Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(sig) + "]\n}";
            return signedManifest.getBytes(StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot sign a schema 1 manifest", e);
        }
    }

    private static String quote(String s) {
        try {
            return Json.MAPPER.writeValueAsString(s);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] unsigned(BigInteger n) {
        byte[] b = n.toByteArray();
        return b.length > 1 && b[0] == 0 ? Arrays.copyOfRange(b, 1, b.length) : b;
    }

    private static String b64url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
