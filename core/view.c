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

/*
 * A ticket's place in a view.  The sort fields are copied in when the
 * ticket enters, so most comparisons read no record (the store takes a
 * ticket out before its record changes, so the copy never goes stale).
 */
struct view_key {
	int64_t			 time;	/* updated_at or created_at */
	int			 prio;	/* priority if sorting by it, or 0 */
	struct store_entry	*e;
};

struct view_node {
	struct view_node	*left;
	struct view_node	*right;
	struct view_key		 key;
	uint32_t		 size;		/* nodes in this subtree */
	int32_t			 height;
};

/*
 * Nodes come from chunks owned by the view: a rebuild lays the tree out
 * in a few contiguous blocks (good for walking it) and dropping the tree
 * frees a few chunks instead of a node at a time.  Freed nodes go on a
 * list threaded through their left pointers.
 */
#define VIEW_CHUNK_MIN	64
#define VIEW_CHUNK_MAX	8192

struct view_chunk {
	struct view_chunk	*next;
	size_t			 size;		/* nodes in this chunk */
	size_t			 used;
	struct view_node	 nodes[];
};

struct view {
	struct store		*store;		/* NULL after store_free */
	enum view_sort		 sort;
	char			*text;		/* the filter as given, or "" */
	struct filter		*filter;	/* NULL shows everything */
	struct view_node	*root;

	struct view_chunk	*chunks;	/* newest first */
	struct view_node	*spare;		/* freed nodes */
	size_t			 nodes;		/* capacity of all chunks */
};

/* The key of a ticket in a sort order. */
static void
view_key_make(enum view_sort sort, struct store_entry *e, struct view_key *k)
{
	const struct ticket	*t = &e->rec->u.ticket;

	k->e = e;
	k->prio = sort == VIEW_SORT_PRIORITY ? (int)t->priority : 0;
	k->time = sort == VIEW_SORT_CREATED ? t->created_at : t->updated_at;
}

/*
 * Compare two keys: < 0 when a comes first.  Higher priority, then newer,
 * then account and id ascending, so the order is total.
 */
static int
view_key_cmp(const struct view_key *a, const struct view_key *b)
{
	const struct record	*ra, *rb;

	if (a->e == b->e)
		return 0;
	if (a->prio != b->prio)
		return a->prio > b->prio ? -1 : 1;
	if (a->time != b->time)
		return a->time > b->time ? -1 : 1;
	ra = a->e->rec;
	rb = b->e->rec;
	if (ra->account != rb->account)
		return ra->account < rb->account ? -1 : 1;
	return strcmp(ra->u.ticket.id, rb->u.ticket.id);
}

/* qsort: keys in view order. */
static int
view_key_qsort(const void *a, const void *b)
{
	return view_key_cmp(a, b);
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
view_insert(struct view_node *n, struct view_node *nn)
{
	if (n == NULL)
		return nn;
	if (view_key_cmp(&nn->key, &n->key) < 0)
		n->left = view_insert(n->left, nn);
	else
		n->right = view_insert(n->right, nn);
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

/* Detach the node with key k into *found; returns the new root. */
static struct view_node *
view_remove(struct view_node *n, const struct view_key *k,
    struct view_node **found)
{
	struct view_node	*m, *r;
	int			 c;

	if (n == NULL)
		return NULL;
	c = view_key_cmp(k, &n->key);
	if (c < 0)
		n->left = view_remove(n->left, k, found);
	else if (c > 0)
		n->right = view_remove(n->right, k, found);
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

/* Add a chunk of room for size nodes. */
static void
view_chunk_add(struct view *v, size_t size)
{
	struct view_chunk	*c;

	if (size < VIEW_CHUNK_MIN)
		size = VIEW_CHUNK_MIN;
	c = xmalloc(sizeof *c + size * sizeof c->nodes[0]);
	c->size = size;
	c->used = 0;
	c->next = v->chunks;
	v->chunks = c;
	v->nodes += size;
}

/* A node for the tree, from the spare list or the newest chunk. */
static struct view_node *
view_node_new(struct view *v)
{
	struct view_chunk	*c = v->chunks;
	struct view_node	*n;

	if (v->spare != NULL) {
		n = v->spare;
		v->spare = n->left;
		return n;
	}
	if (c == NULL || c->used == c->size) {
		/* Grow with the tree, in bounded steps. */
		view_chunk_add(v, v->nodes > VIEW_CHUNK_MAX ? VIEW_CHUNK_MAX :
		    v->nodes);
		c = v->chunks;
	}
	return &c->nodes[c->used++];
}

/* Give a node back. */
static void
view_node_free(struct view *v, struct view_node *n)
{
	n->left = v->spare;
	v->spare = n;
}

/* Drop the whole tree and the chunks its nodes came from. */
static void
view_tree_free(struct view *v)
{
	struct view_chunk	*c, *next;

	for (c = v->chunks; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	v->chunks = NULL;
	v->spare = NULL;
	v->nodes = 0;
	v->root = NULL;
}

/* Build a balanced tree over the sorted keys v[lo, hi). */
static struct view_node *
view_tree_build(struct view *v, const struct view_key *keys, size_t lo,
    size_t hi)
{
	struct view_node	*n;
	size_t			 mid;

	if (lo >= hi)
		return NULL;
	mid = lo + (hi - lo) / 2;
	n = view_node_new(v);
	n->key = keys[mid];
	n->left = view_tree_build(v, keys, lo, mid);
	n->right = view_tree_build(v, keys, mid + 1, hi);
	view_node_fix(n);
	return n;
}

/* A view of every ticket in the store, in one sort order. */
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

/* Free a view (before or after its store). */
void
view_free(struct view **vp)
{
	struct view	*v = *vp;

	if (v == NULL)
		return;
	if (v->store != NULL)
		store_view_detach(v->store, v);
	view_tree_free(v);
	filter_free(&v->filter);
	free(v->text);
	free(v);
	*vp = NULL;
}

/* Drop the tree and the store: the store is being freed first. */
void
view_orphan(struct view *v)
{
	view_tree_free(v);
	v->store = NULL;
}

/* Filter and sort every ticket in the store again. */
void
view_rescan(struct view *v)
{
	struct view_key		*all;
	struct store_entry	*e;
	size_t			 n = 0, size, pos = 0;

	view_tree_free(v);
	if (v->store == NULL)
		return;
	size = store_count(v->store, TIX_KIND_TICKET);
	if (size == 0)
		return;
	all = xreallocarray(NULL, size, sizeof *all);
	for (e = store_ticket_next(v->store, &pos); e != NULL;
	    e = store_ticket_next(v->store, &pos)) {
		if (v->filter != NULL &&
		    !filter_match_entry(v->filter, v->store, e))
			continue;
		view_key_make(v->sort, e, &all[n++]);
	}
	qsort(all, n, sizeof *all, view_key_qsort);
	if (n != 0)
		view_chunk_add(v, n);	/* one block, in tree order */
	v->root = view_tree_build(v, all, 0, n);
	free(all);
}

/* Insert a ticket if it matches the filter. */
void
view_ticket_add(struct view *v, struct store_entry *e)
{
	struct view_node	*n;

	if (v->filter != NULL && !filter_match_entry(v->filter, v->store, e))
		return;
	n = view_node_new(v);
	view_key_make(v->sort, e, &n->key);
	n->left = n->right = NULL;
	n->size = 1;
	n->height = 1;
	v->root = view_insert(v->root, n);
}

/* Take a ticket out of the tree; false when it was not there. */
bool
view_ticket_remove(struct view *v, struct store_entry *e)
{
	struct view_node	*found = NULL;
	struct view_key		 k;

	view_key_make(v->sort, e, &k);
	v->root = view_remove(v->root, &k, &found);
	if (found == NULL)
		return false;
	view_node_free(v, found);
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

/* Filter the view; a bad filter leaves the old one in place. */
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
		if (filter_is_empty(f)) {
			/* Blanks only: the same as no filter. */
			filter_free(&f);
			text = "";
		}
	}
	filter_free(&v->filter);
	v->filter = f;
	free(v->text);
	v->text = xstrdup(text);
	view_rescan(v);
	return true;
}

/* The filter text, "" when none. */
const char *
view_filter(const struct view *v)
{
	return v->text;
}

/* Change the order; the tree is rebuilt once. */
void
view_set_sort(struct view *v, enum view_sort sort)
{
	if (v->sort == sort)
		return;
	v->sort = sort;
	view_rescan(v);
}

/* Tickets in the view. */
size_t
view_count(const struct view *v)
{
	return view_node_size(v->root);
}

/* The i-th ticket from the top, or NULL past the end. */
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
			return n->key.e->rec;
		else {
			i -= left + 1;
			n = n->right;
		}
	}
	return NULL;
}

/* A ticket's position in the view, or SIZE_MAX. */
size_t
view_index_of(const struct view *v, unsigned account, const char *id)
{
	const struct view_node	*n = v->root;
	struct store_entry	*e;
	struct view_key		 k;
	size_t			 rank = 0;
	int			 c;

	if (v->store == NULL || id == NULL)
		return SIZE_MAX;
	e = store_ticket_find(v->store, account, id);
	if (e == NULL)
		return SIZE_MAX;
	view_key_make(v->sort, e, &k);
	while (n != NULL) {
		c = view_key_cmp(&k, &n->key);
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
