/* place.c -- from a root gradient's wrong entries to the line of the
 * mistake (see place.h). */

#include <config.h>

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_math.h>

#include "place.h"
#include "srccopy.h"
#include "srchelper.h"
#include "srcline.h"
#include "srcloop.h"
#include "srcmacro.h"
#include "srctext.h"

/* A missing or wrong penalty term or factor (a missing 1/N), adding onto
 * what the gradient held, or storing at the wrong place, belongs where
 * the value is stored; any other mistake where what is stored was
 * computed. */
static int
at_store (const char *cause)
{
  return strncmp (cause, "reg-", 4) == 0 || strncmp (cause, "scale:", 6) == 0
    || strcmp (cause, "accumulates") == 0 || strcmp (cause, "layout") == 0
    || strcmp (cause, "masked-in-place") == 0 || strcmp (cause, "sign") == 0
    || strcmp (cause, "read-early") == 0;
}

/* Are the flagged entries of g exactly its last rows or its first rows
 * (1), its last or first columns (2), or neither (0)? */
static int
edge (const bp_gradcheck_grad *g)
{
  size_t r0 = g->rows, c0 = g->cols, r1 = 0, c1 = 0;
  int last_rows = 1, last_cols = 1, first_rows = 1, first_cols = 1;

  for (size_t i = 0; i < g->rows * g->cols; i++)
    if (g->bad[i])
      {
        r0 = GSL_MIN (r0, i / g->cols), c0 = GSL_MIN (c0, i % g->cols);
        r1 = GSL_MAX (r1, i / g->cols), c1 = GSL_MAX (c1, i % g->cols);
      }
  for (size_t i = 0; i < g->rows * g->cols; i++)
    {
      size_t r = i / g->cols, c = i % g->cols;
      last_rows &= (r >= r0) == (g->bad[i] != 0);
      last_cols &= (c >= c0) == (g->bad[i] != 0);
      first_rows &= (r <= r1) == (g->bad[i] != 0);
      first_cols &= (c <= c1) == (g->bad[i] != 0);
    }
  if ((r0 > 0 && last_rows) || (r1 + 1 < g->rows && first_rows))
    return 1;
  return (c0 > 0 && last_cols) || (c1 + 1 < g->cols && first_cols) ? 2 : 0;
}

/* Are g's wrong entries, in a gradient over the samples (dz2, dp1, dz1),
 * all in its last rows, as when a loop over the samples stops one short?
 * (A loop that starts at 1 may be right: rows folded into row 0.) */
static int
last_samples (const bp_gradcheck_grad *g)
{
  size_t r0 = g->rows, r1 = 0;

  if (g->id != BP_DZ2 && g->id != BP_DP1 && g->id != BP_DZ1)
    return 0;
  for (size_t i = 0; i < g->rows * g->cols; i++)
    if (g->bad[i])
      r0 = GSL_MIN (r0, i / g->cols), r1 = GSL_MAX (r1, i / g->cols);
  return r0 > 0 && r0 < g->rows && r1 + 1 == g->rows && 2 * r0 >= g->rows;
}

/* Are g's wrong entries all in its last column (some of its rows), as
 * when a mask's loop over the columns stops one short? */
static int
last_column (const bp_gradcheck_grad *g)
{
  int any = 0;

  for (size_t i = 0; i < g->rows * g->cols; i++)
    if (g->bad[i])
      {
        if (i % g->cols != g->cols - 1)
          return 0;
        any = 1;
      }
  return any && g->cols > 1;
}

/* Are g's wrong entries, in a gradient over the samples, all in its
 * first row, as when a loop over the samples starts at 1? */
static int
first_sample (const bp_gradcheck_grad *g)
{
  if (g->id != BP_DZ2 && g->id != BP_DP1 && g->id != BP_DZ1)
    return 0;
  for (size_t i = g->cols; i < g->rows * g->cols; i++)
    if (g->bad[i])
      return 0;
  return 1;
}

/* Is a bias's first entry its only wrong one, as when a loop that
 * counts down stops before 0? */
static int
first_entry (const bp_gradcheck_grad *g)
{
  if (g->id != BP_DB1 && g->id != BP_DB2)
    return 0;
  for (size_t i = 1; i < g->rows * g->cols; i++)
    if (g->bad[i])
      return 0;
  return g->bad[0] != 0;
}

/* Are all of g's wrong entries (four at least) in its rows (1) or its
 * columns (2) from k on, where k is a size of the net (N, D, H, C) less
 * than g's own, as when a loop's bound is the wrong size?  0 if not. */
static int
cut_at_size (const bp_gradcheck *c, const bp_gradcheck_grad *g)
{
  size_t r0 = g->rows, c0 = g->cols, bad = 0;
  size_t sizes[] = { c->N, c->D, c->H, c->C };

  for (size_t i = 0; i < g->rows * g->cols; i++)
    if (g->bad[i])
      {
        r0 = GSL_MIN (r0, i / g->cols), c0 = GSL_MIN (c0, i % g->cols);
        bad++;
      }
  for (int k = 0; k < 4 && bad >= 4; k++)
    if (sizes[k] == c0 && c0 > 0 && c0 < g->cols)
      return 2;
  for (int k = 0; k < 4 && bad >= 4; k++)
    if (sizes[k] == r0 && r0 > 0 && r0 < g->rows)
      return 1;
  return 0;
}

/* Is g's cause one that says only which entries are wrong (entries,
 * unknown, a one-hot's ones at other entries), so that where they are
 * tells the loop that left them out? */
static int
some_entries (const bp_gradcheck_grad *g)
{
  return strcmp (g->cause, "entries") == 0
    || strcmp (g->cause, "unknown") == 0
    || strcmp (g->cause, "onehot-moved") == 0;
}

/* What the line of g's mistake shows, for a backward slice; -1 when the
 * cause says nothing of it. */
static int
slice_shows (const bp_gradcheck_grad *g)
{
  if ((strstr (g->cause, "reg-") && !strstr (g->cause, "reg-missing"))
      || strncmp (g->cause, "operand:", 8) == 0)
    return BP_SHOWS_NAME;   /* reg, also in a sum of causes (scale + reg) */
  if (strcmp (g->cause, "relu-mask-sign") == 0
      || strcmp (g->cause, "relu-swapped") == 0)
    return BP_SHOWS_COMPARISON;   /* the mask made from the wrong matrix */
  if (strncmp (g->cause, "relu-", 5) == 0)
    return BP_SHOWS_TEST;         /* the mask's test itself */
  if (strcmp (g->cause, "masked-in-place") == 0)
    return BP_SHOWS_MASKING;
  if (strcmp (g->cause, "onehot-reversed") == 0)
    return BP_SHOWS_FROM_ONE;     /* 1 - p written, p - 1 meant */
  if (strcmp (g->cause, "onehot-sign") == 0
      || strcmp (g->cause, "onehot-moved") == 0)
    return BP_SHOWS_LABELS;       /* where the one-hot is made */
  if (strncmp (g->cause, "onehot", 6) == 0)
    return BP_SHOWS_COMPARISON;   /* the test that makes the one-hot */
  if (strcmp (g->cause, "sign") == 0)
    return BP_SHOWS_MINUS;
  if (strcmp (g->cause, "overwrites") == 0)
    return BP_SHOWS_OVERWRITE;  /* = where += belongs */
  if (strcmp (g->cause, "softmax-axis") == 0
      || strcmp (g->cause, "softmax-sum") == 0
      || strcmp (g->cause, "softmax-max") == 0)
    return BP_SHOWS_SUM;        /* a softmax's denominator */
  if (strcmp (g->cause, "softmax-reset") == 0)
    return BP_SHOWS_ZEROED;     /* its reset, once only */
  if (strcmp (g->cause, "softmax-unnormalised") == 0)
    return BP_SHOWS_NAME;       /* the exponential, never divided */
  if ((strcmp (g->cause, "unknown") == 0
       || strcmp (g->cause, "entries") == 0) && g->id == BP_DZ1)
    return BP_SHOWS_COMPARISON; /* dz1's own mistakes are in its mask */
  if (strcmp (g->cause, "zero") == 0 && g->id == BP_DB2)
    return BP_SHOWS_ROW;        /* dz2's rows sum to zero, not its columns */
  if (strcmp (g->cause, "zero") == 0)
    return BP_SHOWS_INT_DIVISION;
  if (strncmp (g->cause, "scale:", 6) == 0 && atof (g->cause + 6) < 1.0
      && atof (g->cause + 6) > 0.0
      && fabs (1.0 / atof (g->cause + 6)
               - round (1.0 / atof (g->cause + 6))) < 1e-3)
    return BP_SHOWS_DIVISION;   /* a division once too often (by k) */
  if (strncmp (g->cause, "scale:", 6) == 0 && !strchr (g->cause, '+')
      && fabs (atof (g->cause + 6) - round (atof (g->cause + 6))) > 1e-3)
    return BP_SHOWS_DIVISOR;    /* N/D = 1.4: divided by the wrong count */
  return -1;
}

/* The name that what g's cause shows (slice_shows) is looked for by:
 * its operand, exp for a softmax, the gradient for = where += belongs,
 * y for a one-hot's labels (the template's name), else reg. */
static const char *
shown_name (const bp_gradcheck_grad *g)
{
  return strncmp (g->cause, "operand:", 8) == 0 ? g->cause + 8
    : strncmp (g->cause, "softmax-", 8) == 0 ? "exp"
    : slice_shows (g) == BP_SHOWS_OVERWRITE ? bp_grad_name (g->id)
    : slice_shows (g) == BP_SHOWS_LABELS ? "y" : "reg";
}

/* The usual name of the size of gradient id's rows: C for dz2, dW2 and
 * db2, H for dp1, dz1, dW1 and db1. */
static const char *
row_size (int id)
{
  return id == BP_DZ2 || id == BP_DW2 || id == BP_DB2 ? "C" : "H";
}

/* The usual names of the two sizes of the entries a flat loop for
 * gradient id walks (which 0 or 1): N x C for dz2 and db2 (its sum), N x
 * H for dp1, dz1 and db1, H x C for dW2, D x H for dW1. */
static const char *
shape (int id, int which)
{
  static const char *const sizes[BP_NGRADS][2] = {
    [BP_DZ2] = { "N", "C" }, [BP_DW2] = { "H", "C" }, [BP_DB2] = { "N", "C" },
    [BP_DP1] = { "N", "H" }, [BP_DZ1] = { "N", "H" }, [BP_DW1] = { "D", "H" },
    [BP_DB1] = { "N", "H" } };

  return sizes[id][which];
}

/* Move w to line l of its file, with that line's text. */
static void
move_to (bp_sandbox_line *w, int l, const char *text)
{
  w->line = l;
  snprintf (w->text, sizeof w->text, "%s", text);
}

/* A wrong operand that reaches a helper: the call of the helper that
 * made the first or last store, for g's layer (it names g, or the weight
 * of its layer), and back from that call to the line that names the
 * operand (hidden = cache->z1; ... affine (g->dz2, hidden, net->W2 ...)).
 * The line, or 0. */
static int
operand_at_call (const bp_gradcheck_grad *g, bp_sandbox_result *res,
                 const bp_sandbox_line *w, const char *operand,
                 const bp_slice_lines *right, char *text, size_t len)
{
  const char *grad = bp_grad_name (g->id);
  const char *weight = g->id <= BP_DP1 ? "W2" : g->id == BP_DZ1 ? grad : "W1";
  bp_sandbox_line f;
  int call = 0;

  if (bp_sandbox_where_first (res, g->id, g->bad, &f) != 0 || f.line <= 0)
    f = *w;
  for (int k = 0; k < 4 && call == 0; k++)
    call = bp_srcline_caller (k < 2 ? f.file : w->file,
                              k < 2 ? f.line : w->line,
                              k % 2 ? weight : grad, k % 2 ? weight : grad,
                              NULL, 0);
  return call > 0 ? bp_slice_back (w->file, call, grad, BP_SHOWS_NAME,
                                   operand, right, text, len) : 0;
}

/* Does statement text only give another name to an array (gsl_matrix
 * *d = g->dp1;, h = cache->z1;)? */
static int
names_alias (const char *text)
{
  char value[LINE_MAX_LEN];
  const char *v = bp_text_stored_expression (text, value, sizeof value);

  if (v == NULL || strchr (text, '(') != NULL)
    return 0;
  v += strspn (v, " \t");
  v += strspn (v, "abcdefghijklmnopqrstuvwxyz"
               "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_->. \t");
  return *v == ';' || *v == '\0';
}

/* Does statement text only declare names for arrays, one of them the
 * gradient `operand' for writing (gsl_matrix *w = net->W2, *W = g->dW2;)?
 * Then that name is right, and its use in place of another is the
 * mistake. */
static int
gradient_alias (const char *operand, const char *text)
{
  char arrow[NAME_LEN + 2];

  snprintf (arrow, sizeof arrow, "->%s", operand);
  return operand[0] == 'd' && strchr (text, '(') == NULL
    && strchr (text, '=') != NULL && strstr (text, arrow) != NULL
    && !bp_text_mentions (text, "const");
}

/* Does statement text set up a table of g's gradients only (gsl_matrix
 * *dW[2] = { g->dW1, g->dW2 };)?  The table is right; the entry a store
 * takes from it may not be. */
static int
gradient_table (const char *text)
{
  const char *p = strchr (text, '{'), *e = p ? strchr (p, '}') : NULL;
  int items = 0;

  while (p && e && p < e)
    {
      const char *q = p + 1 + strspn (p + 1, " \t");
      size_t k = strcspn (q, ",}");
      char item[LINE_MAX_LEN];
      snprintf (item, sizeof item, "%.*s", (int) k, q);
      if (!strstr (item, "->d") || strpbrk (item, "()[]+*/"))
        return 0;
      items++;
      p = q + k;
      if (*p == '}')
        break;
    }
  return items > 0;
}

/* Does the store text copy, as it is, an array named for another
 * gradient (gsl_vector_set (g->db2, c, db1[c]), memcpy (g->dW2, dW1,
 * ...))?  Then the copy took the wrong one. */
static int
copies_other_gradient (const bp_gradcheck_grad *g, const char *text)
{
  char e[LINE_MAX_LEN], dst[LINE_MAX_LEN], name[NAME_LEN];
  int id;

  if (bp_text_copy_arguments (text, dst, e, sizeof e))
    ;
  else if (bp_text_stored_expression (text, e, sizeof e) == NULL)
    return 0;
  e[strcspn (e, "[-.")] = '\0';  /* db1[c], dW1->data: the array */
  if (!bp_text_array_name (e, name))
    return 0;
  id = bp_grad_lookup (name);
  return id >= 0 && id != (int) g->id;
}

/* The nearest line before line `before' of buf (the file path), in its
 * function, that clears the array name whole (memset, set_zero), or 0. */
static int
array_clear (char buf[][LINE_MAX_LEN], const char *path, const char *name,
             int before)
{
  for (int l = before - 1; l >= 1
         && bp_srcline_same_function (path, l, before); l--)
    if ((strstr (buf[l - 1], "memset") || strstr (buf[l - 1], "set_zero"))
        && bp_text_mentions (buf[l - 1], name))
      return l;
  return 0;
}

/* A static array (declared at line decl) that the store at line store
 * reads, kept from the call before although a line before the store, in
 * its function, clears it (memset (acc->data, 0, acc->size1 * sizeof
 * (double)) where a D x H array wants D * H): that clear, which falls
 * short.  Returns it (its text into text), or 0. */
static int
kept_reset (const char *path, int decl, int store, char *text, size_t len)
{
  int n, found = 0;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);
  char name[NAME_LEN];

  if (buf != NULL && decl >= 1 && decl <= n && store <= n
      && bp_text_declared_name (buf[decl - 1], name, sizeof name))
    found = array_clear (buf, path, name, store);
  return bp_text_done (buf, found, 1, text, len);
}

/* A sum taken in an array (b1grad[j] += v;, at line made) that holds
 * only the last pass of its outer loop: the clear of that array
 * (memset, set_zero) inside that loop, before the sum.  Returns it (its
 * text into text), or 0. */
static int
clear_in_loop (const char *path, int made, char *text, size_t len)
{
  int n, found = 0;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);
  char into[LINE_MAX_LEN], name[NAME_LEN];

  if (buf != NULL && made >= 1 && made <= n && strstr (buf[made - 1], "+="))
    {
      bp_text_stored_into (buf[made - 1], into, sizeof into);
      size_t indent;
      int head;
      if (bp_text_array_name (into, name)
          && (found = array_clear (buf, path, name, made)) > 0)
        {                       /* (the loop around the clear holds the
                                   sum too) */
          indent = bp_text_indent (buf[found - 1]);
          head = bp_text_enclosing_head (buf, found, &indent);
          if (!(head > 0 && bp_text_is_for (buf[head - 1])
                && bp_srcline_in_block (path, head, made)
                && bp_text_indent (buf[made - 1])
                   > bp_text_indent (buf[head - 1])))
            found = 0;
        }
    }
  return bp_text_done (buf, found, 1, text, len);
}

/* The head of a for loop, among the 3 lines just before line `line' of
 * path, that sets a pointer into the array name and steps it (for (c =
 * 0, r = W2->data + h; c < C; c++, r += H)).  Returns it (its text into
 * text), or 0. */
static int
walking_head (const char *path, int line, const char *name, char *text,
              size_t len)
{
  char buf[3][LINE_MAX_LEN];
  int from = line > 3 ? line - 3 : 1, n = 0, found = 0;
  const char *t;

  if (line > 1)
    n = bp_text_read_into (path, from, line - 1, buf);
  for (int l = line - 1; l >= from && l - from < n && found == 0; l--)
    {
      t = buf[l - from] + strspn (buf[l - from], " \t");
      if (strncmp (t, "for", 3) == 0 && !isalnum ((unsigned char) t[3])
          && bp_text_mentions (t, name) && strstr (t, "->data")
          && (strstr (t, "+=") || strstr (t, "++")))
        found = l;
    }
  if (found > 0 && text != NULL)
    snprintf (text, len, "%s", buf[found - from]
              + strspn (buf[found - from], " \t"));
  return found;
}

/* A line before the store at line `store', in its function, that sets
 * reg itself to 0 (if (1) reg = 0.0; left from debugging): every
 * penalty after it is lost there.  Returns it (its text into text), or
 * 0. */
static int
reg_zeroed (const char *path, int store, char *text, size_t len)
{
  int n, found = 0;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);

  for (int l = store - 1; buf && l >= 1 && l <= n && found == 0; l--)
    {
      const char *t = buf[l - 1], *p;
      size_t op;
      double v;
      if (bp_text_function_edge (t))
        break;
      for (p = strstr (t, "reg"); p && found == 0; p = strstr (p + 1, "reg"))
        {
          const char *q = p + 3 + strspn (p + 3, " \t");
          if (bp_text_word_at (t, p, 3) && bp_text_assignment_at (q, 0, &op)
              && op == 1 && bp_text_number (q + 1, strcspn (q + 1, ";"), &v)
              && v == 0)
            found = l;
        }
    }
  return bp_text_done (buf, found, 1, text, len);
}

/* Is text a copy of bytes (memcpy, memmove), which keeps the values'
 * order whatever the shapes? */
static int
flat_copy (const char *text)
{
  return (strstr (text, "memcpy") || strstr (text, "memmove"))
    && !strstr (text, "gsl_");
}

/* Is the store at w the one copy of bytes into a gradient in its
 * function (memcpy (g->dW2->data, dW2t->data, ...) where the others are
 * transposed back)?  Where a transpose belongs, that copy is the
 * mistake; where every gradient is copied so, the array copied was made
 * in the wrong layout. */
static int
lone_flat_copy (const bp_sandbox_line *w)
{
  int n, others = 0;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (w->file, &n);
  char dst[LINE_MAX_LEN];

  if (!flat_copy (w->text))
    others = 1;
  for (int l = 1; buf && l <= n && !others; l++)
    if (l != w->line && flat_copy (buf[l - 1])
        && bp_text_copy_arguments (buf[l - 1], dst, NULL, sizeof dst)
        && bp_srcline_same_function (w->file, l, w->line))
      for (int id = 0; id < BP_NGRADS; id++)
        others |= bp_text_mentions (dst, bp_grad_name (id));
  free (buf);
  return !others;
}

/* Does the store text copy into g, whole, an array that a struct of the
 * student's holds (gsl_matrix_memcpy (g->dW1, G.dW1), or from
 * grads->dhidden): gradients kept in a struct of their own and copied
 * into g at the end? */
static int
copies_own_member (const char *text)
{
  static const char id[] = "abcdefghijklmnopqrstuvwxyz"
    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_";
  char dst[LINE_MAX_LEN], src[LINE_MAX_LEN], base[NAME_LEN];
  const char *d = dst, *s = src, *m;
  size_t n, k;

  if (!bp_text_copy_arguments (text, dst, src, sizeof dst))
    return 0;
  d += strspn (d, " \t&(");
  s += strspn (s, " \t&(");
  n = strspn (d, id);
  k = strspn (s, id);
  m = s + k + (s[k] == '.' ? 1 : strncmp (s + k, "->", 2) == 0 ? 2 : 0);
  if (k == 0 || k >= sizeof base || m == s + k)
    return 0;
  snprintf (base, sizeof base, "%.*s", (int) k, s);
  return n > 0 && strncmp (d + n, "->", 2) == 0
    && !(n == k && strncmp (d, s, n) == 0)
    && bp_grad_lookup (base) < 0        /* (not dW2->v: an array's own) */
    && strspn (m, id) > 1 && strncmp (m, "data", 4) != 0
    && strncmp (m, "matrix", 6) != 0 && strncmp (m, "vector", 6) != 0;
}

int
bp_place_unwrap (bp_sandbox_line *w)
{
  char text[sizeof w->text];
  int l, k;

  if (w->others || !copies_own_member (w->text)
      || (l = bp_srcline_copied (w->file, w->line, text, sizeof text)) <= 0)
    return 0;
  if ((k = bp_srcline_made_in_helper (w->file, w->line, l, text,
                                      sizeof text)) > 0)
    l = k;                      /* made by a helper: its store, as if
                                   given g's own array */
  move_to (w, l, text);
  l = bp_srcline_mistake (w->file, w->line, w->computed_text,
                          sizeof w->computed_text);
  w->computed = l != w->line ? l : 0;
  return 1;
}

/* Does the store at w copy an array of the student's that a store
 * before it filled (gsl_vector_set (g->db2, c, adj_b2[c]) after adj_b2[c]
 * = ...), not one a pointer walks (d = dz1->data + i * tda)? */
static int
copies_stored_array (const bp_sandbox_line *w)
{
  char made[sizeof w->text];
  const char *eq;

  return bp_srcline_copied (w->file, w->line, made, sizeof made) > 0
    && !((eq = strchr (made, '=')) != NULL
         && memchr (made, '*', (size_t) (eq - made)) != NULL);
}

/* Is line `line' of path one that makes a right gradient too? */
static int
in_right (const bp_slice_lines *right, const char *path, int line)
{
  for (int i = 0; right && strcmp (right->file, path) == 0 && i < right->n;
       i++)
    if (right->line[i] == line)
      return 1;
  return 0;
}

/* Does statement text declare a number read from one entry (double zh =
 * gsl_matrix_get (cache->z1, i, h);), no view, no sum?  Its name into
 * var. */
static int
scalar_read (const char *text, char *var, size_t len)
{
  return (strncmp (text, "double ", 7) == 0
          || strncmp (text, "float ", 6) == 0)
    && !strpbrk (text, "*+/") && bp_text_declared_name (text, var, len);
}

/* Is the statement text, at line l, a number read from one entry
 * (scalar_read) that a line after it, up to w's, also gives another
 * gradient (double t = G (dp1, i, j); S (dz1, i, j, z > 0 ? t : 0);
 * b1[j] += t;)?  Then the read is right, and this gradient's use of it is
 * the mistake. */
static int
read_for_other (const bp_gradcheck_grad *g, const bp_sandbox_line *w, int l,
                const char *text)
{
  char var[NAME_LEN];

  if (l >= w->line || !scalar_read (text, var, sizeof var))
    return 0;
  for (int id = 0; id < BP_NGRADS; id++)
    {
      char other[sizeof w->text], into[sizeof w->text];
      if (id != (int) g->id
          && bp_srcline_named_with (w->file, l, w->line, var,
                                    bp_grad_name (id), other,
                                    sizeof other) > 0)
        {
          bp_text_stored_into (other, into, sizeof into);
          if (bp_text_mentions (into, bp_grad_name (id)))
            return 1;           /* (stored into it, not read beside) */
        }
    }
  return 0;
}

/* For a read that read_for_other says is right (at line l, text text):
 * the line after it that made what w's store stores from the number it
 * read (bsum += d;), or the one back along what the store reads that
 * names it, into w; or w left at its store. */
static void
to_use (const bp_gradcheck_grad *g, bp_sandbox_line *w, int l,
        const char *text)
{
  char var[NAME_LEN], use[sizeof w->text];
  int k;

  if (!scalar_read (text, var, sizeof var))
    return;
  if (w->computed > l && bp_text_mentions (w->computed_text, var))
    move_to (w, w->computed, w->computed_text); /* the sum (bsum += d;) */
  else if ((k = bp_slice_back (w->file, w->line, bp_grad_name (g->id),
                               BP_SHOWS_NAME, var, NULL, use,
                               sizeof use)) > l)
    move_to (w, k, use);
}

/* The line back along what the store reads that names operand, also
 * among the lines that make right gradients (a helper's call that writes
 * dW2 and db2, given a view of z1 where p1 belongs: the view is the
 * mistake), unless it compares or only names an array (d = g->dp1;,
 * dW[] = { g->dW1, g->dW2 };); its text into text; or 0. */
static int
named_past_right (const bp_gradcheck_grad *g, const bp_sandbox_line *w,
                  const char *operand, const bp_slice_lines *right,
                  char *text, size_t len)
{
  int l = bp_slice_back (w->file, w->line, bp_grad_name (g->id),
                         BP_SHOWS_NAME, operand, NULL, text, len), k;
  char var[NAME_LEN], use[sizeof ((bp_sandbox_line *) NULL)->text];

  if (!(l > 0 && bp_text_mentions (text, operand)
        && !bp_text_compares (text) && !names_alias (text)
        && !gradient_table (text)))
    return 0;
  if (in_right (right, w->file, l) && scalar_read (text, var, sizeof var)
      && (k = bp_slice_back (w->file, w->line, bp_grad_name (g->id),
                             BP_SHOWS_NAME, var, NULL, use,
                             sizeof use)) > l)
    {                           /* a value read once for a right gradient
                                   too (double zh = z1[i][h], the mask's):
                                   where this gradient uses it */
      snprintf (text, len, "%s", use);
      return k;
    }
  return l;
}

/* Is statement text a whole copy of the operand into an array of the
 * student's (gsl_matrix_memcpy (probabilities, cache->prob))?  That
 * array's name into name. */
static int
copy_of (const char *text, const char *operand, char *name, size_t len)
{
  char dst[LINE_MAX_LEN], src[LINE_MAX_LEN];

  return bp_text_copy_arguments (text, dst, src, sizeof dst)
    && bp_text_mentions (src, operand)
    && !bp_text_mentions (dst, operand) && !strstr (dst, "->d")
    && bp_text_array_name (dst, name) && strlen (name) < len;
}

/* Does statement text point a variable of the student's into the
 * operand's entries (const double *pr = cache->prob->data + i * tda,
 * double *dp = gsl_matrix_ptr (g->dp1, i, 0), gsl_vector_view dh =
 * gsl_matrix_row (g->dp1, n))?  That variable's
 * name into name. */
static int
pointer_into (const char *text, const char *operand, char *name, size_t len)
{
  const char *eq = strchr (text, '='), *p;
  size_t k = 0;

  if (eq == NULL || eq == text || eq[1] == '=' || strchr ("!<>=+-*/", eq[-1])
      || !bp_text_mentions (eq + 1, operand)
      || !(((strstr (eq + 1, "->data") || strstr (eq + 1, "_ptr")
             || strstr (eq + 1, "PTR")) && strchr (text, '*'))
           || strstr (eq + 1, "row") || strstr (eq + 1, "ROW")
           || strstr (eq + 1, "_view")))
    return 0;
  for (p = eq; p > text && strchr (" \t", p[-1]); p--)
    ;
  while (p > text && (isalnum ((unsigned char) p[-1]) || p[-1] == '_'))
    p--, k++;
  if (k == 0 || k >= len || isdigit ((unsigned char) *p))
    return 0;
  snprintf (name, len, "%.*s", (int) k, p);
  return 1;
}

/* Is statement text a whole copy into dz2 from an array whose name is
 * not one students give the probabilities (gsl_matrix_memcpy (g->dz2,
 * logprobs))? */
static int
copied_from_other (const char *text)
{
  char src[LINE_MAX_LEN], name[NAME_LEN];

  return bp_text_copy_arguments (text, NULL, src, sizeof src)
    && bp_text_array_name (src, name) && strcmp (name, "prob") != 0
    && !bp_slice_usual_name ("prob", name);
}

/* Does statement text, at line `line' of path, read an array that the
 * function divides only as it stores it into a gradient (total +=
 * dscores[i * C + c]; with gsl_matrix_set (g->dz2, i, c, dscores[...] /
 * N) elsewhere)? */
static int
sums_unscaled (const char *path, int line, const char *text)
{
  char e[LINE_MAX_LEN], names[MAX_NAMES][NAME_LEN], target[NAME_LEN];

  return bp_text_stored_expression (text, e, sizeof e)
    && !strchr (e, '/') && bp_text_variable_names (e, names) > 0
    && !(bp_text_target_name (text, target, sizeof target)
         && strcmp (target, names[0]) == 0)
    && bp_srcline_divided_into_gradient (path, line, names[0]);
}

/* Is name one for a scratch copy (tmp, temp, copy, work)? */
static int
scratch_name (const char *name)
{
  static const char *const words[] = { "tmp", "temp", "Tmp", "Temp",
    "copy", "Copy", "work", "scratch", NULL };

  for (size_t k = 0; words[k]; k++)
    if (strncmp (name, words[k], strlen (words[k])) == 0)
      return 1;
  return 0;
}

/* Does statement text take the one-hot away: a matrix named for it
 * (gsl_matrix_sub (g->dz2, onehot)), or 1 at a label (d[y[i]] -= 1.0)? */
static int
onehot_store (const char *text)
{
  return strstr (text, "onehot") || strstr (text, "one_hot")
    || strstr (text, "oneHot")
    || (bp_text_mentions (text, "y") && (strstr (text, "- 1")
                                         || strstr (text, "-= 1")));
}

/* Does statement text take one away from a variable (p -= 1.0;)? */
static int
takes_one (const char *text)
{
  const char *p = strstr (text, "-=");
  double v;

  return p && bp_text_number (p + 2, strlen (p + 2), &v) && v == 1.0;
}

/* Is statement text a plain assignment (s = e;, not s += e;)? */
static int
plain_assignment (const char *text)
{
  const char *eq = strchr (text, '=');

  return eq && eq > text && eq[1] != '=' && !strchr ("+-*/!<>=", eq[-1]);
}

/* Does text choose 0 in one arm of a ?: (k == y[n] ? P - 1 : 0.0)? */
static int
zero_arm (const char *text)
{
  const char *q = strchr (text, '?'), *c = q ? strchr (q, ':') : NULL;
  double v;

  return c != NULL
    && ((bp_text_number (c + 1, strcspn (c + 1, ",);"), &v) && v == 0.0)
        || (bp_text_number (q + 1, (size_t) (c - q - 1), &v) && v == 0.0));
}

/* Does statement text store, as it is, an element of the array name
 * (dz[j] = dp[j];)? */
static int
element_copy (const char *text, const char *name)
{
  char e[LINE_MAX_LEN], callee[NAME_LEN];
  const char *p;

  if (bp_text_called_name (text, callee, sizeof callee)
      || bp_text_stored_expression (text, e, sizeof e) == NULL)
    return 0;                   /* (a call's last argument is no copy) */
  p = e + strspn (e, " \t");
  if (strncmp (p, name, strlen (name)) != 0)
    return 0;
  p += strlen (name);
  if (*p == '[' && (p = strchr (p, ']')) != NULL)
    p++;
  return p && p[strspn (p, " \t;")] == '\0';
}

/* Does the call in statement text pass a flag (0, 1, true, false, a
 * Cblas constant) among its arguments? */
static int
passes_flag (const char *text)
{
  const char *open = strchr (text, '(');
  char arg[LINE_MAX_LEN], t[LINE_MAX_LEN];

  for (int k = 0; open && bp_text_list_item (open, k, arg, sizeof arg); k++)
    {
      bp_text_trim_into (arg, t, sizeof t);
      if (strcmp (t, "0") == 0 || strcmp (t, "1") == 0
          || strcmp (t, "true") == 0 || strcmp (t, "false") == 0
          || strncmp (t, "Cblas", 5) == 0)
        return 1;
    }
  return 0;
}

/* Does a line that makes a right gradient (of right) name name?  With
 * made > 0 (the line where name is made), only a line other than `line'
 * and made, in made's block, that reads name in what it stores. */
static int
feeds_right (const char *path, const bp_slice_lines *right, const char *name,
             int line, int made)
{
  for (int i = 0; right && strcmp (right->file, path) == 0 && i < right->n;
       i++)
    {
      char text[LINE_MAX_LEN], e[LINE_MAX_LEN];
      int m = bp_srcline_mentions (path, right->line[i], name, text,
                                   sizeof text);
      if (m > 0 && (made <= 0
                    || (m != line && m != made
                        && bp_srcline_in_block (path, made, m)
                        && bp_text_stored_expression (text, e, sizeof e)
                        && bp_text_mentions (e, name))))
        return 1;
    }
  return 0;
}

/* Does statement text name name only as the array it stores into
 * (gsl_matrix_set (g->dp1, i, j, d);), not in what it stores? */
static int
only_written (const char *text, const char *name)
{
  char e[LINE_MAX_LEN], into[LINE_MAX_LEN];

  if (bp_text_stored_expression (text, e, sizeof e) == NULL)
    return 0;
  bp_text_stored_into (text, into, sizeof into);
  return bp_text_mentions (into, name) && !bp_text_mentions (e, name);
}

/* Is the store at w a whole copy (gsl_matrix_memcpy, transpose_memcpy)
 * of an array that no zero of a mask before it, in its function, goes
 * into, while another array's entries are zeroed there (dz1T masked,
 * dp1T copied)? */
static int
copies_other_than_masked (const bp_sandbox_line *w)
{
  char dst[LINE_MAX_LEN], src[LINE_MAX_LEN], name[NAME_LEN];
  char masked[NAME_LEN];

  return bp_text_copy_arguments (w->text, dst, src, sizeof dst)
    && bp_text_array_name (src, name)
    && bp_srcline_zeroed_before (w->file, w->line, masked, sizeof masked) > 0
    && strcmp (masked, name) != 0;
}

/* The first part of bp_place_root: a name the cause gives (an operand, reg),
 * at the store's line, the line that computed it, the first store's
 * line, a line shortly before, or a helper's call.  Moves w and returns 1
 * when one of them names it. */
static int
place_by_name (const bp_gradcheck_grad *g, bp_sandbox_result *res,
               bp_sandbox_line *w, const bp_slice_lines *right)
{
  int reg = strncmp (g->cause, "reg-", 4) == 0;
  const char *operand = strncmp (g->cause, "operand:", 8) == 0
    ? g->cause + 8 : NULL;
  const char *named = operand ? operand
    : reg && strcmp (g->cause, "reg-missing") != 0 ? "reg" : NULL;
  char text[sizeof w->text], callee[NAME_LEN], alias[NAME_LEN];
  char store_text[sizeof w->text];
  bp_sandbox_line f;
  int l = 0, k, store_line = w->line;

  snprintf (store_text, sizeof store_text, "%s", w->text);

  if (operand && bp_slice_helper_calls (w->file, w->line) > 1
      && (l = bp_srcline_call_through (w->file, w->line,
                                       bp_grad_name (g->id), operand, text,
                                       sizeof text)) > 0)
    move_to (w, l, text);         /* a helper that serves both layers,
                                     given the wrong operand at one call */
  else if (strncmp (g->cause, "reg-factor", 10) == 0
           && (l = bp_srcline_named_macro (w->file, w->line, "reg", text,
                                           sizeof text)) > 0)
    move_to (w, l, text);         /* a macro's penalty (#define RG(w) (reg
                                     * (w))) */
  else if (strncmp (g->cause, "reg-factor", 10) == 0
      && ((l = bp_srcline_constant (w->file, w->line, text,
                                    sizeof text)) > 0
          || (w->computed > 0
              && (l = bp_srcline_constant (w->file, w->computed, text,
                                           sizeof text)) > 0)))
    move_to (w, l, text);         /* the penalty's factor, named elsewhere */
  else if (named && (l = bp_srcline_mentions (w->file, w->line, named, text,
                                              sizeof text)) > 0
           && !only_written (text, named))
    move_to (w, l, text);
  else if (reg && w->computed > 0
           && bp_srcline_value_alias (w->file, w->line, "reg", alias,
                                      sizeof alias)
           && !bp_srcline_mentions (w->file, w->line, alias, NULL, 0)
           && (l = bp_srcline_mentions (w->file, w->computed, alias, text,
                                        sizeof text)) > 0)
    move_to (w, l, text);         /* reg under a name of its own (lam =
                                     (float) reg), on the line that made
                                     the stored value */
  else if (strncmp (g->cause, "reg-factor", 10) == 0
           && (strstr (w->text, "_add") || strstr (w->text, "axpy"))
           && (l = bp_slice_back (w->file, w->line, bp_grad_name (g->id),
                                  BP_SHOWS_NAME, "reg", NULL, text,
                                  sizeof text)) > 0
           && bp_srcline_same_function (w->file, l, w->line)
           && !bp_srcline_looped_after (w->file, l, w->line))
    move_to (w, l, text);         /* a penalty made in an array of its own
                                     (scale (tmp, reg)), then added */
  else if (strstr (g->cause, "reg-missing") && strstr (w->text, "_add")
           && (l = bp_srcline_addend_copy (w->file, w->line, text,
                                           sizeof text)) > 0)
    move_to (w, l, text);         /* a penalty array copied from something
                                     else than the weight */
  else if (strncmp (g->cause, "reg-factor", 10) == 0
           && strstr (w->text, "_add")
           && (l = bp_srcline_scaled_addend (w->file, w->line, text,
                                             sizeof text)) > 0
           && !bp_srcline_looped_after (w->file, l, w->line))
    move_to (w, l, text);         /* the same, its factor under another
                                     name (layer->weight_decay) or the
                                     lines wrapped in a macro */
  else if (operand && (l = bp_srcline_holds (w->file, w->line,
                                             operand)) > 0)
    {                             /* the store reads the operand's value
                                     under another name: it stays */
    }
  else if (operand && (l = bp_slice_back (w->file, w->line,
                                          bp_grad_name (g->id), BP_SHOWS_NAME,
                                          operand, right, text,
                                          sizeof text)) > 0
           && (strstr (text, operand) || !bp_text_called_name (text, callee,
                                                               sizeof callee))
           && !gradient_table (text)
           && !bp_srcline_paired_alias (w->file, l, operand))
    {
      if (read_for_other (g, w, l, text))
        to_use (g, w, l, text);   /* (a number read right, for another
                                     gradient too: where this one uses
                                     it) */
      else
        move_to (w, l, text);
    }                             /* back along what the store reads (a
                                     helper's call only if it names it; not
                                     a table of g's arrays, dW[] = { g->dW1,
                                     g->dW2 }: the store took the wrong
                                     entry) */
  else if (named && w->computed > 0
           && (l = bp_srcline_mentions (w->file, w->computed, named, text,
                                        sizeof text)) > 0)
    {
      if (read_for_other (g, w, l, text))
        to_use (g, w, l, text);
      else
        move_to (w, l, text);
    }
  else if (named && bp_sandbox_where_first (res, g->id, g->bad, &f) == 0
           && f.line > 0 && (l = bp_srcline_mentions (f.file, f.line, named,
                                                      text, sizeof text)) > 0)
    {
      *w = f;
      move_to (w, l, text);
    }
  else if (operand && bp_srcline_copied_from (w->file, w->line, operand,
                                              alias, sizeof alias) > 0
           && (l = bp_slice_back (w->file, w->line, bp_grad_name (g->id),
                                  BP_SHOWS_NAME, alias, right, text,
                                  sizeof text)) > 0)
    move_to (w, l, text);         /* under the name it is copied from
                                     into g */
  else if (operand && (l = bp_srcline_named_before (w->file, w->line, operand,
                                                    text, sizeof text)) > 0
           && !gradient_alias (operand, text))
    {
      char dst[LINE_MAX_LEN], src[LINE_MAX_LEN];
      char names[MAX_NAMES][NAME_LEN];
      if ((in_right (right, w->file, l)
           && scalar_read (text, names[0], sizeof names[0]))
          || read_for_other (g, w, l, text))
        to_use (g, w, l, text);   /* a number read right, for another
                                     gradient too: where this one uses
                                     it */
      else if (bp_srcline_stored_elsewhere (w->file, l, w->line)
          || (bp_text_copy_arguments (text, dst, src, sizeof dst)
              && bp_text_mentions (src, operand)
              && bp_text_array_name (dst, names[0])
              && bp_text_mentions (w->text, names[0])))
        l = w->line;              /* a value that goes, as it is, into
                                     another array too, or a copy of the
                                     operand (memcpy (g->dz1, g->dp1))
                                     read before it was changed: the store
                                     took the wrong one */
      else if (bp_text_copy_arguments (text, dst, src, sizeof dst)
               && bp_text_mentions (dst, operand)
               && bp_text_bare_variable (src)
               && (k = bp_srcline_named_with (w->file, l, w->line,
                                              src + strspn (src, " \t"),
                                              bp_grad_name (g->id), text,
                                              sizeof text)) > 0)
        move_to (w, l = k, text); /* the operand's copy (memcpy (g->dp1,
                                     dh)): where dh goes into this
                                     gradient */
      else if (only_written (text, operand)
               && bp_text_stored_expression (text, src, sizeof src)
               && bp_text_bare_variable (src)
               && bp_text_variable_names (src, names) == 1
               && (k = bp_srcline_feeds_store (w->file, l, w->line,
                                               names[0], text,
                                               sizeof text)) > 0)
        move_to (w, l = k, text); /* the operand stored from a variable (dp
                                     [j] = d) that also goes, under another
                                     name, into this gradient (hsum[j] +=
                                     d): there */
      else
        move_to (w, l, text);
    }
  else if (operand && (l = bp_srcline_caller (w->file, w->line, operand,
                                              bp_grad_name (g->id), text,
                                              sizeof text)) > 0)
    move_to (w, l, text);         /* a helper given the wrong operand */
  else if (operand && (l = operand_at_call (g, res, w, operand, right,
                                            text, sizeof text)) > 0)
    move_to (w, l, text);         /* given to a helper under another name */
  else if (operand && (l = named_past_right (g, w, operand, right, text,
                                              sizeof text)) > 0)
    move_to (w, l, text);         /* named on a line that feeds a right
                                     gradient too */
  else if (strcmp (g->cause, "masked-in-place") == 0
           && (l = bp_srcline_caller (w->file, w->line, bp_grad_name (g->id),
                                      bp_grad_name (g->id), text,
                                      sizeof text)) > 0)
    move_to (w, l, text);         /* a helper given it as its output */
  else if (strcmp (g->cause, "read-early") == 0
           && (l = bp_slice_call_of (w->file, w->line, bp_grad_name (g->id),
                                     text, sizeof text)) > 0)
    move_to (w, l, text);         /* a helper called before its inputs */
  else if (reg && !strstr (w->text, "reg")
           && !bp_srcline_copied_helper (w->file, w->line,
                                         bp_grad_name (g->id), NULL, 0)
           && !(!named && bp_srcline_body_mentions (w->file, w->line,
                                                    "reg"))
           && (l = bp_srcline_caller (w->file, w->line, named ? "reg"
                                      : bp_grad_name (g->id),
                                      bp_grad_name (g->id), text,
                                      sizeof text)) > 0
           && (named || bp_slice_helper_calls (w->file, w->line) > 1
               || bp_text_mentions (text, "reg")))
    move_to (w, l, text);         /* a helper's penalty, or none: its call
                                     (but a helper that makes the penalty
                                     and loses it: its store) */
  if (l == 0 && strncmp (g->cause, "reg-factor", 10) == 0
      && ((k = bp_srcline_copied_helper (w->file, w->line,
                                         bp_grad_name (g->id), text,
                                         sizeof text)) > 0
          || (k = bp_srcline_copied (w->file, w->line, text,
                                     sizeof text)) > 0)
      && bp_text_mentions (text, "reg"))
    move_to (w, l = k, text);     /* copied into g from an array of the
                                     student's: its penalty */
  else if (l == 0 && strncmp (g->cause, "reg-factor", 10) == 0
      && (k = bp_slice_near (w->file, w->line, 8, BP_SHOWS_NAME, "reg", NULL,
                             0)) > 0
      && (l = bp_srcline_constant (w->file, k, text, sizeof text)) > 0)
    move_to (w, l, text);         /* the factor, named elsewhere, of the
                                     penalty just before the store (an
                                     accumulator started at it, which the
                                     slice does not reach) */
  if (g->id == BP_DZ2 && operand && strcmp (operand, "prob") == 0
      && (k = bp_srcline_calls_like (w->file, store_line, 8, "softmax", text,
                                     sizeof text)) > 0)
    move_to (w, l = k, text);     /* a softmax of the student's taken again,
                                     of the probabilities */
  if (l > 0 && operand && copy_of (w->text, operand, alias, sizeof alias)
      && feeds_right (w->file, right, alias, 0, 0)
      && (k = bp_slice_back (w->file, store_line, bp_grad_name (g->id),
                             BP_SHOWS_NAME, alias, right, text,
                             sizeof text)) > 0 && k != w->line)
    move_to (w, k, text);         /* a plain copy of the operand (P, a copy
                                     of prob): where the copy is used */
  else if (l > 0 && operand
           && pointer_into (w->text, operand, alias, sizeof alias)
           && ((k = bp_srcline_mentions (w->file, store_line, alias, text,
                                         sizeof text)) > 0
               || (k = bp_slice_back (w->file, store_line,
                                      bp_grad_name (g->id), BP_SHOWS_NAME,
                                      alias, NULL, text, sizeof text)) > 0)
           && k != w->line
           && (feeds_right (w->file, right, alias, k, w->line)
               || element_copy (text, alias)
               || bp_slice_usual_name (operand, alias)))
    {
      int copy = k != store_line && element_copy (text, alias);
      move_to (w, k, text);       /* a row pointer into the operand that
                                     right gradients read too: where this
                                     one reads it, */
      if (copy)
        move_to (w, store_line, store_text);  /* or, when that line only
                                                 copies it (into a right
                                                 gradient), the store that
                                                 read the copy too early */
    }
  return l > 0;
}

/* db2 zero, a bias summed along dz2's rows (which sum to 0): a row taken
 * (gsl_matrix_row (dz2, j)), or else the sum that reads along a row
 * (s += gsl_matrix_get (dz2, j, i)) in the function of the store, unless
 * a branch chooses it (if (axis == 0) ... else ...: the caller chose); a
 * row taken elsewhere, or the call, when neither is; or 0. */
static int
row_summed (const bp_gradcheck_grad *g, const bp_sandbox_line *w,
            const bp_slice_lines *right, char *text, size_t len)
{
  const char *grad = bp_grad_name (g->id);
  char sum_text[sizeof w->text];
  int row = bp_slice_back (w->file, w->line, grad, BP_SHOWS_ROW, "reg",
                           right, text, len), sum, near;

  if (row > 0 && bp_srcline_same_function (w->file, row, w->line))
    return row;
  if ((near = bp_slice_near (w->file, w->line, 3, BP_SHOWS_ROW, "", sum_text,
                             sizeof sum_text)) > 0)
    {                           /* a row view just before the store (its
                                   sum written through a pointer) */
      snprintf (text, len, "%s", sum_text);
      return near;
    }
  if ((sum = bp_slice_back (w->file, w->line, grad, BP_SHOWS_SUM, "reg",
                            right, sum_text, sizeof sum_text)) > 0
      && bp_srcline_same_function (w->file, sum, w->line)
      && !bp_srcline_in_branch (w->file, sum))
    {
      snprintf (text, len, "%s", sum_text);
      return sum;
    }
  return row;
}

/* The second part: what the cause says the line shows, back along what
 * the store reads (bp_slice_back), or a rule of its own.  as_unknown: a
 * cause placed as an unknown mistake (bp_place_root). */
static void
place_by_cause (const bp_gradcheck_grad *g, int as_unknown,
                bp_sandbox_line *w, const bp_slice_lines *right)
{
  const char *operand = strncmp (g->cause, "operand:", 8) == 0
    ? g->cause + 8 : NULL;
  char text[sizeof w->text], target[NAME_LEN];
  int l;

  if ((strcmp (g->cause, "unknown") == 0
       || strcmp (g->cause, "entries") == 0)
      && (l = bp_srcline_fixed_view (w->file, w->line, text,
                                     sizeof text)) > 0)
    move_to (w, l, text);         /* a chunk's view left at row 0 */
  else if ((some_entries (g) || strncmp (g->cause, "relu-", 5) == 0)
           && ((l = bp_srcline_stale_row (w->file, w->line, text,
                                          sizeof text)) > 0
               || (w->computed > 0
                   && (l = bp_srcline_stale_row (w->file, w->computed, text,
                                                 sizeof text)) > 0)))
    move_to (w, l, text);         /* a row pointer never moved on (read by
                                     the store, or by the line that made
                                     what it stores) */
  else if ((some_entries (g) || strcmp (g->cause, "unknown") == 0)
           && ((l = bp_srcline_fixed_start (w->file, w->line, text,
                                            sizeof text)) > 0
               || (w->computed > 0
                   && (l = bp_srcline_fixed_start (w->file, w->computed,
                                                   text, sizeof text)) > 0)))
    move_to (w, l, text);         /* a pointer set afresh on each pass, to
                                     the same start */
  else if (strcmp (g->cause, "onehot-sign") == 0
           && (((l = bp_slice_back (w->file, w->line, bp_grad_name (g->id),
                                    BP_SHOWS_ADDS_ONE, "", right, text,
                                    sizeof text)) > 0
                && bp_slice_line_shows (text, BP_SHOWS_ADDS_ONE, ""))
               || (l = bp_slice_near (w->file, w->line, 6, BP_SHOWS_ADDS_ONE,
                                      "", text, sizeof text)) > 0))
    move_to (w, l, text);         /* the one added (just before, where the
                                     slice cannot follow) */
  else if (strcmp (g->cause, "onehot-missing") == 0
           && (l = bp_srcline_later_onehot (w->file, w->line,
                                            bp_grad_name (g->id), text,
                                            sizeof text)) > 0)
    move_to (w, l, text);         /* the one-hot taken away later, at
                                     entries of other rows (data[y[i]]
                                     without the row's offset) */
  else if (strcmp (g->cause, "onehot-missing") == 0
           && (l = bp_srcline_recopied (w->file, w->line,
                                        bp_grad_name (g->id), text,
                                        sizeof text)) > 0)
    move_to (w, l, text);         /* the one-hot subtracted, then copied
                                     over */
  else if (g->id == BP_DB2 && strcmp (g->cause, "zero") == 0
           && (l = bp_srcline_copied_helper (w->file, w->line,
                                             bp_grad_name (g->id), text,
                                             sizeof text)) > 0
           && !strstr (text, "->d"))
    move_to (w, l, text);         /* summed along the rows into an array of
                                     its own, then copied in by a helper:
                                     where the sum was made (not a line
                                     that made g's dz2, the helper's
                                     input) */
  else if (g->id == BP_DB2 && strcmp (g->cause, "zero") == 0
           && (l = row_summed (g, w, right, text, sizeof text)) > 0)
    move_to (w, l, text);
  else if (some_entries (g)
           && (l = bp_slice_back (w->file, w->line, bp_grad_name (g->id),
                                  BP_SHOWS_SAME_ARMS, "", right, text,
                                  sizeof text)) > 0
           && bp_slice_line_shows (text, BP_SHOWS_SAME_ARMS, ""))
    move_to (w, l, text);         /* a branch pasted unchanged */
  else if (strcmp (g->cause, "unknown") == 0
           && (g->id == BP_DW1 || g->id == BP_DB1 || g->id == BP_DW2
               || g->id == BP_DB2)
           && (l = bp_srcline_tail_loop (w->file, w->line, text,
                                         sizeof text)) > 0)
    move_to (w, l, text);         /* an unrolled loop's tail, started in
                                     the wrong place */
  else if (g->id == BP_DZ2 && strcmp (g->cause, "unknown") == 0
           && w->computed == 0
           && (l = bp_srcline_value_made (w->file, w->line, text,
                                          sizeof text)) > 0)
    move_to (w, l, text);         /* the probability made beside the
                                     one-hot the store makes */
  else if (strcmp (g->cause, "overwrites") == 0 && w->computed > 0
           && plain_assignment (w->computed_text)
           && bp_srcline_in_own_loop (w->file, w->computed, w->line))
    move_to (w, w->computed, w->computed_text);  /* s = e in the sum's
                                                    loop, where s += e
                                                    belongs */
  else if (strcmp (g->cause, "overwrites") == 0 && w->computed > 0
           && !plain_assignment (w->computed_text)
           && (l = bp_srcline_reset (w->file, w->line, text,
                                     sizeof text)) > 0
           && bp_srcline_in_own_loop (w->file, l, w->line))
    move_to (w, l, text);         /* s = 0 inside the sum's loop, before s
                                     += e: that reset */
  else if (strcmp (g->cause, "masked-in-place") == 0 && w->computed > 0
           && (l = bp_srcline_guarding_if (w->file, w->computed, w->line,
                                           text, sizeof text)) > 0)
    move_to (w, l, text);         /* the sum taken only where the mask
                                     holds: that test */
  else if (strcmp (g->cause, "masked-in-place") == 0
           && bp_text_stores_zero (w->text, NULL)
           && bp_text_target_name (w->text, target, sizeof target)
           && ((target[0] == 'd' && bp_grad_lookup (target) >= 0
                && bp_grad_lookup (target) != (int) g->id)
               || (bp_grad_lookup (target) < 0 && scratch_name (target)))
           && (l = bp_srcline_alias_of (w->file, w->line, target,
                                        bp_grad_name (g->id), text,
                                        sizeof text)) > 0)
    move_to (w, l, text);         /* stored through a pointer named for the
                                     gradient masked, that is this one
                                     (gsl_matrix *dz1 = g->dp1;), or for a
                                     scratch copy (tmp = g->dp1;, meant as
                                     a copy) */
  else if (strcmp (g->cause, "masked-in-place") == 0
           && bp_text_stores_zero (w->text, NULL))
    ;                             /* the mask's zero stored into this
                                     gradient where another was meant:
                                     that store */
  else if (strncmp (g->cause, "reg-factor", 10) == 0
           && (strstr (w->text, "_add") || strstr (w->text, "axpy"))
           && (l = bp_slice_back (w->file, w->line, bp_grad_name (g->id),
                                  BP_SHOWS_NAME, "reg", NULL, NULL, 0)) > 0
           && bp_srcline_looped_after (w->file, l, w->line))
    ;                             /* a penalty made once, added in every
                                     pass of a loop: that add */
  else if (strncmp (g->cause, "relu-", 5) == 0
           && (l = bp_srcline_rows_stride (w->file, w->line, text,
                                           sizeof text)) > 0)
    move_to (w, l, text);         /* z1 read by columns: that read */
  else if (slice_shows (g) >= 0
           && !(strcmp (g->cause, "onehot-moved") == 0
                && (last_samples (g) || first_sample (g)))
           && (l = bp_slice_back (w->file, w->line, bp_grad_name (g->id),
                                  slice_shows (g), shown_name (g), right,
                                  text, sizeof text)) > 0
           && !(operand && (gradient_table (text)
                            || bp_srcline_paired_alias (w->file, l,
                                                        operand)))
           && !(slice_shows (g) == BP_SHOWS_OVERWRITE && l == w->line
                && copies_stored_array (w)))
    {                             /* (a copy into g overwrites nothing:
                                     where what it copies was made) */
      move_to (w, l, text);
      if (strcmp (g->cause, "softmax-axis") == 0
          && (l = bp_srcline_axis_call (w->file, w->line, text,
                                        sizeof text)) > 0)
        move_to (w, l, text);     /* the axis, chosen by the caller */
      if (slice_shows (g) == BP_SHOWS_DIVISOR
          && (l = bp_srcline_count_made (w->file, w->line, text,
                                         sizeof text)) > 0)
        move_to (w, l, text);     /* the count, set from the wrong size */
    }
  else if (strcmp (g->cause, "softmax-shift") == 0
           && (l = bp_srcline_self_shift (w->file, w->line, text,
                                          sizeof text)) > 0)
    move_to (w, l, text);         /* the maximum taken away in place */
  else if (strcmp (g->cause, "softmax-unnormalised") == 0
           && (l = bp_srcline_only_call (w->file, "exp", 0, text,
                                         sizeof text)) > 0)
    move_to (w, l, text);         /* the file's one exponential */
  else if ((strcmp (g->cause, "softmax-numerator") == 0
            || strcmp (g->cause, "softmax-sign") == 0)
           && (l = bp_srcline_only_call (w->file, "exp", 1, text,
                                         sizeof text)) > 0)
    move_to (w, l, text);         /* the numerator's exponential */
  else if (strcmp (g->cause, "relu-no-mask") == 0
           && copies_other_than_masked (w))
    ;                             /* the mask applied to one array, another
                                     copied into g: that copy */
  else if (strncmp (g->cause, "relu-", 5) == 0
           && (l = bp_srcline_condition (w->file, w->line, text,
                                         sizeof text)) > 0)
    move_to (w, l, text);         /* the mask's condition */
  else if (strcmp (g->cause, "accumulates") == 0
           && (l = bp_srcline_flag_call (w->file, w->line, text,
                                         sizeof text)) > 0)
    move_to (w, l, text);         /* a helper told to accumulate */
  else if (strcmp (g->cause, "accumulates") == 0
           && (l = bp_srcline_beta_line (w->file, w->line, text,
                                         sizeof text)) > 0)
    move_to (w, l, text);         /* a product's beta, on a line of its
                                     own */
  else if (strcmp (g->cause, "accumulates") == 0
           && (l = bp_srcline_repeated_reset (w->file, w->line,
                                              bp_grad_name (g->id), text,
                                              sizeof text)) > 0)
    move_to (w, l, text);         /* a reset pasted twice, this one lost */
  else if (strcmp (g->cause, "accumulates") == 0
           && (l = bp_srcline_short_reset (w->file, w->line, text,
                                           sizeof text)) > 0)
    move_to (w, l, text);         /* a reset that misses these entries */
  else if (strcmp (g->cause, "not-reset") == 0
           && ((l = bp_srcline_blas_beta (w->file, w->line, text,
                                          sizeof text)) > 0
               || (w->computed > 0 && plain_assignment (w->computed_text)
                   && (l = bp_srcline_reset (w->file, w->computed, text,
                                             sizeof text)) > 0)
               || (l = bp_srcline_reset (w->file, w->line, text,
                                         sizeof text)) > 0))
    move_to (w, l, text);         /* a product with beta 1, or the reset
                                     in the wrong place */
  else if ((some_entries (g) || strcmp (g->cause, "accumulates") == 0
            || strcmp (g->cause, "not-reset") == 0)
           && (l = bp_srcline_byte_clear (w->file, w->line, text,
                                          sizeof text)) > 0)
    move_to (w, l, text);         /* cleared in bytes, not elements */
  else if (some_entries (g) && g->id != BP_DZ2 && g->id != BP_DP1
           && g->id != BP_DZ1
           && (l = bp_srcline_outer_reset (w->file, w->line, text,
                                           sizeof text)) > 0)
    move_to (w, l, text);         /* a sum run on from the entry before */
  else if (strncmp (g->cause, "scale:", 6) == 0
           && fabs (atof (g->cause + 6) - (double) g->rows) < 1e-9
           && g->id == BP_DZ2
           && (l = bp_srcline_lost_division (w->file, w->line, text,
                                             sizeof text)) > 0)
    move_to (w, l, text);         /* the 1/N given to another array */
  else if (strncmp (g->cause, "scale:", 6) == 0 && atof (g->cause + 6) > 1.5
           && g->id != BP_DZ2 && w->computed > 0
           && sums_unscaled (w->file, w->computed, w->computed_text))
    move_to (w, w->computed, w->computed_text);  /* a sum of the copy
                                                    left undivided */
  else if (strncmp (g->cause, "scale:", 6) == 0
           && atof (g->cause + 6) < 1.0 && atof (g->cause + 6) > 0.0
           && (l = bp_srcline_division (w->file, w->line, text,
                                        sizeof text)) > 0)
    move_to (w, l, text);         /* the division once too often */
  else if ((strcmp (g->cause, "samples") == 0
            || strcmp (g->cause, "overwrites") == 0)
           && (l = bp_srcline_loop_beta_zero (w->file, w->line,
                                              bp_grad_name (g->id), text,
                                              sizeof text)) > 0)
    move_to (w, l, text);         /* a product per chunk with beta 0 */
  else if ((strcmp (g->cause, "samples") == 0
            || strcmp (g->cause, "classes") == 0)
           && (l = bp_srcline_short_loop_here (w->file, w->line, text,
                                               sizeof text)) > 0)
    move_to (w, l, text);         /* the loop, on the store's own line */
  else if ((strcmp (g->cause, "samples") == 0 || (some_entries (g)
                                                  && last_samples (g)))
           && (l = bp_srcline_untailed_loop (w->file, w->line,
                                             bp_grad_name (g->id), text,
                                             sizeof text)) > 0)
    move_to (w, l, text);         /* an unrolled loop without its tail */
  else if ((strcmp (g->cause, "samples") == 0
            || strcmp (g->cause, "classes") == 0)
           && (l = bp_srcline_sample_loop (w->file, w->line, w->computed,
                                           text, sizeof text)) > 0)
    {
      move_to (w, l, text);       /* the loop summed over: its bound, */
      if (bp_srcline_parameter_bound (w->file, l)
          && (l = bp_slice_call_of (w->file, l, bp_grad_name (g->id), text,
                                    sizeof text)) > 0)
        move_to (w, l, text);     /* given to a helper: its call */
    }
  else if (some_entries (g) && last_samples (g)
           && (l = bp_srcline_short_loop (w->file, w->line, text,
                                          sizeof text)) > 0)
    move_to (w, l, text);         /* the last sample left out: the loop */
  else if (some_entries (g) && (first_sample (g) || first_entry (g))
           && (l = bp_srcline_late_start (w->file, w->line,
                                          bp_grad_name (g->id), text,
                                          sizeof text)) > 0)
    move_to (w, l, text);         /* the first sample left out: the loop */
  else if (strcmp (g->cause, "zero") == 0
           && (strstr (w->text, "set_zero") || strstr (w->text, "memset"))
           && (l = bp_srcline_passed_after (w->file, w->line,
                                            bp_grad_name (g->id), text,
                                            sizeof text)) > 0)
    move_to (w, l, text);         /* cleared, then given to a helper that
                                     never writes it */
  else if (strcmp (g->cause, "zero") == 0
           && (l = bp_srcline_int_division (w->file, w->line, text,
                                            sizeof text)) > 0)
    move_to (w, l, text);         /* a factor 1 / N in integers: 0 */
  else if (!(strcmp (g->cause, "reg-missing") == 0
             && bp_srcline_superseded (w->file, w->line))
           && !((strcmp (g->cause, "layout") == 0
                 || strcmp (g->cause, "unknown") == 0) && lone_flat_copy (w))
           && strcmp (g->cause, "accumulates") != 0  /* (+= is no copy) */
           && !w->others       /* (the copy never ran for these entries) */
           && !copies_other_gradient (g, w->text)
           && ((l = bp_srcline_copied (w->file, w->line, text,
                                       sizeof text)) > 0
               || (l = bp_srcline_copied_helper (w->file, w->line,
                                                 bp_grad_name (g->id), text,
                                                 sizeof text)) > 0
               || (w->computed > 0
                   && (strchr (w->computed_text, '[')
                       || strstr (w->computed_text, "_get"))
                   && (l = bp_srcline_copied (w->file, w->computed, text,
                                              sizeof text)) > 0)))
    {                             /* where a copied array was made (also
                                   through a copying helper), and what it
                                   stores, as for a store into g */
      move_to (w, l, text);
      if ((strcmp (g->cause, "samples") == 0
           || strcmp (g->cause, "classes") == 0)
          && (l = bp_srcline_sample_loop (w->file, w->line, 0, text,
                                          sizeof text)) > 0)
        move_to (w, l, text);     /* the copied sum's loop: its bound */
      else if (strcmp (g->cause, "zero") == 0
               && (l = bp_srcline_int_division (w->file, w->line, text,
                                                sizeof text)) > 0)
        move_to (w, l, text);     /* the copied array's factor 1 / N in
                                     integers */
      else if (slice_shows (g) >= 0 && slice_shows (g) != BP_SHOWS_NAME
               && (l = bp_slice_shared_helper (w->file, w->line, w->line,
                                               slice_shows (g),
                                               shown_name (g), text,
                                               sizeof text)) > 0)
        move_to (w, l, text);     /* made by a helper given the copied
                                     array: its body's line that shows
                                     the cause */
      else if (strcmp (g->cause, "not-reset") == 0
               && plain_assignment (w->text)
               && (l = bp_srcline_reset (w->file, w->line, text,
                                         sizeof text)) > 0)
        move_to (w, l, text);     /* the copied sum's reset, in the wrong
                                     loop */
      else if (strcmp (g->cause, "overwrites") == 0
               && (l = clear_in_loop (w->file, w->line, text,
                                      sizeof text)) > 0)
        move_to (w, l, text);     /* the copied sums' array cleared in
                                     the loop over the samples */
      else if (!at_store (g->cause) && strcmp (g->cause, "zero") != 0
               && strcmp (g->cause, "not-reset") != 0
               && (l = bp_srcline_mistake (w->file, w->line, text,
                                           sizeof text)) != w->line)
        move_to (w, l, text);     /* (an indicator cannot zero it all; an
                                     array added to and never cleared is
                                     its own mistake) */
    }
  else if (w->computed > 0 && strncmp (g->cause, "operand:", 8) == 0
           && bp_srcline_stored_elsewhere (w->file, w->computed, w->line))
    ;                             /* a value right where else it goes: the
                                     store took the wrong one */
  else if (w->computed > 0
           && (!at_store (g->cause)
               || (strcmp (g->cause, "scale:0") == 0
                   && (zero_arm (w->computed_text)
                       || (g->id == BP_DZ1
                           && bp_text_compares (w->computed_text))))))
    {                             /* (dz1's entries zeroed by a flag made
                                     from a comparison: on = (int) z > 0) */
      int at = w->line;
      move_to (w, w->computed, w->computed_text);
      if (strncmp (g->cause, "onehot-", 7) == 0 && takes_one (w->text)
          && (l = bp_srcline_guarding_if (w->file, w->line, at, text,
                                          sizeof text)) > 0
          && bp_text_mentions (text, "y"))
        move_to (w, l, text);     /* taken away under a wrong test of the
                                     labels (if (k == y[k]) val -= 1.0) */
      else if (g->id == BP_DZ2 && strcmp (g->cause, "unknown") == 0
          && !as_unknown && takes_one (w->text)
          && (l = bp_srcline_assigned_before (w->file, w->line, text,
                                              sizeof text)) > 0)
        move_to (w, l, text);     /* the one-hot taken away (p -= 1.0) is
                                     right (no onehot- cause): the
                                     probability before it */
      else if (bp_srcline_adds_penalty (w->file, w->line)
          && (l = bp_srcline_assigned_before (w->file, w->line, text,
                                              sizeof text)) > 0)
        move_to (w, l, text);     /* the penalty, added last, is right (it
                                     is no reg- cause): the sum before it */
    }
  else if (w->others && edge (g)
           && (l = bp_srcline_loop (w->file, w->line, edge (g), text,
                                    sizeof text)) > 0)
    move_to (w, l, text);     /* never stored: the loop's bound */
}

/* The line that stored g's right entries last, when it is one line of
 * w's file other than w's; 0 if none. */
static int
rest_stored (const bp_gradcheck_grad *g, bp_sandbox_result *res,
             const bp_sandbox_line *w)
{
  size_t n = g->rows * g->cols;
  unsigned char *rest = malloc (n);
  bp_sandbox_line r;
  int l = 0;

  if (rest == NULL)
    return 0;
  for (size_t i = 0; i < n; i++)
    rest[i] = !g->bad[i];
  if (bp_sandbox_where (res, g->id, rest, &r) == 0 && !r.others
      && r.line > 0 && r.line != w->line && strcmp (r.file, w->file) == 0)
    l = r.line;
  free (rest);
  return l;
}

/* The loop bounded by size k (cut_at_size) that stored g's right
 * entries last, when the wrong ones were last stored in no such loop (a
 * product over the whole matrix, then a loop that adds to only part of
 * it: which stores a build sees inside a BLAS differs); 0 if none. */
static int
bounding_loop_of_rest (const bp_gradcheck_grad *g, bp_sandbox_result *res,
                       const bp_sandbox_line *w, int k, char *text,
                       size_t len)
{
  int r = rest_stored (g, res, w);

  return r > 0 ? bp_srcline_bounding_loop (w->file, r, k, text, len) : 0;
}

int
bp_place_root (const bp_gradcheck *c, const bp_gradcheck_grad *g,
          bp_sandbox_result *res, bp_sandbox_line *w,
          const bp_slice_lines *right)
{
  char text[sizeof w->text], target[NAME_LEN];
  bp_sandbox_line f;
  bp_gradcheck_grad u;
  const char *reshaped = NULL;
  int l, store, k, as_unknown = 0;

  if (strcmp (g->cause, "reshape") == 0 || strcmp (g->cause, "scrambled") == 0
      || strcmp (g->cause, "onehot-unscaled") == 0)
    {                         /* placed as an unknown mistake (the one-hot
                                 subtracted after the 1/N: where it is),
                                 unless the operand is reshaped on a line
                                 of its own */
      reshaped = g->id == BP_DP1 ? "W2" : g->id == BP_DW2 ? "p1"
        : g->id == BP_DW1 ? "X" : NULL;
      u = *g;
      snprintf (u.cause, sizeof u.cause, "unknown");
      g = &u;
      as_unknown = 1;
    }

  if ((strcmp (g->cause, "accumulates") == 0
       || strcmp (g->cause, "read-early") == 0
       ? bp_sandbox_where_first (res, g->id, g->bad, w)
       : bp_sandbox_where (res, g->id, g->bad, w)) != 0 || w->line <= 0)
    return 0;
  if ((l = bp_slice_setter_call (w->file, w->line, bp_grad_name (g->id),
                                 text, sizeof text)) > 0)
    {                         /* stored by a one-line setter of the
                                 student's: as by a library, its call */
      move_to (w, l, text);
      w->computed = 0;
    }
  if (strcmp (g->cause, "accumulates") != 0)
    bp_place_unwrap (w);
  store = w->line;
  if (strcmp (g->cause, "reg-missing") == 0
      && (l = reg_zeroed (w->file, store, text, sizeof text)) > 0)
    {                         /* reg itself set to 0 before the store */
      move_to (w, l, text);
      return 1;
    }
  if (strcmp (g->cause, "unwritten") == 0)
    {                         /* entries never written: the if with no
                                 else that guards the others' store, or
                                 that store */
      if ((l = bp_srcline_condition (w->file, store, text, sizeof text)) > 0)
        move_to (w, l, text);
      return 1;
    }
  if (g->id != BP_DZ2 && strncmp (g->cause, "scale:", 6) == 0
      && !strchr (g->cause, '+')
      && fabs (atof (g->cause + 6) - (double) c->N) < 1e-9)
    {                         /* N times too big: read from an array that
                                 is divided by N only later (dW2 from
                                 dscores before scale (dscores, 1.0 / N)) */
      int from[3] = { w->computed, store, 0 };
      if (bp_sandbox_where_first (res, g->id, g->bad, &f) == 0 && f.line > 0
          && strcmp (f.file, w->file) == 0)
        from[2] = f.line;
      for (int i = 0; i < 3; i++)
        if (from[i] > 0 && bp_srcline_reads_unscaled (w->file, from[i]) > 0)
          {
            if (i == 0)
              move_to (w, w->computed, w->computed_text);
            else if (i == 2)
              move_to (w, f.line, f.text);
            return 1;
          }
    }
  if (strncmp (g->cause, "reg-factor:", 11) == 0
      && fabs (atof (g->cause + 11) - 4.0 * c->opts.conv.penalty) < 1e-9
      && (strstr (w->text, "_add") || strstr (w->text, "+="))
      && bp_sandbox_where_first (res, g->id, g->bad, &f) == 0 && f.line > 0
      && f.line < store && strcmp (f.file, w->file) == 0
      && bp_srcline_same_function (w->file, f.line, store)
      && bp_srcline_named_with (w->file, f.line - 1, store - 1, "reg",
                                bp_grad_name (g->id), NULL, 0) > 0)
    return 1;                 /* the penalty put in with the data term
                                 (beta 2 reg) and added again: that add */
  if (strcmp (g->cause, "transpose-dims") == 0)
    {                         /* the transpose's call, which names the
                                 operand with the sizes swapped
                                 (transpose (p1, p1T, H, N)) */
      if ((l = bp_slice_back (w->file, w->line, bp_grad_name (g->id),
                              BP_SHOWS_NAME, g->id == BP_DP1 ? "W2"
                              : g->id == BP_DW2 ? "p1" : "X", right, text,
                              sizeof text)) > 0)
        move_to (w, l, text);
      return 1;
    }
  if (strncmp (g->cause, "scale:", 6) == 0 && !strchr (g->cause, '+')
      && atof (g->cause + 6) > 1.5
      && (l = bp_srcline_branch_division (w->file, w->line, text,
                                          sizeof text)) > 0)
    {                         /* divided inside an if that some entries
                                 skip (if (j == y[i]) { d -= 1; d /= N; }) */
      move_to (w, l, text);
      return 1;
    }
  if (strncmp (g->cause, "scale:", 6) == 0 && !strchr (g->cause, '+')
      && g->bad_local < g->rows * g->cols
      && (l = bp_srcline_later_view (w->file, w->line, bp_grad_name (g->id),
                                     text, sizeof text)) > 0)
    {                         /* scaled later through a view of too few
                                 of its entries: that view */
      move_to (w, l, text);
      return 1;
    }
  if (strcmp (g->cause, "not-reset") == 0
      && bp_srcline_reset (w->file, w->line, NULL, 0) == 0
      && bp_sandbox_where_first (res, g->id, g->bad, &f) == 0 && f.line > 0
      && f.line != w->line && strcmp (f.file, w->file) == 0
      && bp_srcline_reset (f.file, f.line, NULL, 0) > 0)
    *w = f;                   /* the sum stored first, then added to in
                                 a helper (a + alpha b): from the sum */
  if (as_unknown && strcmp (c->g[g->id].cause, "onehot-unscaled") == 0
      && onehot_store (w->text))
    return 1;                 /* the one-hot taken away after the 1/N:
                                 there */
  if (as_unknown && strcmp (c->g[g->id].cause, "onehot-unscaled") == 0
      && (l = bp_srcline_mentions (w->file, w->line, "y", text,
                                   sizeof text)) > w->line
      && bp_text_compares (text))
    {                         /* or on a later line of the store's
                                 statement (p / N \n - (k == y[i])) */
      move_to (w, l, text);
      return 1;
    }
  if (strcmp (g->cause, "reg-squared") == 0)
    {                         /* the square in the store's statement (+ 2
                                 * reg * pow (w, 2)), or the store that
                                 reads the loss's own term (dW += 2 * d) */
      if ((l = bp_srcline_mentions (w->file, w->line, "reg", text,
                                    sizeof text)) > 0)
        move_to (w, l, text);
      return 1;
    }
  if (strncmp (g->cause, "changes-input:", 14) == 0
      && (l = bp_srcline_writable_input (w->file, g->cause + 14, text,
                                         sizeof text)) > 0)
    {                         /* where the input is handed out for
                                 writing: dscores = cache->prob */
      move_to (w, l, text);
      return 1;
    }
  if (g->id != BP_DZ2
      && strncmp (g->cause, "scale:", 6) == 0 && !strchr (g->cause, '+')
      && fabs (atof (g->cause + 6) - (double) c->N) < 1e-9
      && !bp_srcline_body_scales (w->file, w->line)
      && (bp_slice_helper_calls (w->file, w->line) > 1
          || bp_srcline_in_math_helper (w->file, w->line))
      && (l = bp_srcline_caller (w->file, w->line, bp_grad_name (g->id),
                                 bp_grad_name (g->id), text,
                                 sizeof text)) > 0)
    {                         /* a column sum or a product made by a
                                 helper that does not scale, shared or
                                 named for the algebra, given an array
                                 not yet divided by N: its call */
      move_to (w, l, text);
      return 1;
    }
  if ((g->id == BP_DW1 || g->id == BP_DW2)
      && bp_srcline_adds_penalty (w->file, w->line)
      && (strcmp (g->cause, "samples") == 0
          || strncmp (g->cause, "operand:", 8) == 0
          || (strcmp (g->cause, "unknown") == 0
              && (in_right (right, w->file, w->line)
                  || bp_slice_helper_calls (w->file, w->line) > 1)))
      && bp_sandbox_where_first (res, g->id, g->bad, &f) == 0 && f.line > 0
      && f.line != w->line && strcmp (f.file, w->file) == 0
      && !strstr (f.text, "memset") && !strstr (f.text, "set_zero"))
    *w = f;                   /* a penalty added last, right (samples: the
                                 data term is what is short), or made by a
                                 line of a right gradient too (a helper's
                                 dW += 2 reg W, called for both layers):
                                 placed from the data term's store */
  if (strcmp (g->cause, "scale:2") == 0
      && bp_sandbox_where_first (res, g->id, g->bad, &f) == 0 && f.line > 0
      && strcmp (f.file, w->file) == 0 && f.line != w->line
      && bp_srcline_copied (f.file, f.line, NULL, 0) > 0
      && (l = bp_srcline_blas_beta (f.file, f.line, text,
                                    sizeof text)) > 0)
    move_to (w, l, text);     /* twice as much: copied from an array of
                                 the student's that a product adds into
                                 (beta 1), kept from the call before */
  else if ((strcmp (g->cause, "scale:2") == 0
            || strcmp (g->cause, "accumulates") == 0)
           && (l = bp_srcline_kept_state (w->file, w->line, text,
                                          sizeof text)) > 0)
    {
      int at = w->line;
      move_to (w, l, text);   /* twice as much on the second call: what
                                 was kept from the first, */
      if ((l = kept_reset (w->file, l, at, text, sizeof text)) > 0)
        move_to (w, l, text); /* or the reset of it that falls short */
    }
  else if ((strcmp (g->cause, "layout") == 0
            || strcmp (g->cause, "sign") == 0)
           && bp_srcline_adds_penalty (w->file, w->line)
           && bp_sandbox_where_first (res, g->id, g->bad, &f) == 0
           && f.line > 0 && f.line != w->line && strcmp (f.file, w->file) == 0)
    {
      *w = f;                 /* the penalty added last is right: where the
                                 data term was stored, */
      if (strcmp (g->cause, "layout") == 0
          && (l = bp_srcline_reshaped_copy (w->file, w->line, text,
                                            sizeof text)) > 0)
        move_to (w, l, text); /* or the block reshaped where a transpose
                                 belongs, then copied */
    }
  else if (strcmp (g->cause, "layout") == 0
           && (l = bp_srcline_reshaped_copy (w->file, w->line, text,
                                             sizeof text)) > 0)
    move_to (w, l, text);     /* (with no penalty after) */
  else if (strcmp (g->cause, "masked-in-place") == 0
           && strstr (w->text, "memcpy")
           && bp_text_mentions (w->text, bp_grad_name (g->id)))
    {                         /* dp1 copied whole from an array already
                                 masked: the copy, too late, is the
                                 mistake */
    }
  else if (g->id == BP_DZ1 && (strcmp (g->cause, "operand:p1") == 0
                               || strcmp (g->cause, "operand:z1") == 0)
           && ((l = bp_srcline_local_factor (w->file, w->line, g->cause + 8,
                                             text, sizeof text)) > 0
               || (w->computed > 0
                   && (l = bp_srcline_local_factor (w->file, w->computed,
                                                    "z1", text,
                                                    sizeof text)) > 0
                   && l != w->computed)))
    move_to (w, l, text);     /* the ReLU's derivative made from values
                                 (also from z1's, relu' (z) returning z:
                                 p1's values), on the store's line or the
                                 line that made what it stores */
  else if (g->id == BP_DZ1 && strcmp (g->cause, "operand:p1") == 0
           && (l = bp_slice_near (w->file, w->line, 4, BP_SHOWS_NAME, "relu",
                                  text, sizeof text)) > 0)
    move_to (w, l, text);     /* the ReLU itself applied where its
                                 derivative belongs (apply (dz1, relu)) */
  else if (g->id == BP_DZ1 && strcmp (g->cause, "operand:p1") == 0
           && (l = bp_srcline_mask_helper_store (w->file, w->line, text,
                                                 sizeof text)) > 0)
    move_to (w, l, text);     /* a mask helper that makes the ReLU's
                                 values (max (0, z), p1): its store */
  else if (strcmp (g->cause, "unknown") == 0
           && (l = bp_srcline_scratch_copy (w->file, w->line,
                                            bp_grad_name (g->id), text,
                                            sizeof text)) > 0)
    move_to (w, l, text);     /* a scratch refilled after it was copied
                                 out: the copy that took it again */
  else if (g->id == BP_DZ2 && strcmp (g->cause, "unknown") == 0
           && !as_unknown
           && bp_sandbox_where_first (res, g->id, g->bad, &f) == 0
           && f.line > 0 && f.line != w->line && strcmp (f.file, w->file) == 0
           && copied_from_other (f.text))
    move_to (w, f.line, f.text);  /* the probabilities copied from an
                                     array named for something else
                                     (logprobs) */
  else if (!place_by_name (g, res, w, right))
    place_by_cause (g, as_unknown, w,
                    strcmp (g->cause, "masked-in-place") ? right : NULL);
                              /* (an in-place mask makes dz1 right) */
  if (g->id == BP_DZ2 && strcmp (g->cause, "operand:z2") == 0
      && w->line == store && !bp_text_mentions (w->text, "z2")
      && (l = bp_srcline_only_mention (w->file, store, g->cause + 8, text,
                                       sizeof text)) > 0)
    move_to (w, l, text);     /* the scores read where nothing led back
                                 (a row view of cache->z2): the one line
                                 of the function that names them */
  if (strncmp (g->cause, "reg-factor:-", 12) == 0 && w->line != store
      && (l = bp_srcline_subtracts (w->file, store, text, sizeof text)) > 0)
    move_to (w, l, text);     /* a right penalty taken away where it is
                                 added: the subtraction */
  else if (strncmp (g->cause, "reg-factor:", 11) == 0
      && fabs (atof (g->cause + 11) - 4.0 * c->opts.conv.penalty) < 1e-9
      && (l = bp_slice_last_call_of (w->file, store, bp_grad_name (g->id),
                                     text, sizeof text)) > 0)
    move_to (w, l, text);     /* the penalty added twice, the second time by
                                 a helper: its later call */
  else if (strncmp (g->cause, "reg-factor", 10) == 0
      && (k = bp_slice_call_of (w->file, store, bp_grad_name (g->id), NULL,
                                0)) > 0
      && (l = bp_srcline_penalty_parameter (w->file, store, k, text,
                                            sizeof text)) > 0)
    move_to (w, l, text);     /* reg given to a helper: its factor there */
  else if (strcmp (g->cause, "zero") == 0
           && (k = bp_srcline_never_stored (w->file, bp_grad_name (g->id),
                                            text, sizeof text)) > 0
           && bp_srcline_calls_line (w->file, w->line, k))
    move_to (w, k, text);     /* a helper, called here, that returns
                                 before it writes the gradient */
  else if (strcmp (g->cause, "reg-missing") == 0
      && (l = bp_slice_call_of (w->file, store, bp_grad_name (g->id), text,
                                sizeof text)) > 0
      && bp_srcline_zero_argument (w->file, l))
    move_to (w, l, text);     /* a helper given 0 where reg belongs */
  else if (strcmp (g->cause, "reg-missing") == 0
           && bp_slice_helper_calls (w->file, store) > 1
           && (l = bp_srcline_call_through (w->file, store,
                                            bp_grad_name (g->id),
                                            bp_grad_name (g->id), text,
                                            sizeof text)) > 0
           && bp_srcline_zero_argument (w->file, l))
    move_to (w, l, text);     /* or a layer made with 0 there (fc1 =
                                 make_linear (W1, dW1, db1, 0.0)) */
  else if (strcmp (g->cause, "reg-missing") == 0 && w->line == store
           && (l = bp_srcline_member_left_out (w->file, store,
                                               bp_grad_name (g->id), "reg",
                                               text, sizeof text)) > 0)
    move_to (w, l, text);     /* a layer's struct that left reg out */
  else if (strcmp (g->cause, "reg-missing") == 0
           && (g->id == BP_DW1 || g->id == BP_DW2)
           && (k = bp_srcline_penalty_elsewhere (w->file, store,
                                                 g->id == BP_DW1 ? "W1"
                                                 : "W2", target,
                                                 sizeof target)) > 0
           && !bp_srcline_read_between (w->file, k, store, target)
           && bp_srcline_mentions (w->file, k, target, text,
                                   sizeof text) > 0)
    move_to (w, k, text);     /* the penalty added into an array the store
                                 never reads */
  else if (strcmp (g->cause, "reg-missing") == 0 && w->line == store
           && strstr (w->text, "+=")
           && bp_sandbox_where_first (res, g->id, g->bad, &f) == 0
           && f.line > 0 && f.line < store && strcmp (f.file, w->file) == 0
           && bp_text_stores_zero (f.text, NULL)
           && !bp_srcline_later_penalty (w->file, store,
                                         bp_grad_name (g->id), NULL, 0))
    move_to (w, f.line, f.text);  /* a sum started at 0 where it starts at
                                     2 reg W: that start */
  else if (strcmp (g->cause, "reg-missing") == 0 && w->line == store
           && (l = bp_srcline_later_penalty (w->file, store,
                                             bp_grad_name (g->id), text,
                                             sizeof text)) > 0)
    {
      move_to (w, l, text);   /* a penalty after the store that did not
                                 run for this gradient, */
      if (g->bad_local < g->rows * g->cols
          && (k = bp_srcline_bounding_loop (w->file, l, 0, text,
                                            sizeof text)) > 0)
        move_to (w, k, text); /* or ran for some of its entries: the
                                 loop that stops short */
    }
  else if (strncmp (g->cause, "scale:", 6) == 0
           && fabs (atof (g->cause + 6) * (double) c->N - 1.0) < 1e-3
           && bp_srcline_in_mean_helper (w->file, w->line)
           && (l = bp_slice_call_of (w->file, w->line, bp_grad_name (g->id),
                                     text, sizeof text)) > 0)
    move_to (w, l, text);     /* a mean (1/N) taken where a sum belongs:
                                 the call of the helper named for it */
  else if (strcmp (g->cause, "samples") == 0 && w->line == store
      && !bp_srcline_short_loop_here (w->file, store, NULL, 0)
      && bp_sandbox_where_first (res, g->id, g->bad, &f) == 0 && f.line > 0
      && strcmp (f.file, w->file) == 0
      && (l = bp_srcline_sample_loop (f.file, f.line, 0, text,
                                      sizeof text)) > 0)
    move_to (w, l, text);     /* the sum, stored first, in its own helper */
  else if (strcmp (g->cause, "relu-mask-sign") == 0
           && (l = bp_slice_call_of (w->file, w->line, bp_grad_name (g->id),
                                     text, sizeof text)) > 0
           && (bp_srcline_self_test (w->file, w->line, store)
               || bp_srcline_masks_argument (w->file, w->line, l)))
    move_to (w, l, text);     /* a forward ReLU (if (r[j] < 0) r[j] = 0),
                                 or a mask helper given the gradient where
                                 z1 belongs: its call */
  else if (strcmp (g->cause, "relu-swapped") == 0
           && (l = bp_slice_call_of (w->file, w->line, bp_grad_name (g->id),
                                     text, sizeof text)) > 0)
    move_to (w, l, text);     /* a helper given its inputs swapped */
  if ((l = bp_srcline_unsafe_macro (w->file, w->line, text,
                                    sizeof text)) > 0)
    move_to (w, l, text);     /* a macro that breaks on an expression */
  else if (some_entries (g) && edge (g) == 1
           && (k = rest_stored (g, res, w)) > 0
           && (l = bp_srcline_one_based_short (w->file, k, text,
                                               sizeof text)) > 0)
    move_to (w, l, text);     /* a loop from 1 that stops one short, where
                                 the right entries were stored */
  else if (some_entries (g) && edge (g)
           && (k = rest_stored (g, res, w)) > 0
           && (l = bp_srcline_short_while (w->file, k, text,
                                           sizeof text)) > 0)
    move_to (w, l, text);     /* while (--k > 0): one pass short */
  else if (some_entries (g) && (last_samples (g) || last_column (g))
           && ((l = bp_srcline_later_short_loop (w->file, store,
                                                 bp_grad_name (g->id), text,
                                                 sizeof text)) > 0
               || ((l = bp_srcline_short_loop (w->file, store, text,
                                               sizeof text)) > 0
                   && bp_srcline_looped_after (w->file, l - 1, store))))
    move_to (w, l, text);     /* a later pass (a mask) over all samples
                                 but the last, or all columns but the
                                 last; or the one around the store */
  else if (strcmp (g->cause, "unknown") == 0
           && (l = bp_srcline_private_macro (w->file, w->line, right, text,
                                             sizeof text)) > 0)
    move_to (w, l, text);     /* an index macro only this root uses */
  else if (strcmp (g->cause, "unknown") == 0
           && (l = bp_srcline_foreign_stride (w->file, store, text,
                                              sizeof text)) > 0)
    move_to (w, l, text);     /* a row length of another shape */
  else if (g->id == BP_DZ1 && strcmp (g->cause, "unknown") == 0
           && (l = bp_srcline_local_factor (w->file, w->line, "p1", text,
                                            sizeof text)) > 0
           && strncmp (text, "return", 6) == 0)
    move_to (w, l, text);     /* a derivative of another function
                                 (sigmoid's a (1 - a)) in a helper */
  if ((strncmp (g->cause, "scale:", 6) == 0
       || strncmp (g->cause, "reg-", 4) == 0
       || strcmp (g->cause, "unknown") == 0)
      && (l = bp_srcline_passed_twice (w->file, bp_grad_name (g->id), text,
                                       sizeof text)) > 0)
    move_to (w, l, text);     /* given twice: once where another belongs,
                                 or as input and output to a helper that
                                 is not safe in place */
  else if (strncmp (g->cause, "scale:", 6) == 0 && atof (g->cause + 6) > 1.5
           && (l = bp_srcline_scaled_instead (w->file, bp_grad_name (g->id),
                                              text, sizeof text)) > 0)
    move_to (w, l, text);     /* its 1/N pasted onto another gradient */
  else if ((some_entries (g) || strncmp (g->cause, "relu-", 5) == 0
            || strcmp (g->cause, "scale:0") == 0
            || strcmp (g->cause, "reg-missing") == 0)
           && !strstr (w->text, "_submatrix")  /* (a chunk's view, found) */
           && (k = cut_at_size (c, g))
           && ((l = bp_srcline_bounding_loop (w->file, w->line, k, text,
                                              sizeof text)) > 0
               || (l = bounding_loop_of_rest (g, res, w, k, text,
                                              sizeof text)) > 0))
    {
      move_to (w, l, text);   /* a loop that stops at another size, */
      if (bp_srcline_parameter_bound (w->file, l)
          && (l = bp_slice_call_of (w->file, l, bp_grad_name (g->id), text,
                                    sizeof text)) > 0)
        move_to (w, l, text); /* given to a helper: its call */
    }
  if (strcmp (g->cause, "relu-output") == 0)
    {                         /* a mask run for the output layer too: the
                                 helper's call, or the test of the layer */
      if ((l = bp_slice_call_of (w->file, w->line, bp_grad_name (g->id),
                                 text, sizeof text)) > 0)
        move_to (w, l, text);
      if ((l = bp_srcline_layer_guard (w->file, w->line, text,
                                       sizeof text)) > 0)
        move_to (w, l, text);
    }
  else if (strcmp (g->cause, "reg-missing") == 0
           && (l = bp_srcline_layer_guard (w->file, w->line, text,
                                           sizeof text)) > 0)
    move_to (w, l, text);     /* a penalty run for other layers only */
  else if ((g->id == BP_DW1 || g->id == BP_DB1)
           && strcmp (g->cause, "zero") == 0
           && (l = bp_srcline_layer_zero_skipped (w->file, store, text,
                                                  sizeof text)) > 0)
    move_to (w, l, text);     /* a loop over the layers that stops above
                                 layer 0 */
  else if (g->id == BP_DZ1 && strcmp (g->cause, "relu-no-mask") == 0
           && (l = bp_srcline_guarded_mask (w->file, store, text,
                                            sizeof text)) > 0)
    move_to (w, l, text);     /* the mask run for other layers only */
  else if (g->id == BP_DZ1 && strcmp (g->cause, "relu-no-mask") == 0
           && w->line == store
           && (k = bp_srcline_zeroing_after (w->file, store, "dz1", NULL,
                                             0)) > 0
           && (l = bp_srcline_mask_test (w->file, k, text,
                                         sizeof text)) > 0)
    move_to (w, l, text);     /* a mask whose zero is never stored: its
                                 test, never true */
  if ((l = bp_srcline_unreset_while (w->file, store, bp_grad_name (g->id),
                                     text, sizeof text)) > 0
      || (l = bp_srcline_unreset_while (w->file, store, NULL, text,
                                        sizeof text)) > 0
      || (w->computed > 0
          && (l = bp_srcline_unreset_while (w->file, w->computed, NULL, text,
                                            sizeof text)) > 0))
    move_to (w, l, text);     /* a while loop whose counter was not set
                                 afresh: it never runs, or runs once */
  if ((some_entries (g) || strcmp (g->cause, "scale:0") == 0)
      && ((l = bp_srcline_flat_index (w->file, w->line, row_size (g->id),
                                      text, sizeof text)) > 0
          || (l = bp_srcline_flat_index (w->file, store, row_size (g->id),
                                         text, sizeof text)) > 0
          || ((k = rest_stored (g, res, w)) > 0
              && (l = bp_srcline_flat_index (w->file, k, row_size (g->id),
                                             text, sizeof text)) > 0)))
    move_to (w, l, text);     /* a flat index's row or column recovered
                                 with the wrong size (i = k / H) */
  else if ((some_entries (g) || strcmp (g->cause, "samples") == 0
            || strncmp (g->cause, "relu-", 5) == 0)
           && ((l = bp_srcline_flat_bound (w->file, store, shape (g->id, 0),
                                           shape (g->id, 1), text,
                                           sizeof text)) > 0
               || (l = bp_srcline_flat_bound (w->file, w->line,
                                              shape (g->id, 0),
                                              shape (g->id, 1), text,
                                              sizeof text)) > 0))
    move_to (w, l, text);     /* a flat loop bounded by another shape's
                                 count (k < N * C for N x H) */
  if (reshaped)
    {                         /* the operand reshaped: by a helper that
                                 makes its transpose, a copy or a view,
                                 where the store reads it or before */
      if ((l = bp_slice_back (w->file, store, bp_grad_name (g->id),
                              BP_SHOWS_NAME, reshaped, right, text,
                              sizeof text)) <= 0)
        l = w->line;
      if ((k = bp_slice_transposer (w->file, l, reshaped, text,
                                    sizeof text)) > 0
          || (k = bp_srcline_reshapes (w->file, l, reshaped, text,
                                       sizeof text)) > 0)
        move_to (w, k, text);
      else if ((k = walking_head (w->file, w->line, reshaped, text,
                                  sizeof text)) > 0)
        move_to (w, k, text);   /* a pointer walked through the operand
                                   by a loop's head (r = W2->data + h;
                                   ...; r += H): that head */
      else if (bp_slice_helper_calls (w->file, w->line) > 1
               && !bp_slice_line_shows (w->text, BP_SHOWS_SAME_ARMS, "")
               && (k = bp_slice_call_of (w->file, w->line,
                                         bp_grad_name (g->id), text,
                                         sizeof text)) > 0
               && passes_flag (text))
        move_to (w, k, text);   /* a product helper of many calls, told
                                   not to transpose: this call */
    }
  return 1;
}

/* Two roots with the same cause placed at two calls of one helper of the
 * student's (l2 (dW2, W2, reg); l2 (dW1, W1, reg)), or at one call that
 * serves both (col_mean (dZ[l], db[l]) in a loop over the layers): one
 * mistake, in the helper, where its body shows the cause; or at two uses
 * of one alias of reg (lambda = reg;), where it is set. */
void
bp_place_shared (const bp_gradcheck *c, bp_sandbox_line w[BP_NGRADS],
                 const int placed[BP_NGRADS])
{
  for (int a = 0; a < BP_NGRADS; a++)
    for (int b = a + 1; b < BP_NGRADS; b++)
      {
        const bp_gradcheck_grad *g = &c->g[a];
        int what = strcmp (g->cause, "accumulates") == 0
          && w[a].line != w[b].line ? BP_SHOWS_SUM
          : slice_shows (g), l;   /* (a helper that adds into what it is
                                     given, at two calls: its sum) */
        char text[sizeof w[a].text];
        if (!placed[a] || !placed[b] || what < 0
            || strcmp (g->cause, c->g[b].cause) != 0
            || strcmp (w[a].file, w[b].file) != 0)
          continue;
        if ((l = bp_slice_shared_helper (w[a].file, w[a].line, w[b].line,
                                         what, strncmp (g->cause, "operand:",
                                                        8)
                                         ? "reg" : g->cause + 8, text,
                                         sizeof text)) <= 0
            && !(strncmp (g->cause, "reg-", 4) == 0
                 && w[a].line != w[b].line  /* (one line: placed together) */
                 && (l = bp_srcline_shared_alias (w[a].file, w[a].line,
                                                  w[b].line, "reg", text,
                                                  sizeof text)) > 0))
          continue;
        move_to (&w[a], l, text);
        move_to (&w[b], l, text);
      }
  for (int b = BP_DW2; b < BP_NGRADS; b++)
    {
      const char *up = c->g[BP_DZ2].cause, *down = c->g[b].cause;
      if (placed[BP_DZ2] && placed[b] && strncmp (up, "scale:", 6) == 0
          && strncmp (down, "scale:", 6) == 0 && !strchr (up, '+')
          && !strchr (down, '+')
          && fabs (atof (up + 6) * atof (down + 6) - 1.0) < 1e-6)
        w[BP_DZ2] = w[b];       /* dz2's factor given to a gradient after
                                   it instead (the 1/N scaling dW2): one
                                   mistake, that scale */
    }
}

/* A root gradient id that no line stored: in the file of a gradient whose
 * store is known, the line that copies from it the wrong way round
 * (memcpy (dh, g->dp1->data, ...)) or a return in a helper given it that
 * leaves before it is written.  Moves w[id] there and returns 1, or
 * returns 0. */
int
bp_place_never_stored (int id, bp_sandbox_line w[BP_NGRADS],
                       const int known[BP_NGRADS])
{
  char text[sizeof w[id].text];
  int l;

  for (int j = 0; j < BP_NGRADS; j++)
    if (known[j] && (l = bp_srcline_never_stored (w[j].file,
                                                   bp_grad_name (id), text,
                                                   sizeof text)) > 0)
      {
        w[id] = w[j];
        move_to (&w[id], l, text);
        return 1;
      }
  return 0;
}
