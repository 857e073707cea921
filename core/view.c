/*
 * Views: the ticket list, filtered and sorted, kept current as the store
 * changes.  Each view holds its tickets in an AVL tree whose nodes also
 * count their subtree, so the i-th ticket and a ticket's position are
 * found in O(log n), and one changed ticket leaves and re-enters in
 * O(log n).  The sort orders are total (they end on account and id), so
 * a ticket's place is found by comparing records alone.
 *
 * Setting a filter or a sort order rebuilds the tree once: the matching
 * tickets are sorted and the tree is built balanced from the sorted run.
 */

#include "config.h"

#include "core/store.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/filter.h"
#include "core/model.h"
#include "core/store_int.h"
#include "core/xmalloc.h"

struct view_node {
	struct view_node	*left;
	struct view_node	*right;
	struct store_entry	*e;
	uint32_t		 size;		/* nodes in this subtree */
	int32_t			 height;
};

struct view {
	struct store		*store;		/* NULL once the store is gone */
	enum view_sort		 sort;
	char			*text;		/* the filter as given, or "" */
	struct filter		*filter;	/* NULL shows everything */
	struct view_node	*root;
};

/* Compare two tickets in a sort order: < 0 when a comes first. */
static int
view_cmp(enum view_sort sort, const struct record *a, const struct record *b)
{
	const struct ticket	*ta = &a->u.ticket, *tb = &b->u.ticket;

	if (sort == VIEW_SORT_PRIORITY && ta->priority != tb->priority)
		return ta->priority > tb->priority ? -1 : 1;
	if (sort == VIEW_SORT_CREATED) {
		if (ta->created_at != tb->created_at)
			return ta->created_at > tb->created_at ? -1 : 1;
	} else if (ta->updated_at != tb->updated_at)
		return ta->updated_at > tb->updated_at ? -1 : 1;
	if (a->account != b->account)
		return a->account < b->account ? -1 : 1;
	return strcmp(ta->id, tb->id);
}

/* qsort: newest activity first (qsort has no context argument). */
static int
view_qsort_updated(const void *a, const void *b)
{
	return view_cmp(VIEW_SORT_UPDATED,
	    (*(struct store_entry *const *)a)->rec,
	    (*(struct store_entry *const *)b)->rec);
}

/* qsort: most urgent first. */
static int
view_qsort_priority(const void *a, const void *b)
{
	return view_cmp(VIEW_SORT_PRIORITY,
	    (*(struct store_entry *const *)a)->rec,
	    (*(struct store_entry *const *)b)->rec);
}

/* qsort: newest first. */
static int
view_qsort_created(const void *a, const void *b)
{
	return view_cmp(VIEW_SORT_CREATED,
	    (*(struct store_entry *const *)a)->rec,
	    (*(struct store_entry *const *)b)->rec);
}

/* Height of a subtree (0 when empty). */
static int32_t
view_node_height(const struct view_node *n)
{
	return n == NULL ? 0 : n->height;
}

/* Size of a subtree (0 when empty). */
static uint32_t
view_node_size(const struct view_node *n)
{
	return n == NULL ? 0 : n->size;
}

/* Recompute a node's height and size from its children. */
static void
view_node_fix(struct view_node *n)
{
	int32_t	hl = view_node_height(n->left);
	int32_t	hr = view_node_height(n->right);

	n->height = 1 + (hl > hr ? hl : hr);
	n->size = 1 + view_node_size(n->left) + view_node_size(n->right);
}

/* Rotate right: the left child becomes the subtree's root. */
static struct view_node *
view_rotate_right(struct view_node *y)
{
	struct view_node	*x = y->left;

	y->left = x->right;
	x->right = y;
	view_node_fix(y);
	view_node_fix(x);
	return x;
}

/* Rotate left: the right child becomes the subtree's root. */
static struct view_node *
view_rotate_left(struct view_node *x)
{
	struct view_node	*y = x->right;

	x->right = y->left;
	y->left = x;
	view_node_fix(x);
	view_node_fix(y);
	return y;
}

/* Restore the AVL balance at n after one side changed by one level. */
static struct view_node *
view_balance(struct view_node *n)
{
	int32_t	bf;

	view_node_fix(n);
	bf = view_node_height(n->left) - view_node_height(n->right);
	if (bf > 1) {
		if (view_node_height(n->left->left) <
		    view_node_height(n->left->right))
			n->left = view_rotate_left(n->left);
		return view_rotate_right(n);
	}
	if (bf < -1) {
		if (view_node_height(n->right->right) <
		    view_node_height(n->right->left))
			n->right = view_rotate_right(n->right);
		return view_rotate_left(n);
	}
	return n;
}

/* Insert node nn below n; returns the subtree's new root. */
static struct view_node *
view_insert(enum view_sort sort, struct view_node *n, struct view_node *nn)
{
	if (n == NULL)
		return nn;
	if (view_cmp(sort, nn->e->rec, n->e->rec) < 0)
		n->left = view_insert(sort, n->left, nn);
	else
		n->right = view_insert(sort, n->right, nn);
	return view_balance(n);
}

/* Detach the leftmost node of n into *min; returns the new root. */
static struct view_node *
view_remove_min(struct view_node *n, struct view_node **min)
{
	if (n->left == NULL) {
		*min = n;
		return n->right;
	}
	n->left = view_remove_min(n->left, min);
	return view_balance(n);
}

/* Detach the node of entry e into *found; returns the new root. */
static struct view_node *
view_remove(enum view_sort sort, struct view_node *n, struct store_entry *e,
    struct view_node **found)
{
	struct view_node	*m, *r;
	int			 c;

	if (n == NULL)
		return NULL;
	c = n->e == e ? 0 : view_cmp(sort, e->rec, n->e->rec);
	if (c < 0)
		n->left = view_remove(sort, n->left, e, found);
	else if (c > 0)
		n->right = view_remove(sort, n->right, e, found);
	else {
		*found = n;
		if (n->left == NULL)
			return n->right;
		if (n->right == NULL)
			return n->left;
		r = view_remove_min(n->right, &m);
		m->left = n->left;
		m->right = r;
		return view_balance(m);
	}
	return view_balance(n);
}

/* Free a subtree. */
static void
view_tree_free(struct view_node *n)
{
	if (n == NULL)
		return;
	view_tree_free(n->left);
	view_tree_free(n->right);
	free(n);
}

/* Build a balanced tree over the sorted entries v[lo, hi). */
static struct view_node *
view_tree_build(struct store_entry **v, size_t lo, size_t hi)
{
	struct view_node	*n;
	size_t			 mid;

	if (lo >= hi)
		return NULL;
	mid = lo + (hi - lo) / 2;
	n = xmalloc(sizeof *n);
	n->e = v[mid];
	n->left = view_tree_build(v, lo, mid);
	n->right = view_tree_build(v, mid + 1, hi);
	view_node_fix(n);
	return n;
}

struct view *
view_new(struct store *s, enum view_sort sort)
{
	struct view	*v = xcalloc(1, sizeof *v);

	v->store = s;
	v->sort = sort;
	v->text = xstrdup("");
	store_view_attach(s, v);
	view_rescan(v);
	return v;
}

void
view_free(struct view **vp)
{
	struct view	*v = *vp;

	if (v == NULL)
		return;
	if (v->store != NULL)
		store_view_detach(v->store, v);
	view_tree_free(v->root);
	filter_free(&v->filter);
	free(v->text);
	free(v);
	*vp = NULL;
}

/* Drop the tree and the store: the store is being freed first. */
void
view_orphan(struct view *v)
{
	view_tree_free(v->root);
	v->root = NULL;
	v->store = NULL;
}

/* Filter and sort every ticket in the store again. */
void
view_rescan(struct view *v)
{
	struct store_entry	**all = NULL, *e;
	size_t			  n = 0, size, pos = 0;
	int			(*cmp)(const void *, const void *);

	view_tree_free(v->root);
	v->root = NULL;
	if (v->store == NULL)
		return;
	size = store_count(v->store, TIX_KIND_TICKET);
	if (size == 0)
		return;
	all = xreallocarray(NULL, size, sizeof *all);
	while ((e = store_ticket_next(v->store, &pos)) != NULL) {
		if (v->filter != NULL &&
		    !filter_match(v->filter, v->store, e->rec))
			continue;
		all[n++] = e;
	}
	switch (v->sort) {
	case VIEW_SORT_PRIORITY:
		cmp = view_qsort_priority;
		break;
	case VIEW_SORT_CREATED:
		cmp = view_qsort_created;
		break;
	case VIEW_SORT_UPDATED:
	default:
		cmp = view_qsort_updated;
		break;
	}
	qsort(all, n, sizeof *all, cmp);
	v->root = view_tree_build(all, 0, n);
	free(all);
}

/* Insert a ticket if it matches the filter. */
void
view_ticket_add(struct view *v, struct store_entry *e)
{
	struct view_node	*n;

	if (v->filter != NULL && !filter_match(v->filter, v->store, e->rec))
		return;
	n = xmalloc(sizeof *n);
	n->e = e;
	n->left = n->right = NULL;
	n->size = 1;
	n->height = 1;
	v->root = view_insert(v->sort, v->root, n);
}

/* Take a ticket out of the tree; false when it was not there. */
bool
view_ticket_remove(struct view *v, struct store_entry *e)
{
	struct view_node	*found = NULL;

	v->root = view_remove(v->sort, v->root, e, &found);
	if (found == NULL)
		return false;
	free(found);
	return true;
}

/* What the view's filter looks at beyond the ticket itself. */
unsigned
view_needs(const struct view *v)
{
	if (v->filter == NULL)
		return 0;
	return filter_needs(v->filter);
}

bool
view_set_filter(struct view *v, const char *text, char **cause)
{
	struct filter	*f = NULL;

	if (text == NULL)
		text = "";
	if (strcmp(text, v->text) == 0)
		return true;
	if (*text != '\0') {
		f = filter_parse(text, cause);
		if (f == NULL)
			return false;
	}
	filter_free(&v->filter);
	v->filter = f;
	free(v->text);
	v->text = xstrdup(text);
	view_rescan(v);
	return true;
}

const char *
view_filter(const struct view *v)
{
	return v->text;
}

void
view_set_sort(struct view *v, enum view_sort sort)
{
	if (v->sort == sort)
		return;
	v->sort = sort;
	view_rescan(v);
}

size_t
view_count(const struct view *v)
{
	return view_node_size(v->root);
}

const struct record *
view_at(const struct view *v, size_t i)
{
	const struct view_node	*n = v->root;
	size_t			 left;

	while (n != NULL) {
		left = view_node_size(n->left);
		if (i < left)
			n = n->left;
		else if (i == left)
			return n->e->rec;
		else {
			i -= left + 1;
			n = n->right;
		}
	}
	return NULL;
}

size_t
view_index_of(const struct view *v, unsigned account, const char *id)
{
	const struct view_node	*n = v->root;
	struct store_entry	*e;
	size_t			 rank = 0;
	int			 c;

	if (v->store == NULL || id == NULL)
		return SIZE_MAX;
	e = store_ticket_find(v->store, account, id);
	if (e == NULL)
		return SIZE_MAX;
	while (n != NULL) {
		c = n->e == e ? 0 : view_cmp(v->sort, e->rec, n->e->rec);
		if (c == 0)
			return rank + view_node_size(n->left);
		if (c < 0)
			n = n->left;
		else {
			rank += view_node_size(n->left) + 1;
			n = n->right;
		}
	}
	return SIZE_MAX;
}
