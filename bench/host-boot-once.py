#!/usr/bin/env python3
"""Prints CLOCK_BOOTTIME, then execs the given command: the host variant's "first instruction" mark.

The mark is taken before unshare, chroot and init are exec'd, so their start costs count against init.
usage: host-boot-once.py COMMAND [ARG]...
"""
import os
import sys
import time

print(f"BENCH-EXEC {time.clock_gettime(time.CLOCK_BOOTTIME):.6f}", flush=True)
os.execvp(sys.argv[1], sys.argv[1:])
