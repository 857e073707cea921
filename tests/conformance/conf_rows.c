/*
 * The platforms the conformance suite runs, one row each: how to start
 * the platform's emulator and configure an account, and what the
 * platform promises.  Adding a platform is adding a row (and its
 * emulator); every behaviour then runs for it.
 *
 * Each promise names the platform documentation it comes from; what the
 * emulators do is in tests/emulators/README.md.
 */

#include "config.h"

#include "tests/conformance/conformance.h"

#include <stddef.h>

/* A url line for config cases: configure() does no I/O. */
#define ZD_URL	"url = http://127.0.0.1:1/api/v2\n"

const struct conf_row conf_rows[] = {
	{
		.name = "zendesk",
		/* Many pages in a few seconds: no plan's limit in the way. */
		.emu_args = { "--rate-limit", "1000000" },
		.account_lines = "email = agent@example.com\n",
		.secret_key = "token",
		.secret = "emu-api-token",
		.auth_alt = { "auth = oauth\ntoken = emu-oauth-token\n" },
		.auth_says = { "refused", "Couldn't authenticate you" },
		.config_errors = {
			{ ZD_URL "token = t\n",
			  { "[account zendesk]: email: missing" } },
			{ ZD_URL "email = a@b\ntoken = t\n"
			  "category = field:abc\n",
			  { "config:6:", "]: category: expected" } },
			{ ZD_URL "email = a@b\ntoken = t\nsubdomian = acme\n",
			  { "]: subdomian: not a Zendesk account setting" } },
			{ ZD_URL "email = a@b\ntoken = t\nauth = basic\n",
			  { "config:6:", "]: auth: " } },
			{ ZD_URL "email = a@b\ntoken = t\n"
			  "ca_file = /nonexistent/ca.pem\n",
			  { "config:6:", "]: ca_file: No such file or "
			    "directory" } },
			{ ZD_URL "email = a@b\ntoken = t\nca_file = /\n",
			  { "config:6:", "]: ca_file: is a directory" } },
		},
		.config_ok = {
			"subdomain = acme\nemail = a@b.c\ntoken = t\n",
			ZD_URL "auth = oauth\ntoken = t\ncategory = field:77\n",
			/* url wins over subdomain (tix-config(5)). */
			"subdomain = acme\n" ZD_URL "email = a@b\ntoken = t\n",
		},
		.not_found_says = { "404", "Not found" },
		.conflict_says = { "someone else changed" },
		/* Only what changed: the incremental export. */
		.poll_request = "GET /api/v2/incremental/tickets/cursor.json",
		.page_max = 100,
		.page_window = 0,
		/*
		 * safe_update with the updated_at last seen: a 409
		 * (https://developer.zendesk.com/api-reference/ticketing/
		 * tickets/tickets/, "Protecting against ticket update
		 * collisions").
		 */
		.conflicts = true,
		/*
		 * The incremental export lists deleted tickets with status
		 * "deleted" (https://developer.zendesk.com/api-reference/
		 * ticketing/ticket-management/incremental_exports/).
		 */
		.deletions_listed = true,
		.deleted_walk = false,
		/* A Zendesk ticket has no closed time of its own. */
		.closed_at = false,
		.watermark = true,
		.raw_active = "open",
		.raw_closed = "solved",
		.raw_pending = "pending",
		.raw_low = "low",
		.raw_urgent = "urgent",
		.admin_urgent = "{\"priority\":\"urgent\","
		    "\"tags\":[\"changed-elsewhere\"]}",
		.admin_pending = "{\"status\":\"pending\"}",
		/* A comment's body is its plain text, line breaks kept. */
		.admin_note_lines = "{\"body\":\"First line\\nSecond line"
		    "\\n\\nNew paragraph\",\"html_body\":\"<div class=\\\""
		    "zd-comment\\\"><p>First line<br>Second line</p>"
		    "<p>New paragraph</p></div>\",\"public\":false}",
		.note_text = "First line\nSecond line\n\nNew paragraph",
		.category_named = "Technical",
		.bad_category = "999999",
		.bad_category_says = "Group",
		.me_email = "agent@example.com",
		.pending = {
		},
	},
	{
		.name = "freshdesk",
		.emu_args = { "--rate-limit", "1000000" },
		.account_lines = "",
		.secret_key = "token",
		.secret = "emu-api-key",
		.auth_says = { "API key", "401" },
		.config_errors = {
			{ "token = k\n",
			  { ":1: [account freshdesk]: domain: missing" } },
			{ "domain = a.b/c\ntoken = k\n",
			  { ":3: [account freshdesk]: domain: expected" } },
			{ "url = http://example.com/api/v2\ntoken = k\n",
			  { ":3: [account freshdesk]: url:" } },
			{ "domain = acme\ncategory = group\ntoken = k\n",
			  { ":4: [account freshdesk]: category:" } },
			{ "domain = acme\ncategory = field:area\ntoken = k\n",
			  { ":4: [account freshdesk]: category:" } },
			{ "domain = acme\n", { "[account freshdesk]" } },
			{ "domain = acme\nca_file = /nonexistent/ca.pem\n"
			  "token = k\n",
			  { ":4: [account freshdesk]: ca_file: No such file" } },
			{ "domain = acme\nca_file = /etc/passwd\ntoken = k\n",
			  { ":4: [account freshdesk]: ca_file: not a PEM file" } },
		},
		.config_ok = {
			"domain = acme.freshdesk.com\ncategory = field:cf_area\n"
			"token = k\n",
			"domain = acme\ntoken = k\n",
		},
		.not_found_says = { "404" },
		/* The ticket list with updated_since. */
		.poll_request = "GET /api/v2/tickets",
		.page_max = 100,
		/*
		 * GET /tickets refuses page 301: the walk moves its window
		 * (https://developers.freshdesk.com/api/#list_all_tickets).
		 */
		.page_window = 300,
		/* No conflict protection is documented: the last write wins. */
		.conflicts = false,
		/*
		 * Deleted tickets leave the lists (get() answers 404) and
		 * show with filter=deleted, which ends each poll.
		 */
		.deletions_listed = true,
		.deleted_walk = true,
		/*
		 * stats.closed_at and stats.resolved_at, with include=stats
		 * (https://developers.freshdesk.com/api/#view_a_ticket).
		 */
		.closed_at = true,
		.watermark = true,
		.raw_active = "Open",
		.raw_closed = "Resolved",
		.raw_pending = "Pending",
		.raw_low = "Low",
		.raw_urgent = "Urgent",
		.admin_urgent = "{\"priority\":4,"
		    "\"tags\":[\"changed-elsewhere\"]}",
		.admin_pending = "{\"status\":3}",
		/*
		 * The note as Freshdesk keeps it: the HTML has the line
		 * breaks, body_text runs the lines together.
		 */
		.admin_note_lines = "{\"body\":\"First line Second line New "
		    "paragraph\",\"html_body\":\"<p>First line<br>Second "
		    "line</p><p>New paragraph</p>\",\"private\":true}",
		.note_text = "First line\nSecond line\n\nNew paragraph",
		.category_named = "Feature Request",
		.bad_category = "No Such Type",
		.bad_category_says = "type",
		.me_email = NULL,
		.pending = {
		},
	},
};

const size_t conf_nrows = sizeof conf_rows / sizeof conf_rows[0];
