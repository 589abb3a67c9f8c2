package dev.hako.cli.progress;

import dev.hako.api.v1.LayerProgress;
import dev.hako.api.v1.LayerPushProgress;

/** The daemon's layer phases in docker's words. */
public final class Phases {
    private Phases() {}

    /** docker's text for a pull phase, or null for a phase this CLI does not know (skipped). */
    public static LayerUpdate pull(LayerProgress p) {
        String action = switch (p.getPhase()) {
            case WAITING -> "Pulling fs layer";
            case DOWNLOADING -> "Downloading";
            case VERIFYING -> "Verifying Checksum";
            case EXTRACTING -> "Extracting";
            case COMPLETE -> "Pull complete";
            case ALREADY_EXISTS -> "Already exists";
            case PHASE_UNSPECIFIED, UNRECOGNIZED -> null;
        };
        return action == null || p.getId().isEmpty() ? null : new LayerUpdate(p.getId(), action, p.getCurrent(), p.getTotal());
    }

    /** docker's text for a push phase, or null for a phase this CLI does not know (skipped). */
    public static LayerUpdate push(LayerPushProgress p) {
        String action = switch (p.getPhase()) {
            case PREPARING -> "Preparing";
            case PUSHING -> "Pushing";
            case PUSHED -> "Pushed";
            case LAYER_ALREADY_EXISTS -> "Layer already exists";
            case PHASE_UNSPECIFIED, UNRECOGNIZED -> null;
        };
        return action == null || p.getId().isEmpty() ? null : new LayerUpdate(p.getId(), action, p.getCurrent(), p.getTotal());
    }
}
