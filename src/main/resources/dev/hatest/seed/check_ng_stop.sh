#!/bin/bash
# The seed article's "second way": if nginx is not running, try to start it once; if it is still down,
# stop the VRRP daemon (the article runs `killall keepalived`), so the peer hears a priority-0 advert and
# takes the VIP at once.
if [ "$(ps -C nginx --no-header | wc -l)" -eq 0 ]; then
    nginx 2>/dev/null
    sleep 1
    if [ "$(ps -C nginx --no-header | wc -l)" -eq 0 ]; then
        pkill -TERM -x keepalived || pkill -TERM -f 'vrrpd\.jar'
    fi
fi
exit 0
