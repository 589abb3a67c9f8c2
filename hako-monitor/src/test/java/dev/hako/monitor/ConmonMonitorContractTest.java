package dev.hako.monitor;

/** ConmonMonitor against the Monitor contract's cases without a container (conmon must be installed; no root). */
class ConmonMonitorContractTest extends MonitorContract {
    private final ConmonMonitor monitor = new ConmonMonitor();

    @Override
    protected Monitor monitor() {
        return monitor;
    }
}
