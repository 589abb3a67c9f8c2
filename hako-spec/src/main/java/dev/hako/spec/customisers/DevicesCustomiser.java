package dev.hako.spec.customisers;

import dev.hako.spec.DeviceMapping;
import dev.hako.spec.HostDevices;
import dev.hako.spec.Spec;
import dev.hako.spec.SpecCustomiser;
import dev.hako.spec.SpecInput;
import java.util.List;

/**
 * The device cgroup: no device node may be read, written or created, except containerd's standard
 * set (the nodes the runtime creates in /dev, pseudo-terminals, and tun for VPN-style programs),
 * and the devices the container was given, which are created in its /dev too.
 */
public final class DevicesCustomiser implements SpecCustomiser {
    @Override
    public void customise(Spec spec, SpecInput input) {
        List<Spec.DeviceRule> rules = spec.linux.resources().devices;
        rules.clear();
        rules.add(new Spec.DeviceRule(false, null, null, null, "rwm"));
        rules.add(allow(1L, 3L));    // /dev/null
        rules.add(allow(1L, 8L));    // /dev/random
        rules.add(allow(1L, 7L));    // /dev/full
        rules.add(allow(5L, 0L));    // /dev/tty
        rules.add(allow(1L, 5L));    // /dev/zero
        rules.add(allow(1L, 9L));    // /dev/urandom
        rules.add(allow(5L, 1L));    // /dev/console
        rules.add(allow(136L, null)); // /dev/pts/*
        rules.add(allow(5L, 2L));    // /dev/ptmx
        rules.add(allow(10L, 200L)); // /dev/net/tun
        for (DeviceMapping m : input.settings().devices()) {
            Spec.Device d = HostDevices.of(java.nio.file.Path.of(m.hostPath()), m.containerPath());
            spec.linux.devices.removeIf(x -> x.path.equals(d.path));
            spec.linux.devices.add(d);
            rules.add(new Spec.DeviceRule(true, d.type, d.major, d.minor, m.permissions()));
        }
    }

    private static Spec.DeviceRule allow(Long major, Long minor) {
        return new Spec.DeviceRule(true, "c", major, minor, "rwm");
    }
}
