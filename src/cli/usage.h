/*
** usage.h -- the usage text of every `kioku` command, in one table.
** Depends on nothing.  Everything returned is static and borrowed.
*/
#ifndef KK_USAGE_H
#define KK_USAGE_H

#include <stddef.h>
#include <stdio.h>

typedef struct kk_CliUsage {
  const char *name;    /* the subcommand */
  const char *summary; /* one line */
  const char *usage;   /* synopsis and description, lines joined by \n */
} kk_CliUsage;

/* The entry of command `name`, or NULL. */
const kk_CliUsage *kk_cli_usage_find(const char *name);
/* The i-th command in --help order, or NULL past the last. */
const kk_CliUsage *kk_cli_usage_at(size_t i);

/* Prints the help text of one subcommand (or the overview for NULL) to f;
** returns 0, or 2 if the name is unknown. */
int kk_cli_help(const char *name, FILE *f);

/* Writes the manual page kioku(1), in roff, from the same tables. */
void kk_cli_manpage(FILE *f);

#endif
