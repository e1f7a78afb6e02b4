/*
 * dtb: the pure core of fs2dt. It turns a stream of nodes and properties,
 * given in sorted order, into a flattened device tree (DTB version 17),
 * applying the drop rules, the user's edits, the reserve map and the boot
 * CPU rule on the way. No I/O, no exit, no globals: the caller supplies the
 * bytes of each property through a fill callback.
 *
 * Why a stream and not a tree: the blob must fit in "output size + 4 MiB"
 * of memory for trees with 100k properties and multi-MB values. Each value
 * is read straight into its final place in the struct block, so nothing is
 * held twice. The caller walks each directory in dtb_name_cmp order:
 * properties first, then child nodes. A name passed in must stay valid
 * until the next name of the same node (it is kept for the order check).
 */
#ifndef DTB_H
#define DTB_H

#include <stddef.h>
#include <stdint.h>

#include "kxtool.h"

/* Linux's unflatten_dt_nodes() skips nodes at depth FDT_MAX_DEPTH (64) or below. */
#define DTB_MAX_DEPTH 63

/* Error codes, all negative; dtb_strerror() words them. */
enum {
	DTB_SKIP = 1,		/* dtb_begin_node: do not read this node's contents */
	DTB_ENOMEM = -1,
	DTB_ETOOBIG = -2,	/* a u32 field of the format would overflow */
	DTB_ENAME = -3,		/* empty name below the root */
	DTB_EORDER = -4,	/* caller broke the sorted order or the nesting */
	DTB_EDEPTH = -5,
	DTB_ERESERVE = -6,	/* a reserve property of an unusable length */
	DTB_ECELLS = -7,	/* root #address-cells/#size-cells unusable for reserved-ranges */
	DTB_EFILL = -8,		/* the fill callback failed; it knows why */
	DTB_EPATH = -9,		/* an edit's path or name is malformed */
	DTB_EWRAP = -10,	/* blob_addr + totalsize passes 2^64 */
	DTB_EBLOB = -11,	/* dtb_read.c: a blob whose header, offsets or tokens lie */
	DTB_ELAST = DTB_EBLOB,
};

/* One change to the tree, applied in order as if made one by one. */
struct dtb_edit {
	const char *path;	/* absolute node path: "/", "/chosen", "/a/b@0" */
	const char *prop;	/* property name, or NULL for the node itself */
	const void *value;	/* new value, or NULL to delete */
	size_t len;
};

struct dtb_range {
	uint64_t addr, size;
};

/* What fs2dt -u, -U and -e keep a kernel to (dtb_usable.c, below). */
#define DTB_MAX_LMBS (1 << 20)
struct dtb_usable_cfg {
	const struct dtb_range *usable, *range;		/* -u, -U */
	size_t n_usable, n_range;
	int have_core;
	struct dtb_range core;				/* -e */
};

struct dtb_config {
	int keep;			/* keep what the old kernel left for itself */
	int have_cpuid;
	uint32_t cpuid;			/* boot_cpuid_phys when have_cpuid */
	int have_blob_addr;
	uint64_t blob_addr;		/* where the blob will be loaded: reserved */
	const struct dtb_range *reserves;	/* after the tree's own; no zero sizes */
	size_t n_reserves;
	const struct dtb_edit *edits;
	size_t n_edits;
	const struct dtb_usable_cfg *usable;	/* fs2dt -u, -U, -e; NULL if none */
};

/* Copy LEN bytes of a property's value to DST; 0, or nonzero to fail. */
typedef int dtb_fill_fn(void *ctx, unsigned char *dst, size_t len);

struct dtb_enode;
struct dtb_frame;

struct dtb {
	const struct dtb_config *cfg;
	struct kx_buf st;		/* the struct block */
	struct kx_buf str;		/* the strings block */
	uint32_t *hash;			/* string offsets + 1; 0 is an empty slot */
	size_t hash_cap, hash_used;
	struct dtb_frame *frames;	/* one per open node */
	int depth;			/* -1 before the root */
	struct dtb_enode *edits;	/* the edits as a tree of nodes */
	struct kx_buf rsv;		/* the tree's reserves, as map entries */
	int have_cpu;
	uint32_t cpu;			/* reg of the first cpu node */
};

int dtb_init(struct dtb *d, const struct dtb_config *cfg);
void dtb_free(struct dtb *d);

/*
 * Open a node: "" for the root, then each child in dtb_name_cmp order,
 * after all of the parent's properties. DTB_SKIP: the node was deleted (or
 * replaced) by an edit; do not descend and do not call dtb_end_node.
 */
int dtb_begin_node(struct dtb *d, const char *name);
int dtb_end_node(struct dtb *d);

/* Whether the property NAME of the open node is to be read at all. */
int dtb_wants_prop(const struct dtb *d, const char *name);
/*
 * Add a property of LEN bytes whose value FILL writes (called for LEN 0
 * too, so a reader can check that a file is still empty). When the
 * property is dropped or replaced, FILL is not called and the result is 0.
 */
int dtb_prop(struct dtb *d, const char *name, size_t len, dtb_fill_fn *fill, void *ctx);

/*
 * Close the root first. On success *BLOB is a malloc'd DTB of *LEN bytes
 * that the caller frees; the struct dtb is spent either way.
 */
int dtb_finish(struct dtb *d, unsigned char **blob, size_t *len);

const char *dtb_strerror(int err);

/* One more reserve map entry among the tree's own (none for a zero SIZE). */
int dtb_reserve(struct dtb *d, uint64_t addr, uint64_t size);

/*
 * dtb_read.c, pure. dtb_feed_blob: the tree of the blob B (LEN bytes, its
 * own reserve map included) into D, which dtb_init made, each node's names
 * sorted as the core wants them; the caller then calls dtb_finish.
 * dtb_get: the value (*PLEN bytes) of property PROP of the node PATH
 * ("/", "/chosen", "/memory@0"), NULL if there is none or B is not a valid
 * blob. dtb_rsv: the reserve map's entry I, 0; -1 past the end.
 */
int dtb_feed_blob(struct dtb *d, const unsigned char *b, size_t len);
const unsigned char *dtb_get(const unsigned char *b, size_t len, const char *path,
			     const char *prop, uint32_t *plen);
int dtb_rsv(const unsigned char *b, size_t len, size_t i, uint64_t *addr, uint64_t *size);
/* The name of the root's child I, or NULL past the last one. */
const char *dtb_kid(const unsigned char *b, size_t len, size_t i);

/*
 * dtb_dir.c: the blob made under CFG from PATH, a directory (the tree as
 * /proc/device-tree shows it) or a DTB file, into *BLOB (malloc'd) and
 * *LEN. Walks or reads, and exits on any failure with a message naming the
 * path.
 */
void dtb_from_path(const char *path, const struct dtb_config *cfg,
		   unsigned char **blob, size_t *len);

/*
 * The order of names in a node: bytewise on the part before '@', then the
 * unit address component by component (split at ','), where hex components
 * sort before others and compare by value, so memory@f000000 comes before
 * memory@10000000. Ties end bytewise: a total order, independent of readdir.
 */
int dtb_name_cmp(const char *a, const char *b);
/* Sort N names in that order. */
void dtb_sort(char **v, size_t n);

/*
 * The value forms of an edit: <cells> (32-bit numbers, 0x-hex or decimal),
 * [hex bytes], "a string", or any other text as a string. OUT has room for
 * 2 * strlen(S) + 8 bytes. 0, or -1 for a malformed value.
 */
int dtb_parse_value(const char *s, unsigned char *out, size_t *len);
/*
 * "PATH:PROP" or "PATH" (with_value 0), "PATH:PROP=VALUE" or "PATH:PROP"
 * (with_value 1, an empty property). SPEC is cut up in place; VALUE is
 * left unparsed in *value (NULL when absent). 0 or -1.
 */
int dtb_parse_spec(char *spec, int with_value, struct dtb_edit *e, char **value);

/*
 * dtb_usable.c, pure: the edits that keep a kernel to the memory in CFG
 * (fs2dt -u, -U, -e), computed from the finished blob B: into OUT (room
 * for CAP), *N of them, each path and value malloc'd for the caller to free.
 * 0, or DTB_ENOMEM, DTB_ECELLS (a value that does not fit the root's cells,
 * or a malformed reg or ibm,dynamic-memory).
 */
int dtb_usable(const unsigned char *b, size_t len, const struct dtb_usable_cfg *c,
	       struct dtb_edit *out, size_t cap, size_t *n);

/* fs2dt's options (fs2dt_args.c): where the blob goes, where the tree is, the rest. */
struct fs2dt_opts {
	const char *out, *dir;
	struct dtb_config cfg;
	struct dtb_edit *edits;
	struct dtb_range *reserves;
	int have_initrd, argc;
	struct dtb_range initrd;
	struct dtb_usable_cfg usable;	/* -u, -U, -e */
	struct dtb_range *ranges;	/* -u's from 0, -U's from argc */
};
/* ARGV, fs2dt's command line, into O; a usage error exits. */
void fs2dt_parse(struct fs2dt_opts *o, int argc, char **argv);

#endif
