/*
** i18n.h -- the interface language: gettext message catalogs (.mo files
** compiled by msgfmt from po/LANG.po) looked up by Kioku itself.  Depends on
** alloc.h, file.h, date.h.
**
** Why not libc's gettext(): glibc translates nothing while the locale is
** "C" or "C.UTF-8", and a fresh Debian has no ja_JP.UTF-8 locale; the
** language must follow LANGUAGE / LC_ALL / LC_MESSAGES / LANG (or --lang)
** whether or not setlocale() succeeds.  The catalogs, the sources' markers
** (_() and kk_ngettext) and the tools (xgettext, msgfmt) are gettext's.
**
** One catalog is active per process (like gettext's textdomain): set it once
** at start-up, before any thread starts.  Strings returned are borrowed from
** the catalog (valid until the next kk_i18n_set) or are the msgid itself.
*/
#ifndef KK_I18N_H
#define KK_I18N_H

#include <stddef.h>
#include <stdint.h>

#include "core/base/err.h"

/* The language the environment asks for, as a catalog name ("ja", "en"):
** `override` if not NULL/empty, else the first of LANGUAGE (a colon list),
** LC_ALL, LC_MESSAGES and LANG that is set; "ja_JP.UTF-8" gives "ja".
** "C" and "POSIX" give "en".  Returns a static string. */
const char *kk_i18n_pick(const char *override);

/* Makes `lang` the interface language, reading
** DIR/LANG/LC_MESSAGES/kioku.mo from the first of the dirs (NULL-terminated
** list) that has it.  "en" (the sources' language) needs no catalog.
** KK_ERR_NOTFOUND when no dir has a catalog for lang (English stays on),
** KK_ERR_PARSE for a damaged catalog. */
kk_Status kk_i18n_set(const char *lang, const char *const *dirs, kk_Err *err);

/* Loads a catalog from memory (the primitive under kk_i18n_set; tests and
** the fuzzer use it).  The bytes are copied. */
kk_Status kk_i18n_set_mo(const char *lang, const void *mo, size_t len, kk_Err *err);

/* The active language ("en" before any kk_i18n_set). */
const char *kk_i18n_lang(void);

/* Drops the catalog: back to English. */
void kk_i18n_reset(void);

/* format_arg: printf(_("%d cards"), n) is checked as if the literal were
** passed (msgfmt --check makes translations keep the same directives). */
#if defined(__GNUC__)
#define KK_FORMAT_ARG(i) __attribute__((format_arg(i)))
#else
#define KK_FORMAT_ARG(i)
#endif

/* The translation of msgid, or msgid itself. */
const char *kk_gettext(const char *msgid) KK_FORMAT_ARG(1);
/* The translation of msgid in context ctx (gettext's pgettext). */
const char *kk_pgettext(const char *ctx, const char *msgid) KK_FORMAT_ARG(2);
/* The plural form for n: the catalog's Plural-Forms rule, or English's
** (one for n == 1, other otherwise) without a catalog. */
const char *kk_ngettext(const char *one, const char *other, unsigned long n) KK_FORMAT_ARG(1)
    KK_FORMAT_ARG(2);

/* ---- dates and durations in the interface language --------------------------
** Each writes into buf (always NUL-terminated) and returns buf. */

/* A calendar date (a day number of date.h): "December 4, 2026" in English,
** "2026年12月4日" in Japanese.  The order is the catalog's pattern of
** {year}, {month} (a name), {mon} (a number) and {day}. */
char *kk_i18n_date(char *buf, size_t size, int64_t days);
/* A count of days: "1 day", "2 days"; "2日". */
char *kk_i18n_days(char *buf, size_t size, long n);
/* A span of time in its largest whole unit, rounded: "45 seconds",
** "3 minutes", "5 hours", "2 days", "4 months", "1.5 years" (months and
** years once a span reaches them); "3分", "2日", "4か月". */
char *kk_i18n_duration(char *buf, size_t size, double seconds);

/* Markers xgettext looks for (scripts/update-po.sh): _("...") translates
** now, N_("...") only marks a string translated later with _(). */
#define _(s) kk_gettext(s)
#define N_(s) s

#endif
