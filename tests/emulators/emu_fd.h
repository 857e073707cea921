/*
 * Freshdesk inside tix-emu: what emu_freshdesk.c (routes, lists),
 * emu_fd_codec.c (wire shapes) and emu_fd_write.c (writes) share.
 */
#ifndef TIX_EMU_FD_H
#define TIX_EMU_FD_H

#include "tests/emulators/emu.h"

#define EMU_FD_NTYPES	5

extern const int		 emu_fd_status[EMU_ST_COUNT];
extern const char *const	 emu_fd_types[EMU_FD_NTYPES + 1];

/* emu_fd_codec.c */
void		 emu_fd_validation(struct emu_resp *, cJSON *);
void		 emu_fd_error_add(cJSON *, const char *, const char *,
		     const char *);
void		 emu_fd_invalid(struct emu_resp *, const char *, const char *,
		     const char *);
void		 emu_fd_coded(struct emu_resp *, unsigned, const char *,
		     const char *);
void		 emu_fd_not_found(struct emu_resp *);
int		 emu_fd_include(struct emu_req *, const char *);
char		*emu_fd_html_render(const char *, char);
char		*emu_fd_text_html(const char *);
cJSON		*emu_fd_conversation_json(struct emu_ticket *,
		     struct emu_note *);
cJSON		*emu_fd_ticket_json(struct emu_req *, struct emu_ticket *,
		     int);
cJSON		*emu_fd_contact_json(struct emu_user *, int);
cJSON		*emu_fd_agent_json(struct emu_user *);
cJSON		*emu_fd_group_json(struct emu_group *, int);
void		 emu_fd_ticket_fields(struct emu_resp *);
void		 emu_fd_auth_error(struct emu_resp *);
void		 emu_fd_rate_error(struct emu_resp *, unsigned);
void		 emu_fd_rate_headers(struct emu_resp *, unsigned, unsigned);

/* emu_fd_write.c */
enum emu_status	 emu_fd_status_from(int);
cJSON		*emu_fd_body(struct emu_req *, struct emu_resp *);
int		 emu_fd_apply(struct emu_ticket *, cJSON *, struct emu_resp *,
		     int);
int		 emu_fd_create(cJSON *, struct emu_resp *,
		     struct emu_ticket **);
void		 emu_fd_add_note(struct emu_req *, struct emu_resp *, int);
int		 emu_fd_admin_patch(struct emu_req *, struct emu_ticket *,
		     cJSON *, struct emu_resp *);
int		 emu_fd_admin_new(struct emu_req *, cJSON *,
		     struct emu_resp *, struct emu_ticket **);

#endif
