/*
** bundle.h -- where the decks and catalogs shipped with Kioku are.  Depends on nothing.
** Looks, in order, at $KIOKU_BUNDLED_DECKS, ../share/kioku/decks beside the
** running binary (any install: a package, cmake --install, a copied
** prefix), the source tree the binary was built from (running from the
** build tree), and the install prefix it was configured with.  Returns a
** string valid for the whole run (static), or NULL when none exists.
*/
#ifndef KK_BUNDLE_H
#define KK_BUNDLE_H

const char *kk_bundled_decks_dir(void);

/* Where the message catalogs may be, in the order to try them (a
** NULL-terminated static list): ../share/locale beside the binary, the
** build tree's locale folder, the configured install prefix's.  Each holds
** LANG/LC_MESSAGES/kioku.mo (see i18n.h). */
const char *const *kk_bundled_locale_dirs(void);

#endif
