package dev.hako.cni;

import dev.hako.errdefs.HakoException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.regex.Pattern;

/**
 * The network hako's set-up installs when a node has none: a bridge with host-local addresses,
 * masquerading to the outside, and portmap for published ports, as containerd's and podman's
 * defaults do. Loopback is not in the list: {@link CniNetwork#loopback} runs it separately.
 */
public final class DefaultNetwork {
    public static final String FILE_NAME = "10-hako-bridge.conflist";
    public static final String NAME = "hako";
    public static final String BRIDGE = "hako0";
    public static final String SUBNET = "10.88.0.0/16";

    private static final Pattern IPV4_CIDR = Pattern.compile("(\\d{1,3}\\.){3}\\d{1,3}/\\d{1,2}");

    private DefaultNetwork() {}

    /** Writes the default conflist into {@code confDir} (made if missing), replacing an older copy whole. */
    public static Path write(Path confDir) {
        Path file = confDir.resolve(FILE_NAME);
        try {
            Files.createDirectories(confDir);
            Path tmp = Files.createTempFile(confDir, ".tmp-", ".tmp");
            try {
                Files.writeString(tmp, conflist(NAME, BRIDGE, SUBNET));
                // Readable by all, as network configs are: tools and agents other than hakod read them.
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw HakoException.precondition("cannot write the default CNI network config %s: %s", file, e.getMessage());
        }
        return file;
    }

    /** The default conflist's text with another name, bridge or IPv4 subnet (the tests use their own). */
    public static String conflist(String name, String bridge, String subnet) {
        if (!PodNetworkRequest.isValidIfName(bridge)) {
            throw HakoException.invalid("invalid bridge name \"%s\" (1 to 15 characters, no '/', ':' or white space)", bridge);
        }
        if (!IPV4_CIDR.matcher(subnet).matches()) {
            throw HakoException.invalid("invalid IPv4 subnet \"%s\" (expected a CIDR such as 10.88.0.0/16)", subnet);
        }
        String text = """
                {
                  "cniVersion": "1.0.0",
                  "name": "%s",
                  "plugins": [
                    {
                      "type": "bridge",
                      "bridge": "%s",
                      "isGateway": true,
                      "ipMasq": true,
                      "hairpinMode": true,
                      "ipam": {
                        "type": "host-local",
                        "ranges": [[{ "subnet": "%s" }]],
                        "routes": [{ "dst": "0.0.0.0/0" }]
                      }
                    },
                    {
                      "type": "portmap",
                      "capabilities": { "portMappings": true }
                    }
                  ]
                }
                """.formatted(name, bridge, subnet);
        CniConfig.parse(text); // checks the name, before anything is written
        return text;
    }
}
