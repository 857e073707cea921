/*
 * Unit tests: core/html, HTML note bodies to text and back.  The samples
 * are shaped like what Freshdesk's and Zendesk's editors and mail
 * clients send.
 */

#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/buf.h"
#include "core/html.h"
#include "core/xmalloc.h"

/* html_to_text() under the note cap; asserts nothing was cut. */
static char *
text_of(const char *html)
{
	bool	cut = true;
	char	*s = html_to_text(html, TIX_MAX_NOTE, &cut);

	assert_false(cut);
	return s;
}

static void
assert_text(const char *html, const char *want)
{
	char	*s = text_of(html);

	assert_string_equal(s, want);
	free(s);
}

/* html_from_text() under a cap that is never reached here. */
static void
assert_html(const char *text, const char *want)
{
	char	*s = NULL, *cause = NULL;

	assert_int_equal(html_from_text(text, TIX_MAX_HTTP_BODY, &s, &cause),
	    TIX_OK);
	assert_null(cause);
	assert_string_equal(s, want);
	free(s);
}

/* A Freshdesk agent's note: one <div> per line, <div><br></div> blank. */
static void
test_freshdesk_note(void **state)
{
	(void)state;
	assert_text("<div style=\"font-family:-apple-system, "
	    "BlinkMacSystemFont, Segoe UI, Roboto, Helvetica Neue, Arial, "
	    "sans-serif; font-size:14px; \"><div dir=\"ltr\">Hi Anna,</div>"
	    "<div dir=\"ltr\"><br></div><div dir=\"ltr\">We have reset your "
	    "password.</div><div dir=\"ltr\">You should get an e-mail within"
	    " 5 minutes.</div><div dir=\"ltr\"><br></div><div dir=\"ltr\">"
	    "Regards,<br>Tom</div></div>",
	    "Hi Anna,\n\nWe have reset your password.\nYou should get an "
	    "e-mail within 5 minutes.\n\nRegards,\nTom");
	/* The bodies tix itself sent before (text with <br>\n). */
	assert_text("a &lt;b&gt; &amp; &quot;c&quot;<br>\nnext",
	    "a <b> & \"c\"\nnext");
	assert_text("<div>This is a private note</div>",
	    "This is a private note");
	assert_text("<div>Thanks,<br>we are on it</div>",
	    "Thanks,\nwe are on it");
}

/* A Freshdesk ticket that came in by e-mail. */
static void
test_freshdesk_email_description(void **state)
{
	(void)state;
	assert_text("<div>Hello,<br><br>my printer shows &quot;Error 42&quot;"
	    " since yesterday.<br>\nModel: HP LaserJet &amp; tray 2<br><br>"
	    "<br><br>Thanks<br>Anna</div>\n",
	    "Hello,\n\nmy printer shows \"Error 42\" since yesterday.\n"
	    "Model: HP LaserJet & tray 2\n\nThanks\nAnna");
	assert_text("<p>Hello &amp; welcome</p><p>Line 2<br>end</p>",
	    "Hello & welcome\n\nLine 2\nend");
}

/* A Zendesk html_body: paragraphs and a nested list. */
static void
test_zendesk_html_body(void **state)
{
	(void)state;
	assert_text("<div class=\"zd-comment\" dir=\"auto\"><p dir=\"auto\">"
	    "Hi there,</p><p dir=\"auto\">Thanks for reaching out. Could you "
	    "send us:</p>\n<ul dir=\"auto\">\n  <li>the order number</li>\n"
	    "  <li>a screenshot of the error:\n    <ol><li>the whole "
	    "window</li><li>the message</li></ol>\n  </li>\n</ul>\n"
	    "<p dir=\"auto\">Best,<br>Support &mdash; Acme</p></div>",
	    "Hi there,\n\nThanks for reaching out. Could you send us:\n\n"
	    "- the order number\n- a screenshot of the error:\n"
	    "  1. the whole window\n  2. the message\n\n"
	    "Best,\nSupport \xe2\x80\x94 Acme");
	/* What the emulator and tix's own notes look like. */
	assert_text("<div class=\"zd-comment\" dir=\"auto\"><p>Help!</p>"
	    "</div>", "Help!");
}

/*
 * A forwarded Outlook mail: head, style and title dropped, empty
 * &nbsp; paragraphs do not pile up blank lines, windows-1252 numeric
 * references as browsers read them, Office's <o:p> tags ignored.
 */
static void
test_mail_client_html(void **state)
{
	(void)state;
	assert_text("<!DOCTYPE html PUBLIC \"-//W3C//DTD HTML 4.0 "
	    "Transitional//EN\">\r\n<html><head><meta http-equiv=\"Content-"
	    "Type\" content=\"text/html; charset=utf-8\"><title>Re: order"
	    "</title><style><!-- p.MsoNormal {margin:0cm; font-size:11pt} "
	    "--></style><script>alert(\"<p>x</p>\")</script></head>\r\n"
	    "<body lang=EN-GB><!-- a comment with <p>tags</p> -->"
	    "<p class=MsoNormal>Hello Tom,<o:p></o:p></p>\r\n"
	    "<p class=MsoNormal><o:p>&nbsp;</o:p></p>\r\n"
	    "<p class=MsoNormal>It&#146;s still broken &#150; see "
	    "below.<o:p></o:p></p><p>&nbsp;</p><p>&nbsp;</p>\r\n"
	    "<p class=MsoNormal>Anna<o:p></o:p></p></body></html>",
	    "Hello Tom,\n\nIt\xe2\x80\x99s still broken \xe2\x80\x93 see "
	    "below.\n\nAnna");
}

/* Source white space collapses as in a browser. */
static void
test_whitespace(void **state)
{
	(void)state;
	assert_text("  \n\t one   two\n\nthree \t ", "one two three");
	assert_text("<p>\n   Hello\n   world  </p>\n\n<p>  again </p>",
	    "Hello world\n\nagain");
	assert_text("a <b>bold</b> <i> and </i>c", "a bold and c");
	assert_text("a<span>b</span>c", "abc");
	/* &nbsp; does not collapse, but a line does not end with it. */
	assert_text("a&nbsp;&nbsp;b&nbsp;<br>&nbsp;&nbsp;c",
	    "a  b\n  c");
	assert_text("a &nbsp; b", "a   b");
	/* Numeric white space collapses like the real thing. */
	assert_text("a&#10;&#32;b&#9;c", "a b c");
	assert_text("", "");
	assert_text("<p></p><div>  </div><br><br>", "");
}

/* Blank lines: one between paragraphs, never more. */
static void
test_breaks(void **state)
{
	(void)state;
	assert_text("a<br>b", "a\nb");
	assert_text("a<br><br>b", "a\n\nb");
	assert_text("a<br><br><br><br>b", "a\n\nb");
	assert_text("a<BR/>b<br />c</br>d", "a\nb\nc\nd");
	assert_text("<p>a</p><p>b</p>", "a\n\nb");
	assert_text("<p>a</p>\n\n<p></p><p></p>\n<p>b</p>", "a\n\nb");
	assert_text("<div>a</div><div>b</div>", "a\nb");
	assert_text("<div><div><div>a</div></div></div><div>b</div>",
	    "a\nb");
	assert_text("<p>a<br></p><p>b</p>", "a\n\nb");
	assert_text("<div>a<br></div><div>b</div>", "a\nb");
	assert_text("<h1>Title</h1>text<hr>more", "Title\n\ntext\n\nmore");
	assert_text("x<blockquote>quoted<br>reply</blockquote>y",
	    "x\n\nquoted\nreply\n\ny");
	assert_text("<br><br><p>start</p>", "start");
	assert_text("end<br><br>", "end");
}

/* <pre> keeps its spaces and line breaks; the first newline goes. */
static void
test_pre(void **state)
{
	(void)state;
	assert_text("see:<pre>\n  if (x)\n\treturn;\n\n  done</pre>after",
	    "see:\n\n  if (x)\n\treturn;\n\n  done\n\nafter");
	assert_text("<PRE>\r\na  b\r\nc</PRE>", "a  b\nc");
	assert_text("<pre>a<b>b</b> &lt;c&gt;</pre>", "ab <c>");
	assert_text("<pre><pre>x  y</pre>  z  w</pre> v  u",
	    "x  y\n\n  z  w\n\nv u");
	/* Spaces trimmed at a break leave no blank line at the start. */
	assert_text("<pre> <div>\n\nx</div></pre>", "x");
}

/* Lists and tables. */
static void
test_lists_tables(void **state)
{
	(void)state;
	assert_text("Steps:<ol><li>Open</li><li>Click <b>Save</b></li>"
	    "</ol>Done", "Steps:\n\n1. Open\n2. Click Save\n\nDone");
	assert_text("<ul><li>a<ul><li>b<ul><li>c</li></ul></li></ul></li>"
	    "<li>d</li></ul>", "- a\n  - b\n    - c\n- d");
	assert_text("<li>loose</li><li></li><li>item</li>",
	    "- loose\n-\n- item");
	assert_text("<dl><dt>Term</dt><dd>Meaning</dd></dl>",
	    "Term\nMeaning");
	assert_text("<table><tr><th>Order</th><th>State</th></tr>"
	    "<tr><td>1001</td><td>shipped</td></tr></table>after",
	    "Order State\n1001 shipped\n\nafter");
}

/* Character references, and the ones kept as written. */
static void
test_entities(void **state)
{
	(void)state;
	assert_text("&lt;&gt;&amp;&quot;&apos;&#39;&#x27;&AMP;&LT;",
	    "<>&\"'''&<");
	assert_text("&eacute;t&eacute; &euro;5 &copy; &hellip; &ldquo;"
	    "q&rdquo;", "\xc3\xa9t\xc3\xa9 \xe2\x82\xac" "5 \xc2\xa9 "
	    "\xe2\x80\xa6 \xe2\x80\x9cq\xe2\x80\x9d");
	assert_text("&#233;&#xE9;&#XE9;&#x1F600;&#128512;",
	    "\xc3\xa9\xc3\xa9\xc3\xa9\xf0\x9f\x98\x80\xf0\x9f\x98\x80");
	/* Numeric without ';' as browsers do; named needs its ';'. */
	assert_text("&#65B &amp b", "AB &amp b");
	/* Never NUL, surrogates, controls or past U+10FFFF. */
	assert_text("&#0; &#x0; &#xD800; &#xdfff; &#x110000; &#1; &#x7f; "
	    "&#x81; &#99999999999999999999;",
	    "&#0; &#x0; &#xD800; &#xdfff; &#x110000; &#1; &#x7f; &#x81; "
	    "&#99999999999999999999;");
	/* Unknown or malformed: kept. */
	assert_text("AT&T &foo; &; &#; &#x; & &amp;amp; &Amp; "
	    "&verylongentityname;", "AT&T &foo; &; &#; &#x; & &amp; &Amp; "
	    "&verylongentityname;");
}

/* Anything is accepted; what a browser would not show is dropped. */
static void
test_malformed(void **state)
{
	(void)state;
	assert_text("a < b, 1<2, <3 and <", "a < b, 1<2, <3 and <");
	assert_text("before <unclosed tag", "before");
	assert_text("x <a href=\"a>b\" title='c>d'>link</a> y",
	    "x link y");
	assert_text("x <a href=\"never closed>y", "x");
	assert_text("x <!-- never closed <p>y</p>", "x");
	assert_text("x <!---->y<!-->z<!--->w", "x yzw");
	assert_text("x <script>if (a<b) { y(\"</scrip\") }</script>z",
	    "x z");
	assert_text("x <style>p { }", "x");
	assert_text("x <SCRIPT type=x>y</script >z</ScRiPt>w", "x zw");
	assert_text("a</>b</ 3>c<?php echo 1 ?>d<![CDATA[e]]>f",
	    "abcdf");
	assert_text("</p></div></ul></li></pre>text</ol>", "text");
	assert_text("<p<p>x", "x");
	assert_text("<div\nclass=\"x\"\n>a</div\n>b", "a\nb");
	assert_text("<o:p>a</o:p><x-y z=1>b</x-y>", "ab");
}

/* The cap: stop at a whole character, say so, never split UTF-8. */
static void
test_cap(void **state)
{
	char	*s;
	bool	 cut;

	(void)state;
	/* "h\xc3\xa9llo w\xc3\xb6rld": the 9th byte is inside the ö. */
	s = html_to_text("h&eacute;llo <b>w\xc3\xb6rld</b>", 9, &cut);
	assert_true(cut);
	assert_string_equal(s, "h\xc3\xa9llo w");
	free(s);
	s = html_to_text("h&eacute;llo <b>w\xc3\xb6rld</b>", 10, &cut);
	assert_true(cut);
	assert_string_equal(s, "h\xc3\xa9llo w\xc3\xb6");
	free(s);
	/* An entity's UTF-8 is never split either. */
	s = html_to_text("ab&#x1F600;", 5, &cut);
	assert_true(cut);
	assert_string_equal(s, "ab");
	free(s);
	/* Exactly at the cap is not cut. */
	s = html_to_text("<p>abc</p><p>de</p>", 7, &cut);
	assert_false(cut);
	assert_string_equal(s, "abc\n\nde");
	free(s);
	s = html_to_text("<p>abc</p><p>de</p>", 6, &cut);
	assert_true(cut);
	assert_string_equal(s, "abc\n\nd");
	free(s);
	s = html_to_text("<p>abc</p><p>de</p>", 4, &cut);
	assert_true(cut);
	assert_string_equal(s, "abc");
	free(s);
	s = html_to_text("abc", 0, NULL);
	assert_string_equal(s, "");
	free(s);
}

/* Huge and hostile input: linear, capped, no crash. */
static void
test_huge(void **state)
{
	static const char *const pieces[] = {
		"<<<<", "&&&&;", "<p>", "<div><br>", "\xc3\xa9", "&#x1F600;",
		"<li>", "<ol>", "</ul>", "<pre>", "  \n ", "<a b=\"c\">",
		"word ", "&nbsp;",
	};
	const size_t	 npieces = sizeof pieces / sizeof pieces[0];
	size_t		 size = 8u * 1024 * 1024, i, n, len = 0;
	char		*big = xmalloc(size + 1), *s;
	const char	*p;
	bool		 cut;

	(void)state;
	for (i = 0; len < size - 16; i++) {
		p = pieces[(i * 5) % npieces];
		n = strlen(p);
		memcpy(big + len, p, n);
		len += n;
	}
	big[len] = '\0';
	s = html_to_text(big, TIX_MAX_NOTE, &cut);
	assert_true(cut);
	assert_true(strlen(s) <= TIX_MAX_NOTE);
	assert_true(strlen(s) > TIX_MAX_NOTE - 64);
	free(s);

	/* Deep nesting, and a quote that never closes after it. */
	len = 0;
	while (len < size - 32) {
		memcpy(big + len, "<ul><li><pre>", 13);
		len += 13;
	}
	memcpy(big + len, "x<a href=\"", 10);
	big[len + 10] = '\0';
	s = html_to_text(big, TIX_MAX_FIELD, &cut);
	assert_true(cut);
	assert_true(strlen(s) <= TIX_MAX_FIELD);
	free(s);
	/* The same, where the unclosed quote is reached: it ends the text. */
	s = html_to_text(big + len - 13 * 4, TIX_MAX_FIELD, &cut);
	assert_false(cut);
	assert_string_equal(s, "-\n\n  -\n\n    -\n\n      -\n\nx");
	free(s);
	free(big);
}

/* Text to HTML. */
static void
test_from_text(void **state)
{
	char	*s, *cause = NULL;

	(void)state;
	assert_html("", "");
	assert_html("\n \n\t\n", "");
	assert_html("Hello", "<p>Hello</p>");
	assert_html("a <b> & \"c\" 'd'", "<p>a &lt;b&gt; &amp; &quot;c&quot;"
	    " &#39;d&#39;</p>");
	assert_html("Hi Anna,\n\nWe reset it.\nCheck your mail.\n\n\n\n"
	    "Regards,\nTom\n",
	    "<p>Hi Anna,</p><p>We reset it.<br>Check your mail.</p>"
	    "<p>Regards,<br>Tom</p>");
	assert_html("\r\n\r\na\r\nb\rc\r\n  \r\nd",
	    "<p>a<br>b<br>c</p><p>d</p>");
	assert_html("  indented  twice\tand a tab",
	    "<p>&nbsp;&nbsp;indented &nbsp;twice &nbsp;&nbsp;&nbsp;and a "
	    "tab</p>");
	assert_html("caf\xc3\xa9 \xf0\x9f\x98\x80", "<p>caf\xc3\xa9 "
	    "\xf0\x9f\x98\x80</p>");

	/* Over the cap is an error, never a note cut short. */
	s = NULL;
	assert_int_equal(html_from_text("a & b", 10, &s, &cause),
	    TIX_ERR_TOO_LARGE);
	assert_null(s);
	assert_non_null(cause);
	assert_non_null(strstr(cause, "too long"));
	free(cause);
	assert_int_equal(html_from_text("a & b", 16, &s, NULL), TIX_OK);
	assert_string_equal(s, "<p>a &amp; b</p>");
	free(s);
}

/* What an agent writes comes back the same from the platform. */
static void
test_round_trip(void **state)
{
	static const char *const texts[] = {
		"Hi Anna,\n\nWe have reset your password.\nYou should get "
		    "an e-mail within 5 minutes.\n\nRegards,\nTom",
		"a <b> & \"c\" 'd' &amp; &#39; &nbsp; <!-- x -->",
		"  indented\n    more\nback  two  spaces",
		"one\n\ntwo\n\nthree",
		"- a list\n- typed by hand\n  - nested",
		"caf\xc3\xa9 \xe2\x80\x94 \xf0\x9f\x98\x80 \xe4\xb8\xad\xe6\x96"
		    "\x87",
		"x",
	};
	char	*html, *back;
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		assert_int_equal(html_from_text(texts[i], TIX_MAX_HTTP_BODY,
		    &html, NULL), TIX_OK);
		back = text_of(html);
		assert_string_equal(back, texts[i]);
		free(back);
		free(html);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_freshdesk_note),
		cmocka_unit_test(test_freshdesk_email_description),
		cmocka_unit_test(test_zendesk_html_body),
		cmocka_unit_test(test_mail_client_html),
		cmocka_unit_test(test_whitespace),
		cmocka_unit_test(test_breaks),
		cmocka_unit_test(test_pre),
		cmocka_unit_test(test_lists_tables),
		cmocka_unit_test(test_entities),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_cap),
		cmocka_unit_test(test_huge),
		cmocka_unit_test(test_from_text),
		cmocka_unit_test(test_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
