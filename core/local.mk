# core/: model, store, text, queues, workers; no curses, no provider code.

noinst_LIBRARIES += libtixcore.a
libtixcore_a_SOURCES = \
	core/accounts.c \
	core/arena.c core/arena.h \
	core/buf.c core/buf.h \
	core/caps.h \
	core/conf.c core/conf.h \
	core/error.c core/error.h \
	core/field.c core/field.h \
	core/filter.c core/filter.h \
	core/hashmap.c core/hashmap.h \
	core/html.c core/html.h \
	core/http.c core/http.h \
	core/journal.c \
	core/json.c core/json.h \
	core/log.c core/log.h \
	core/model.c core/model.h \
	core/page.c \
	core/provider.h \
	core/queue.c core/queue.h \
	core/secret.c core/secret.h \
	core/session.c core/session.h core/session_int.h \
	core/spawn.c core/spawn.h \
	core/store.c core/store.h core/store_int.h \
	core/sync.c \
	core/text.c core/text.h \
	core/thread.c \
	core/view.c \
	core/wakeup.c core/wakeup.h \
	core/worker.c core/worker.h \
	core/xmalloc.c core/xmalloc.h
