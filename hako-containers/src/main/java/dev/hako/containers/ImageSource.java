package dev.hako.containers;

import dev.hako.images.Image;
import java.io.IOException;

/** Where containers find their images by reference or id (the image service). */
@FunctionalInterface
interface ImageSource {
    /** NOT_FOUND when there is no such image. */
    Image get(String reference) throws IOException;
}
