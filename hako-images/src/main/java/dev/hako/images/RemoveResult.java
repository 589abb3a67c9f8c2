package dev.hako.images;

import java.util.List;

/** What {@code hako rmi} did: names untagged, then image, blob and snapshot ids deleted. */
public record RemoveResult(List<String> untagged, List<String> deleted) {}
