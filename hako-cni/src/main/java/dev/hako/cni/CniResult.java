package dev.hako.cni;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hako.errdefs.HakoException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What an ADD set up, as the last plugin of the list reported it. Results of spec 0.3.0 to 1.0.0
 * share this shape (0.3.x and 0.4.0 add a redundant "version" to each IP); the 0.1.0/0.2.0 shape
 * ({@code ip4}, {@code ip6}) is read into it too.
 */
public record CniResult(String cniVersion, List<Interface> interfaces, List<IpConfig> ips, List<Route> routes, Dns dns) {
    public CniResult {
        cniVersion = cniVersion == null ? "" : cniVersion;
        interfaces = List.copyOf(interfaces);
        ips = List.copyOf(ips);
        routes = List.copyOf(routes);
        dns = dns == null ? Dns.NONE : dns;
    }

    /** An interface the plugins created; {@code sandbox} is the netns path for one inside the pod, else empty. */
    public record Interface(String name, String mac, String sandbox) {}

    /**
     * An address with its prefix ("10.88.0.5/16"), its gateway (empty when none), and the index of
     * its interface in {@link CniResult#interfaces()}.
     */
    public record IpConfig(String address, String gateway, OptionalInt interfaceIndex) {
        /** The address without its prefix length. */
        public String ip() {
            int slash = address.indexOf('/');
            return slash < 0 ? address : address.substring(0, slash);
        }

        public boolean isIpv6() {
            return address.contains(":");
        }
    }

    /** A route; {@code gw} empty means the interface's default gateway. */
    public record Route(String dst, String gw) {}

    public record Dns(List<String> nameservers, String domain, List<String> search, List<String> options) {
        public static final Dns NONE = new Dns(List.of(), "", List.of(), List.of());

        public Dns {
            nameservers = List.copyOf(nameservers);
            domain = domain == null ? "" : domain;
            search = List.copyOf(search);
            options = List.copyOf(options);
        }
    }

    /** Parses a plugin's result; {@code what} names where it came from in the error. */
    public static CniResult parse(String json, String what) {
        JsonNode root;
        try {
            root = CniJson.parse(json.getBytes(StandardCharsets.UTF_8));
        } catch (CniJson.InvalidJson e) {
            throw HakoException.invalid("%s: invalid CNI result: %s", what, e.getMessage());
        }
        if (!root.isObject()) {
            throw HakoException.invalid("%s: invalid CNI result: expected a JSON object", what);
        }
        List<Interface> interfaces = new ArrayList<>();
        for (JsonNode i : array(root, "interfaces")) {
            interfaces.add(new Interface(text(i, "name"), text(i, "mac"), text(i, "sandbox")));
        }
        List<IpConfig> ips = new ArrayList<>();
        List<Route> routes = new ArrayList<>();
        for (JsonNode ip : array(root, "ips")) {
            JsonNode index = ip.get("interface");
            ips.add(new IpConfig(required(ip, "address", what), text(ip, "gateway"),
                    index != null && index.canConvertToInt() ? OptionalInt.of(index.asInt()) : OptionalInt.empty()));
        }
        for (String legacy : List.of("ip4", "ip6")) {
            JsonNode ip = root.get(legacy);
            if (ip != null && ip.isObject()) {
                ips.add(new IpConfig(required(ip, "ip", what), text(ip, "gateway"), OptionalInt.empty()));
                array(ip, "routes").forEach(r -> routes.add(route(r)));
            }
        }
        array(root, "routes").forEach(r -> routes.add(route(r)));
        JsonNode dns = root.path("dns");
        return new CniResult(text(root, "cniVersion"), interfaces, ips, routes, new Dns(strings(dns, "nameservers"),
                text(dns, "domain"), strings(dns, "search"), strings(dns, "options")));
    }

    /**
     * The pod's addresses (without prefix), IPv4 first: those on interfaces inside the sandbox
     * {@code netns}, or every address when the result names no interface there.
     */
    public List<String> podIps(Path netns) {
        return Stream.concat(podIpv4(netns).stream(), podIpv6(netns).stream()).toList();
    }

    public List<String> podIpv4(Path netns) {
        return sandboxIps(netns).filter(ip -> !ip.isIpv6()).map(IpConfig::ip).toList();
    }

    public List<String> podIpv6(Path netns) {
        return sandboxIps(netns).filter(IpConfig::isIpv6).map(IpConfig::ip).toList();
    }

    private Stream<IpConfig> sandboxIps(Path netns) {
        String sandbox = netns == null ? "" : netns.toString();
        Set<Integer> inSandbox = new HashSet<>();
        for (int i = 0; i < interfaces.size(); i++) {
            if (!sandbox.isEmpty() && sandbox.equals(interfaces.get(i).sandbox())) {
                inSandbox.add(i);
            }
        }
        if (inSandbox.isEmpty()) {
            return ips.stream();
        }
        return ips.stream().filter(ip -> ip.interfaceIndex().isPresent() && inSandbox.contains(ip.interfaceIndex().getAsInt()));
    }

    private static Route route(JsonNode r) {
        return new Route(text(r, "dst"), text(r, "gw"));
    }

    private static Iterable<JsonNode> array(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isArray() ? v : List.of();
    }

    private static List<String> strings(JsonNode node, String field) {
        List<String> out = new ArrayList<>();
        array(node, field).forEach(v -> out.add(v.asText()));
        return out;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isValueNode() && !v.isNull() ? v.asText() : "";
    }

    private static String required(JsonNode node, String field, String what) {
        String v = text(node, field);
        if (v.isEmpty()) {
            throw HakoException.invalid("%s: invalid CNI result: an IP entry without \"%s\"", what, field);
        }
        return v;
    }
}
