#!/bin/sh
# Starts or stops the system hakod (default paths) in the background, for machines without systemd.
set -eu
top=$(dirname "$(dirname "$(readlink -f "$0")")")
socket=/run/hako/hako.sock
pidfile=/run/hako/hakod.pid
log=/var/log/hako/hakod.log
case "${1:-}" in
    restart)
        "$0" stop
        exec "$0" start
        ;;
    start)
        if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
            echo "hakod is already running (pid $(cat "$pidfile"))"
            exit 0
        fi
        mkdir -p /run/hako /var/log/hako
        setsid "$top/bin/hakod" >>"$log" 2>&1 < /dev/null &
        echo $! > "$pidfile"
        for _ in $(seq 1 100); do
            [ -S "$socket" ] && { echo "hakod started (pid $(cat "$pidfile"))"; exit 0; }
            kill -0 "$(cat "$pidfile")" 2>/dev/null || break
            sleep 0.1
        done
        echo "hakod did not start; see $log" >&2
        tail -n 20 "$log" >&2
        exit 1
        ;;
    stop)
        if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
            pid=$(cat "$pidfile")
            kill "$pid"
            for _ in $(seq 1 100); do
                kill -0 "$pid" 2>/dev/null || break
                sleep 0.1
            done
            echo "hakod stopped"
        fi
        rm -f "$pidfile"
        ;;
    *)
        echo "usage: hakod-service.sh start|stop|restart" >&2
        exit 2
        ;;
esac
