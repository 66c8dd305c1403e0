/*
** draw.c -- draw lists.
*/
#include "core/ui/draw.h"
#include "core/base/hash.h"

#include <string.h>

void kk_draw_init(kk_DrawList *dl) {
  memset(dl, 0, sizeof *dl);
  dl->hash = KK_HASH_INIT;
}

void kk_draw_reset(kk_DrawList *dl) {
  dl->n = 0;
  dl->oom = 0;
  dl->hash = KK_HASH_INIT;
  kk_arena_free(&dl->arena);
}

void kk_draw_free(kk_DrawList *dl) {
  if (!dl) return;
  kk_free(dl->cmds);
  kk_arena_free(&dl->arena);
  memset(dl, 0, sizeof *dl);
}

static void mix(kk_DrawList *dl, const void *p, size_t n) {
  dl->hash = kk_hash_bytes(p, n, dl->hash);
}

static kk_DrawCmd *push(kk_DrawList *dl, kk_DrawKind kind, kk_Rect r, kk_Color c) {
  if (dl->n == dl->cap) {
    kk_DrawCmd *n = kk_grow(dl->cmds, &dl->cap, dl->n + 1, sizeof *n, 256);
    if (!n) {
      dl->oom = 1;
      return NULL;
    }
    dl->cmds = n;
  }
  kk_DrawCmd *cmd = &dl->cmds[dl->n++];
  memset(cmd, 0, sizeof *cmd);
  cmd->kind = kind;
  cmd->r = r;
  cmd->color = c;
  mix(dl, &kind, sizeof kind);
  mix(dl, &r, sizeof r);
  mix(dl, &c, sizeof c);
  return cmd;
}

void kk_draw_rect(kk_DrawList *dl, kk_Rect r, kk_Color c) { push(dl, KK_DRAW_RECT, r, c); }

void kk_draw_frame(kk_DrawList *dl, kk_Rect r, kk_Color c, int thickness) {
  kk_DrawCmd *cmd = push(dl, KK_DRAW_FRAME, r, c);
  if (cmd) cmd->px = thickness, mix(dl, &thickness, sizeof thickness);
}

void kk_draw_line(kk_DrawList *dl, int x0, int y0, int x1, int y1, kk_Color c) {
  push(dl, KK_DRAW_LINE, (kk_Rect){x0, y0, x1 - x0, y1 - y0}, c);
}

void kk_draw_clip(kk_DrawList *dl, kk_Rect r) { push(dl, KK_DRAW_CLIP, r, (kk_Color){0, 0, 0, 0}); }

void kk_draw_ime_rect(kk_DrawList *dl, kk_Rect r) {
  push(dl, KK_DRAW_IME_RECT, r, (kk_Color){0, 0, 0, 0});
}

void kk_draw_text(kk_DrawList *dl, int x, int y, int px, int style, kk_Color c, const char *s,
                  size_t len) {
  char *copy = kk_arena_strndup(&dl->arena, s, len);
  if (!copy) {
    dl->oom = 1;
    return;
  }
  kk_DrawCmd *cmd = push(dl, KK_DRAW_TEXT, (kk_Rect){x, y, 0, 0}, c);
  if (!cmd) return;
  cmd->px = px;
  cmd->style = style;
  cmd->text = copy;
  mix(dl, &px, sizeof px);
  mix(dl, &style, sizeof style);
  mix(dl, s, len);
}

void kk_draw_image(kk_DrawList *dl, kk_Rect r, const char *path) {
  char *copy = kk_arena_strdup(&dl->arena, path);
  if (!copy) {
    dl->oom = 1;
    return;
  }
  kk_DrawCmd *cmd = push(dl, KK_DRAW_IMAGE, r, (kk_Color){0, 0, 0, 0});
  if (!cmd) return;
  cmd->text = copy;
  mix(dl, path, strlen(path));
}
