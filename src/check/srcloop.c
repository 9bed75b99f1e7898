/* srcloop.c -- from the line of a store to the loop that holds the
 * mistake (see srcloop.h). */

#include <config.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "srcloop.h"
#include "srctext.h"

int
bp_srcline_loop (const char *path, int line, int arg, char *text, size_t len)
{
  char (*buf)[LINE_MAX_LEN] = calloc (LOOK_BACK + 1, LINE_MAX_LEN);
  int first = line - LOOK_BACK > 1 ? line - LOOK_BACK : 1, found = 0;
  char name[NAME_LEN];

  if (buf == NULL || line < 1
      || bp_text_read_into (path, first, line, buf) != line - first + 1)
    first = 0;
  if (first && bp_text_set_argument (buf[line - first], arg, name,
                                     sizeof name))
    for (int l = line - 1; l >= first && found == 0; l--)
      if (bp_text_loop_over (buf[l - first], name))
        found = l;
  return bp_text_done (buf, found, first, text, len);
}

/* The index that statement s gives as argument `arg' (1, the row; 2,
 * the column) of a gsl_matrix_ get, set or ptr call, when it is a bare
 * name, into name. */
static int
matrix_index (const char *s, int arg, char *name, size_t len)
{
  static const char *const calls[] = { "gsl_matrix_get", "gsl_matrix_set",
    "gsl_matrix_ptr", "gsl_matrix_const_ptr", NULL };
  char piece[LINE_MAX_LEN];

  for (int k = 0; calls[k]; k++)
    for (const char *p = strstr (s, calls[k]); p; p = strstr (p + 1,
                                                            calls[k]))
      {
        const char *open = p + strlen (calls[k]);
        open += strspn (open, " \t");
        if (*open == '(' && bp_text_list_item (open, arg, piece, sizeof piece)
            && bp_text_bare_variable (piece))
          {
            const char *v = piece + strspn (piece, " \t");
            snprintf (name, len, "%.*s", (int) strcspn (v, " \t"), v);
            return 1;
          }
      }
  return 0;
}

/* The for loop that bounds the statement at row `line' of buf (n rows),
 * as bp_srcline_bounding_loop says, or 0. */
static int
bounding_loop_at (char buf[][LINE_MAX_LEN], int n, int line, int arg)
{
  char stmt[LINE_MAX_LEN], name[NAME_LEN] = "";
  size_t indent = bp_text_indent (buf[line - 1]);
  int found = 0;

  bp_text_join_statement (buf, line - 1, n, stmt, sizeof stmt);
  matrix_index (stmt, arg, name, sizeof name);
  for (int l = line; found == 0
         && (l = bp_text_enclosing_head (buf, l, &indent)) > 0;)
    if ((bp_text_is_for (buf[l - 1]) || bp_text_is_while (buf[l - 1]))
        && (name[0] == '\0' || bp_text_loop_over (buf[l - 1], name)))
      found = l;
  return found;
}

int
bp_srcline_bounding_loop (const char *path, int line, int arg, char *text,
                          size_t len)
{
  int n, found = 0;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);
  char name[NAME_LEN];

  if (line >= 1 && line <= n && (bp_text_is_for (buf[line - 1])
                                  || bp_text_is_while (buf[line - 1])))
    found = line;               /* placed at a loop already */
  else if (line >= 1 && line <= n
           && (found = bounding_loop_at (buf, n, line, arg)) == 0)
    for (int l = line - 1; l >= 1 && found == 0
           && !bp_text_function_edge (buf[l - 1]); l--)
      if (bp_text_set_argument (buf[l - 1], 0, name, sizeof name)
          && bp_text_mentions (buf[line - 1], name))
        found = bounding_loop_at (buf, n, l, arg);
  return bp_text_done (buf, found, 1, text, len);
}

int
bp_srcline_parameter_bound (const char *path, int line)
{
  int n, is = 0;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);
  char head[LINE_MAX_LEN];
  const char *open, *cond, *end, *v;

  if (line >= 1 && line <= n && bp_text_for_head (buf[line - 1], &open, &cond)
      && (end = strchr (cond + 1, ';')) != NULL
      && (v = memchr (cond, '<', (size_t) (end - cond))) != NULL)
    {
      size_t k = 0;
      v += 1 + (v[1] == '=');
      v += strspn (v, " \t");
      while (isalnum ((unsigned char) v[k]) || v[k] == '_')
        k++;
      if (k > 0 && k < NAME_LEN && !isdigit ((unsigned char) *v)
          && v[k + strspn (v + k, " \t")] == ';')
        {
          char name[NAME_LEN];
          int h = bp_text_function_head (buf, n, line);
          snprintf (name, sizeof name, "%.*s", (int) k, v);
          bp_text_join_statement (buf, h - 1, n, head, sizeof head);
          is = h < line && bp_text_mentions (head, name);
        }
    }
  free (buf);
  return is;
}

/* Does the for loop that starts t stop one short (i < N - 1), or the
 * while loop (while (n < N - 1))? */
static int
stops_short (const char *t)
{
  const char *init, *cond, *p;

  if (bp_text_is_while (t) && (cond = strchr (t, '(')) != NULL)
    init = cond;
  else if (!bp_text_for_head (t, &init, &cond))
    return 0;
  for (p = cond + 1; *p && *p != ';' && !(init == cond && *p == '{'); p++)
    if (*p == '-' && p[1] != '-' && p[1] != '>' && p[-1] != '-'
        && p[1 + strspn (p + 1, " \t")] == '1'
        && !isdigit ((unsigned char) p[2 + strspn (p + 1, " \t")])
        && memchr (cond, '<', (size_t) (p - cond)))
      return 1;
  return 0;
}

int
bp_srcline_short_loop (const char *path, int line, char *text, size_t len)
{
  int n, found = 0;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);

  for (int l = line - 1; l >= 1 && l <= n && found == 0; l--)
    {
      if (bp_text_function_edge (buf[l - 1]))
        break;
      if (stops_short (buf[l - 1] + strspn (buf[l - 1], " \t")))
        found = l;
    }
  return bp_text_done (buf, found, 1, text, len);
}

int
bp_srcline_later_short_loop (const char *path, int line, const char *grad,
                             char *text, size_t len)
{
  int n, found = 0;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);

  for (int l = line + 1; line >= 1 && l <= n && found == 0; l++)
    {
      if (bp_text_function_edge (buf[l - 1]))
        break;
      if (stops_short (buf[l - 1] + strspn (buf[l - 1], " \t")))
        for (int k = l; k <= n && k < l + 4 && found == 0; k++)
          if (bp_text_mentions (buf[k - 1], grad))
            found = l;
    }
  return bp_text_done (buf, found, 1, text, len);
}

int
bp_srcline_short_loop_here (const char *path, int line, char *text,
                            size_t len)
{
  int n, found = 0;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);
  const char *s = line >= 1 && line <= n ? buf[line - 1] : "";

  for (const char *p = strstr (s, "for"); p && found == 0;
       p = strstr (p + 3, "for"))
    if (p > s && bp_text_word_at (s, p, 3) && strchr (p, ';')
        && strchr (s, ';') < p)
      found = stops_short (p) ? line : 0;   /* a loop after a statement */
  return bp_text_done (buf, found, 1, text, len);
}

/* The value that the for loop starting t gives its variable first (past
 * blanks), and where it ends (at the head's first ';', into *end); NULL
 * when t is no such loop. */
static const char *
loop_start (const char *t, const char **end)
{
  const char *init, *eq;

  if (!bp_text_for_head (t, &init, end)
      || (eq = memchr (init, '=', (size_t) (*end - init))) == NULL)
    return NULL;
  return eq + 1 + strspn (eq + 1, " \t");
}

/* Does the for loop that starts t begin its variable at 1 (for (i = 1;,
 * for (size_t i = 1;)? */
static int
starts_at_one (const char *t)
{
  const char *end, *v = loop_start (t, &end);

  return v && *v == '1' && v + 1 + strspn (v + 1, " \t") == end;
}

/* Does the while loop that starts t increment its variable before its
 * first test (while (++i < n)), so that the first pass sees i + 1? */
static int
increments_first (const char *t)
{
  const char *c;

  if (strncmp (t, "while", 5) != 0 || isalnum ((unsigned char) t[5])
      || t[5] == '_' || (c = strchr (t, '(')) == NULL)
    return 0;
  c += 1 + strspn (c + 1, " \t(");
  return strncmp (c, "++", 2) == 0;
}

/* Does the for loop that starts t count down and stop before 0: its
 * variable decremented first (for (i = n; --i > 0;)), or from a size
 * less one while above 0 (for (j = h - 1; j > 0; j--))?  (for (i = n;
 * i-- > 0;) and for (j = h; j > 0; j--) with j - 1 inside are right.) */
static int
stops_above_zero (const char *t)
{
  const char *end, *v = loop_start (t, &end), *cond, *close;
  char head[LINE_MAX_LEN];

  if (v == NULL || (close = strchr (end + 1, ';')) == NULL)
    return 0;
  snprintf (head, sizeof head, "%.*s", (int) (close - end - 1), end + 1);
  cond = head + strspn (head, " \t");
  if (strncmp (cond, "--", 2) == 0)
    return strstr (cond, "> 0") != NULL;
  while (v < end && v[0] != '-')
    v++;
  return v < end && v[1] != '-' && v[1 + strspn (v + 1, " \t")] == '1'
    && strstr (cond, "> 0") != NULL && strstr (close, "--") != NULL;
}

/* Does the array line l writes feed the store at line `store' (the
 * store names it)? */
static int
feeds (char buf[][LINE_MAX_LEN], int n, int l, int store)
{
  char name[NAME_LEN];

  return l >= 1 && l <= n && store >= 1 && store <= n
    && bp_text_target_name (buf[l - 1], name, sizeof name)
    && bp_text_mentions (buf[store - 1], name);
}

/* Does line l of buf (n rows), or one of the three after it, name
 * grad (a loop's head, its body's first lines)? */
static int
mentions_soon (char buf[][LINE_MAX_LEN], int n, int l, const char *grad)
{
  for (int k = l; k <= n && k < l + 4; k++)
    if (bp_text_mentions (buf[k - 1], grad))
      return 1;
  return 0;
}

int
bp_srcline_late_start (const char *path, int line, const char *grad,
                       char *text, size_t len)
{
  int n, found = 0;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);

  for (int d = 0; line > 0 && line <= n && found == 0 && d < n; d++)
    for (int k = -1; k <= 1 && found == 0; k += 2)
      {
        int l = line + k * d;
        const char *t;
        if (l < 1 || l > n || (k > 0 && d == 0))
          continue;
        t = buf[l - 1] + strspn (buf[l - 1], " \t");
        if (stops_above_zero (t) && l < line && feeds (buf, n, l + 1, line)
            && bp_text_function_head (buf, n, l)
               == bp_text_function_head (buf, n, line))
          found = l;            /* the array the store reads, never set
                                   at 0 */
        else if (l < line && bp_text_indent (buf[line - 1])
                 > bp_text_indent (buf[l - 1]))
          continue;             /* the store is in it: rows folded into
                                   row 0 (acc = row 0; for (i = 1; ...)
                                   acc += row i) */
        else if ((starts_at_one (t) || increments_first (t))
                 && mentions_soon (buf, n, l, grad))
          found = l;
      }
  return bp_text_done (buf, found, 1, text, len);
}

/* Does the for loop that starts t begin its variable at an expression
 * that is not a number (for (i = n4 + 1;, for (i = blocks;)? */
static int
starts_at_expression (const char *t)
{
  const char *end, *v = loop_start (t, &end);

  for (; v && v < end; v++)
    if (isalpha ((unsigned char) *v) || *v == '_')
      return 1;
  return 0;
}

/* Is line l of buf a for loop that starts at an expression (the tail of
 * an unrolled loop) after a for loop at the same depth (indent), the main
 * loop?  l if so, else 0. */
static int
tail_after_main (char buf[][LINE_MAX_LEN], int l, size_t indent)
{
  if (!bp_text_is_for (buf[l - 1]) || !starts_at_expression (buf[l - 1])
      || strstr (buf[l - 1], "--"))
    return 0;                   /* (for (k = d; k-- > 0;) counts down) */
  for (int m = l - 1; m >= 1; m--)
    {
      const char *u = buf[m - 1] + strspn (buf[m - 1], " \t");
      if (bp_text_function_edge (buf[m - 1])
          || (!bp_text_comment_or_blank (u) && *u != '{' && *u != '}'
              && bp_text_indent (buf[m - 1]) < indent))
        return 0;
      if (bp_text_indent (buf[m - 1]) == indent && bp_text_is_for (u))
        return l;
    }
  return 0;
}

int
bp_srcline_tail_loop (const char *path, int line, char *text, size_t len)
{
  int n, found = 0;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);
  size_t indent = line >= 1 && line <= n ? bp_text_indent (buf[line - 1]) : 0;

  for (int l = line; found == 0
         && (l = bp_text_enclosing_head (buf, l, &indent)) > 0;)
    found = tail_after_main (buf, l, indent);
  /* or a tail that ran before the store, in the store's own block */
  indent = line >= 1 && line <= n ? bp_text_indent (buf[line - 1]) : 0;
  for (int l = line - 1; line <= n && l >= 1 && found == 0; l--)
    {
      const char *u = buf[l - 1] + strspn (buf[l - 1], " \t");
      if (bp_text_function_edge (buf[l - 1])
          || (!bp_text_comment_or_blank (u) && *u != '{' && *u != '}'
              && bp_text_indent (buf[l - 1]) < indent))
        break;
      if (bp_text_indent (buf[l - 1]) == indent)
        found = tail_after_main (buf, l, indent);
    }
  return bp_text_done (buf, found, 1, text, len);
}

/* The line at or before `line', after `start', that assigns name (also
 * its declaration: const double *restrict zr = ...;), or 0. */
static int
assigned_before (char buf[][LINE_MAX_LEN], int start, int line,
                 const char *name)
{
  for (int l = line; l > start; l--)
    if (bp_text_assigned_so (buf[l - 1], name, bp_text_any_assignment))
      return l;
  return 0;
}

/* Does any line from `from' to `to' change pointer name (name = ...,
 * name += ..., name++)? */
static int
moved_between (char buf[][LINE_MAX_LEN], int from, int to, const char *name)
{
  size_t len = strlen (name);

  for (int l = from; l <= to; l++)
    {
      const char *t = buf[l - 1];
      if (bp_text_assigned_so (t, name, bp_text_any_assignment))
        return 1;
      for (const char *p = strstr (t, name); p; p = strstr (p + 1, name))
        if (bp_text_word_at (t, p, len)
            && (strncmp (p + len, "++", 2) == 0
                || (p >= t + 2 && strncmp (p - 2, "++", 2) == 0)))
          return 1;
    }
  return 0;
}

/* Does line set pointer name to the data of a matrix with a row per
 * sample (name = cache->z1->data, gsl_matrix_ptr (g->dz2, 0, 0))? */
static int
per_sample_data (const char *line, const char *name)
{
  static const char *const rows[] = { "X", "z1", "p1", "z2", "prob", "dz2",
                                      "dp1", "dz1" };
  const char *p = strstr (line, name), *v;
  char array[NAME_LEN];

  while (p != NULL && !bp_text_word_at (line, p, strlen (name)))
    p = strstr (p + 1, name);
  if (p == NULL || (v = strchr (p, '=')) == NULL
      || !(strstr (v, "->data") || strstr (v, "_ptr"))
      || !bp_text_array_name (strstr (v, "_ptr") ? strchr (v, '(') + 1
                              : v + 1, array))
    return 0;
  for (size_t k = 0; k < sizeof rows / sizeof rows[0]; k++)
    if (strcmp (array, rows[k]) == 0)
      return 1;
  return 0;
}

/* Does the for loop's head t set pointer name to a matrix's data in its
 * first part and step another pointer, but not name, in its last (for (i
 * = 0, d = o->data, dst = h->data; i < N; i++, dst += h->tda))? */
static int
set_not_stepped (const char *t, const char *name)
{
  const char *init, *cond, *step, *p;
  size_t len = strlen (name);
  int other = 0;

  if (!bp_text_for_head (t, &init, &cond)
      || (step = strchr (cond + 1, ';')) == NULL)
    return 0;
  for (p = strstr (init, name); p && p < cond; p = strstr (p + 1, name))
    if (bp_text_word_at (t, p, len))
      break;
  if (p == NULL || p >= cond || !strstr (p, "->data")
      || strstr (p, "->data") > cond)
    return 0;
  for (p = step; *p && *p != ')'; p++)
    if (strncmp (p, "+=", 2) == 0)
      other = 1;
  for (p = strstr (step, name); p; p = strstr (p + 1, name))
    if (bp_text_word_at (t, p, len))
      return 0;                 /* (it is stepped too) */
  return other;
}

int
bp_srcline_stale_row (const char *path, int line, char *text, size_t len)
{
  int n, found = 0, outer = 0, start, fresh = 0, stepped = 0;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);
  char stmt[LINE_MAX_LEN], names[MAX_NAMES][NAME_LEN];
  int k = 0;

  if (line < 1 || line > n)
    return bp_text_done (buf, 0, 1, text, len);
  start = bp_text_function_start (buf, n, line);
  /* the outermost loop around the store */
  size_t indent = bp_text_indent (buf[line - 1]);
  for (int l = line; (l = bp_text_enclosing_head (buf, l, &indent)) > 0;)
    if (bp_text_is_for (buf[l - 1]))
      outer = l;
  bp_text_join_statement (buf, line - 1, n, stmt, sizeof stmt);
  /* the arrays it indexes: name [ */
  for (const char *p = stmt; *p && k < MAX_NAMES; p++)
    if ((isalpha ((unsigned char) *p) || *p == '_')
        && (p == stmt || !(isalnum ((unsigned char) p[-1]) || p[-1] == '_'
                           || p[-1] == '.' || p[-1] == '>')))
      {
        size_t w = strspn (p, "abcdefghijklmnopqrstuvwxyz"
                           "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");
        if (p[w + strspn (p + w, " \t")] == '[' && w < NAME_LEN)
          snprintf (names[k++], NAME_LEN, "%.*s", (int) w, p);
        p += w - 1;
      }
  if (outer == 0)
    k = 0;
  /* one set per row inside the loops, one set once before them from a
   * matrix's data and never moved */
  for (int i = 0; i < k; i++)
    {
      int a = assigned_before (buf, start, line - 1, names[i]);
      if (a > outer)
        fresh = 1;
      else if (a > 0 && per_sample_data (buf[a - 1], names[i])
               && !moved_between (buf, outer, line, names[i]))
        found = a;
      else if (a > 0 && a == outer && set_not_stepped (buf[a - 1], names[i])
               && !moved_between (buf, outer + 1, line, names[i]))
        found = a;              /* for (i = 0, d = o->data, dst = ...; ...;
                                   i++, dst += tda): d never moves */
      else if (a > 0 && moved_between (buf, outer, outer, names[i]))
        stepped = outer;        /* stepped by the loop's head */
    }
  /* the others set per row: the stale one's setting; the others stepped
   * by the loop's head (for (...; i++, dp += tda)): that head */
  return bp_text_done (buf, fresh ? found : found ? stepped : 0, 1, text,
                       len);
}

int
bp_srcline_axis_call (const char *path, int line, char *text, size_t len)
{
  int n, loop = 0, def, call = 0, calls = 0;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);
  size_t indent = line >= 1 && line <= n ? bp_text_indent (buf[line - 1]) : 0;
  char fn[NAME_LEN];

  if (line < 1 || line > n)
    n = 0;
  for (int l = line; n > 0 && loop == 0
         && (l = bp_text_enclosing_head (buf, l, &indent)) > 0;)
    if (bp_text_is_for (buf[l - 1]))
      loop = l;
  def = loop > 0 ? bp_text_function_head (buf, n, loop) : 0;
  if (def >= 1 && bp_text_defined_name (buf[def - 1], fn, sizeof fn)
      && strcmp (fn, "backward") != 0)
    for (int l = 1; l <= n; l++)
      if (l != def && bp_text_calls (buf[l - 1], fn))
        call = l, calls++;
  if (calls != 1 || !bp_srcline_parameter_bound (path, loop))
    call = 0;
  return bp_text_done (buf, call, 1, text, len);
}

/* Does the for loop that starts t run from 1 while its bound is < (1)
 * or <= (2), else 0? */
static int
one_based (const char *t)
{
  const char *end, *lt;

  if (!starts_at_one (t) || loop_start (t, &end) == NULL
      || (lt = strchr (end, '<')) == NULL || lt[1] == '<')
    return 0;
  return lt[1] == '=' ? 2 : 1;
}

/* What a head is tested for in enclosing_where: a test of buf's line h
 * with its argument. */
typedef int head_test (char buf[][LINE_MAX_LEN], int h, const void *arg);

/* The nearest head around line `line' of buf (n rows), out to the
 * function's edge, that test accepts; the walk stops at a head at or
 * above line `above' or less indented than floor.  Returns it, or 0. */
static int
enclosing_where (char buf[][LINE_MAX_LEN], int n, int line, int above,
                 size_t floor, head_test *test, const void *arg)
{
  size_t indent = line >= 1 && line <= n ? bp_text_indent (buf[line - 1]) : 0;

  for (int h = line; indent > floor
         && (h = bp_text_enclosing_head (buf, h, &indent)) > above
         && indent >= floor;)
    if (test (buf, h, arg))
      return h;
  return 0;
}

/* head_tests: a for loop; an if that compares before line *store; a test
 * of which layer a loop over the layers is at (layer_test, below). */
static int
is_for_head (char buf[][LINE_MAX_LEN], int h, const void *arg)
{
  (void) arg;
  return bp_text_is_for (buf[h - 1]);
}

static int
comparing_if (char buf[][LINE_MAX_LEN], int h, const void *store)
{
  const char *t = buf[h - 1] + strspn (buf[h - 1], " \t");

  return h < *(const int *) store && strncmp (t, "if", 2) == 0
    && !isalnum ((unsigned char) t[2]) && t[2] != '_' && bp_text_compares (t);
}

int
bp_srcline_one_based_short (const char *path, int line, char *text,
                            size_t len)
{
  int n, shortl = 0, full = 0;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);
  size_t indent = line >= 1 && line <= n ? bp_text_indent (buf[line - 1]) : 0;

  for (int l = line; line >= 1 && line <= n
         && (l = bp_text_enclosing_head (buf, l, &indent)) > 0;)
    if (bp_text_is_for (buf[l - 1]))
      {
        int k = one_based (buf[l - 1]);
        shortl = k == 1 && shortl == 0 ? l : shortl;
        full |= k == 2;
      }
  return bp_text_done (buf, full ? shortl : 0, 1, text, len);
}

int
bp_srcline_in_own_loop (const char *path, int line, int store)
{
  int n, own = 0;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);
  size_t indent = line >= 1 && line <= n && store >= 1 && store <= n
    ? bp_text_indent (buf[line - 1]) : 0;
  size_t outer = indent > 0 ? bp_text_indent (buf[store - 1]) : 0;
  int l = indent > outer ? bp_text_enclosing_head (buf, line, &indent) : 0;

  own = l > 0 && l < store && indent >= outer && bp_text_is_for (buf[l - 1]);
  free (buf);
  return own;
}

int
bp_srcline_guarding_if (const char *path, int line, int store, char *text,
                        size_t len)
{
  int n, found = 0;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);

  if (line >= 1 && line <= n && store >= 1 && store <= n)
    found = enclosing_where (buf, n, line, 0, bp_text_indent (buf[store - 1]),
                             comparing_if, &store);
  return bp_text_done (buf, found, 1, text, len);
}

int
bp_srcline_looped_after (const char *path, int from, int line)
{
  int n;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);

  return bp_text_done (buf, enclosing_where (buf, n, line, from, 0,
                                             is_for_head, NULL) > 0,
                       1, NULL, 0);
}

int
bp_srcline_short_while (const char *path, int line, char *text, size_t len)
{
  int n, found = 0;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);
  size_t indent = line >= 1 && line <= n ? bp_text_indent (buf[line - 1]) : 0;
  int l = line;

  while (found == 0 && line >= 1 && line <= n
         && (l = bp_text_enclosing_head (buf, l, &indent)) > 0)
    {
      const char *t = buf[l - 1] + strspn (buf[l - 1], " \t"), *open;
      if (bp_text_is_while (t) && (open = strchr (t, '(')) != NULL
          && (((open[1 + strspn (open + 1, " \t")] == '-'
                || open[1 + strspn (open + 1, " \t")] == '+')
               && bp_text_compares (open))
              || stops_short (t)))
        found = l;              /* while (--k > 0), while (h < H - 1) */
    }
  return bp_text_done (buf, found, 1, text, len);
}

/* Is the line an if whose condition tests (with a comparison) a variable
 * that an enclosing loop of buf, from line h out, counts (for (l = ...),
 * while (l...)): a test of which layer a loop over the layers is at? */
static int
layer_test (char buf[][LINE_MAX_LEN], int h)
{
  const char *t = buf[h - 1] + strspn (buf[h - 1], " \t"), *p, *open;
  size_t indent = bp_text_indent (buf[h - 1]), k;
  char var[NAME_LEN], cond[LINE_MAX_LEN];
  int vars = 0;

  if (strncmp (t, "if", 2) != 0 || isalnum ((unsigned char) t[2])
      || t[2] == '_' || !bp_text_compares (t)
      || (open = strchr (t, '(')) == NULL
      || !bp_text_list_item (open, 0, cond, sizeof cond)
      || strpbrk (cond, "(["))
    return 0;                   /* (not an element's test: no call, no
                                   index, one variable against counts) */
  for (p = cond; (p = bp_text_next_identifier (cond, p, &k)) != NULL; p += k)
    if (!isupper ((unsigned char) *p))
      {
        vars++;
        snprintf (var, sizeof var, "%.*s", (int) (k < sizeof var ? k
                                                  : sizeof var - 1), p);
      }
  for (int l = h; vars == 1
         && (l = bp_text_enclosing_head (buf, l, &indent)) > 0;)
    {
      const char *e = buf[l - 1] + strspn (buf[l - 1], " \t");
      if (bp_text_loop_over (e, var)
          || (strncmp (e, "while", 5) == 0 && bp_text_mentions (e, var)))
        return 1;
    }
  return 0;
}

static int
layer_head (char buf[][LINE_MAX_LEN], int h, const void *arg)
{
  (void) arg;
  return layer_test (buf, h);
}

int
bp_srcline_layer_guard (const char *path, int line, char *text, size_t len)
{
  int n;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);

  return bp_text_done (buf, enclosing_where (buf, n, line, 0, 0, layer_head,
                                             NULL), 1, text, len);
}

int
bp_srcline_guarded_mask (const char *path, int line, char *text, size_t len)
{
  int n, found = 0;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);
  int start = line >= 1 && line <= n ? bp_text_function_start (buf, n, line)
    : 0;

  for (int l = start + 1; start > 0 && l <= n && found == 0
         && !bp_text_function_edge (buf[l - 1]); l++)
    {
      const char *t = buf[l - 1];
      size_t indent = bp_text_indent (t);
      if (!(strstr (t, "> 0") || strstr (t, "<= 0") || strstr (t, "< 0")
            || strstr (t, ">= 0")) || bp_text_comment_or_blank (t))
        continue;               /* no ReLU's test */
      for (int h = l; found == 0
             && (h = bp_text_enclosing_head (buf, h, &indent)) > 0;)
        if (layer_test (buf, h))
          found = h;
      if (found == 0 && layer_test (buf, l))
        found = l;
    }
  return bp_text_done (buf, found, 1, text, len);
}

int
bp_srcline_layer_zero_skipped (const char *path, int line, char *text,
                               size_t len)
{
  int n, found = 0;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);
  int start = line >= 1 && line <= n ? bp_text_function_start (buf, n, line)
    : 0;

  for (int l = start + 1; start > 0 && l <= n && found == 0
         && !bp_text_function_edge (buf[l - 1]); l++)
    {
      const char *t = buf[l - 1] + strspn (buf[l - 1], " \t"), *init, *end;
      char var[NAME_LEN], index[NAME_LEN + 2];
      size_t k;
      if (!stops_above_zero (t) || !bp_text_for_head (t, &init, &end))
        continue;
      init += strspn (init, " \t(");
      if (strncmp (init, "int ", 4) == 0)
        init += 4;
      for (k = 0; isalnum ((unsigned char) init[k]) || init[k] == '_'; k++)
        ;
      if (k == 0 || k >= sizeof var)
        continue;
      snprintf (var, sizeof var, "%.*s", (int) k, init);
      snprintf (index, sizeof index, "[%s]", var);
      for (int b = l; b <= n && b < l + 6 && found == 0; b++)
        if (strstr (buf[b - 1], index))
          found = l;            /* a table of layers indexed by it */
    }
  return bp_text_done (buf, found, 1, text, len);
}

/* Does the for loop that starts t step by a constant above one (i += 4)? */
static int
steps_by_many (const char *t)
{
  const char *init, *semi, *p;

  if (!bp_text_for_head (t, &init, &semi)
      || (semi = strchr (semi + 1, ';')) == NULL
      || (p = strstr (semi, "+=")) == NULL)
    return 0;
  p += 2 + strspn (p + 2, " \t");
  if (isupper ((unsigned char) *p))
    return 1;                   /* (i += CH: a constant's name) */
  return isdigit ((unsigned char) *p) && (p[0] != '1' || isdigit
                                          ((unsigned char) p[1]));
}

/* The line of the body of the loop whose head is line l of buf (n rows)
 * that leaves it early under a test (if (b + BS > N) break;), when the
 * body names grad; -1 when it names grad but leaves nowhere; 0 when it
 * does not name grad. */
static int
body_break (char buf[][LINE_MAX_LEN], int n, int l, const char *grad)
{
  size_t indent = bp_text_indent (buf[l - 1]);
  int names = 0, brk = 0;
  char member[NAME_LEN + 2];

  snprintf (member, sizeof member, "->%s", grad);
  for (int m = l + 1; m <= n; m++)
    {
      const char *t = buf[m - 1] + strspn (buf[m - 1], " \t");
      if (!bp_text_comment_or_blank (t) && *t != '{'
          && bp_text_indent (buf[m - 1]) <= indent)
        break;
      names |= strstr (t, member) != NULL;
      if (brk == 0 && strncmp (t, "if", 2) == 0 && strstr (t, "break"))
        brk = m;
    }
  return !names ? 0 : brk > 0 ? brk : -1;
}

int
bp_srcline_untailed_loop (const char *path, int line, const char *grad,
                          char *text, size_t len)
{
  int n, found = 0;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);

  for (int l = line - 1, dir = -1; l >= 1 && l <= n && found == 0;
       l += dir)
    {
      const char *t = buf[l - 1] + strspn (buf[l - 1], " \t");
      if (bp_text_function_edge (buf[l - 1]) && dir < 0
          && bp_text_clears (buf[line - 1], strlen (buf[line - 1])))
        {                       /* the store a reset: the loop after it */
          dir = 1;
          l = line;
          continue;
        }
      if (bp_text_function_edge (buf[l - 1]))
        break;
      if (dir > 0 && steps_by_many (t))
        {                       /* after a reset: the loop that fills
                                   grad, left early, or without a tail */
          int k = body_break (buf, n, l, grad);
          if (k > 0)
            {
              found = k;
              break;
            }
          if (k == 0)
            continue;
        }
      if (steps_by_many (t))
        {
          size_t indent = bp_text_indent (buf[l - 1]);
          const char *init, *semi, *v;
          char var[NAME_LEN];
          int tail = 0;
          size_t k;
          bp_text_for_head (t, &init, &semi);
          v = init + strspn (init, " \t(");
          if (strncmp (v, "size_t ", 7) == 0 || strncmp (v, "int ", 4) == 0)
            v = strchr (v, ' ') + 1;
          for (k = 0; isalnum ((unsigned char) v[k]) || v[k] == '_'; k++)
            ;
          snprintf (var, sizeof var, "%.*s", (int) (k < sizeof var ? k
                                                    : sizeof var - 1), v);
          for (int m = l + 1; m < (dir < 0 ? line : n) && !tail
                 && !(m > l + 1 && bp_text_function_edge (buf[m - 1])); m++)
            {                   /* a loop on over the same variable, not
                                   from 0: the tail */
              const char *u = buf[m - 1] + strspn (buf[m - 1], " \t");
              const char *start, *end;
              tail = bp_text_indent (buf[m - 1]) == indent
                && bp_text_is_for (u) && bp_text_mentions (u, var)
                && !((start = loop_start (u, &end)) && *start == '0'
                     && start + 1 + strspn (start + 1, " \t") == end);
            }
          found = tail ? -1 : l;
        }
    }
  return bp_text_done (buf, found > 0 ? found : 0, 1, text, len);
}

int
bp_srcline_loop_beta_zero (const char *path, int line, const char *grad,
                           char *text, size_t len)
{
  int n, found = 0;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);
  int start = line >= 1 && line <= n ? bp_text_function_start (buf, n, line)
    : 0;
  char stmt[LINE_MAX_LEN], arg[LINE_MAX_LEN], beta[LINE_MAX_LEN];

  for (int l = start + 1; start > 0 && l <= n && found == 0
         && !bp_text_function_edge (buf[l - 1]); l++)
    {
      const char *p = strstr (buf[l - 1], "gsl_blas_dgem");
      size_t indent = bp_text_indent (buf[l - 1]);
      int k = 0, in_loop = 0;
      if (p == NULL || (p = strchr (p, '(')) == NULL)
        continue;
      bp_text_join_statement (buf, l - 1, n, stmt, sizeof stmt);
      p = strchr (strstr (stmt, "gsl_blas_dgem"), '(');
      while (bp_text_list_item (p, k, arg, sizeof arg))
        k++;
      if (k < 2 || !bp_text_list_item (p, k - 1, arg, sizeof arg)
          || !bp_text_mentions (arg, grad)
          || !bp_text_list_item (p, k - 2, beta, sizeof beta))
        continue;
      bp_text_trim_into (beta, arg, sizeof arg);
      if (strcmp (arg, "0") != 0 && strcmp (arg, "0.0") != 0)
        continue;
      for (int h = l; !in_loop && (h = bp_text_enclosing_head (buf, h,
                                                               &indent)) > 0;)
        in_loop = bp_text_is_for (buf[h - 1])
          || strstr (buf[h - 1], "while") != NULL;
      if (in_loop)
        found = l;              /* a product that overwrites, once a pass */
    }
  return bp_text_done (buf, found, 1, text, len);
}

/* The row offset of a submatrix view on statement t (its second
 * argument), trimmed, into off; whether t makes one. */
static int
view_offset (const char *t, char *off, size_t len)
{
  const char *p = strstr (t, "_submatrix");
  char arg[LINE_MAX_LEN];

  if (p == NULL || (p = strchr (p, '(')) == NULL
      || !bp_text_list_item (p, 1, arg, sizeof arg))
    return 0;
  bp_text_trim_into (arg, off, len);
  return 1;
}

int
bp_srcline_fixed_view (const char *path, int line, char *text, size_t len)
{
  int n, found = 0, moving = 0, fixed = 0;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);
  size_t indent = line >= 1 && line <= n ? bp_text_indent (buf[line - 1]) : 0;
  int head = 0;
  char off[LINE_MAX_LEN];

  for (int h = line; (h = bp_text_enclosing_head (buf, h, &indent)) > 0;)
    if (bp_text_is_for (buf[h - 1]))
      head = h;                 /* the outermost loop: over the chunks */
  for (int l = head + 1; head > 0 && l <= n; l++)
    {
      const char *t = buf[l - 1] + strspn (buf[l - 1], " \t");
      if (!bp_text_comment_or_blank (t) && *t != '{'
          && bp_text_indent (buf[l - 1]) <= bp_text_indent (buf[head - 1]))
        break;
      if (!view_offset (t, off, sizeof off))
        continue;
      if (strcmp (off, "0") == 0)
        fixed = fixed ? fixed : l;
      else
        moving = 1;
    }
  found = moving ? fixed : 0;   /* one view stays at row 0 */
  return bp_text_done (buf, found, 1, text, len);
}

/* How line t changes the variable v: 1 when it steps it on (v++, ++v, v
 * += 1, v = v + 1), 2 when it sets it afresh (v = 0, v = N - 1), else 0. */
static int
changes (const char *t, const char *v)
{
  size_t len = strlen (v), op;

  for (const char *p = strstr (t, v); p; p = strstr (p + 1, v))
    {
      const char *q = p + len + strspn (p + len, " \t");
      if (!bp_text_word_at (t, p, len))
        continue;
      if ((q[0] == '+' && q[1] == '+')
          || (p >= t + 2 && p[-1] == '+' && p[-2] == '+'))
        return 1;
      if (bp_text_assignment_at (q, 0, &op))
        return op == 1 && !bp_text_mentions (q + op, v) ? 2 : 1;
    }
  return 0;
}

/* Does the while loop at line h of buf count with a variable left over
 * from before it: the nearest line before it that changes the counter
 * steps it on (a loop before, that left it at its bound), or a loop
 * around it comes first (the counter set once, outside the loop that
 * runs this one again)? */
static int
unreset_while (char buf[][LINE_MAX_LEN], int h)
{
  char v[NAME_LEN];
  size_t indent = bp_text_indent (buf[h - 1]);
  int around = bp_text_enclosing_head (buf, h, &indent);

  if (!bp_text_while_counter (buf[h - 1], v, sizeof v))
    return 0;
  for (int l = h - 1; l >= 1 && !bp_text_function_edge (buf[l - 1]); l--)
    {
      int how = bp_text_is_for (buf[l - 1])
        && bp_text_loop_over (buf[l - 1], v)
        ? (l == around ? 2 : 1) /* (a for loop before: v at its bound) */
        : changes (buf[l - 1], v);
      if (l == around && (bp_text_is_for (buf[l - 1])
                          || bp_text_is_while (buf[l - 1])) && how == 0)
        return 1;
      if (l == around)
        around = bp_text_enclosing_head (buf, l, &indent);
      if (how)
        return how == 1;
    }
  return 0;
}

int
bp_srcline_unreset_while (const char *path, int line, const char *grad,
                          char *text, size_t len)
{
  int n, found = 0;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);
  size_t indent = line >= 1 && line <= n ? bp_text_indent (buf[line - 1]) : 0;

  for (int l = line; grad == NULL && found == 0 && line >= 1 && line <= n
         && (l = bp_text_enclosing_head (buf, l, &indent)) > 0;)
    found = unreset_while (buf, l) ? l : 0;
  for (int l = line + 1; grad && line >= 1 && l <= n && found == 0
         && !bp_text_function_edge (buf[l - 1]); l++)
    if (bp_text_is_while (buf[l - 1]))
      {                         /* the first while after, over grad */
        size_t in = bp_text_indent (buf[l - 1]);
        int k = l + 1, mentions = 0;
        for (; k <= n && !bp_text_function_edge (buf[k - 1])
               && (bp_text_comment_or_blank (buf[k - 1])
                   || bp_text_indent (buf[k - 1]) > in
                   || buf[k - 1][strspn (buf[k - 1], " \t")] == '{'); k++)
          mentions |= bp_text_mentions (buf[k - 1], grad);
        if (mentions)
          {
            found = unreset_while (buf, l) ? l : 0;
            break;
          }
      }
  return bp_text_done (buf, found, 1, text, len);
}

/* Does line t recover an index from a flat one with a size other than
 * want (i = k / H, db1[k % C], COL (k, C), where a row of want entries
 * belongs)?  Sizes named N, D, H or C only. */
static int
flat_index_other (const char *t, const char *want)
{
  static const char *const sizes[] = { "N", "D", "H", "C", NULL };

  for (const char *p = t; *p; p++)
    {
      const char *q;
      if (*p != '/' && *p != '%' && *p != ',')
        continue;
      q = p + 1 + strspn (p + 1, " \t");
      for (int s = 0; sizes[s]; s++)
        if (strncmp (q, sizes[s], 1) == 0 && !isalnum ((unsigned char) q[1])
            && q[1] != '_' && strcmp (sizes[s], want) != 0)
          {                     /* the flat index before the operator */
            const char *k = p;
            while (k > t && strchr (" \t", k[-1]))
              k--;
            if (k > t && k[-1] == 'k'
                && (k - 1 == t || !(isalnum ((unsigned char) k[-2])
                                    || k[-2] == '_')))
              return 1;
          }
    }
  return 0;
}

int
bp_srcline_flat_index (const char *path, int line, const char *want,
                       char *text, size_t len)
{
  int n, found = 0, head = 0;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);
  size_t indent = line >= 1 && line <= n ? bp_text_indent (buf[line - 1]) : 0;

  for (int l = line; line >= 1 && line <= n && head == 0
         && (l = bp_text_enclosing_head (buf, l, &indent)) > 0;)
    if (bp_text_is_for (buf[l - 1]) && bp_text_loop_over (buf[l - 1], "k"))
      head = l;                 /* the loop over k, around the line */
  if (head > 0)
    for (int l = line; l > head && found == 0; l--)
      if (!bp_text_comment_or_blank (buf[l - 1])
          && flat_index_other (buf[l - 1], want))
        found = l;
  return bp_text_done (buf, found, 1, text, len);
}

/* Does the for loop's head t count k up to a product of two sizes named
 * N, D, H or C (k < N * C) other than a and b? */
static int
flat_bound_other (const char *t, const char *a, const char *b)
{
  const char *init, *cond, *p, *x, *y;

  if (!bp_text_for_head (t, &init, &cond) || !bp_text_loop_over (t, "k"))
    return 0;
  p = strchr (cond, '<');
  if (p == NULL || p > strchr (cond + 1, ';'))
    return 0;
  x = p + 1 + strspn (p + 1, " \t=");
  if (!strchr ("NDHC", *x) || isalnum ((unsigned char) x[1]) || x[1] == '_')
    return 0;
  y = x + 1 + strspn (x + 1, " \t");
  if (*y != '*')
    return 0;
  y += 1 + strspn (y + 1, " \t");
  if (!strchr ("NDHC", *y) || isalnum ((unsigned char) y[1]) || y[1] == '_')
    return 0;
  return !((*x == *a && *y == *b) || (*x == *b && *y == *a));
}

int
bp_srcline_flat_bound (const char *path, int line, const char *a,
                       const char *b, char *text, size_t len)
{
  int n, found = 0;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);
  size_t indent = line >= 1 && line <= n ? bp_text_indent (buf[line - 1]) : 0;

  for (int l = line; line >= 1 && line <= n && found == 0
         && (l = bp_text_enclosing_head (buf, l, &indent)) > 0;)
    if (flat_bound_other (buf[l - 1], a, b))
      found = l;                /* the loop around the line */
  for (int l = line + 1; line >= 1 && found == 0 && l <= n && l <= line + 3
         && !bp_text_function_edge (buf[l - 1]); l++)
    if (flat_bound_other (buf[l - 1], a, b))
      found = l;                /* or just after it (a mask) */
  return bp_text_done (buf, found, 1, text, len);
}


/* The counter of the for loop whose head is t (j of for (j = 0; ...),
 * for (size_t j = 0; ...)), into name; whether there is one. */
static int
for_counter (const char *t, char *name, size_t len)
{
  const char *open, *semi, *end, *start;

  if (!bp_text_for_head (t, &open, &semi)
      || (end = memchr (open, '=', (size_t) (semi - open))) == NULL)
    return 0;
  while (end > open + 1 && (end[-1] == ' ' || end[-1] == '\t'))
    end--;
  for (start = end; start > open + 1
         && (isalnum ((unsigned char) start[-1]) || start[-1] == '_');)
    start--;
  if (start == end || (size_t) (end - start) >= len)
    return 0;
  snprintf (name, len, "%.*s", (int) (end - start), start);
  return 1;
}

/* Is the pointer name stepped by a row's length (name += m->tda) on a
 * line after line `from' and at most 2 past line `to' of buf (n rows):
 * does it walk down one column? */
static int
steps_by_row (char buf[][LINE_MAX_LEN], int n, int from, int to,
              const char *name)
{
  for (int l = from + 1; l <= n && l <= to + 2; l++)
    {
      const char *at = strstr (buf[l - 1], name);
      size_t k = strlen (name);
      if (at && bp_text_word_at (buf[l - 1], at, k)
          && strncmp (at + k + strspn (at + k, " \t"), "+=", 2) == 0
          && strstr (at, "tda"))
        return 1;
    }
  return 0;
}

int
bp_srcline_fixed_start (const char *path, int line, char *text, size_t len)
{
  int n, found = 0;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);
  const char *t = buf && line >= 1 && line <= n ? buf[line - 1] : "";

  for (const char *p = strchr (t, '*'); p && found == 0;
       p = strchr (p + 1, '*'))
    {
      const char *b = p, *q = p + 1;
      char name[NAME_LEN], counter[NAME_LEN];
      size_t k = 0, indent;
      while (b > t && (b[-1] == ' ' || b[-1] == '\t'))
        b--;
      if (b > t && !strchr ("=+-*/(,;", b[-1]))
        continue;               /* a product, not a pointer read */
      while ((isalnum ((unsigned char) q[k]) || q[k] == '_')
             && k + 1 < sizeof name)
        k++;
      if (k == 0 || isdigit ((unsigned char) q[0]))
        continue;
      snprintf (name, sizeof name, "%.*s", (int) k, q);
      for (int l = line - 1; l >= 1 && found == 0; l--)
        {
          const char *s = buf[l - 1], *at = strstr (s, name);
          char e[LINE_MAX_LEN];
          size_t op;
          if (bp_text_function_edge (s))
            break;
          if (at == NULL || !bp_text_word_at (s, at, k)
              || bp_text_is_for (s))
            continue;
          snprintf (e, sizeof e, "%s", at + k + strspn (at + k, " \t"));
          e[strcspn (e, "/")] = '\0';  /* (no comment, no division) */
          if (!bp_text_assignment_at (e, 0, &op))
            continue;
          if (op == 1 && strstr (e, "->data")
              && !strpbrk (e + 1, "+[")) /* set afresh, to the start */
            {
              int h;
              indent = bp_text_indent (s);
              h = bp_text_enclosing_head (buf, l, &indent);
              if (h > 0 && bp_text_is_for (buf[h - 1])
                  && for_counter (buf[h - 1], counter, sizeof counter)
                  && !bp_text_mentions (e, counter)
                  && steps_by_row (buf, n, l, line, name))
                found = l;
            }
          break;                /* (the nearest store into it decides) */
        }
    }
  return bp_text_done (buf, found, 1, text, len);
}
