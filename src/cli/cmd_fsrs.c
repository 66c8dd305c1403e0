/*
** cmd_fsrs.c -- `kioku fsrs replay`: replays review histories through the
** FSRS-6 model (core/fsrs.h) and prints the memory state after each review.
**
** Input (stdin): CSV with the header card,elapsed_days,rating.  elapsed_days
** is the real number of days since that card's previous review, used as
** given (0 = same day: the short-term formula); it is ignored on a card's
** first review.  Rows of different cards may interleave.
** Output (stdout): card,rating,stability,difficulty,retrievability,interval
** with 9 decimals; retrievability is R just before the review (0 on a
** first review); interval the whole days for the desired retention without
** fuzz.  Bad input: "stdin:LINE: error: message", exit 1, nothing on
** stdout.  Usage errors exit 2.
**
** Divisions: options; reading stdin; the command.  The replay itself is
** core/replay.c.
*/
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/base/i18n.h"
#include "core/base/alloc.h"
#include "core/base/file.h"
#include "core/study/fsrs.h"
#include "core/study/replay.h"

#define MAX_INPUT_BYTES ((size_t)1 << 34) /* 16 GiB: refuse beyond */

static const char usage[] =
    N_("usage: kioku fsrs optimize [REVLOG.csv] [options]   (see kioku fsrs optimize --help)\n"
       "       kioku fsrs replay [--retention R] [--params w0,...,w20] [--no-short-term]\n"
       "  Reads CSV card,elapsed_days,rating on stdin; writes\n"
       "  card,rating,stability,difficulty,retrievability,interval.\n"
       "  --params takes 21 (FSRS-6), 19 (FSRS-5) or 17 (FSRS-4.5) values.\n");

/* ---- options ----------------------------------------------------------- */

typedef kk_ReplayOptions Options;

/* Parses a whole string as a finite double; 0 on success. */
static int parse_double(const char *s, double *out) {
  char *end;
  if (!*s || strchr(" \t\n", *s)) return -1;
  errno = 0;
  double v = strtod(s, &end);
  if (*end || errno == ERANGE || !isfinite(v)) return -1;
  *out = v;
  return 0;
}

static int parse_params(const char *s, kk_FsrsParams *p) {
  double w[22];
  int n = 0;
  char buf[64];
  while (1) {
    const char *comma = strchr(s, ',');
    size_t len = comma ? (size_t)(comma - s) : strlen(s);
    while (len && (*s == ' ' || *s == '\t')) s++, len--; /* "0.2, 1.3" is fine */
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t')) len--;
    if (n == 22 || len == 0 || len >= sizeof buf) return -1;
    memcpy(buf, s, len);
    buf[len] = '\0';
    if (parse_double(buf, &w[n++]) != 0) return -1;
    if (!comma) break;
    s = comma + 1;
  }
  return kk_fsrs_params_from(p, w, n);
}

static int parse_options(int argc, char **argv, Options *o) {
  kk_fsrs_default_params(&o->params);
  o->retention = 0.9;
  o->short_term = 1;
  for (int i = 2; i < argc; i++) {
    const char *a = argv[i], *val = NULL;
    size_t nlen = strcspn(a, "=");
    if (a[nlen] == '=') val = a + nlen + 1;
    if (strcmp(a, "--no-short-term") == 0) {
      o->short_term = 0;
      continue;
    }
    int is_ret = strncmp(a, "--retention", nlen) == 0 && nlen == 11;
    int is_par = strncmp(a, "--params", nlen) == 0 && nlen == 8;
    if (!is_ret && !is_par) {
      fprintf(stderr, _("kioku fsrs replay: unknown option '%s'\n"), a);
      fputs(_(usage), stderr);
      return -1;
    }
    if (!val) {
      if (i + 1 >= argc) {
        fprintf(stderr, _("kioku fsrs replay: %s needs a value\n"), a);
        fputs(_(usage), stderr);
        return -1;
      }
      val = argv[++i];
    }
    if (is_ret) {
      if (parse_double(val, &o->retention) != 0 || !(o->retention > 0) || o->retention > 1) {
        fprintf(stderr,
                _("kioku fsrs replay: --retention must be a number in (0, 1], "
                  "not '%s'\n"),
                val);
        return -1;
      }
    } else if (parse_params(val, &o->params) != 0) {
      fputs(_("kioku fsrs replay: --params takes 17, 19 or 21 comma-separated "
              "finite numbers\n"),
            stderr);
      return -1;
    }
  }
  return 0;
}

/* Validates an elapsed_days field: a plain non-negative decimal number
** (digits, one point, optional exponent), nothing else. */
int kk_cmd_fsrs(int argc, char **argv) {
  if (argc >= 2 && strcmp(argv[1], "optimize") == 0) return kk_cmd_fsrs_optimize(argc, argv);
  if (argc < 2 || strcmp(argv[1], "replay") != 0) {
    fputs(_(usage), stderr);
    return 2;
  }
  for (int i = 2; i < argc; i++)
    if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
      fputs(_(usage), stdout);
      return 0;
    }
  Options o;
  if (parse_options(argc, argv, &o) != 0) return 2;
  size_t len = 0;
  char *in = NULL;
  kk_Status rs = kk_file_read_stream(stdin, "stdin", MAX_INPUT_BYTES - 1, &in, &len, NULL);
  if (rs != KK_OK) {
    kk_cli_error("stdin", "%s",
                 rs == KK_ERR_IO ? _("cannot read the input (read error)")
                                 : _("cannot read the input (out of memory or too large)"));
    return 1;
  }
  char *out = NULL;
  size_t out_len = 0;
  kk_Err e;
  int rc = 0;
  if (kk_fsrs_replay(&o, in, len, &out, &out_len, &e) != KK_OK) {
    fprintf(stderr, "stdin:%d: error: %s\n", e.line, e.msg);
    rc = 1;
  }
  if (rc == 0 && out_len && fwrite(out, 1, out_len, stdout) != out_len) rc = 1;
  if (rc == 0 && fflush(stdout) != 0) rc = 1;
  kk_free(out);
  kk_free(in);
  return rc;
}
