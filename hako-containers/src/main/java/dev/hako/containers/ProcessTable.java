package dev.hako.containers;

import dev.hako.errdefs.HakoException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@code hako top}: runs {@code ps} on the host, as docker does, and keeps the rows of the
 * container's processes.
 */
public final class ProcessTable {
    public record Table(List<String> titles, List<List<String>> rows) {}

    private ProcessTable() {}

    static Table of(Set<Integer> pids, List<String> psArgs) throws IOException {
        List<String> command = new ArrayList<>();
        command.add("ps");
        command.addAll(psArgs.isEmpty() ? List.of("-ef") : psArgs);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw HakoException.invalid("ps %s failed: %s", String.join(" ", psArgs), out.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
        return parse(out, pids);
    }

    /** Splits ps output into titles and rows; the last column (the command) may contain spaces. */
    static Table parse(String psOutput, Set<Integer> pids) {
        List<String> lines = psOutput.lines().filter(l -> !l.isBlank()).toList();
        if (lines.isEmpty()) {
            throw HakoException.invalid("ps printed nothing");
        }
        List<String> titles = List.of(lines.getFirst().trim().split("\\s+"));
        int pidColumn = titles.indexOf("PID");
        if (pidColumn < 0) {
            throw HakoException.invalid("couldn't find PID field in ps output");
        }
        List<List<String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] fields = line.trim().split("\\s+", titles.size());
            if (fields.length <= pidColumn) {
                continue;
            }
            try {
                if (pids.contains(Integer.parseInt(fields[pidColumn]))) {
                    rows.add(List.of(fields));
                }
            } catch (NumberFormatException e) {
                // not a process row
            }
        }
        return new Table(titles, rows);
    }
}
