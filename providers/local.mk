# providers/: one file per platform, plus the registry.

noinst_LIBRARIES += libtixproviders.a
libtixproviders_a_SOURCES = \
	providers/demo.c \
	providers/demo_data.c providers/demo_data.h \
	providers/zendesk.c \
	providers/freshdesk.c \
	providers/registry.c providers/registry.h \
	providers/rest.c providers/rest.h providers/rest_int.h \
	providers/rest_read.c providers/rest_list.c providers/rest_write.c
