#!/bin/sh
# Healthy while the local nginx answers within 2 s.
exec curl -fsS -m 2 -o /dev/null http://127.0.0.1/
