# docs/: man pages and internals notes.

dist_man_MANS +=
