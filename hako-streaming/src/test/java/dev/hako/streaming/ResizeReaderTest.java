package dev.hako.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ResizeReaderTest {
    private static ResizeReader read(String json) {
        return ResizeReader.start(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void readsGoFieldNamesInAnyCase() throws InterruptedException {
        ResizeReader r = read("{\"Width\":80,\"Height\":24}\n{\"width\":100, \"HEIGHT\":40}{\"Height\":7}");
        assertEquals(new TerminalSize(80, 24), r.next());
        assertEquals(new TerminalSize(100, 40), r.next());
        assertEquals(new TerminalSize(0, 7), r.next());
        assertNull(r.next());
    }

    @Test
    void stopsAtTheFirstThingThatIsNotASize() throws InterruptedException {
        ResizeReader r = read("{\"Width\":80,\"Height\":24} {\"Width\":-1,\"Height\":2} {\"Width\":1,\"Height\":2}");
        assertEquals(new TerminalSize(80, 24), r.next());
        assertNull(r.next());
        r = read("{\"Width\":70000,\"Height\":1}");
        assertNull(r.next());
        r = read("[1,2]");
        assertNull(r.next());
        r = read("{\"Width\":1,");
        assertNull(r.next());
    }

    @Test
    void keepsTheNewestWhenTheHandlerLags() throws InterruptedException {
        StringBuilder json = new StringBuilder();
        int total = ResizeReader.MAX_QUEUED + 5;
        for (int i = 1; i <= total; i++) {
            json.append("{\"Width\":").append(i).append(",\"Height\":1}");
        }
        ResizeReader r = read(json.toString());
        TerminalSize last = null;
        int count = 0;
        for (TerminalSize s; (s = r.next()) != null; ) {
            last = s;
            count++;
        }
        assertEquals(new TerminalSize(total, 1), last);
        assertEquals(true, count >= ResizeReader.MAX_QUEUED && count <= total, "got " + count);
    }
}
