package dev.hako.cli;

/**
 * Decides, before picocli has parsed anything, whether this command line will talk to hakod, and
 * with which --socket: connecting then overlaps the command line's parsing.
 */
final class EarlyConnect {
    private EarlyConnect() {}

    /** False for help and empty command lines; a wrong guess costs only an unused connection. */
    static boolean worthIt(String[] args) {
        if (args.length == 0 || args[0].equals("help")) {
            return false;
        }
        for (String arg : args) {
            if (arg.equals("--")) {
                break;
            }
            if (arg.equals("-h") || arg.equals("--help")) {
                return false;
            }
        }
        return true;
    }

    /** The global --socket before the command's name, as picocli will read it; null if none. */
    static String socketOption(String[] args) {
        String socket = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--socket") && i + 1 < args.length) {
                socket = args[++i];
            } else if (arg.startsWith("--socket=")) {
                socket = arg.substring("--socket=".length());
            } else if (!arg.startsWith("-")) {
                break; // the command's name: what follows belongs to the command
            }
        }
        return socket;
    }
}
