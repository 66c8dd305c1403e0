/* fuzz_mo.c -- the message-catalog reader on arbitrary bytes: a catalog
** loads or is refused; lookups in a loaded one stay in bounds. */
#include "core/base/i18n.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) {
  kk_Err e;
  if (kk_i18n_set_mo("fz", data, size, &e) == KK_OK) {
    (void)kk_gettext("Show answer");
    (void)kk_gettext("");
    (void)kk_pgettext("grade", "Good");
    for (unsigned long n = 0; n < 30; n += 7) (void)kk_ngettext("%d day", "%d days", n);
  }
  kk_i18n_reset();
  return 0;
}
