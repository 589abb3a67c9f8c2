package dev.hako.spec;

import dev.hako.errdefs.HakoException;
import java.util.List;

/**
 * {@code hako exec [-u USER] [-e K=V] [-w DIR] [-t] [--privileged] ID CMD...}, checked.
 *
 * @param user USER[:GROUP]; null: the container's user
 * @param workingDir absolute; null: the container's working directory
 */
public record ExecSettings(List<String> cmd, List<String> env, String user, String workingDir, boolean tty, boolean privileged) {
    public ExecSettings {
        cmd = cmd == null ? List.of() : List.copyOf(cmd);
        if (cmd.isEmpty()) {
            throw HakoException.invalid("no command given to exec");
        }
        env = env == null ? List.of() : env.stream().map(Env::checked).toList();
        user = user == null || user.isEmpty() ? null : user;
        workingDir = ContainerPath.workingDir(workingDir);
    }
}
