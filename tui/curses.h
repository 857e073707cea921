/*
 * The one place curses is included from: the wide-character ncurses
 * header where it exists, plain curses.h otherwise.  config.h (included
 * first by every .c) defines _XOPEN_SOURCE_EXTENDED and NCURSES_WIDECHAR
 * so that the wide API (wget_wch, waddnstr with UTF-8) is declared.
 */
#ifndef TIX_TUI_CURSES_H
#define TIX_TUI_CURSES_H

#if defined(__has_include)
#if __has_include(<ncursesw/curses.h>)
#include <ncursesw/curses.h>
#else
#include <curses.h>
#endif
#else
#include <curses.h>
#endif

#endif
