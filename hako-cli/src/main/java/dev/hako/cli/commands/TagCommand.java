package dev.hako.cli.commands;

import dev.hako.api.v1.TagImageRequest;
import dev.hako.cli.Cli;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** `hako tag SOURCE TARGET`: silent on success, like docker. */
@Command(name = "tag", description = "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE")
public final class TagCommand implements Callable<Integer> {
    private final Cli cli;

    @Parameters(index = "0", paramLabel = "SOURCE_IMAGE[:TAG]")
    String source;

    @Parameters(index = "1", paramLabel = "TARGET_IMAGE[:TAG]")
    String target;

    public TagCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() {
        cli.daemon().images().tag(TagImageRequest.newBuilder().setSource(source).setTarget(target).build());
        return 0;
    }
}
