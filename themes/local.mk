# themes/: colour themes, installed under $(pkgdatadir)/themes.

themesdir = $(pkgdatadir)/themes
dist_themes_DATA = \
	themes/default.theme \
	themes/light.theme \
	themes/mono.theme
