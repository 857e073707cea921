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
			{ ZD_URL "token = t\n", { "'email'" } },
			{ ZD_URL "email = a@b\ntoken = t\n"
			  "category = field:abc\n",
			  { "config:6:", "'category'" } },
			{ ZD_URL "email = a@b\ntoken = t\nsubdomian = acme\n",
			  { "'subdomian'" } },
			{ "subdomain = acme\n" ZD_URL "email = a@b\n"
			  "token = t\n", { "config:4:", "'url'" } },
			{ ZD_URL "email = a@b\ntoken = t\nauth = basic\n",
			  { "config:6:", "'auth'" } },
		},
		.config_ok = {
			"subdomain = acme\nemail = a@b.c\ntoken = t\n",
			ZD_URL "auth = oauth\ntoken = t\ncategory = field:77\n",
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
			{ "deletions in pages", "the Zendesk adapter asks "
			  "the export to leave deleted tickets out "
			  "(exclude_deleted) and never fills page.removed: "
			  "adapter kit, issue 6" },
			{ "fault_5xx_after_write", "tix-emu has no "
			  "--fault-5xx-after-write yet: emulator work, "
			  "issue 6" },
			{ "update reports maybe_sent", "an update whose "
			  "answer was lost is retried, meets its own change "
			  "(409) and reports a conflict, \"the change was "
			  "not made\", with maybe_sent false, though the "
			  "platform has it: provider contract, issue 6" },
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
			  { ":1: [account freshdesk]: missing key 'domain'" } },
			{ "domain = a.b/c\ntoken = k\n",
			  { ":3: [account freshdesk]: domain:" } },
			{ "url = http://example.com/api/v2\ntoken = k\n",
			  { ":3: [account freshdesk]: url:" } },
			{ "domain = acme\ncategory = group\ntoken = k\n",
			  { ":4: [account freshdesk]: category:" } },
			{ "domain = acme\ncategory = field:area\ntoken = k\n",
			  { ":4: [account freshdesk]: category:" } },
			{ "domain = acme\n", { "[account freshdesk]" } },
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
		/* Deleted tickets leave the lists; get() answers 404. */
		.deletions_listed = false,
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
			{ "closed_at", "Freshdesk gives closed_at only in "
			  "stats, which the adapter does not ask for: "
			  "issue 6" },
			{ "platform notes keep line breaks", "the "
			  "Freshdesk adapter reads "
			  "body_text, which has no line breaks, instead of "
			  "the HTML body: issue 6" },
			{ "fault_5xx_after_write", "tix-emu has no "
			  "--fault-5xx-after-write yet: emulator work, "
			  "issue 6" },
			{ "update reports maybe_sent", "an update whose "
			  "every answer was lost fails with maybe_sent "
			  "false: core/http says maybe_sent only for "
			  "requests it may not repeat, and updates are sent "
			  "as repeatable: provider contract, issue 6" },
			{ "ids checked before they go into a path", "get() "
			  "sends the id \"../users/me\" as a path (the "
			  "answer is a 404, not TIX_ERR_INVALID): adapter "
			  "kit, issue 6" },
		},
	},
};

const size_t conf_nrows = sizeof conf_rows / sizeof conf_rows[0];
