package dev.hako.containers;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import dev.hako.spec.DeviceMapping;
import dev.hako.spec.NetworkMode;
import dev.hako.spec.SeccompSetting;
import dev.hako.spec.Tmpfs;
import dev.hako.spec.Volume;
import dev.hako.spec.seccomp.SeccompProfile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * How the typed settings of a container's row are read. Rows written before the settings were typed
 * hold them in the CLI's string forms ({@code /h:/c:ro}, {@code /run:size=64m}, {@code HOST:CTR:rwm},
 * "", "unconfined" or a profile's JSON for seccomp, "none" or "host"); those still load, through the
 * parsers the CLI's strings go through. Rows written since hold each setting as its record's JSON.
 */
final class StoredForms {
    private StoredForms() {}

    /** Reads the old string form with {@code legacy}, else the record's JSON. */
    private abstract static class Either<T> extends StdDeserializer<T> {
        private final Class<T> type;

        Either(Class<T> type) {
            super(type);
            this.type = type;
        }

        abstract T legacy(String text);

        /** The record's JSON, through its canonical constructor, which checks it. */
        T current(JsonNode node, DeserializationContext ctx) throws IOException {
            return ctx.readTreeAsValue(node, type);
        }

        @Override
        public T deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            JsonNode node = ctx.readTree(p);
            return node.isTextual() ? legacy(node.textValue()) : current(node, ctx);
        }
    }

    static final class VolumeForm extends Either<Volume> {
        VolumeForm() {
            super(Volume.class);
        }

        @Override
        Volume legacy(String text) {
            return Volume.parse(text);
        }
    }

    static final class TmpfsForm extends Either<Tmpfs> {
        TmpfsForm() {
            super(Tmpfs.class);
        }

        @Override
        Tmpfs legacy(String text) {
            return Tmpfs.parse(text);
        }
    }

    static final class DeviceForm extends Either<DeviceMapping> {
        DeviceForm() {
            super(DeviceMapping.class);
        }

        @Override
        DeviceMapping legacy(String text) {
            return DeviceMapping.parse(text);
        }
    }

    /** "none" and "host" as the CLI gave them; the enum's own names (NONE, HOST) as written since. */
    static final class NetworkForm extends Either<NetworkMode> {
        NetworkForm() {
            super(NetworkMode.class);
        }

        @Override
        NetworkMode legacy(String text) {
            return NetworkMode.parse(text);
        }
    }

    /**
     * A profile given with the request is checked again as it is read, as when it was given. A
     * Localhost profile is only its path: the file is read when the spec is generated.
     */
    static final class SeccompForm extends Either<SeccompSetting> {
        SeccompForm() {
            super(SeccompSetting.class);
        }

        @Override
        SeccompSetting legacy(String text) {
            return SeccompSetting.parse(text);
        }

        @Override
        SeccompSetting current(JsonNode node, DeserializationContext ctx) {
            SeccompSetting.Mode mode = SeccompSetting.Mode.valueOf(node.path("mode").asText("DEFAULT"));
            return switch (mode) {
                case DEFAULT -> SeccompSetting.DEFAULT;
                case UNCONFINED -> SeccompSetting.UNCONFINED;
                case CUSTOM -> new SeccompSetting(mode, SeccompProfile.parse(
                        node.path("profile").toString().getBytes(StandardCharsets.UTF_8), "stored with the container"), null);
                case LOCALHOST -> SeccompSetting.localhost(node.path("localhostPath").asText());
            };
        }
    }
}
