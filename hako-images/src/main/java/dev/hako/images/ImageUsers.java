package dev.hako.images;

import dev.hako.oci.Digest;
import java.util.List;

/** Who still uses an image (containers made from it), so that rmi does not pull it from under them. */
@FunctionalInterface
public interface ImageUsers {
    ImageUsers NONE = id -> List.of();

    /** Short ids of the containers made from image {@code imageId}. */
    List<String> containersUsing(Digest imageId);
}
