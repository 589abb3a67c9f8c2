/*
 * rename-exchange A B: swaps A and B with renameat2(RENAME_EXCHANGE) until it is killed, as a
 * hostile container does to race a runtime that resolves a path and then uses it by name
 * (CVE-2018-15664). busybox has no applet for it; the tests build this one statically.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: rename-exchange A B\n");
        return 2;
    }
    for (;;) {
        if (renameat2(AT_FDCWD, argv[1], AT_FDCWD, argv[2], RENAME_EXCHANGE) != 0) {
            perror("renameat2");
            return 1;
        }
    }
}
