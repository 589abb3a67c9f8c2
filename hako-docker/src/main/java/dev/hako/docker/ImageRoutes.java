package dev.hako.docker;

import dev.hako.errdefs.HakoException;
import dev.hako.images.Cancellation;
import dev.hako.images.ImageService;
import dev.hako.images.ImageSummary;
import dev.hako.images.PullResult;
import dev.hako.oci.Reference;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Images: list, pull ({@code POST /images/create}) and inspect. */
final class ImageRoutes {
    private final ImageService images;

    ImageRoutes(ImageService images) {
        this.images = images;
    }

    void addTo(Router router) {
        router.add(HttpMethod.GET, "/images/json", (req, p, res) -> res.json(HttpResponseStatus.OK, list()))
                .add(HttpMethod.POST, "/images/create", this::create)
                .add(HttpMethod.GET, "/images/{name*}/json", (req, p, res) ->
                        res.json(HttpResponseStatus.OK, images.inspect(p.get("name")).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /** One entry per image (by ID), with every name that points at it, as {@code docker images} groups them. */
    List<Map<String, Object>> list() throws IOException {
        Map<String, Map<String, Object>> byId = new LinkedHashMap<>();
        for (ImageSummary s : images.list()) {
            Map<String, Object> e = byId.computeIfAbsent(s.id().toString(), id -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("Id", id);
                m.put("ParentId", "");
                m.put("RepoTags", new ArrayList<String>());
                m.put("RepoDigests", new ArrayList<String>());
                m.put("Created", s.created().getEpochSecond());
                m.put("Size", s.size());
                m.put("SharedSize", -1);
                m.put("Labels", Map.of());
                m.put("Containers", -1);
                return m;
            });
            @SuppressWarnings("unchecked")
            List<String> tags = (List<String>) e.get("RepoTags");
            @SuppressWarnings("unchecked")
            List<String> digests = (List<String>) e.get("RepoDigests");
            if (s.tag() != null && !tags.contains(s.repository() + ":" + s.tag())) {
                tags.add(s.repository() + ":" + s.tag());
            }
            String digest = s.repository() + "@" + s.digest();
            if (!digests.contains(digest)) {
                digests.add(digest);
            }
        }
        return new ArrayList<>(byId.values());
    }

    /** {@code ?fromImage=NAME&tag=TAG}: a pull, with docker's progress stream. */
    private void create(DockerRequest req, PathParams p, DockerResponse res) throws IOException {
        if (!req.query("fromSrc", "").isEmpty()) {
            throw HakoException.invalid("importing with fromSrc is not supported yet: use hako image import");
        }
        String reference = reference(req.query("fromImage", ""), req.query("tag", ""));
        Cancellation cancel = new Cancellation();
        PullProgressStream progress = new PullProgressStream(() -> {
            try {
                return res.stream(HttpResponseStatus.OK, "application/json");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, cancel);
        PullResult r;
        try {
            r = images.pull(reference, req.query("platform", ""), progress, null, cancel);
        } catch (IOException | RuntimeException e) {
            if (!progress.started()) {
                throw e;
            }
            progress.failed(e.getMessage());
            return;
        }
        progress.done(r.digest().toString(), Reference.parseExact(r.name()).familiarName()
                + familiarSuffix(Reference.parseExact(r.name())), r.upToDate());
    }

    /** docker's client sends the name and the tag apart; a tag that is a digest makes a reference by digest. */
    static String reference(String fromImage, String tag) {
        if (fromImage.isEmpty()) {
            throw HakoException.invalid("fromImage or fromSrc must be given");
        }
        if (tag.isEmpty()) {
            return fromImage;
        }
        return fromImage + (tag.contains(":") ? "@" : ":") + tag;
    }

    private static String familiarSuffix(Reference r) {
        String s = r.toString();
        return s.substring(r.name().length());
    }
}
