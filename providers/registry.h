/*
 * The provider registry: every provider built into tix, by name.
 */
#ifndef TIX_REGISTRY_H
#define TIX_REGISTRY_H

#include <stddef.h>

/* Only the name: what is inside is core/provider.h's, for providers. */
struct tix_provider_ops;

extern const struct tix_provider_ops provider_demo;
extern const struct tix_provider_ops provider_zendesk;
extern const struct tix_provider_ops provider_freshdesk;

/* The provider whose name is given, or NULL. */
const struct tix_provider_ops	*provider_find(const char *name);
/* The i-th provider, or NULL past the end (for tix --help and docs). */
const struct tix_provider_ops	*provider_at(size_t i);

#endif
