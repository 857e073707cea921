# tui/: the tix binary: command line front end and the curses interface.

bin_PROGRAMS += tix
tix_SOURCES = \
	tui/main.c \
	tui/cmd.c tui/cmd.h \
	tui/cmd_run.c \
	tui/cmd_list.c \
	tui/cmd_show.c \
	tui/cmd_note.c \
	tui/cmd_update.c \
	tui/cmd_accounts.c
tix_LDADD = libtixproviders.a libtixcore.a \
	$(NCURSESW_LIBS) $(LIBCURL_LIBS) $(CJSON_LIBS) $(PTHREAD_LIBS) -lm
