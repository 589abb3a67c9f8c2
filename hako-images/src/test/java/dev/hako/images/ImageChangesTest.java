package dev.hako.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hako.errdefs.HakoException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageChangesTest {
    @Test
    void appliesDockerfileInstructionsAsDockerImportDoes() {
        String json = ImageChanges.parse(List.of(
                "CMD [\"sh\", \"-c\", \"echo hi\"]",
                "ENTRYPOINT /bin/run --fast",
                "ENV PATH=/bin:/usr/bin",
                "ENV LANG C.UTF-8",
                "WORKDIR /srv",
                "USER 1000:1000",
                "LABEL org.example.team=\"infra\"",
                "EXPOSE 80 53/udp",
                "VOLUME [\"/data\"]",
                "STOPSIGNAL SIGINT")).toConfig().toString();
        assertEquals("{\"Cmd\":[\"sh\",\"-c\",\"echo hi\"],\"Entrypoint\":[\"/bin/sh\",\"-c\",\"/bin/run --fast\"],"
                + "\"WorkingDir\":\"/srv\",\"User\":\"1000:1000\",\"Labels\":{\"org.example.team\":\"infra\"},"
                + "\"ExposedPorts\":{\"80/tcp\":{},\"53/udp\":{}},\"Volumes\":{\"/data\":{}},\"StopSignal\":\"SIGINT\","
                + "\"Env\":[\"PATH=/bin:/usr/bin\",\"LANG=C.UTF-8\"]}", json);
    }

    @Test
    void refusesWhatItCannotApply() {
        for (String bad : List.of("RUN apt-get update", "CMD", "ENV", "CMD [\"unterminated\"")) {
            HakoException e = assertThrows(HakoException.class, () -> ImageChanges.parse(List.of(bad)), bad);
            assertTrue(e.getMessage().contains("invalid"), e.getMessage());
        }
    }
}
