#!/bin/bash
# tests/e2e/freshdesk_cli.sh: the real tix binary on a Freshdesk account served by
# tix-emu; the checks are tests/e2e/platform_cli.sh's.
E2E_NAME=freshdesk_cli exec "$(dirname "$0")/platform_cli.sh" freshdesk
