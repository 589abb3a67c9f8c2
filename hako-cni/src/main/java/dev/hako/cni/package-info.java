/**
 * The CNI client: how hako gives a pod sandbox its network with the standard CNI plugins.
 *
 * <p>hako plays the runtime side of the <a href="https://www.cni.dev/docs/spec/">CNI specification</a>
 * (versions 0.4.0 and 1.0.0; older results are read too). {@link dev.hako.cni.CniNetworks} finds the
 * network configuration the way libcni-based runtimes do (the first {@code .conf}, {@code .conflist} or
 * {@code .json} file by name in the conf dir) and reports when there is none, which the CRI shows as
 * NetworkReady=false. {@link dev.hako.cni.CniNetwork} runs the list's plugins for a sandbox: ADD in
 * order with each result chained into the next plugin's {@code prevResult}, CHECK, and DEL in reverse
 * order. Like libcni it caches the ADD result with the exact configuration and arguments used, so a
 * DEL after a hakod restart or a configuration change undoes what was really set up, and a DEL of a
 * sandbox that was never added (or already deleted) succeeds. The loopback interface is brought up
 * by running the {@code loopback} plugin as a network of its own ({@link dev.hako.cni.CniNetwork#loopback}),
 * as containerd and CRI-O do. {@link dev.hako.cni.DefaultNetwork} writes the bridge network that set-up
 * installs.
 *
 * <p>Seen with Debian's containernetworking-plugins 1.1.1: the plugins accept cniVersion up to 1.0.0;
 * bridge with {@code isGateway} turns on the host's {@code net.ipv4.ip_forward}; bridge removes its
 * ipMasq rules on DEL only when it can still open the netns (so DEL passes the cached netns when
 * the caller has none); portmap leaves its shared chains (CNI-HOSTPORT-*) in the nat table after
 * the last DEL, and its CHECK fails for a pod with port mappings and no IPv6 address, looking for
 * the IPv4 chain with ip6tables too (containernetworking/plugins#819, fixed after 1.1.1).
 */
package dev.hako.cni;
