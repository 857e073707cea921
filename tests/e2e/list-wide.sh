#!/bin/bash
# At 160x48 the list shows tickets from every demo account, and Enter
# shows the ticket's thread and customer in panes beside the list.
. "$(dirname "$0")/lib.sh"

e2e_start 160 48
e2e_check_panes wide 40
e2e_quit
