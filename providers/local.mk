# providers/: one file per platform, plus the registry.

noinst_LIBRARIES += libtixproviders.a
libtixproviders_a_SOURCES = \
	providers/demo.c \
	providers/demo_data.c providers/demo_data.h \
	providers/zendesk.c \
	providers/zendesk_json.c providers/zendesk_json.h \
	providers/freshdesk.c \
	providers/freshdesk_json.c providers/freshdesk_json.h \
	providers/registry.c providers/registry.h \
	providers/rest.c providers/rest.h
