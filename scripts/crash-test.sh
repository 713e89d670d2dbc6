#!/usr/bin/env bash
# Runs the payment crash test with N SIGKILLs (default 5): the built app as its own process, buyers ordering in
# parallel, killed at random instants and restarted; it prints the counts and fails on any broken invariant.
#   scripts/crash-test.sh 100
set -euo pipefail
cd "$(dirname "$0")/.."
CRASH_TEST_KILLS="${1:-5}" dotnet test CheapTokens.Tests \
  --filter "FullyQualifiedName~CheapTokens.Tests.Payments.PaymentCrashTests" \
  --logger "console;verbosity=detailed"
