#!/bin/bash
# tests/e2e/zendesk_cli.sh: the real tix binary on a Zendesk account served by
# tix-emu; the checks are tests/e2e/platform_cli.sh's.
E2E_NAME=zendesk_cli exec "$(dirname "$0")/platform_cli.sh" zendesk
