#!/usr/bin/env bash
# Runs every test of onair. Tests that need PostgreSQL or S3 run when
# ONAIR_TEST_POSTGRES / ONAIR_TEST_S3 are set (see README.md) and are
# skipped otherwise; the rest needs only Go (and Chromium for page tests).
# The longest packages come first so that the others run beside them:
# go test starts packages in the order they are named.
set -euo pipefail
cd "$(dirname "$0")"
exec go test -count=1 "$@" ./web/ ./cmd/onair/ ./...
