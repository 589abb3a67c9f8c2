package dev.hako.spec.customisers;

import dev.hako.errdefs.HakoException;
import dev.hako.oci.ImageConfig;
import dev.hako.spec.ContainerPath;
import dev.hako.spec.ContainerSettings;
import dev.hako.spec.Env;
import dev.hako.spec.Spec;
import dev.hako.spec.SpecCustomiser;
import dev.hako.spec.SpecInput;
import java.util.ArrayList;
import java.util.List;

/**
 * The process from the image's config and the user's overrides, with docker's rules:
 * <ul>
 *   <li>args are Entrypoint + Cmd. A given entrypoint replaces the image's and drops the image's Cmd;
 *       the image's Cmd is kept only when no entrypoint (or an empty one) and no command are given;
 *   <li>env starts with docker's PATH, HOSTNAME and (with a terminal) TERM=xterm, then the image's
 *       entries, then the user's, each replacing an entry of the same name;
 *   <li>the working directory is the user's, else the image's, else "/"; none may lie inside /proc
 *       ({@link ContainerPath#outsideProc}).
 * </ul>
 */
public final class ImageConfigCustomiser implements SpecCustomiser {
    /** docker's PATH for images that set none. */
    public static final String DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    @Override
    public void customise(Spec spec, SpecInput input) {
        ImageConfig.Config image = input.image();
        ContainerSettings s = input.settings();

        List<String> entrypoint = s.entrypoint() != null ? s.entrypoint() : orEmpty(image.entrypoint());
        List<String> cmd = !s.cmd().isEmpty() ? s.cmd()
                : (s.entrypoint() == null || s.entrypoint().isEmpty()) ? orEmpty(image.cmd()) : List.of();
        List<String> args = new ArrayList<>(entrypoint);
        args.addAll(cmd);
        if (args.isEmpty()) {
            throw HakoException.invalid("no command specified: the image has no Entrypoint or Cmd and none was given");
        }
        spec.process.args = args;

        List<String> env = new ArrayList<>(List.of(DEFAULT_PATH, "HOSTNAME=" + input.context().hostname()));
        if (s.tty()) {
            env.add("TERM=xterm");
        }
        env = Env.merge(env, orEmpty(image.env()));
        spec.process.env = new ArrayList<>(Env.merge(env, s.env()));

        String cwd = s.workingDir();
        if (cwd == null && image.workingDir() != null && !image.workingDir().isEmpty()) {
            // A relative WorkingDir in an image is relative to "/", as docker reads it.
            cwd = ContainerPath.outsideProc(ContainerPath.clean("/" + image.workingDir()), "the image's working directory");
        }
        spec.process.cwd = cwd == null ? "/" : cwd;
        spec.process.terminal = s.tty();
    }

    private static List<String> orEmpty(List<String> l) {
        return l == null ? List.of() : l;
    }
}
