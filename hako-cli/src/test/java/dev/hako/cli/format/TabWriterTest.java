package dev.hako.cli.format;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TabWriterTest {
    @Test
    void padsEveryColumnButTheLastToTheWidestCellPlusPadding() {
        String table = TabWriter.table()
                .row("REPOSITORY", "TAG", "SIZE")
                .row("busybox", "latest", "4.26MB")
                .row("localhost:5000/busybox", "1", "4.26MB")
                .render();
        assertEquals("""
                REPOSITORY               TAG       SIZE
                busybox                  latest    4.26MB
                localhost:5000/busybox   1         4.26MB
                """, table);
    }

    @Test
    void aLineWithoutTabsEndsTheBlock() {
        String text = new TabWriter(20, 1)
                .line("Client:")
                .row(" Version:", "1")
                .line("")
                .row("  A much longer label here:", "2")
                .render();
        assertEquals("""
                Client:
                 Version:           1

                  A much longer label here: 2
                """, text);
    }
}
