# tui/: the tix binary: command line front end and the curses interface.

bin_PROGRAMS += tix
tix_SOURCES = \
	tui/main.c
tix_LDADD = libtixproviders.a libtixcore.a \
	$(NCURSESW_LIBS) $(LIBCURL_LIBS) $(CJSON_LIBS) $(PTHREAD_LIBS) -lm
