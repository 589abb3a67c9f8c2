package dev.hako.monitor;

/**
 * A container output stream, with the names the CRI log format uses and the first byte conmon
 * puts before the data of each attach socket message (its stdpipe_t: 1 would be stdin, never sent).
 */
public enum Stdio {
    STDOUT("stdout", 2), STDERR("stderr", 3);

    private final String criName;
    private final int attachByte;

    Stdio(String criName, int attachByte) {
        this.criName = criName;
        this.attachByte = attachByte;
    }

    public String criName() {
        return criName;
    }

    public int attachByte() {
        return attachByte;
    }

    /** The stream an attach message's first byte names; null for any other byte. */
    public static Stdio ofAttachByte(int b) {
        for (Stdio s : values()) {
            if (s.attachByte == b) {
                return s;
            }
        }
        return null;
    }

    /** The stream a CRI log record names; null for anything else. */
    public static Stdio ofCriName(String name) {
        for (Stdio s : values()) {
            if (s.criName.equals(name)) {
                return s;
            }
        }
        return null;
    }
}
