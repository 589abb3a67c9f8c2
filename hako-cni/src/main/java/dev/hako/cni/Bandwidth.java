package dev.hako.cni;

import dev.hako.errdefs.ErrorKind;
import dev.hako.errdefs.HakoException;

/**
 * Traffic limits for plugins with the {@code bandwidth} capability, in the CNI convention's units:
 * rates in bits per second, bursts in bits. 0 leaves that direction unlimited; the bandwidth
 * plugin wants a burst with every rate.
 */
public record Bandwidth(long ingressRate, long ingressBurst, long egressRate, long egressBurst) {
    public Bandwidth {
        if (ingressRate < 0 || ingressBurst < 0 || egressRate < 0 || egressBurst < 0) {
            throw new HakoException(ErrorKind.INVALID_ARGUMENT, "bandwidth limits must not be negative: ingress " + ingressRate + "/"
                    + ingressBurst + ", egress " + egressRate + "/" + egressBurst);
        }
    }
}
