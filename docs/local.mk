# docs/: man pages and internals notes.

dist_man_MANS += docs/tix.1 docs/tix-config.5
