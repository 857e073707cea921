# tests/: unit (cmocka), emulators, end-to-end (tmux), bench.
# Each test program appends its own block below, in this shape:
#
#   if HAVE_CMOCKA
#   check_PROGRAMS += tests/unit/test_foo
#   TESTS += tests/unit/test_foo
#   tests_unit_test_foo_SOURCES = tests/unit/test_foo.c
#   tests_unit_test_foo_CFLAGS = $(TIX_CMOCKA_CC)
#   tests_unit_test_foo_LDADD = $(TIX_CMOCKA_LINK)
#   endif

TIX_TEST_LINK = libtixproviders.a libtixcore.a \
	$(NCURSESW_LIBS) $(LIBCURL_LIBS) $(CJSON_LIBS) $(PTHREAD_LIBS) -lm
# cmocka's assertions do not tell the compiler that a failed one ends the
# test, so -Wnull-dereference would flag every use after assert_non_null.
TIX_CMOCKA_CC = $(AM_CFLAGS) $(CMOCKA_CFLAGS) -Wno-null-dereference
TIX_CMOCKA_LINK = $(TIX_TEST_LINK) $(CMOCKA_LIBS)

if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_queue
TESTS += tests/unit/test_queue
tests_unit_test_queue_SOURCES = tests/unit/test_queue.c
tests_unit_test_queue_CFLAGS = $(TIX_CMOCKA_CC)
tests_unit_test_queue_LDADD = $(TIX_CMOCKA_LINK)
endif

if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_config
TESTS += tests/unit/test_config
tests_unit_test_config_SOURCES = tests/unit/test_config.c
tests_unit_test_config_CFLAGS = $(TIX_CMOCKA_CC)
tests_unit_test_config_LDADD = $(TIX_CMOCKA_LINK)
endif

if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_text
TESTS += tests/unit/test_text
tests_unit_test_text_SOURCES = tests/unit/test_text.c
tests_unit_test_text_CFLAGS = $(TIX_CMOCKA_CC)
tests_unit_test_text_LDADD = $(TIX_CMOCKA_LINK)
endif

if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_session
TESTS += tests/unit/test_session
tests_unit_test_session_SOURCES = tests/unit/test_session.c
tests_unit_test_session_CFLAGS = $(TIX_CMOCKA_CC)
tests_unit_test_session_LDADD = $(TIX_CMOCKA_LINK)
endif

if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_store
TESTS += tests/unit/test_store
tests_unit_test_store_SOURCES = tests/unit/test_store.c
tests_unit_test_store_CFLAGS = $(TIX_CMOCKA_CC)
tests_unit_test_store_LDADD = $(TIX_CMOCKA_LINK)
endif

if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_cli
TESTS += tests/unit/test_cli
tests_unit_test_cli_SOURCES = tests/unit/test_cli.c tui/cmd.c
tests_unit_test_cli_CFLAGS = $(TIX_CMOCKA_CC)
tests_unit_test_cli_LDADD = $(TIX_CMOCKA_LINK)
endif

if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_json
TESTS += tests/unit/test_json
tests_unit_test_json_SOURCES = tests/unit/test_json.c
tests_unit_test_json_CFLAGS = $(TIX_CMOCKA_CC)
tests_unit_test_json_LDADD = $(TIX_CMOCKA_LINK)
endif

if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_secret
TESTS += tests/unit/test_secret
tests_unit_test_secret_SOURCES = tests/unit/test_secret.c
tests_unit_test_secret_CFLAGS = $(TIX_CMOCKA_CC)
tests_unit_test_secret_LDADD = $(TIX_CMOCKA_LINK)
endif

if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_filter
TESTS += tests/unit/test_filter
tests_unit_test_filter_SOURCES = tests/unit/test_filter.c
tests_unit_test_filter_CFLAGS = $(TIX_CMOCKA_CC)
tests_unit_test_filter_LDADD = $(TIX_CMOCKA_LINK)
endif

if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_demo
TESTS += tests/unit/test_demo
tests_unit_test_demo_SOURCES = tests/unit/test_demo.c
tests_unit_test_demo_CFLAGS = $(TIX_CMOCKA_CC)
tests_unit_test_demo_LDADD = $(TIX_CMOCKA_LINK)
endif

if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_field
TESTS += tests/unit/test_field
tests_unit_test_field_SOURCES = tests/unit/test_field.c
tests_unit_test_field_CFLAGS = $(TIX_CMOCKA_CC)
tests_unit_test_field_LDADD = $(TIX_CMOCKA_LINK)
endif

noinst_PROGRAMS += tests/bench/bench_store
tests_bench_bench_store_SOURCES = tests/bench/bench_store.c
tests_bench_bench_store_LDADD = $(TIX_TEST_LINK)

# tests/emulators: tix-emu, a local Zendesk/Freshdesk API emulator on
# libmicrohttpd, built only when libmicrohttpd is found; never installed.
if HAVE_MHD
noinst_PROGRAMS += tests/emulators/tix-emu
tests_emulators_tix_emu_SOURCES = \
	tests/emulators/emu.c tests/emulators/emu.h \
	tests/emulators/emu_http.c tests/emulators/emu_fault.c \
	tests/emulators/emu_route.c tests/emulators/emu_page.c \
	tests/emulators/emu_json.c tests/emulators/emu_admin.c \
	tests/emulators/emu_data.c tests/emulators/emu_text.c \
	tests/emulators/emu_zendesk.c tests/emulators/emu_zd.h \
	tests/emulators/emu_zd_codec.c tests/emulators/emu_zd_write.c \
	tests/emulators/emu_freshdesk.c tests/emulators/emu_fd.h \
	tests/emulators/emu_fd_codec.c tests/emulators/emu_fd_write.c
tests_emulators_tix_emu_CFLAGS = $(AM_CFLAGS) $(MHD_CFLAGS) $(CJSON_CFLAGS)
tests_emulators_tix_emu_LDADD = libtixcore.a $(MHD_LIBS) $(CJSON_LIBS) \
	$(PTHREAD_LIBS)
TESTS += tests/emulators/emu_smoke.sh
endif
EXTRA_DIST += tests/emulators/emu_smoke.sh tests/emulators/README.md
AM_TESTS_ENVIRONMENT = abs_top_builddir='$(abs_top_builddir)' \
	abs_top_srcdir='$(abs_top_srcdir)'; \
	export abs_top_builddir abs_top_srcdir;

# tests/e2e/cli.sh: the scripting CLI on the demo accounts (needs jq).
TESTS += tests/e2e/cli.sh
EXTRA_DIST += tests/e2e/cli.sh

if HAVE_CMOCKA
if HAVE_MHD
check_PROGRAMS += tests/unit/test_http
TESTS += tests/unit/test_http
tests_unit_test_http_SOURCES = tests/unit/test_http.c
tests_unit_test_http_CFLAGS = $(TIX_CMOCKA_CC) $(MHD_CFLAGS)
tests_unit_test_http_LDADD = $(TIX_CMOCKA_LINK) $(MHD_LIBS)
endif
endif

noinst_PROGRAMS += tests/bench/bench_render
tests_bench_bench_render_SOURCES = tests/bench/bench_render.c
tests_bench_bench_render_LDADD = libtixtui.a $(TIX_TEST_LINK)

if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_tui
TESTS += tests/unit/test_tui
tests_unit_test_tui_SOURCES = tests/unit/test_tui.c
tests_unit_test_tui_CFLAGS = $(TIX_CMOCKA_CC)
tests_unit_test_tui_LDADD = libtixtui.a $(TIX_CMOCKA_LINK)
endif

if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_zendesk_json
TESTS += tests/unit/test_zendesk_json
tests_unit_test_zendesk_json_SOURCES = tests/unit/test_zendesk_json.c
tests_unit_test_zendesk_json_CFLAGS = $(TIX_CMOCKA_CC)
tests_unit_test_zendesk_json_LDADD = $(TIX_CMOCKA_LINK)
endif

if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_freshdesk_json
TESTS += tests/unit/test_freshdesk_json
tests_unit_test_freshdesk_json_SOURCES = tests/unit/test_freshdesk_json.c
tests_unit_test_freshdesk_json_CFLAGS = $(TIX_CMOCKA_CC)
tests_unit_test_freshdesk_json_LDADD = $(TIX_CMOCKA_LINK)
endif

# tests/e2e/test_zendesk_emu: providers/zendesk against tix-emu.
if HAVE_CMOCKA
if HAVE_MHD
check_PROGRAMS += tests/e2e/test_zendesk_emu
TESTS += tests/e2e/test_zendesk_emu
tests_e2e_test_zendesk_emu_SOURCES = tests/e2e/test_zendesk_emu.c
tests_e2e_test_zendesk_emu_CFLAGS = $(TIX_CMOCKA_CC)
tests_e2e_test_zendesk_emu_LDADD = $(TIX_CMOCKA_LINK)
endif
endif

# tests/e2e/test_freshdesk_emu: providers/freshdesk.c against tix-emu.
if HAVE_CMOCKA
if HAVE_MHD
check_PROGRAMS += tests/e2e/test_freshdesk_emu
TESTS += tests/e2e/test_freshdesk_emu
tests_e2e_test_freshdesk_emu_SOURCES = tests/e2e/test_freshdesk_emu.c
tests_e2e_test_freshdesk_emu_CFLAGS = $(TIX_CMOCKA_CC)
tests_e2e_test_freshdesk_emu_LDADD = $(TIX_CMOCKA_LINK)
endif
endif

# tests/e2e/zendesk_cli.sh: the tix binary on a tix-emu Zendesk account.
if HAVE_MHD
TESTS += tests/e2e/zendesk_cli.sh
endif
EXTRA_DIST += tests/e2e/zendesk_cli.sh

# tests/e2e/freshdesk_cli.sh: the tix binary on a tix-emu Freshdesk account.
if HAVE_MHD
TESTS += tests/e2e/freshdesk_cli.sh
endif
EXTRA_DIST += tests/e2e/freshdesk_cli.sh

# tests/e2e/combined_cli.sh: the tix CLI on a Zendesk and a Freshdesk
# tix-emu side by side (needs jq and curl).
if HAVE_MHD
TESTS += tests/e2e/combined_cli.sh
endif
EXTRA_DIST += tests/e2e/combined_cli.sh tests/e2e/combined_lib.sh

# tests/e2e/combined_faults.sh: the tix CLI against each tix-emu fault
# flag on both platforms (needs jq and curl).
if HAVE_MHD
TESTS += tests/e2e/combined_faults.sh
endif
EXTRA_DIST += tests/e2e/combined_faults.sh

# tests/e2e/*.sh (terminal): the real tix --demo in tmux, driven with keys
# and checked on the screen; the harness is tests/e2e/lib.sh.  Skipped
# (77) without tmux, except under CI=true where that is an error.
TIX_TUI_E2E = \
	tests/e2e/list-wide.sh \
	tests/e2e/list-narrow.sh \
	tests/e2e/open-thread.sh \
	tests/e2e/note-internal.sh \
	tests/e2e/reply.sh \
	tests/e2e/priority.sh \
	tests/e2e/status.sh \
	tests/e2e/category.sh \
	tests/e2e/assign.sh \
	tests/e2e/tags.sh \
	tests/e2e/filter.sh \
	tests/e2e/help.sh \
	tests/e2e/resize.sh \
	tests/e2e/locked.sh \
	tests/e2e/hostile.sh \
	tests/e2e/quit.sh
TESTS += $(TIX_TUI_E2E)
EXTRA_DIST += $(TIX_TUI_E2E) tests/e2e/lib.sh \
	tests/run-all.sh tests/setup-debian.sh .ci/run

# tests/e2e/combined_tui.sh: the full-screen tix in tmux on a Zendesk and
# a Freshdesk tix-emu side by side (needs tmux, jq and curl; about 90 s,
# most of it waiting for tix's 30 s poll).
if HAVE_MHD
TESTS += tests/e2e/combined_tui.sh
endif
EXTRA_DIST += tests/e2e/combined_tui.sh

# make distcheck: configure's exit trap runs "rm -f core ... && rm -f
# confdefs.h ..."; the build tree's core/ directory makes the first rm
# fail, so every configure run leaves confdefs.h behind.  distclean
# removes it, or distcheck's distcleancheck fails.
DISTCLEANFILES = confdefs.h

if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_log
TESTS += tests/unit/test_log
tests_unit_test_log_SOURCES = tests/unit/test_log.c
tests_unit_test_log_CFLAGS = $(TIX_CMOCKA_CC)
tests_unit_test_log_LDADD = $(TIX_CMOCKA_LINK)
endif

if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_hashmap
TESTS += tests/unit/test_hashmap
tests_unit_test_hashmap_SOURCES = tests/unit/test_hashmap.c
tests_unit_test_hashmap_CFLAGS = $(TIX_CMOCKA_CC)
tests_unit_test_hashmap_LDADD = $(TIX_CMOCKA_LINK)
endif

# tests/checksrc: the style checker's own test on its fixtures.  The tree
# itself is checked by tests/run-all.sh before it builds.
TESTS += tests/checksrc/test_checksrc.sh
EXTRA_DIST += tests/checksrc/checksrc.py tests/checksrc/test_checksrc.sh \
	tests/checksrc/bad.c tests/checksrc/good.c tests/checksrc/relaxed.c \
	tests/checksrc/known.txt

# tests/fuzz: libFuzzer targets (fuzz_*.c), their seeds (corpus/NAME/) and
# dictionaries, built and run with clang by tests/fuzz/run.sh (from
# tests/run-all.sh), not by make.
EXTRA_DIST += tests/fuzz

if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_html
TESTS += tests/unit/test_html
tests_unit_test_html_SOURCES = tests/unit/test_html.c
tests_unit_test_html_CFLAGS = $(TIX_CMOCKA_CC)
tests_unit_test_html_LDADD = $(TIX_CMOCKA_LINK)
endif
