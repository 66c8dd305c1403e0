/*
** results.h -- exam results: each submitted attempt written as CSV and JSON,
** and the class summary an instructor reads (score distribution, item
** facility and discrimination, option counts, Cronbach's alpha).
** Depends on attempt.h, json.h.  kk_results_add_* copy what they need into
** the kk_Class; kk_class_summarize returns a new kk_Summary that borrows
** strings from the kk_Class (valid until kk_class_free); caller frees it
** with kk_summary_free.  Writing functions never overwrite an existing file
** unless told to (KK_ERR_EXISTS).
*/
#ifndef KK_RESULTS_H
#define KK_RESULTS_H

#include <stdint.h>
#include <stdio.h>

#include "core/exam/attempt.h"

/* ---- one attempt --------------------------------------------------------------*/

/* Writes DIR/EXAM_NUMBER-DIGEST.json and .csv for a submitted attempt:
** NUMBER is the student number made file-safe (other characters become
** '_', cut at 32), DIGEST a collision-resistant hash of the exact number
** (kk_exam_number_digest), so two numbers never share a file.  Both go
** through base/atomic.h.  A JSON file already there that is empty or not a
** result document counts as absent (a crash left it); a real one gives
** KK_ERR_EXISTS unless force.  KK_ERR_USAGE if the attempt is not
** submitted.  The JSON path goes to json_path (may be NULL). */
kk_Status kk_results_write(const kk_Attempt *a, const char *dir, int force, char *json_path,
                           size_t size, kk_Err *err);
/* The same documents to open streams.  KK_ERR_NOMEM when out of memory,
** KK_ERR_IO when the stream reports an error; a failed write is never
** reported as success. */
kk_Status kk_results_write_json(const kk_Attempt *a, FILE *f, kk_Err *err);
kk_Status kk_results_write_csv(const kk_Attempt *a, FILE *f, kk_Err *err);

/* "2026-11-23T13:05:00.000Z" for t_ms (UTC); buf >= 32 bytes. */
void kk_format_utc(int64_t t_ms, char *buf, size_t size);

/* ---- a class of results ----------------------------------------------------------*/

typedef struct kk_ResultAnswer {
  const char *id;     /* question (item) id */
  const char *type;   /* card type name */
  const char *answer; /* answer string as stored (paper.h format) */
  double points, max_points;
  int noptions; /* choice: number of options, else 0 */
} kk_ResultAnswer;

typedef struct kk_ResultStudent {
  const char *path; /* the file it came from */
  const char *exam_id;
  const char *name, *number;
  double score, max_score;
  int passed;
  double clock_back_ms; /* how far the clock was set back (0: never) */
  kk_ResultAnswer *answers;
  size_t nanswers;
} kk_ResultStudent;

typedef struct kk_Class kk_Class;

kk_Class *kk_class_new(void);    /* NULL when out of memory */
void kk_class_free(kk_Class *c); /* c may be NULL */
/* Adds one result JSON document (as written by kk_results_write).
** KK_ERR_PARSE / KK_ERR_INVALID (with position) for a bad file. */
kk_Status kk_class_add_mem(kk_Class *c, const char *buf, size_t len, const char *path, kk_Err *err);
kk_Status kk_class_add_file(kk_Class *c, const char *path, kk_Err *err);
size_t kk_class_count(const kk_Class *c);
const kk_ResultStudent *kk_class_student(const kk_Class *c, size_t i);

/* ---- the summary -----------------------------------------------------------------*/

#define KK_HIST_BINS 10 /* score percent: [0,10) [10,20) ... [90,100] */

typedef struct kk_ItemStats {
  const char *id, *type;
  size_t n; /* students whose paper had it */
  double max_points;
  double mean_points;
  double facility;       /* mean of points/max_points, 0..1 */
  double discrimination; /* facility in the upper group minus the lower; NAN
                            if either group had no one with the item */
  size_t nupper, nlower; /* group members who had it */
  int noptions;          /* choice: options counted below, else 0 */
  size_t *option_counts; /* choice: times option i (card order) was picked */
  size_t unanswered;
} kk_ItemStats;

typedef struct kk_Summary {
  const char *exam_id;               /* of the first result; mixed exams are refused */
  size_t n;                          /* students */
  double mean, median, sd, min, max; /* scores in points (sd: n-1) */
  double mean_percent;
  double max_score; /* the paper's full marks (of the first result) */
  size_t npassed;
  size_t hist[KK_HIST_BINS];
  size_t group_size;   /* students in each of the upper and lower 27% */
  kk_ItemStats *items; /* ordered by id */
  size_t nitems;
  double alpha; /* Cronbach's alpha over items every student had;
                            NAN with fewer than 2 such items or 2 students */
  size_t alpha_items;
  const kk_ResultStudent **ranked; /* students by score, best first */
} kk_Summary;

/* Computes the summary of every result in c.  KK_ERR_INVALID (with the
** file in err) if the results are of different exams; KK_ERR_USAGE if c is
** empty. */
kk_Status kk_class_summarize(const kk_Class *c, kk_Summary **out, kk_Err *err);
void kk_summary_free(kk_Summary *s); /* s may be NULL */

/* The terminal report: figures, a text histogram, the item table. */
void kk_summary_print(const kk_Summary *s, FILE *f);
/* Writes DIR/summary.csv, scores.csv, histogram.csv, items.csv and the
** distribution as a chart, histogram.svg; refuses to overwrite unless
** force. */
kk_Status kk_summary_write_csv(const kk_Summary *s, const char *dir, int force, kk_Err *err);

#endif
