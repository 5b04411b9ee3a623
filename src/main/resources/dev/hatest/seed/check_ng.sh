#!/bin/sh
# The seed article's preferred ("first") way: only report nginx's health. A failure lowers the
# priority by the script's weight and the peer's election moves the VIP.
pgrep -x nginx >/dev/null
