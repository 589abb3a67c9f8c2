package dev.hako.spec.customisers;

import dev.hako.spec.Spec;
import dev.hako.spec.SpecCustomiser;
import dev.hako.spec.SpecInput;
import dev.hako.spec.user.ResolvedUser;
import dev.hako.spec.user.RootPath;
import dev.hako.spec.user.UserResolver;
import java.io.IOException;

/** The process's uid, gid and groups: the user's {@code -u}, else the image's User, resolved in the image. */
public final class UserCustomiser implements SpecCustomiser {
    @Override
    public void customise(Spec spec, SpecInput input) throws IOException {
        String user = input.settings().user() != null ? input.settings().user() : input.image().user();
        ResolvedUser u;
        try (RootPath root = RootPath.open(input.context().rootfs())) {
            u = UserResolver.resolve(user, root);
        }
        spec.process.user.uid = u.uid();
        spec.process.user.gid = u.gid();
        spec.process.user.additionalGids.clear();
        spec.process.user.additionalGids.addAll(u.additionalGids());
        for (long gid : input.settings().supplementalGroups()) {
            if (!spec.process.user.additionalGids.contains(gid)) {
                spec.process.user.additionalGids.add(gid);
            }
        }
    }
}
