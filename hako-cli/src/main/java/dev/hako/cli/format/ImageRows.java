package dev.hako.cli.format;

import dev.hako.api.v1.ImageSummary;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Turns the daemon's image summaries into the rows docker would print. */
public final class ImageRows {
    private static final String NONE = "<none>";

    private ImageRows() {}

    /**
     * Newest first (docker's order). A digest-only name is hidden when the same image has a tag in
     * the same repository, as docker does; without {@code showDigests} tagged rows say "<none>" in
     * the Digest field and digest-only rows say "".
     */
    public static List<ImageRow> of(List<ImageSummary> images, boolean showDigests) {
        Set<String> tagged = new HashSet<>();
        for (ImageSummary image : images) {
            if (!image.getTag().isEmpty()) {
                tagged.add(image.getImageId() + " " + image.getRepository());
            }
        }
        List<ImageRow> rows = new ArrayList<>();
        for (ImageSummary image : images) {
            String repository = image.getRepository();
            String tag = image.getTag();
            String digest;
            if (repository.isEmpty()) {
                repository = NONE;
                tag = NONE;
                digest = NONE;
            } else if (!tag.isEmpty()) {
                digest = showDigests && !image.getDigest().isEmpty() ? image.getDigest() : NONE;
            } else if (tagged.contains(image.getImageId() + " " + repository)) {
                continue;
            } else {
                tag = NONE;
                digest = showDigests ? image.getDigest() : "";
            }
            rows.add(new ImageRow(ImageNames.familiar(repository), tag, digest, image.getImageId(),
                    image.getCreatedUnix(), image.getSize()));
        }
        rows.sort(Comparator.comparingLong(ImageRow::createdUnix).reversed());
        return rows;
    }
}
