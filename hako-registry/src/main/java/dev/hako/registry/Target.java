package dev.hako.registry;

import dev.hako.oci.Reference;

/**
 * What one registry operation is about: the repository (for the auth scope), whether it pulls or
 * pushes, and how error messages name it ("manifest for 127.0.0.1:5000/app:nope").
 */
record Target(Reference repo, Access access, String subject) {
    enum Access {
        PULL("pull", "pull"),
        PUSH("push", "pull,push");

        final String verb;
        final String actions;

        Access(String verb, String actions) {
            this.verb = verb;
            this.actions = actions;
        }
    }

    /** The token scope this operation needs, e.g. {@code repository:library/busybox:pull}. */
    String scope() {
        return "repository:" + repo.path() + ":" + access.actions;
    }

    /** The repository's name as users see it. */
    String repoName() {
        return repo.name();
    }
}
