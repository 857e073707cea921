#!/bin/bash
# At 80x24 the three panes are stacked: list rows, then the thread, then
# the customer, each showing its part of the ticket opened with Enter.
. "$(dirname "$0")/lib.sh"

e2e_start 80 24
e2e_check_panes stacked 5
e2e_quit
