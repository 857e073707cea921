/*
 * Zendesk inside tix-emu: what emu_zendesk.c (routes, lists, exports),
 * emu_zd_codec.c (wire shapes) and emu_zd_write.c (writes) share.
 */
#ifndef TIX_EMU_ZD_H
#define TIX_EMU_ZD_H

#include "tests/emulators/emu.h"

#define EMU_ZD_NTYPES	4

extern const char *const	 emu_zd_status[EMU_ST_COUNT];
extern const char *const	 emu_zd_priority[EMU_PRIO_COUNT];
extern const char *const	 emu_zd_types[EMU_ZD_NTYPES + 1];

/* emu_zd_codec.c */
void		 emu_zd_error(struct emu_resp *, unsigned, const char *,
		     const char *);
void		 emu_zd_not_found(struct emu_resp *);
void		 emu_zd_invalid(struct emu_resp *, const char *,
		     const char *);
cJSON		*emu_zd_ticket_json(struct emu_req *, struct emu_ticket *);
cJSON		*emu_zd_comment_json(struct emu_ticket *, struct emu_note *);
const char	*emu_zd_role(const struct emu_user *);
cJSON		*emu_zd_user_json(struct emu_req *, struct emu_user *);
cJSON		*emu_zd_group_json(struct emu_req *, struct emu_group *);
void		 emu_zd_ticket_fields(struct emu_req *, struct emu_resp *);
cJSON		*emu_zd_audit_new(struct emu_ticket *, cJSON **);
void		 emu_zd_audit_change(cJSON *, const char *, cJSON *,
		     cJSON *);
void		 emu_zd_auth_error(struct emu_resp *);
void		 emu_zd_rate_error(struct emu_resp *, unsigned);
void		 emu_zd_rate_headers(struct emu_resp *, unsigned, unsigned);

/* emu_zd_write.c */
int		 emu_zd_apply(struct emu_ticket *, cJSON *, struct emu_resp *,
		     cJSON *, int *, struct emu_note **);
cJSON		*emu_zd_body_ticket(struct emu_req *, struct emu_resp *,
		     cJSON **);
void		 emu_zd_ticket_update(struct emu_req *, struct emu_resp *);
void		 emu_zd_ticket_tags(struct emu_req *, struct emu_resp *);
int		 emu_zd_create(struct emu_req *, cJSON *, struct emu_resp *,
		     struct emu_ticket **);
void		 emu_zd_ticket_create(struct emu_req *, struct emu_resp *);
int		 emu_zd_admin_patch(struct emu_req *, struct emu_ticket *,
		     cJSON *, struct emu_resp *);
int		 emu_zd_admin_new(struct emu_req *, cJSON *,
		     struct emu_resp *, struct emu_ticket **);

#endif
