package dev.hako.monitor;

import dev.hako.runtime.BusyboxBundle;
import java.nio.file.Path;

/**
 * Stands in for hakod in ConmonMonitorIT: creates a container through conmon, prints the PIDs,
 * then waits to be killed with SIGKILL. Arguments: runc root, id, bundle, exit dir, log path.
 */
public final class CreateAndHang {
    public static void main(String[] args) throws Exception {
        Path bundle = Path.of(args[2]);
        MonitoredContainer c = new ConmonMonitor().launch(new MonitorRequest(args[1], null,
                BusyboxBundle.runc(Path.of(args[0])), bundle, bundle, Path.of(args[3]), Path.of(args[4]), false, false,
                false, 0));
        System.out.println("created " + c.containerPid() + " " + c.monitorPid());
        System.out.flush();
        Thread.sleep(600_000);
    }
}
