package dev.hako.monitor;

/** ConmonMonitor against the Monitor contract's cases that run a container: root, conmon, runc, busybox-static. */
class ConmonMonitorContractIT extends MonitorRunContract {
    private final ConmonMonitor monitor = new ConmonMonitor();

    @Override
    protected Monitor monitor() {
        return monitor;
    }
}
