# tests/: unit tests (cmocka), the provider conformance suite, the API
# emulators (tix-emu), end-to-end tests of the real tix, benchmarks.
#
# Adding a test is one word in one of these lists; automake's defaults do
# the rest (a program's source is its name + .c, linked with LDADD below;
# the lists' objects get the cmocka flags).
#
#   TIX_UNIT_TESTS	cmocka programs
#   TIX_MHD_TESTS	cmocka programs that need libmicrohttpd (tix-emu, or
#			a server of their own)
#   TIX_SH_TESTS		shell tests (tests/e2e/lib.sh is their harness)
#   TIX_EMU_SH_TESTS	shell tests on tix-emu
#   TIX_TUI_E2E		terminal tests (tmux)
#
# A program with more than its own .c, or more to link, adds a
# PROGRAM_SOURCES or PROGRAM_LDADD line below.

TIX_UNIT_TESTS = \
	tests/unit/test_cli \
	tests/unit/test_config \
	tests/unit/test_demo \
	tests/unit/test_drafts \
	tests/unit/test_field \
	tests/unit/test_filter \
	tests/unit/test_freshdesk \
	tests/unit/test_hashmap \
	tests/unit/test_html \
	tests/unit/test_json \
	tests/unit/test_log \
	tests/unit/test_queue \
	tests/unit/test_rest \
	tests/unit/test_secret \
	tests/unit/test_session \
	tests/unit/test_spawn \
	tests/unit/test_store \
	tests/unit/test_text \
	tests/unit/test_tui \
	tests/unit/test_zendesk \
	tests/conformance/test_golden

TIX_MHD_TESTS = \
	tests/unit/test_http \
	tests/conformance/test_conformance

TIX_SH_TESTS = \
	tests/e2e/cli.sh

TIX_EMU_SH_TESTS = \
	tests/emulators/emu_smoke.sh \
	tests/e2e/zendesk_cli.sh \
	tests/e2e/freshdesk_cli.sh \
	tests/e2e/freshdesk_customer.sh \
	tests/e2e/combined_cli.sh \
	tests/e2e/combined_faults.sh \
	tests/e2e/combined_tui.sh \
	tests/e2e/deleted.sh \
	tests/e2e/children.sh

# The real tix --demo in tmux, driven with keys and checked on the
# screen.  Skipped (77) without tmux, except under CI=true where that is
# an error.  combined_tui.sh (in TIX_EMU_SH_TESTS) takes about 90 s, most
# of it waiting for tix's poll.
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
	tests/e2e/quit.sh \
	tests/e2e/signals.sh \
	tests/e2e/drafts.sh

TIX_TEST_LINK = libtixproviders.a libtixcore.a \
	$(NCURSESW_LIBS) $(LIBCURL_LIBS) $(CJSON_LIBS) $(PTHREAD_LIBS) -lm

# Every program without an _LDADD of its own is a test program.
LDADD = $(TIX_TEST_LINK) $(CMOCKA_LIBS)

if HAVE_CMOCKA
check_PROGRAMS += $(TIX_UNIT_TESTS)
TESTS += $(TIX_UNIT_TESTS)
if HAVE_MHD
check_PROGRAMS += $(TIX_MHD_TESTS)
TESTS += $(TIX_MHD_TESTS)
endif
endif

tests_unit_test_cli_SOURCES = tests/unit/test_cli.c tui/cmd.c
tests_unit_test_tui_LDADD = libtixtui.a $(LDADD)
tests_unit_test_drafts_LDADD = libtixtui.a $(LDADD)
tests_unit_test_http_LDADD = $(LDADD) $(MHD_LIBS)
tests_conformance_test_conformance_SOURCES = \
	tests/conformance/test_conformance.c tests/conformance/conformance.h \
	tests/conformance/conf_emu.c tests/conformance/conf_rows.c \
	tests/conformance/conf_reads.c tests/conformance/conf_writes.c \
	tests/conformance/conf_faults.c
tests_conformance_test_golden_SOURCES = \
	tests/conformance/test_golden.c tests/conformance/golden.h \
	tests/conformance/golden_shims.c

# The test programs' objects compile with cmocka's flags.  cmocka's
# assertions do not tell the compiler that a failed one ends the test,
# so -Wnull-dereference would flag every use after assert_non_null.
TIX_TEST_OBJECTS = $(TIX_UNIT_TESTS:=.$(OBJEXT)) \
	$(TIX_MHD_TESTS:=.$(OBJEXT)) \
	$(tests_conformance_test_conformance_OBJECTS) \
	$(tests_conformance_test_golden_OBJECTS)
$(TIX_TEST_OBJECTS): AM_CFLAGS += $(CMOCKA_CFLAGS) $(MHD_CFLAGS) \
	-Wno-null-dereference

TESTS += $(TIX_SH_TESTS) $(TIX_TUI_E2E)
if HAVE_MHD
TESTS += $(TIX_EMU_SH_TESTS)
endif
EXTRA_DIST += $(TIX_SH_TESTS) $(TIX_EMU_SH_TESTS) $(TIX_TUI_E2E) \
	tests/e2e/lib.sh tests/e2e/lib_tui.sh tests/e2e/platform_cli.sh \
	tests/unit/rest_fixture.h \
	tests/emulators/README.md tests/fixtures \
	tests/run-all.sh tests/setup-debian.sh .ci/run

# The scripts and the conformance suite find tix and tix-emu here.
AM_TESTS_ENVIRONMENT = abs_top_builddir='$(abs_top_builddir)' \
	abs_top_srcdir='$(abs_top_srcdir)'; \
	export abs_top_builddir abs_top_srcdir;

noinst_PROGRAMS += tests/bench/bench_store tests/bench/bench_render \
	tests/bench/bench_parse
tests_bench_bench_store_LDADD = $(TIX_TEST_LINK)
tests_bench_bench_parse_LDADD = $(TIX_TEST_LINK)
tests_bench_bench_render_LDADD = libtixtui.a $(TIX_TEST_LINK)

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
endif

# make distcheck: configure's exit trap runs "rm -f core ... && rm -f
# confdefs.h ..."; the build tree's core/ directory makes the first rm
# fail, so every configure run leaves confdefs.h behind.  distclean
# removes it, or distcheck's distcleancheck fails.
DISTCLEANFILES = confdefs.h

# tests/checksrc: the style checker's own test on its fixtures.  The tree
# itself is checked by tests/run-all.sh before it builds.
TESTS += tests/checksrc/test_checksrc.sh
EXTRA_DIST += tests/checksrc/checksrc.py tests/checksrc/test_checksrc.sh \
	tests/checksrc/bad.c tests/checksrc/good.c tests/checksrc/relaxed.c

# tests/fuzz: libFuzzer targets (fuzz_*.c), their seeds (corpus/NAME/) and
# dictionaries, built and run with clang by tests/fuzz/run.sh (from
# tests/run-all.sh), not by make.
EXTRA_DIST += tests/fuzz tests/common/utf8.h tests/bench/bench.h
