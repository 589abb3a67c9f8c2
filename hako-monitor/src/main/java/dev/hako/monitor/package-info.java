/**
 * conmon (2.1.x, Debian's package) as the per-container monitor, and the CRI log format it writes.
 *
 * <p>What hako relies on, read from conmon's sources and checked by ConmonMonitorIT:
 * <ul>
 *   <li>Start: conmon reads the numbers of two inherited pipes from {@code _OCI_SYNCPIPE} (it
 *       writes) and {@code _OCI_STARTPIPE} (it reads). It blocks on the start pipe until the
 *       parent writes (CRI-O moves it to a cgroup meanwhile), then forks: the first process writes
 *       {@code --conmon-pidfile} and exits 0; the second calls setsid, becomes a child subreaper
 *       and runs {@code RUNTIME [--runtime-arg...] create --bundle B --pid-file P [--console-socket S] ID}.
 *       Errors before the fork (bad options, a runtime that is not executable) go to conmon's
 *       stderr and its exit status; after it, stdio is /dev/null.</li>
 *   <li>Sync pipe, with {@code --api-version 1}: one JSON line, {@code {"data": PID}} once create
 *       succeeded, or {@code {"data": -1, "message": "RUNTIME STDERR"}} when it failed (nothing at
 *       all when the runtime printed nothing), after which conmon exits 1.</li>
 *   <li>Attach socket: AF_UNIX SOCK_SEQPACKET, always physically {@code BUNDLE/attach}. conmon
 *       binds it as {@code /proc/self/fd/N/attach} (N an O_PATH descriptor of the directory), so
 *       the path may exceed sun_path's 108 bytes, and clients connect the same way. Without
 *       {@code --full-attach} conmon also symlinks {@code SOCKET_DIR/UUID} to the bundle (cut by
 *       one character when it would be 107 long) and logs that path; hako passes
 *       {@code --full-attach}, so there is no symlink. Each output message is one byte naming the
 *       stream, 2 stdout or 3 stderr (conmon's stdpipe_t; 1 is stdin, never sent), then up to
 *       8192 bytes. Input messages go to the container's stdin (read 32 KiB at a time); a client's
 *       end of input (shutdown SHUT_WR or close) closes the container's stdin, when conmon got
 *       {@code -i} and not {@code --leave-stdin-open}. conmon closes every client when the
 *       container ends. With {@code -t} there is one stream (2), with ONLCR set.</li>
 *   <li>Control FIFO {@code BUNDLE/ctl}: lines {@code "TYPE ROWS COLUMNS\n"}, type 1 resizes the
 *       terminal, type 2 reopens the log (new file at the path: {@code PATH.tmp} renamed over
 *       it). conmon keeps a writer open itself, so an O_NONBLOCK open for writing fails with
 *       ENXIO only when conmon is gone. {@code BUNDLE/winsz} takes bare {@code "ROWS COLUMNS\n"}.</li>
 *   <li>Exit: {@code EXIT_DIR/ID} (and {@code PERSIST_DIR/exit}) hold the exit code in decimal,
 *       128 + the signal for a killed container, written atomically; the modification time is
 *       the exit time. {@code PERSIST_DIR/oom} (and {@code oom} in conmon's working directory)
 *       appears when the OOM killer struck the container's memory cgroup.</li>
 *   <li>Log ({@code -l k8s-file:PATH}; conmon splits at colons): records
 *       {@code TIME STREAM P|F CONTENT\n}, TIME in local time with nanoseconds and offset. Each
 *       read of up to 8192 bytes of a stream is split at newlines; a piece without a newline
 *       becomes a P record.</li>
 * </ul>
 */
package dev.hako.monitor;
