#!/bin/sh
# A check that always fails (until a fault replaces it): for tests of negative script weights.
exit 1
