/*
** cmd_exam.c -- `kioku exam`: run a timed exam from a spec, and the exam
** hook of `kioku lint`.
**
** This build runs the exam in the terminal, line by line (the full-screen
** window is not wired yet): the engine, the store and the result files are
** the same ones the window will use, so an attempt started here resumes
** there and the other way round.  Every answer is in the store the moment
** Enter is pressed; killing the process loses nothing, and running the same
** command again resumes with the time that is left.
*/
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE /* tm_gmtoff */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "cli/cli.h"
#include "cli/usage.h"
#include "cli/lintx.h"
#include "core/base/alloc.h"
#include "core/base/atomic.h"
#include "core/base/i18n.h"
#include "core/exam/pack.h"
#include "core/exam/student.h"
#include "core/base/term.h"
#include "core/base/utf8.h"
#include "core/ui/examsession.h"
#include "core/base/paths.h"
#include "core/exam/mark.h"
#include "sdl/clock.h"

void kk_cli_lint_exam(const char *path, const char *buf, size_t len, kk_Diags *diags) {
  kk_exam_spec_lint_mem(buf, len, path, diags);
}

int kk_cli_lint_pack(const char *path, const char *buf, size_t len, kk_Diags *diags) {
  if (kk_pack_is_sealed(buf, len)) {
    kk_diags_add(diags, KK_SEV_WARNING, path, 0, 0, "%s",
                 _("a sealed exam pack: it cannot be checked without its password; lint the "
                   "exam spec it was packed from"));
    return 1;
  }
  if (!kk_pack_sniff(buf, len)) return 0;
  kk_ExamSpec *spec = NULL;
  kk_ExamBank bank = {0};
  if (kk_pack_load_mem(buf, len, path, diags, &spec, &bank) == KK_OK)
    kk_exam_spec_check_bank(spec, bank.items, bank.n, diags);
  kk_exam_bank_free(&bank);
  kk_exam_spec_free(spec);
  return 1;
}

/* The real clock, started once (sdl/clock.h): setting the system clock
** during the exam changes nothing. */
static kk_WallClock exam_clock;

static int64_t wall_ms(void) { return kk_wallclock_now_ms(&exam_clock); }

/* Everything the runner prints goes to `out`, a memory stream, and
** reaches the terminal `tty` through kk_term_write (deck and student text
** may hold escape sequences) whenever the runner waits. */
typedef struct {
  kk_Attempt *a;
  const kk_ExamSpec *spec;
  FILE *in, *out, *tty;
  int eof;
  char *buf;
  size_t len;
} Run;

/* Sends what was printed to the terminal, made safe. */
static void drain(Run *r) {
  if (r->out == r->tty) {
    fflush(r->tty);
    return;
  }
  fclose(r->out);
  kk_term_write(r->tty, r->buf, r->len);
  fflush(r->tty);
  free(r->buf);
  r->buf = NULL;
  r->len = 0;
  r->out = open_memstream(&r->buf, &r->len);
  if (!r->out) r->out = r->tty; /* no memory: unfiltered rather than silent */
}

/* Reads a line without its newline into buf; 0 at end of input.  A line
** that is not valid UTF-8 is refused (asked again): only valid UTF-8 is
** ever stored. */
static int read_line(Run *r, char *buf, size_t size) {
  for (;;) {
    drain(r);
    if (!fgets(buf, (int)size, r->in)) {
      r->eof = 1;
      return 0;
    }
    size_t l = strlen(buf);
    if (l + 1 == size && buf[l - 1] != '\n') {
      /* buf is full: unless the line ends right here, it is longer, and
      ** the rest is not the next line; all of it goes */
      int ch = getc(r->in);
      if (ch != EOF && ch != '\n') {
        while ((ch = getc(r->in)) != EOF && ch != '\n') {
        }
        fprintf(r->out, _("! That line is longer than %zu bytes; type it again.\n> "), size - 1);
        continue;
      }
    }
    while (l && (buf[l - 1] == '\n' || buf[l - 1] == '\r')) buf[--l] = '\0';
    if (kk_utf8_validate(buf, l, NULL) == KK_OK) return 1;
    fputs(_("! That text is not valid UTF-8; type it again.\n> "), r->out);
  }
}

static char *trim(char *s) {
  while (*s == ' ' || *s == '\t') s++;
  size_t l = strlen(s);
  while (l && (s[l - 1] == ' ' || s[l - 1] == '\t')) s[--l] = '\0';
  return s;
}

/* The label of row k of n: a letter while every row has one (A to Z), a
** number past that (an order card may have 100 items). */
static int lettered(size_t n) { return n <= 26; }

static const char *row_label(char *buf, size_t k, size_t n) {
  if (lettered(n))
    snprintf(buf, 24, "%c", (int)('A' + k));
  else
    snprintf(buf, 24, "%zu", k + 1);
  return buf;
}

static void print_time(FILE *f, int64_t ms) {
  if (ms == INT64_MAX) {
    fputs(_("untimed"), f);
    return;
  }
  int64_t s = (ms + 999) / 1000;
  fprintf(f, _("%lld:%02lld left"), (long long)(s / 60), (long long)(s % 60));
  if (ms <= 60000)
    fputs(_(" (LAST MINUTE)"), f);
  else if (ms <= 600000)
    fputs(_(" (10 minutes or less)"), f);
}

static const kk_Question *question(const Run *r, size_t i) {
  return kk_paper_question(kk_attempt_paper(r->a), i);
}

static int chosen(const char *answer, size_t opt) {
  size_t idx[256];
  int n = kk_paper_parse_list(answer, idx, 256, 256);
  for (int i = 0; i < n; i++)
    if (idx[i] == opt) return 1;
  return 0;
}

static void show(Run *r, size_t i) {
  const kk_Question *q = question(r, i);
  const kk_Card *c = q->card;
  const kk_Response *resp = kk_attempt_response(r->a, i);
  FILE *f = r->out;
  int64_t now = wall_ms();
  fprintf(f,
          kk_ngettext("\n---- Question %zu of %zu  (%g point)%s  ",
                      "\n---- Question %zu of %zu  (%g points)%s  ", q->points == 1 ? 1 : 2),
          i + 1, kk_paper_count(kk_attempt_paper(r->a)), q->points,
          resp->flagged ? _("  [flagged]") : "");
  print_time(f, kk_attempt_remaining_ms(r->a, now));
  int64_t ql = kk_attempt_question_remaining_ms(r->a, now);
  if (ql != INT64_MAX) fprintf(f, _("; this question: %llds"), (long long)(ql / 1000));
  fputs(" ----\n", f);
  char buf[8192], lab[24];
  switch (c->type) {
  case KK_CARD_CHOICE:
    fprintf(f, "%s\n", c->front);
    for (size_t k = 0; k < q->nperm; k++)
      fprintf(f, "  %s) %s%s\n", row_label(lab, k, q->nperm), c->options[q->perm[k]].text,
              chosen(resp->answer, q->perm[k]) ? _("   <- chosen") : "");
    fputs(c->ncorrect > 1 ? _("Choose ALL that apply, e.g. A,C\n") : _("Choose one letter\n"), f);
    break;
  case KK_CARD_TRUEFALSE: fprintf(f, _("%s\nTrue or false? (t/f)\n"), c->front); break;
  case KK_CARD_ORDER:
    fprintf(f, "%s\n", c->front);
    for (size_t k = 0; k < q->nperm; k++)
      fprintf(f, "  %s) %s\n", row_label(lab, k, q->nperm), c->items[q->perm[k]]);
    fputs(lettered(q->nperm) ? _("Type the letters in the right order, e.g. C A B D\n")
                             : _("Type the numbers in the right order, e.g. 3 1 2 4\n"),
          f);
    break;
  case KK_CARD_CLOZE: {
    char *prompt = kk_cloze_prompt(c->front, q->cloze);
    int nb = 0;
    kk_free(kk_cloze_answers(c->front, q->cloze, &nb));
    fprintf(f, "%s\n", prompt ? prompt : _("(out of memory)"));
    kk_free(prompt);
    fputs(nb > 1 ? _("Fill in the blanks in order, separated by |\n") : _("Fill in the blank\n"),
          f);
    break;
  }
  case KK_CARD_NUMERIC:
    fprintf(f, _("%s\nType a number%s%s\n"), c->front, c->unit ? _(" in ") : "",
            c->unit ? c->unit : "");
    break;
  default: fprintf(f, _("%s\nType your answer\n"), c->front); break;
  }
  if (resp->answer[0] && kk_mark_answer_text(q, resp->answer, buf, sizeof buf) >= 0) {
    for (char *p = buf; *p; p++)
      if (*p == '\n') *p = '|';
    fprintf(f, _("Your answer: %s\n"), buf);
  }
  if (resp->locked) fputs(_("(locked: this answer can no longer change)\n"), f);
}

/* Letter or number -> 0-based display position, or -1. */
static int position(const char *tok, size_t n) {
  int p = -1;
  if (lettered(n) && tok[0] >= 'A' && tok[0] <= 'Z' && !tok[1])
    p = tok[0] - 'A';
  else if (lettered(n) && tok[0] >= 'a' && tok[0] <= 'z' && !tok[1])
    p = tok[0] - 'a';
  else if (tok[0] >= '1' && tok[0] <= '9') {
    /* the whole token, in range before it is narrowed ("99999999999" is
    ** no option, not whatever it wraps to) */
    long v = 0;
    if (!kk_cli_whole(tok, 1, n < LONG_MAX ? (long)n : LONG_MAX, &v)) return -1;
    p = (int)(v - 1);
  }
  return p >= 0 && (size_t)p < n ? p : -1;
}

static int cmp_size(const void *a, const void *b) {
  size_t x = *(const size_t *)a, y = *(const size_t *)b;
  return x < y ? -1 : x > y;
}

/* Turns what was typed into the stored answer format (paper.h).  Returns 0
** and a message for input that does not fit the question. */
static int convert(const kk_Question *q, char *in, char *out, size_t size, const char **why) {
  const kk_Card *c = q->card;
  size_t picks[256], np = 0;
  char *tok, *save;
  switch (c->type) {
  case KK_CARD_CHOICE:
  case KK_CARD_ORDER:
    for (tok = strtok_r(in, ", ", &save); tok; tok = strtok_r(NULL, ", ", &save)) {
      int p = position(tok, q->nperm);
      int numbered = !lettered(q->nperm);
      if (p < 0 || np >= 256) {
        *why = numbered ? _("use the numbers shown") : _("use the letters shown");
        return 0;
      }
      for (size_t k = 0; k < np; k++)
        if (picks[k] == q->perm[p]) {
          *why = numbered ? _("a number is given twice") : _("a letter is given twice");
          return 0;
        }
      picks[np++] = q->perm[p];
    }
    if (c->type == KK_CARD_CHOICE) {
      if (c->ncorrect <= 1 && np > 1) {
        *why = _("choose one letter");
        return 0;
      }
      qsort(picks, np, sizeof *picks, cmp_size);
    } else if (np != q->nperm) {
      *why = !lettered(q->nperm) ? _("put every item in order (all the numbers)")
                                 : _("put every item in order (all the letters)");
      return 0;
    }
    out[0] = '\0';
    for (size_t k = 0, off = 0; k < np && off < size; k++)
      off += (size_t)snprintf(out + off, size - off, "%s%zu", k ? "," : "", picks[k] + 1);
    return 1;
  case KK_CARD_TRUEFALSE:
    if (!strcmp(in, "t") || !strcmp(in, "true") || !strcmp(in, "T") || !strcmp(in, "o") ||
        !strcmp(in, "\xE2\x97\x8B")) /* ○ */
      snprintf(out, size, "true");
    else if (!strcmp(in, "f") || !strcmp(in, "false") || !strcmp(in, "F") || !strcmp(in, "x") ||
             !strcmp(in, "\xC3\x97")) /* × */
      snprintf(out, size, "false");
    else {
      *why = _("type t or f");
      return 0;
    }
    return 1;
  case KK_CARD_CLOZE: {
    size_t k = 0;
    for (char *p = in; *p && k + 1 < size; p++) out[k++] = *p == '|' ? '\n' : *p;
    out[k] = '\0';
    return 1;
  }
  default: snprintf(out, size, "%s", in); return 1;
  }
}

static void report(Run *r, kk_Status st, const kk_Err *err) {
  if (st == KK_OK) return;
  fprintf(r->out, "! %s\n", err->msg);
  if (st == KK_ERR_DB || st == KK_ERR_BUSY || st == KK_ERR_IO)
    fputs(_("! (the answer is kept and will be saved again)\n"), r->out);
}

/* Retries failed saves until every answer (and the submission, if any) is
** in the store.  A submission is only shown as such -- with its marks --
** once it is saved; leaving never drops an answer silently. */
static void wait_saved(Run *r) {
  kk_Err err;
  int said = 0;
  kk_err_clear(&err);
  while (!kk_attempt_saved(r->a)) {
    if (kk_attempt_save_pending(r->a, &err) == KK_OK) break;
    if (!said) {
      said = 1;
      fprintf(r->out,
              kk_attempt_submitted_ms(r->a)
                  ? _("! %s\n! Your submission is NOT saved yet; Kioku keeps trying. "
                      "Do not close this window.\n")
                  : _("! %s\n! Your answers are NOT saved yet; Kioku keeps trying. "
                      "Do not close this window.\n"),
              err.msg);
      drain(r);
    }
    struct timespec ts = {1, 0};
    nanosleep(&ts, NULL);
  }
  if (said) fputs(_("Saved.\n"), r->out);
}

static void navigator(Run *r) {
  size_t n = kk_paper_count(kk_attempt_paper(r->a));
  fputs(_("Questions:"), r->out);
  for (size_t i = 0; i < n; i++) {
    const kk_Response *resp = kk_attempt_response(r->a, i);
    fprintf(r->out, "%s %zu%s%s", i % 10 ? "" : "\n ", i + 1, resp->answer[0] ? "*" : "",
            resp->flagged ? "!" : "");
  }
  fputs(_("\n(* answered, ! flagged)\n"), r->out);
}

/* The submit dialog: lists unanswered and flagged questions; 1 to submit. */
static int confirm_submit(Run *r) {
  size_t n = kk_paper_count(kk_attempt_paper(r->a));
  size_t un = 0, fl = 0;
  fputs(_("Unanswered:"), r->out);
  for (size_t i = 0; i < n; i++)
    if (!kk_attempt_answered(r->a, i)) fprintf(r->out, " %zu", i + 1), un++;
  fputs(un ? _("\nFlagged:") : _(" none\nFlagged:"), r->out);
  for (size_t i = 0; i < n; i++)
    if (kk_attempt_response(r->a, i)->flagged) fprintf(r->out, " %zu", i + 1), fl++;
  fputs(fl ? "\n" : _(" none\n"), r->out);
  fputs(_("Submit now? Answers cannot be changed afterwards. (yes/no) "), r->out);
  char line[64];
  if (!read_line(r, line, sizeof line)) return 0;
  return !strcmp(trim(line), "yes") || !strcmp(trim(line), "y");
}

static void results_screen(Run *r) {
  const kk_ExamSpec *s = r->spec;
  double score = kk_attempt_score(r->a), max = kk_attempt_max_score(r->a);
  fprintf(r->out, _("\n==== %s: submitted%s ====\n"), s->title,
          kk_attempt_auto_submitted(r->a) ? _(" automatically (time ran out)") : "");
  if (s->feedback == KK_FEEDBACK_NEVER) return;
  fprintf(r->out, _("Score: %g of %g (%.1f%%) -- %s (pass mark %g%%)\n"), score, max,
          max > 0 ? 100 * score / max : 0.0,
          kk_attempt_passed(r->a) ? _("PASSED") : _("not passed"), s->pass_percent);
  if (!s->review_after_submit) return;
  char a[4096], c[4096], ct[4096];
  for (size_t i = 0; i < kk_paper_count(kk_attempt_paper(r->a)); i++) {
    const kk_Question *q = question(r, i);
    const kk_Response *resp = kk_attempt_response(r->a, i);
    if (kk_mark_answer_text(q, resp->answer, a, sizeof a) < 0) a[0] = '\0';
    if (kk_mark_correct(q, c, sizeof c) < 0) c[0] = '\0';
    if (kk_mark_answer_text(q, c, ct, sizeof ct) < 0) ct[0] = '\0';
    for (char *p = a; *p; p++)
      if (*p == '\n') *p = '|';
    for (char *p = ct; *p; p++)
      if (*p == '\n') *p = '|';
    fprintf(r->out, _("%2zu. %g/%g  yours: %s\n    correct: %s\n"), i + 1,
            kk_attempt_points(r->a, i), q->points, a[0] ? a : _("(none)"), ct);
  }
}

/* The question loop.  Returns when submitted or when the student leaves. */
static void run_exam(Run *r) {
  size_t n = kk_paper_count(kk_attempt_paper(r->a));
  kk_Err err;
  char line[8192], conv[8192];
  unsigned ev;
  show(r, kk_attempt_current(r->a));
  while (!kk_attempt_submitted_ms(r->a)) {
    fputs("> ", r->out);
    if (!read_line(r, line, sizeof line)) {
      wait_saved(r);
      fputs(_("\nLeaving: your answers are saved. Run the same command to resume.\n"), r->out);
      return;
    }
    int64_t now = wall_ms();
    report(r, kk_attempt_tick(r->a, now, &ev, &err), &err);
    if (kk_attempt_submitted_ms(r->a)) {
      fputs(_("Time is up: the exam was submitted.\n"), r->out);
      break;
    }
    size_t cur = kk_attempt_current(r->a);
    if (ev & KK_TICK_MOVED) fputs(_("Time for that question ran out.\n"), r->out);
    char *in = trim(line);
    kk_Status st = KK_OK;
    if (!strcmp(in, ":q")) {
      wait_saved(r);
      fputs(_("Leaving: your answers are saved. Run the same command to resume.\n"), r->out);
      return;
    } else if (!strcmp(in, ":h") || !strcmp(in, "?")) {
      fputs(_("Type an answer and Enter.  Commands: :n next, :p previous, :g N go to N,\n"
              ":f flag/unflag, :c clear the answer, :l list questions, :s submit,\n"
              ":q leave (resume later)\n"),
            r->out);
      continue;
    } else if (!strcmp(in, ":l")) {
      navigator(r);
      continue;
    } else if (!strcmp(in, ":f")) {
      st = kk_attempt_flag(r->a, cur, !kk_attempt_response(r->a, cur)->flagged, now, &err);
    } else if (!strcmp(in, ":c")) {
      st = kk_attempt_answer(r->a, cur, "", now, &err);
    } else if (!strcmp(in, ":s")) {
      if (confirm_submit(r))
        st = kk_attempt_submit(r->a, wall_ms(), &err);
      else if (r->eof)
        return;
    } else if (!strcmp(in, ":n") || !strcmp(in, ":p") || !strncmp(in, ":g", 2) || !*in) {
      size_t to = cur + 1;
      if (!strcmp(in, ":p")) to = cur ? cur - 1 : 0;
      if (!strncmp(in, ":g", 2)) to = (size_t)strtoul(in + 2, NULL, 10) - 1;
      if (to >= n) {
        fputs(!*in || !strcmp(in, ":n") ? _("That was the last question (:s submits).\n")
                                        : _("No such question.\n"),
              r->out);
        continue;
      }
      st = kk_attempt_goto(r->a, to, now, &err);
    } else if (in[0] == ':') {
      fputs(_("Unknown command (:h for help).\n"), r->out);
      continue;
    } else {
      const char *why = NULL;
      if (!convert(question(r, cur), in, conv, sizeof conv, &why)) {
        fprintf(r->out, "! %s\n", why);
        continue;
      }
      st = kk_attempt_answer(r->a, cur, conv, now, &err);
      if (st == KK_OK || st == KK_ERR_DB || st == KK_ERR_BUSY) {
        if (r->spec->feedback == KK_FEEDBACK_AFTER_EACH) {
          double m = kk_mark_question(r->spec, question(r, cur), conv);
          fprintf(r->out, "%s\n",
                  m >= 1  ? _("Correct.")
                  : m > 0 ? _("Partly correct.")
                          : _("Not correct."));
          const char *ex = question(r, cur)->card->explanation;
          if (ex) fprintf(r->out, "%s\n", ex);
        } else {
          fputs(_("Saved.\n"), r->out);
        }
      }
    }
    report(r, st, &err);
    if (kk_attempt_submitted_ms(r->a)) break;
    show(r, kk_attempt_current(r->a));
  }
}

/* `kioku exam extension-keys SPEC.yaml`: the spec's extensions with the
** student numbers replaced by salted Argon2id keys, for the copy students
** receive (kk_exam_extension_key). */
static int extension_keys(int argc, char **argv) {
  if (argc != 3) {
    fputs(_("usage: kioku exam extension-keys SPEC.yaml\n"), stderr);
    return 2;
  }
  kk_Diags diags;
  kk_diags_init(&diags, 200);
  kk_ExamSpec *spec = NULL;
  int rc = 1;
  if (kk_exam_spec_load_file(argv[2], &diags, &spec) != KK_OK) {
    kk_diags_print(&diags, stderr);
    goto done;
  }
  const char *salt = spec->extensions_salt;
  char fresh[33];
  if (!salt) {
    unsigned char b[16];
    randombytes_buf(b, sizeof b);
    for (size_t i = 0; i < 16; i++) snprintf(fresh + 2 * i, 3, "%02x", b[i]);
    salt = fresh;
  }
  printf("extensions_salt: \"%s\"\nextensions:\n", salt);
  for (size_t i = 0; i < spec->nextensions; i++) {
    char key[KK_EXAM_EXT_KEY_MAX];
    if (kk_exam_extension_entry_key(salt, spec->extensions[i].student_no, key) != 0) {
      fputs(_("kioku exam: out of memory\n"), stderr);
      goto done;
    }
    printf("  \"%s\": %d\n", key, spec->extensions[i].minutes);
  }
  rc = 0;
done:
  kk_exam_spec_free(spec);
  kk_diags_free(&diags);
  return rc;
}

int kk_cli_password_file(const char *path, char *buf, size_t size) {
  FILE *f = fopen(path, "r");
  if (!f || !fgets(buf, (int)size, f)) {
    kk_cli_error(path, "%s", _("cannot read a password from it"));
    if (f) fclose(f);
    return -1;
  }
  fclose(f);
  size_t n = strcspn(buf, "\r\n");
  if (!buf[n] && n + 1 == size) { /* no line end in a full buffer: longer */
    kk_cli_error(path, _("the password is longer than %d bytes"), KK_PACK_PASSWORD_MAX);
    return -1;
  }
  buf[n] = '\0';
  return 0;
}

/* Asks for a password on in (echo off when it is a terminal); 0 or -1. */
static int password_prompt(FILE *in, FILE *out, const char *what, char *buf, size_t size) {
  fprintf(out, "%s: ", what);
  fflush(out);
  struct termios old, quiet;
  int tty = isatty(fileno(in)) && tcgetattr(fileno(in), &old) == 0;
  if (tty) {
    quiet = old;
    quiet.c_lflag &= ~(tcflag_t)ECHO;
    tcsetattr(fileno(in), TCSAFLUSH, &quiet);
  }
  char *got = fgets(buf, (int)size, in);
  if (tty) {
    tcsetattr(fileno(in), TCSAFLUSH, &old);
    fputc('\n', out);
  }
  if (!got) return -1;
  buf[strcspn(buf, "\r\n")] = '\0';
  return 0;
}

/* `kioku exam pack SPEC.yaml -o EXAM.kexam [--force]`: what students
** receive, without the answer key (pack.h), written atomically. */
static int pack_cmd(int argc, char **argv) {
  const char *spec_path = NULL, *out = NULL, *pwfile = NULL;
  int force = 0, sealed = 0;
  char password[KK_PACK_PASSWORD_MAX + 2] = ""; /* + the newline */
  for (int i = 2; i < argc; i++) {
    if (!strcmp(argv[i], "-o") && i + 1 < argc)
      out = argv[++i];
    else if (!strcmp(argv[i], "--force"))
      force = 1;
    else if (!strcmp(argv[i], "--password"))
      sealed = 1;
    else if (!strcmp(argv[i], "--password-file") && i + 1 < argc)
      sealed = 1, pwfile = argv[++i];
    else if (argv[i][0] != '-' && !spec_path)
      spec_path = argv[i];
    else
      spec_path = NULL, out = NULL, i = argc;
  }
  if (!spec_path || !out) {
    fputs(_("usage: kioku exam pack SPEC.yaml -o EXAM.kexam [--force] "
            "[--password | --password-file FILE]\n"),
          stderr);
    return 2;
  }
  if (sealed && (pwfile ? kk_cli_password_file(pwfile, password, sizeof password)
                        : password_prompt(stdin, stderr, _("Password for the pack"), password,
                                          sizeof password)))
    return 1;
  if (sealed && !password[0]) {
    fputs(_("kioku exam: an empty password\n"), stderr);
    return 1;
  }
  kk_Diags diags;
  kk_diags_init(&diags, 200);
  kk_ExamSpec *spec = NULL;
  kk_ExamBank bank = {0};
  kk_Err err;
  kk_err_clear(&err);
  char *buf = NULL;
  size_t len = 0;
  int rc = 1;
  if (kk_exam_spec_load_file(spec_path, &diags, &spec) != KK_OK ||
      kk_exam_bank_load(spec, &diags, &bank) != KK_OK ||
      kk_exam_spec_check_bank(spec, bank.items, bank.n, &diags)) {
    kk_diags_print(&diags, stderr);
    goto done;
  }
  unsigned char b[16];
  char salt[33];
  randombytes_buf(b, sizeof b);
  for (size_t i = 0; i < 16; i++) snprintf(salt + 2 * i, 3, "%02x", b[i]);
  FILE *m = open_memstream(&buf, &len);
  kk_Status st = m ? kk_pack_write(spec, bank.items, bank.n, salt, m, &err)
                   : kk_err_set(&err, KK_ERR_NOMEM, NULL, 0, 0, _("out of memory"));
  if (m && fclose(m) != 0 && !st)
    st = kk_err_set(&err, KK_ERR_NOMEM, NULL, 0, 0, _("out of memory"));
  if (!st && sealed) {
    char *box = NULL;
    size_t blen = 0;
    st = kk_pack_seal(buf, len, password, &box, &blen, &err);
    if (!st) {
      free(buf);
      buf = malloc(blen);
      if (buf)
        memcpy(buf, box, blen), len = blen;
      else
        st = kk_err_set(&err, KK_ERR_NOMEM, NULL, 0, 0, _("out of memory"));
    }
    kk_free(box);
  }
  if (!st) st = kk_atomic_write(out, force ? KK_ATOMIC_FORCE : 0, buf, len, &err);
  if (st) {
    char msg[1200];
    kk_err_format(&err, msg, sizeof msg);
    fprintf(stderr, "%s\n", msg);
    goto done;
  }
  fprintf(stderr,
          sealed ? _("kioku exam: %s written, sealed with the password (no answers in it; "
                     "mark the results with kioku results mark --spec %s)\n")
                 : _("kioku exam: %s written (no answers in it; mark the results "
                     "with kioku results mark --spec %s)\n"),
          out, spec_path);
  rc = 0;
done:
  free(buf);
  kk_exam_bank_free(&bank);
  kk_exam_spec_free(spec);
  kk_diags_free(&diags);
  return rc;
}

int kk_cmd_exam(int argc, char **argv) {
  kk_wallclock_init(&exam_clock);
  if (argc > 1 && !strcmp(argv[1], "extension-keys")) return extension_keys(argc, argv);
  if (argc > 1 && !strcmp(argv[1], "pack")) return pack_cmd(argc, argv);
  int terminal = 0;
  for (int i = 1; i < argc; i++) terminal |= strcmp(argv[i], "--terminal") == 0;
  if (!terminal) return kk_cmd_exam_window(argc, argv);
  const char *results = NULL, *data_dir = NULL, *name = NULL, *number = NULL;
  const char *spec_path = NULL, *pwfile = NULL;
  int force = 0;
  char password[KK_PACK_PASSWORD_MAX + 2] = ""; /* + the newline */
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--password-file") && i + 1 < argc)
      pwfile = argv[++i];
    else if (!strcmp(argv[i], "--results") && i + 1 < argc)
      results = argv[++i];
    else if (!strcmp(argv[i], "--data-dir") && i + 1 < argc)
      data_dir = argv[++i];
    else if (!strcmp(argv[i], "--student") && i + 1 < argc)
      name = argv[++i];
    else if (!strcmp(argv[i], "--number") && i + 1 < argc)
      number = argv[++i];
    else if (!strcmp(argv[i], "--force"))
      force = 1;
    else if (!strcmp(argv[i], "--terminal"))
      continue;
    else if (argv[i][0] == '-') {
      fprintf(stderr, _("kioku exam: unknown option '%s'\n"), argv[i]);
      kk_cli_help("exam", stderr);
      return 2;
    } else if (!spec_path)
      spec_path = argv[i];
    else {
      fputs(_("kioku exam: one spec at a time\n"), stderr);
      kk_cli_help("exam", stderr);
      return 2;
    }
  }
  if (!spec_path) {
    kk_cli_help("exam", stderr);
    return 2;
  }
  int rc = 1;
  kk_Diags diags;
  kk_diags_init(&diags, 0);
  kk_ExamSession *sess = NULL;
  kk_Err err;
  kk_err_clear(&err);
  char msg[1600], dir[4096], name_buf[KK_STUDENT_BUF], no_buf[KK_STUDENT_BUF];
  Run r = {NULL, NULL, stdin, NULL, stdout, 0, NULL, 0};
  r.out = open_memstream(&r.buf, &r.len);
  if (!r.out) r.out = stdout;
  if (kk_paths_data_dir(data_dir, &err, dir, sizeof dir) != KK_OK) {
    kk_err_format(&err, msg, sizeof msg);
    fprintf(stderr, "kioku exam: %s\n", msg);
    goto done;
  }
  kk_ExamSessionOptions so = {spec_path, dir, results, force, 0, 4, NULL};
  {
    /* a sealed pack: the password from a file, or asked for */
    char head[64];
    FILE *pf = fopen(spec_path, "rb");
    size_t hn = pf ? fread(head, 1, sizeof head, pf) : 0;
    if (pf) fclose(pf);
    if (kk_pack_is_sealed(head, hn)) {
      if (pwfile ? kk_cli_password_file(pwfile, password, sizeof password)
                 : (drain(&r),
                    password_prompt(r.in, r.tty, _("Exam password"), password, sizeof password)))
        goto done;
      so.pack_password = password;
    }
  }
  {
    struct tm tm;
    time_t tt = (time_t)(wall_ms() / 1000);
    if (localtime_r(&tt, &tm)) so.utc_offset_min = (int)(tm.tm_gmtoff / 60);
  }
  if (kk_exam_session_open(&so, &diags, &sess, &err) != KK_OK) {
    if (diags.n)
      kk_diags_print(&diags, stderr);
    else {
      kk_err_format(&err, msg, sizeof msg);
      fprintf(stderr, "kioku exam: %s\n", msg);
    }
    goto done;
  }
  const kk_ExamSpec *spec = kk_exam_session_spec(sess);
  r.spec = spec;
  fprintf(r.out, "==== %s ====\n", spec->title);
  if (spec->instructions[0])
    fprintf(r.out, "%s%s", spec->instructions,
            spec->instructions[strlen(spec->instructions) - 1] == '\n' ? "" : "\n");
  if (spec->time_limit_ms)
    fprintf(r.out, _("Time limit: %lld minutes.\n"), (long long)(spec->time_limit_ms / 60000));
  if (!number) {
    fputs(_("Student number: "), r.out);
    if (!read_line(&r, no_buf, sizeof no_buf) || !*trim(no_buf)) {
      fputs(_("\nkioku exam: a student number is needed\n"), stderr);
      goto done;
    }
    number = trim(no_buf);
  }
  if (!name && !kk_exam_session_known(sess, number)) {
    fputs(_("Name: "), r.out);
    if (!read_line(&r, name_buf, sizeof name_buf)) goto done;
    name = trim(name_buf);
  }
  kk_ExamOpenInfo info;
  kk_Attempt *a = NULL;
  if (kk_exam_session_start(sess, name, number, wall_ms(), &a, &info, &err) != KK_OK) {
    kk_err_format(&err, msg, sizeof msg);
    fprintf(stderr, "kioku exam: %s\n", msg);
    goto done;
  }
  r.a = a;
  if (info.resumed)
    fprintf(r.out, _("Resuming the attempt of %s (%s).\n"), kk_attempt_student_name(a),
            kk_attempt_student_no(a));
  if (info.spec_changed)
    fputs(_("Note: the spec file changed since this attempt started; the paper "
            "drawn then is kept.\n"),
          r.out);
  if (!kk_attempt_submitted_ms(a)) {
    fputs(_("Commands: :h help, :l list, :f flag, :s submit, :q leave.\n"), r.out);
    run_exam(&r);
  }
  if (!kk_attempt_submitted_ms(a)) {
    rc = 0;
    goto done;
  }
  wait_saved(&r); /* nothing about marks before the submission is stored */
  results_screen(&r);
  if (kk_exam_session_finish(sess, wall_ms(), msg, sizeof msg, &err) != KK_OK) {
    kk_err_format(&err, msg, sizeof msg);
    fprintf(stderr, "kioku exam: %s\n", msg);
  } else {
    fprintf(r.out, "%s\n", msg);
    rc = 0;
  }
done:
  drain(&r);
  if (r.out != r.tty) fclose(r.out);
  free(r.buf);
  kk_exam_session_free(sess);
  kk_diags_free(&diags);
  return rc;
}
