#!/bin/sh
# One getty per console= word of the kernel command line, each started again when its session
# ends (logout, a hung-up line). Runs in the host's pid namespace, so this shell is not the
# container's pid 1: at SIGTERM it hangs up every getty session itself, because an interactive
# shell ignores SIGTERM and would otherwise keep the service up for its whole stop timeout.
#
#   INSECURE=true             every console gets a root shell without a password (login -f root)
#   /hostroot/etc/getty.shadow the image root's etc/getty.shadow (files:): copied to /etc/shadow,
#                             so its root entry is the password; without it root stays locked

shadow=/hostroot/etc/getty.shadow
umask 077
if [ -f "$shadow" ] && { cat "$shadow" && echo; } >/etc/shadow; then
    # (echo: login reads whole lines, and an entry without its newline would be lost.)
    echo "getty: root's password from /etc/getty.shadow"
else
    [ ! -f "$shadow" ] || echo "getty: cannot copy $shadow to /etc/shadow: root's password stays locked"
    # The busybox base has an empty root password; "*" matches no password at all.
    echo 'root:*:0:0:99999:7:::' >/etc/shadow
fi
umask 022

login="-l /bin/login"
if [ "$INSECURE" = true ]; then
    # -n: no login name prompt; the login program logs root in.
    login="-n -l /usr/bin/autologin"
    echo "getty: INSECURE=true: a root shell without a password on every console"
fi

# start_getty TTY SPEED: the respawn loop of one console, in the background.
start_getty() {
    tty=$1 speed=$2 term=vt100 line=-L
    case $tty in
        tty[0-9]*) line="" speed=38400 term=linux ;;
    esac
    echo "getty: starting a getty on $tty${line:+ ($speed baud)}"
    grep -qx "$tty" /etc/securetty \
        || echo "getty: $tty is not in /etc/securetty: root cannot log in on it" | tee "/dev/$tty"
    (
        trap 'kill -HUP -- "-$session" 2>/dev/null; exit 0' TERM
        while :; do
            # getty makes itself a session leader: its pid names the session's process group.
            /sbin/getty $line $login "$speed" "$tty" "$term" &
            session=$!
            wait "$session"
            # A line that fails at once (no such port) must not spin.
            sleep 1
        done
    ) &
    loops="$loops $!"
}

loops=""
seen=" "
for word in $(cat /proc/cmdline); do
    case $word in console=*) ;; *) continue ;; esac
    spec=${word#console=}
    tty=${spec%%,*}
    speed=115200
    [ "$spec" = "$tty" ] || speed=$(echo "${spec#*,}" | sed 's/[^0-9].*//')
    [ -n "$speed" ] || speed=115200
    case $seen in *" $tty "*)
        echo "getty: console=$tty given twice: one getty"; continue ;;
    esac
    seen="$seen$tty "
    # Only a tty with a driver behind it has a node under /sys/class/tty; a console= for another
    # machine (ttyAMA0 on x86) is skipped rather than respawned failing forever.
    if [ ! -e "/sys/class/tty/$tty/dev" ] || [ ! -c "/dev/$tty" ]; then
        echo "getty: console=$tty: no such terminal device (/dev/$tty, /sys/class/tty/$tty): no getty on it"
        continue
    fi
    start_getty "$tty" "$speed"
done

if [ -z "$loops" ]; then
    echo "getty: no usable console= on the kernel command line: nothing to do"
    exit 1
fi
trap 'kill -TERM $loops 2>/dev/null; wait; exit 0' TERM
wait
