#!/bin/sh
# A check that always passes (until a fault replaces it): for tests of positive script weights.
exit 0
