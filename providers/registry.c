/* The table of built-in providers. */

#include "config.h"

#include "providers/registry.h"

#include <string.h>

#include "core/provider.h"

static const struct tix_provider_ops *const provider_table[] = {
	&provider_demo,
	&provider_zendesk,
	&provider_freshdesk,
	NULL
};

const struct tix_provider_ops *
provider_find(const char *name)
{
	for (size_t i = 0; provider_table[i] != NULL; i++) {
		if (strcmp(provider_table[i]->name, name) == 0)
			return provider_table[i];
	}
	return NULL;
}

const struct tix_provider_ops *
provider_at(size_t i)
{
	if (i >= sizeof provider_table / sizeof provider_table[0] - 1)
		return NULL;
	return provider_table[i];
}
