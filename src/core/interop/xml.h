/*
** xml.h -- a small XML reader for the files other programs write (Moodle
** question banks): elements, attributes, text and CDATA, the five named
** entities and numeric character references.  Depends on alloc.h, err.h.
** No DTDs: a document type declaration is skipped and entities it would
** define are never expanded (no entity bombs).  The tree and its strings
** live in an arena the caller passes in (valid until kk_arena_free).
** Nesting is limited to KK_XML_MAX_DEPTH.
*/
#ifndef KK_XML_H
#define KK_XML_H

#include <stddef.h>

#include "core/base/alloc.h"
#include "core/base/err.h"

#define KK_XML_MAX_DEPTH 64

typedef struct kk_Xml {
  const char *name;
  const char **attr; /* name, value, name, value, ... */
  size_t nattr;      /* pairs */
  const char *text;  /* the element's own text and CDATA, joined */
  struct kk_Xml **kids;
  size_t nkids;
  int line; /* of the start tag, 1-based */
} kk_Xml;

/* Parses buf[0..len) (UTF-8; a BOM is skipped).  KK_ERR_PARSE with line
** and column on malformed input; path is for err only. */
kk_Status kk_xml_parse(const char *buf, size_t len, const char *path, kk_Arena *arena,
                       kk_Xml **root, kk_Err *err);

/* The value of attribute name, or NULL. */
const char *kk_xml_attr(const kk_Xml *x, const char *name);
/* The first child named name, or NULL (x may be NULL). */
const kk_Xml *kk_xml_child(const kk_Xml *x, const char *name);
/* The text of child name's child <text> (Moodle's usual shape), else of
** child name itself; "" if none. */
const char *kk_xml_text(const kk_Xml *x, const char *name);

#endif
