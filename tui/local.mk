# tui/: the tix binary: command line front end and the curses interface.

bin_PROGRAMS += tix
tix_SOURCES = \
	tui/main.c \
	tui/cmd.c tui/cmd.h \
	tui/cmd_run.c \
	tui/cmd_ascii.c \
	tui/cmd_list.c \
	tui/cmd_show.c \
	tui/cmd_note.c \
	tui/cmd_update.c \
	tui/cmd_accounts.c
tix_LDADD = libtixtui.a libtixproviders.a libtixcore.a \
	$(NCURSESW_LIBS) $(LIBCURL_LIBS) $(CJSON_LIBS) $(PTHREAD_LIBS) -lm

# The curses interface, as a library so that the render benchmark and the
# unit tests link the same objects as tix.
noinst_LIBRARIES += libtixtui.a
libtixtui_a_SOURCES = \
	tui/actions.c tui/actions.h \
	tui/curses.h \
	tui/draw.c tui/draw.h \
	tui/editor.c tui/editor.h \
	tui/help.c \
	tui/keymap.c tui/keymap.h \
	tui/layout.c tui/layout.h \
	tui/lineedit.c tui/lineedit.h \
	tui/lines.c tui/lines.h \
	tui/pane_customer.c \
	tui/pane_list.c \
	tui/pane_thread.c \
	tui/picker.c tui/picker.h \
	tui/statusbar.c \
	tui/theme.c tui/theme.h \
	tui/tui.c tui/tui.h \
	tui/ui.c tui/ui.h
