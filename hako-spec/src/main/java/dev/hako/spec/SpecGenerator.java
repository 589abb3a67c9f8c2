package dev.hako.spec;

import dev.hako.oci.ImageConfig;
import dev.hako.spec.customisers.AnnotationsCustomiser;
import dev.hako.spec.customisers.CapabilitiesCustomiser;
import dev.hako.spec.customisers.CgroupsPathCustomiser;
import dev.hako.spec.customisers.CpuCustomiser;
import dev.hako.spec.customisers.DefaultMountsCustomiser;
import dev.hako.spec.customisers.DevicesCustomiser;
import dev.hako.spec.customisers.EtcFilesCustomiser;
import dev.hako.spec.customisers.ImageConfigCustomiser;
import dev.hako.spec.customisers.MaskedPathsCustomiser;
import dev.hako.spec.customisers.MemoryCustomiser;
import dev.hako.spec.customisers.NamespacesCustomiser;
import dev.hako.spec.customisers.NoNewPrivilegesCustomiser;
import dev.hako.spec.customisers.OomScoreCustomiser;
import dev.hako.spec.customisers.PidsCustomiser;
import dev.hako.spec.customisers.PrivilegedCustomiser;
import dev.hako.spec.customisers.RlimitsCustomiser;
import dev.hako.spec.customisers.RootfsCustomiser;
import dev.hako.spec.customisers.SeccompCustomiser;
import dev.hako.spec.customisers.UserCustomiser;
import dev.hako.spec.customisers.UserMountsCustomiser;
import dev.hako.spec.customisers.WorkingDirCustomiser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a container's spec by running customisers in order over an empty spec. The order matters
 * where one reads another's result: the user before the capabilities (root and others get different
 * sets) and the working directory (created for that user); the capabilities before seccomp (rules
 * depend on them); the user's mounts before /etc files (a volume on /etc/hosts wins); privileged last
 * (it lifts what the security customisers set).
 */
public final class SpecGenerator {
    private final List<SpecCustomiser> customisers;

    public SpecGenerator(List<SpecCustomiser> customisers) {
        this.customisers = List.copyOf(customisers);
    }

    /** docker's defaults, for this host's architecture and kernel. */
    public static SpecGenerator defaults() {
        return new SpecGenerator(defaultCustomisers(new SeccompCustomiser()));
    }

    /** The default customisers, in order, with the given seccomp customiser (tests pin its architecture). */
    public static List<SpecCustomiser> defaultCustomisers(SeccompCustomiser seccomp) {
        return List.of(
                new RootfsCustomiser(),
                new ImageConfigCustomiser(),
                new UserCustomiser(),
                new WorkingDirCustomiser(),
                new DefaultMountsCustomiser(),
                new UserMountsCustomiser(),
                new EtcFilesCustomiser(),
                new NamespacesCustomiser(),
                new CapabilitiesCustomiser(),
                seccomp,
                new MaskedPathsCustomiser(),
                new NoNewPrivilegesCustomiser(),
                new DevicesCustomiser(),
                new CgroupsPathCustomiser(),
                new MemoryCustomiser(),
                new CpuCustomiser(),
                new PidsCustomiser(),
                new RlimitsCustomiser(),
                new OomScoreCustomiser(),
                new AnnotationsCustomiser(),
                new PrivilegedCustomiser());
    }

    /**
     * The spec for a container of {@code image} (its config; null for an image without one). May
     * create the working directory in the root file system. Bad settings fail with INVALID_ARGUMENT
     * (a user missing from the image, a volume source missing on the host...), capabilities the host
     * cannot give with FAILED_PRECONDITION.
     */
    public GeneratedSpec generate(ImageConfig.Config image, ContainerSettings settings, SpecContext context) throws IOException {
        Spec spec = new Spec();
        List<String> warnings = new ArrayList<>();
        SpecInput input = new SpecInput(image, settings, context, warnings);
        for (SpecCustomiser c : customisers) {
            c.customise(spec, input);
        }
        return new GeneratedSpec(spec, warnings);
    }
}
