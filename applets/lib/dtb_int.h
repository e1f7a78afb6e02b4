/*
 * What the parts of the DTB core share (dtb.c, dtb_names.c, dtb_edit.c):
 * not for applets, which see dtb.h only.
 */
#ifndef DTB_INT_H
#define DTB_INT_H

#include "dtb.h"

#define FDT_MAGIC	0xd00dfeed
#define FDT_BEGIN_NODE	1
#define FDT_END_NODE	2
#define FDT_PROP	3
#define FDT_NOP		4
#define FDT_END		9
#define FDT_HEADER	40
#define FDT_RSV_ENTRY	16

struct dtb_eprop {
	const char *name;
	const void *value;
	size_t len;
	int del;
};

/* The edits, as a tree mirroring the nodes they touch. */
struct dtb_enode {
	char *name;
	struct dtb_enode **kids;
	size_t n_kids;
	struct dtb_eprop *props;
	size_t n_props;
	int deleted;		/* the directory's node is gone; only edits remain */
};

/* dtb_edit.c: apply E to the tree under ROOT; 0 or a DTB_E* code. */
int dtb_apply_edit(struct dtb_enode *root, const struct dtb_edit *e);
void dtb_enode_clear(struct dtb_enode *n);
/* Whether the edits below N create anything: a node that has no directory needs one. */
int dtb_enode_sets(const struct dtb_enode *n);
const struct dtb_eprop *dtb_enode_prop(const struct dtb_enode *n, const char *name);

/* dtb_names.c */
int dtb_is_hex(int c);
/* strcspn for one character: libc's would cost more than it saves (README, Building). */
size_t dtb_span_to(const char *s, int c);

#endif
