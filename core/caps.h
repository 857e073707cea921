/*
 * What a provider can do, per kind of record (TIX_CAP_*): the provider
 * declares them (core/provider.h), the session narrows them per account,
 * and the UI offers only these.  A header of its own so that the front
 * ends can test a capability without seeing the provider interface.
 */
#ifndef TIX_CAPS_H
#define TIX_CAPS_H

#define TIX_CAP_READ_TICKETS	0x0001u
#define TIX_CAP_READ_CUSTOMERS	0x0002u
#define TIX_CAP_READ_NOTES	0x0004u
#define TIX_CAP_READ_CATEGORIES	0x0008u
#define TIX_CAP_READ_AGENTS	0x0010u
#define TIX_CAP_WRITE_REPLY	0x0020u	/* public note */
#define TIX_CAP_WRITE_INTERNAL	0x0040u	/* internal note */
#define TIX_CAP_WRITE_PRIORITY	0x0080u
#define TIX_CAP_WRITE_STATUS	0x0100u
#define TIX_CAP_WRITE_CATEGORY	0x0200u
#define TIX_CAP_WRITE_ASSIGNEE	0x0400u
#define TIX_CAP_WRITE_TAGS	0x0800u
#define TIX_CAP_INCREMENTAL	0x4000u	/* honours query->updated_since */
#define TIX_CAP_ALL		0x4fffu	/* every bit above */

#endif
