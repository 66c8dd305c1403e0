/*
** summary.c -- the class summary of exam results (declared in results.h).
**
** Definitions (docs/exam-format.md repeats them for instructors):
**   facility        mean over the students who had the question of
**                   points / max_points
**   discrimination  facility among the upper 27% of the class by total
**                   score minus facility among the lower 27% (group size
**                   round(0.27 n), at least 1; ties broken by student
**                   number), each over the group members who had it
**   alpha           Cronbach: k/(k-1) * (1 - sum of item variances /
**                   variance of the sum), over the k questions every
**                   student had, item score = points
*/
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/base/alloc.h"
#include "core/base/i18n.h"
#include "core/base/atomic.h"
#include "core/base/csv.h"
#include "core/base/utf8.h"
#include "core/exam/results.h"

typedef struct {
  const char *id;
  size_t si; /* student index */
  const kk_ResultAnswer *a;
} Entry;

static int cmp_entry(const void *x, const void *y) {
  const Entry *a = x, *b = y;
  int c = strcmp(a->id, b->id);
  if (c) return c;
  return a->si < b->si ? -1 : a->si > b->si;
}

static int cmp_double(const void *x, const void *y) {
  double a = *(const double *)x, b = *(const double *)y;
  return a < b ? -1 : a > b;
}

static int cmp_rank(const void *x, const void *y) {
  const kk_ResultStudent *a = *(const kk_ResultStudent *const *)x;
  const kk_ResultStudent *b = *(const kk_ResultStudent *const *)y;
  if (a->score != b->score) return a->score > b->score ? -1 : 1;
  int c = strcmp(a->number, b->number);
  return c < 0 ? -1 : c > 0;
}

void kk_summary_free(kk_Summary *s) {
  if (!s) return;
  for (size_t i = 0; s->items && i < s->nitems; i++) kk_free(s->items[i].option_counts);
  kk_free(s->items);
  kk_free(s->ranked);
  kk_free(s);
}

/* Sample variance (n - 1) of x[0..n). */
static double variance(const double *x, size_t n) {
  if (n < 2) return 0;
  double m = 0, v = 0;
  for (size_t i = 0; i < n; i++) m += x[i];
  m /= (double)n;
  for (size_t i = 0; i < n; i++) v += (x[i] - m) * (x[i] - m);
  return v / (double)(n - 1);
}

kk_Status kk_class_summarize(const kk_Class *c, kk_Summary **out, kk_Err *err) {
  *out = NULL;
  size_t n = kk_class_count(c);
  if (!n) return kk_err_set(err, KK_ERR_USAGE, NULL, 0, 0, _("no results to summarize"));
  const kk_ResultStudent *first = kk_class_student(c, 0);
  for (size_t i = 1; i < n; i++) {
    const kk_ResultStudent *r = kk_class_student(c, i);
    if (strcmp(r->exam_id, first->exam_id) != 0)
      return kk_err_set(err, KK_ERR_INVALID, r->path, 0, 0,
                        _("result of exam '%s', not '%s' like %s"), r->exam_id, first->exam_id,
                        first->path);
  }
  kk_Summary *s = kk_calloc(1, sizeof *s);
  double *scores = kk_malloc(n * sizeof *scores);
  size_t *rank = kk_malloc(n * sizeof *rank);
  double *x = kk_calloc(n, sizeof *x), *item = kk_malloc(n * sizeof *item);
  size_t nentries = 0;
  for (size_t i = 0; i < n; i++) nentries += kk_class_student(c, i)->nanswers;
  Entry *e = kk_malloc((nentries ? nentries : 1) * sizeof *e);
  if (!s || !scores || !rank || !x || !item || !e) goto nomem;
  if (!(s->ranked = kk_malloc(n * sizeof(const kk_ResultStudent *)))) goto nomem;
  s->exam_id = first->exam_id;
  s->n = n;
  s->max_score = first->max_score;

  /* Scores. */
  double sum = 0, sump = 0;
  for (size_t i = 0; i < n; i++) {
    const kk_ResultStudent *r = kk_class_student(c, i);
    scores[i] = r->score;
    sum += r->score;
    double pct = r->max_score > 0 ? 100.0 * r->score / r->max_score : 0;
    sump += pct;
    /* clamped before the conversion: out of range it is undefined */
    double b = floor(pct / 10.0 + 1e-9);
    int bin = !(b > 0) ? 0 : b >= KK_HIST_BINS ? KK_HIST_BINS - 1 : (int)b;
    s->hist[bin]++;
    s->npassed += r->passed != 0;
    s->ranked[i] = r;
  }
  s->mean = sum / (double)n;
  s->mean_percent = sump / (double)n;
  s->sd = sqrt(variance(scores, n));
  qsort(scores, n, sizeof *scores, cmp_double);
  s->min = scores[0];
  s->max = scores[n - 1];
  s->median = n % 2 ? scores[n / 2] : (scores[n / 2 - 1] + scores[n / 2]) / 2;

  /* Ranks and the 27% groups. */
  qsort(s->ranked, n, sizeof(const kk_ResultStudent *), cmp_rank);
  /* kk_class_student hands out pointers into one array. */
  for (size_t k = 0; k < n; k++) rank[s->ranked[k] - first] = k;
  size_t g = n < 2 ? 0 : (size_t)floor(0.27 * (double)n + 0.5);
  if (n >= 2 && g < 1) g = 1;
  s->group_size = g;

  /* Items: every (id, student) pair, grouped by id. */
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    const kk_ResultStudent *r = kk_class_student(c, i);
    for (size_t j = 0; j < r->nanswers; j++) e[k++] = (Entry){r->answers[j].id, i, &r->answers[j]};
  }
  qsort(e, nentries, sizeof *e, cmp_entry);
  size_t groups = 0;
  for (size_t i = 0; i < nentries; i++) groups += i == 0 || strcmp(e[i].id, e[i - 1].id) != 0;
  if (!(s->items = kk_calloc(groups ? groups : 1, sizeof *s->items))) goto nomem;
  double sum_item_var = 0;
  size_t common = 0;
  for (size_t i = 0; i < nentries;) {
    size_t j = i;
    while (j < nentries && !strcmp(e[j].id, e[i].id)) j++;
    kk_ItemStats *it = &s->items[s->nitems++];
    it->id = e[i].id;
    it->type = e[i].a->type;
    it->max_points = e[i].a->max_points;
    it->n = j - i;
    double fsum = 0, psum = 0, up = 0, lo = 0;
    int nopt = 0;
    for (size_t q = i; q < j; q++)
      if (e[q].a->noptions > nopt) nopt = e[q].a->noptions;
    if (!strcmp(it->type, "choice") && nopt > 0) {
      it->noptions = nopt;
      if (!(it->option_counts = kk_calloc((size_t)nopt, sizeof(size_t)))) goto nomem;
    }
    int distinct = 1;
    for (size_t q = i; q < j; q++) {
      const kk_ResultAnswer *a = e[q].a;
      double f = a->max_points > 0 ? a->points / a->max_points : 0;
      fsum += f;
      psum += a->points;
      size_t rk = rank[e[q].si];
      if (rk < g) up += f, it->nupper++;
      if (rk >= n - g) lo += f, it->nlower++;
      if (!a->answer[0]) it->unanswered++;
      if (it->option_counts) {
        size_t picks[256];
        int np = kk_paper_parse_list(a->answer, picks, 256, (size_t)nopt);
        for (int p = 0; p < np; p++) it->option_counts[picks[p]]++;
      }
      if (q > i && e[q].si == e[q - 1].si) distinct = 0;
      if (q - i < n) item[q - i] = a->points; /* a paper may repeat an id */
    }
    it->facility = fsum / (double)it->n;
    it->mean_points = psum / (double)it->n;
    it->discrimination =
        it->nupper && it->nlower ? up / (double)it->nupper - lo / (double)it->nlower : NAN;
    if (distinct && it->n == n) {
      /* Entries are in student order, so item[s] is student s's points. */
      common++;
      sum_item_var += variance(item, n);
      for (size_t q = 0; q < n; q++) x[q] += item[q];
    }
    i = j;
  }
  s->alpha_items = common;
  double var_x = variance(x, n);
  s->alpha = common >= 2 && n >= 2 && var_x > 0
                 ? (double)common / (double)(common - 1) * (1.0 - sum_item_var / var_x)
                 : NAN;
  kk_free(scores);
  kk_free(rank);
  kk_free(x);
  kk_free(item);
  kk_free(e);
  *out = s;
  return KK_OK;
nomem:
  kk_free(scores);
  kk_free(rank);
  kk_free(x);
  kk_free(item);
  kk_free(e);
  kk_summary_free(s);
  return kk_err_set(err, KK_ERR_NOMEM, NULL, 0, 0, _("out of memory"));
}

/* ---- output --------------------------------------------------------------------*/

static void fmt_nan(char *buf, size_t size, double v, const char *f) {
  if (isnan(v))
    snprintf(buf, size, "%s", _("n/a"));
  else
    snprintf(buf, size, f, v);
}

/* Terminal columns of s: East Asian wide characters (kana, kanji,
** full-width forms) take two, others one. */
static int term_cols(const char *s) {
  size_t len = strlen(s), pos = 0;
  int w = 0;
  while (pos < len) {
    int32_t cp = kk_utf8_next(s, len, &pos);
    w += (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
                 (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
                 (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
                 (cp >= 0xFFE0 && cp <= 0xFFE6)
             ? 2
             : 1;
  }
  return w;
}

/* s then spaces up to `cols` columns and one more (printf's %-Ns counts bytes). */
static void pad_to(FILE *f, const char *s, int cols) {
  fputs(s, f);
  for (int w = term_cols(s); w <= cols; w++) fputc(' ', f);
}

/* spaces, then s ending at `cols` columns, then one space. */
static void pad_left(FILE *f, const char *s, int cols) {
  for (int w = term_cols(s); w < cols; w++) fputc(' ', f);
  fputs(s, f);
  fputc(' ', f);
}

void kk_summary_print(const kk_Summary *s, FILE *f) {
  char a[32];
  fprintf(f, kk_ngettext("Exam %s: %zu student\n", "Exam %s: %zu students\n", s->n), s->exam_id,
          s->n);
  fprintf(f,
          _("Score (of %.4g): mean %.2f (%.1f%%), median %.2f, sd %.2f, "
            "min %.2f, max %.2f\n"),
          s->max_score, s->mean, s->mean_percent, s->median, s->sd, s->min, s->max);
  fprintf(f, _("Passed: %zu of %zu\n"), s->npassed, s->n);
  fmt_nan(a, sizeof a, s->alpha, "%.3f");
  fprintf(f,
          kk_ngettext("Cronbach's alpha: %s (over %zu question every student had)\n\n",
                      "Cronbach's alpha: %s (over %zu questions every student had)\n\n",
                      s->alpha_items),
          a, s->alpha_items);
  fputs(_("Score distribution (percent of full marks)\n"), f);
  size_t top = 0;
  for (int i = 0; i < KK_HIST_BINS; i++)
    if (s->hist[i] > top) top = s->hist[i];
  for (int i = 0; i < KK_HIST_BINS; i++) {
    size_t w = top ? (s->hist[i] * 40 + top - 1) / top : 0;
    fprintf(f, "  %3d-%3d%% |", i * 10, i * 10 + 10);
    for (size_t j = 0; j < w; j++) fputc('#', f);
    fprintf(f, "%*s %zu\n", (int)(41 - w), "", s->hist[i]);
  }
  fprintf(f,
          _("\nQuestions (facility: mean share of marks; discrimination: upper "
            "%zu minus lower %zu students)\n"),
          s->group_size, s->group_size);
  /* the column heads: English words padded by bytes keep the columns in
  ** line; a translation pads itself (see pad_to) */
  fputs("  ", f);
  pad_to(f, kk_pgettext("summary column", "id"), 24);
  pad_to(f, kk_pgettext("summary column", "type"), 9);
  fprintf(f, "%5s ", "n");
  pad_left(f, kk_pgettext("summary column", "facility"), 8);
  pad_left(f, kk_pgettext("summary column", "discr."), 7);
  pad_left(f, kk_pgettext("summary column", "blank"), 6);
  fprintf(f, " %s\n", _("options chosen (1, 2, ...)"));
  for (size_t i = 0; i < s->nitems; i++) {
    const kk_ItemStats *it = &s->items[i];
    fmt_nan(a, sizeof a, it->discrimination, "%+.2f");
    fprintf(f, "  %-24s %-9s %5zu %8.2f %7s %6zu ", it->id, it->type, it->n, it->facility, a,
            it->unanswered);
    for (int o = 0; o < it->noptions; o++)
      fprintf(f, "%s%zu", o ? " / " : " ", it->option_counts[o]);
    fputc('\n', f);
  }
}

/* Starts DIR/NAME through the atomic writer; its stream goes to *f. */
static kk_Status open_new(const char *dir, const char *name, int force, kk_Atomic **w, FILE **f,
                          kk_Err *err) {
  char path[KK_ERR_PATH_MAX];
  if (snprintf(path, sizeof path, "%s/%s", dir, name) >= (int)sizeof path)
    return kk_err_set(err, KK_ERR_LIMIT, dir, 0, 0, _("path too long"));
  kk_Status st = kk_atomic_open(path, force ? KK_ATOMIC_FORCE : 0, w, err);
  if (!st) *f = kk_atomic_file(*w);
  return st;
}

/* The score distribution as an SVG bar chart (a picture for reports). */
static void write_svg(const kk_Summary *s, FILE *f) {
  const int W = 640, H = 360, L = 50, B = 50, T = 40, R = 20;
  size_t top = 1;
  for (int i = 0; i < KK_HIST_BINS; i++)
    if (s->hist[i] > top) top = s->hist[i];
  double bw = (double)(W - L - R) / KK_HIST_BINS, ph = H - T - B;
  fprintf(f,
          "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
          "font-family=\"sans-serif\" font-size=\"12\">\n",
          W, H);
  fprintf(f, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>\n", W, H);
  fputs("<text x=\"50\" y=\"24\" font-size=\"15\">", f);
  for (const char *p = s->exam_id; *p; p++) {
    if (*p == '<')
      fputs("&lt;", f);
    else if (*p == '&')
      fputs("&amp;", f);
    else
      fputc(*p, f);
  }
  fprintf(f,
          kk_ngettext(": score distribution (%zu student, mean %.1f%%)</text>\n",
                      ": score distribution (%zu students, mean %.1f%%)</text>\n", s->n),
          s->n, s->mean_percent);
  fprintf(f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>\n", L, H - B, W - R,
          H - B);
  for (int i = 0; i < KK_HIST_BINS; i++) {
    double h = ph * (double)s->hist[i] / (double)top;
    double x = L + i * bw;
    fprintf(f,
            "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
            "fill=\"#2662c8\"/>\n",
            x + 2, H - B - h, bw - 4, h);
    if (s->hist[i])
      fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%zu</text>\n", x + bw / 2,
              H - B - h - 4, s->hist[i]);
    fprintf(f, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%d-%d%%</text>\n", x + bw / 2,
            H - B + 16, i * 10, i * 10 + 10);
  }
  fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>\n", (L + W - R) / 2, H - 12,
          _("percent of full marks"));
  fputs("</svg>\n", f);
}

kk_Status kk_summary_write_csv(const kk_Summary *s, const char *dir, int force, kk_Err *err) {
  static const char *const names[] = {"summary.csv", "scores.csv", "histogram.csv", "items.csv",
                                      "histogram.svg"};
  if (!force)
    for (size_t i = 0; i < 5; i++) {
      struct stat sb;
      char path[KK_ERR_PATH_MAX];
      snprintf(path, sizeof path, "%s/%s", dir, names[i]);
      if (lstat(path, &sb) == 0)
        return kk_err_set(err, KK_ERR_EXISTS, path, 0, 0,
                          _("exists; not overwritten (use --force)"));
    }
  kk_Status st;
  kk_Atomic *w = NULL;
  FILE *f = NULL;
  if ((st = open_new(dir, names[0], force, &w, &f, err))) return st;
  char a[32];
  fmt_nan(a, sizeof a, s->alpha, "%.6f");
  fprintf(f, "measure,value\r\nexam,");
  kk_csv_write_field(f, s->exam_id, ',');
  fprintf(f,
          "\r\nstudents,%zu\r\nmax_score,%.10g\r\nmean,%.6f\r\nmean_percent,%.6f\r\n"
          "median,%.6f\r\nsd,%.6f\r\nmin,%.6f\r\nmax,%.6f\r\npassed,%zu\r\n"
          "group_size,%zu\r\ncronbach_alpha,%s\r\nalpha_items,%zu\r\n",
          s->n, s->max_score, s->mean, s->mean_percent, s->median, s->sd, s->min, s->max,
          s->npassed, s->group_size, a, s->alpha_items);
  if ((st = kk_atomic_commit(w, err))) return st;

  if ((st = open_new(dir, names[1], force, &w, &f, err))) return st;
  fputs("rank,student_no,student_name,score,max_score,percent,passed,file\r\n", f);
  for (size_t i = 0; i < s->n; i++) {
    const kk_ResultStudent *r = s->ranked[i];
    fprintf(f, "%zu,", i + 1);
    kk_csv_write_field(f, r->number, ',');
    fputc(',', f);
    kk_csv_write_field(f, r->name, ',');
    fprintf(f, ",%.10g,%.10g,%.4f,%d,", r->score, r->max_score,
            r->max_score > 0 ? 100.0 * r->score / r->max_score : 0.0, r->passed);
    kk_csv_write_field(f, r->path, ',');
    fputs("\r\n", f);
  }
  if ((st = kk_atomic_commit(w, err))) return st;

  if ((st = open_new(dir, names[2], force, &w, &f, err))) return st;
  fputs("percent_from,percent_to,students\r\n", f);
  for (int i = 0; i < KK_HIST_BINS; i++)
    fprintf(f, "%d,%d,%zu\r\n", i * 10, i * 10 + 10, s->hist[i]);
  if ((st = kk_atomic_commit(w, err))) return st;

  if ((st = open_new(dir, names[3], force, &w, &f, err))) return st;
  int maxopt = 0;
  for (size_t i = 0; i < s->nitems; i++)
    if (s->items[i].noptions > maxopt) maxopt = s->items[i].noptions;
  fputs("id,type,students,max_points,mean_points,facility,discrimination,"
        "upper_n,lower_n,unanswered",
        f);
  for (int o = 0; o < maxopt; o++) fprintf(f, ",option_%d", o + 1);
  fputs("\r\n", f);
  for (size_t i = 0; i < s->nitems; i++) {
    const kk_ItemStats *it = &s->items[i];
    kk_csv_write_field(f, it->id, ',');
    fmt_nan(a, sizeof a, it->discrimination, "%.6f");
    fprintf(f, ",%s,%zu,%.10g,%.6f,%.6f,%s,%zu,%zu,%zu", it->type, it->n, it->max_points,
            it->mean_points, it->facility, a, it->nupper, it->nlower, it->unanswered);
    for (int o = 0; o < maxopt; o++) {
      if (o < it->noptions)
        fprintf(f, ",%zu", it->option_counts[o]);
      else
        fputc(',', f);
    }
    fputs("\r\n", f);
  }
  if ((st = kk_atomic_commit(w, err))) return st;

  if ((st = open_new(dir, names[4], force, &w, &f, err))) return st;
  write_svg(s, f);
  return kk_atomic_commit(w, err);
}
