#!/bin/sh
# The seed article's curl check: the home page must answer within 3 s. With `fall 2`, two timeouts in a row
# mark nginx failed.
exec curl -s -o /dev/null -m 3 http://127.0.0.1/
