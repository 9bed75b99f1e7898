/* srchelper.c -- from a line inside a helper of the student's to the
 * helper's calls (see srchelper.h). */

#include <config.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "slice.h"
#include "srchelper.h"
#include "srctext.h"

/* Is line `line' of path in a helper whose name holds one of words
 * (NULL-terminated)? */
static int
in_helper_named (const char *path, int line, const char *const *words)
{
  int n, h, named = 0;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);
  char name[NAME_LEN];

  h = line >= 1 && line <= n ? bp_text_function_head (buf, n, line) : 0;
  if (h >= 1 && bp_text_defined_name (buf[h - 1], name, sizeof name)
      && strcmp (name, "backward") != 0)
    for (size_t k = 0; words[k]; k++)
      named |= strstr (name, words[k]) != NULL;
  free (buf);
  return named;
}

int
bp_srcline_in_mean_helper (const char *path, int line)
{
  static const char *const words[] = { "mean", "Mean", "avg", "Avg",
                                       "average", "Average", NULL };

  return in_helper_named (path, line, words);
}

int
bp_srcline_in_math_helper (const char *path, int line)
{
  static const char *const words[] = { "matmul", "mat_mul", "MatMul",
    "matMul", "mult", "gemm", "dot", "colsum", "col_sum", "rowsum",
    "row_sum", "sum_rows", "sum_cols", "sum_axis", "sumRows", "sumCols",
    "transpose", NULL };

  return in_helper_named (path, line, words);
}

/* The body of the function around line `line' of buf (*n rows): from
 * *first, the line of its opening brace, to *last.  *n becomes 0 when
 * line is not in the file. */
static void
body_of (char buf[][LINE_MAX_LEN], int *n, int line, int *first, int *last)
{
  if (line < 1 || line > *n)
    *n = 0;
  *first = bp_text_function_start (buf, *n, line);
  while (*first <= *n && *first < line && !strchr (buf[*first - 1], '{'))
    (*first)++;                 /* past the head and its parameters */
  *last = line;
  while (*last < *n && !bp_text_function_edge (buf[*last]))
    (*last)++;
}

int
bp_srcline_body_mentions (const char *path, int line, const char *name)
{
  int n, first, last, found = 0;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);

  body_of (buf, &n, line, &first, &last);
  for (int l = first + 1; l <= last && l <= n && found == 0; l++)
    found = !bp_text_comment_or_blank (buf[l - 1])
      && bp_text_mentions (buf[l - 1], name);
  bp_text_done (buf, 0, 1, NULL, 0);
  return found;
}

/* Does line s divide (a / not of a comment) or call a scaling function
 * (gsl_matrix_scale, cblas_dscal)? */
static int
scales (const char *s)
{
  for (const char *p = strchr (s, '/'); p; p = strchr (p + 1, '/'))
    {
      if (p[1] == '/' || (p[1] == '*' && p == strstr (p, "/*")))
        return 0;               /* a comment from here on */
      if (p > s && p[-1] == '*')
        continue;               /* the end of one */
      return 1;
    }
  return strstr (s, "scale") != NULL || strstr (s, "scal (") != NULL
    || strstr (s, "scal(") != NULL;
}

int
bp_srcline_body_scales (const char *path, int line)
{
  int n, first, last, found = 0;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);

  body_of (buf, &n, line, &first, &last);
  for (int l = first + 1; l <= last && l <= n && found == 0; l++)
    found = !bp_text_comment_or_blank (buf[l - 1]) && scales (buf[l - 1]);
  bp_text_done (buf, 0, 1, NULL, 0);
  return found;
}

int
bp_srcline_caller (const char *path, int line, const char *a, const char *b,
                   char *text, size_t len)
{
  int n;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);
  n = line > 0 ? n : 0;
  int def = 0, found = 0;
  char name[NAME_LEN], stmt[LINE_MAX_LEN];

  for (int l = line - 1; l >= 1 && l <= n && def == 0; l--)
    if (bp_text_defined_name (buf[l - 1], name, sizeof name))
      def = l;
  for (int l = 1; def && l <= n && found == 0; l++)
    if (l != def && !bp_text_function_edge (buf[l - 1])
        && !bp_text_comment_or_blank (buf[l - 1])
        && bp_text_calls (buf[l - 1], name))
      {                         /* a call, not a prototype or a comment */
        bp_text_join_statement (buf, l - 1, n, stmt, sizeof stmt);
        if (bp_text_mentions (stmt, a) && bp_text_mentions (stmt, b))
          found = l;            /* a call over several lines: all of it */
      }
  return bp_text_done (buf, found, 1, text, len);
}

/* The statement that starts at line `line' of buf (n rows) into stmt,
 * to its ';' even across the braces of an initialiser ({ .W = ...,
 * .dW = ... }), at most STATEMENT_LINES lines. */
static void
whole_statement (char buf[][LINE_MAX_LEN], int n, int line, char *stmt,
                 size_t len)
{
  size_t used = 0;

  stmt[0] = '\0';
  for (int l = line; l <= n && l < line + STATEMENT_LINES && used + 1 < len;
       l++)
    {
      const char *t = buf[l - 1] + strspn (buf[l - 1], " \t");
      snprintf (stmt + used, len - used, "%s%.*s", used ? " " : "",
                (int) strcspn (t, "\n"), t);
      used = strlen (stmt);
      if (strchr (t, ';'))
        break;
    }
}

/* How statement stmt, of a call at line `call' of buf, names name: -1
 * itself, or the line of an earlier statement of the caller that sets a
 * variable the call passes (its name into id) from an expression that
 * names it (gsl_matrix *dh = g->dp1;, struct linear fc1 = { ..., g->dW1
 * };); 0 when neither. */
static int
names_through (char buf[][LINE_MAX_LEN], int n, int call, const char *stmt,
               const char *name, char id[NAME_LEN])
{
  int start = bp_text_function_start (buf, n, call);
  char set[LINE_MAX_LEN];
  size_t k;

  if (bp_text_mentions (stmt, name))
    return -1;
  for (const char *p = stmt; (p = bp_text_next_identifier (stmt, p, &k))
         != NULL; p += k)
    {
      snprintf (id, NAME_LEN, "%.*s", (int) (k < NAME_LEN ? k
                                              : NAME_LEN - 1), p);
      for (int m = call - 1; m > start; m--)
        if (bp_text_assigned_so (buf[m - 1], id, bp_text_any_assignment))
          {
            whole_statement (buf, n, m, set, sizeof set);
            if (bp_text_mentions (set, name))
              return m;
            break;
          }
    }
  return 0;
}

int
bp_srcline_call_through (const char *path, int line, const char *grad,
                         const char *operand, char *text, size_t len)
{
  int n;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);
  n = line > 0 ? n : 0;
  int def = 0, found = 0;
  char name[NAME_LEN], stmt[LINE_MAX_LEN], set[LINE_MAX_LEN];
  char via[NAME_LEN], unused[NAME_LEN];

  for (int l = line - 1; l >= 1 && l <= n && def == 0; l--)
    if (bp_text_defined_name (buf[l - 1], name, sizeof name))
      def = l;
  for (int l = 1; def && l <= n && found == 0; l++)
    {
      int b;
      if (l == def || bp_text_function_edge (buf[l - 1])
          || bp_text_comment_or_blank (buf[l - 1])
          || !bp_text_calls (buf[l - 1], name))
        continue;
      bp_text_join_statement (buf, l - 1, n, stmt, sizeof stmt);
      if (names_through (buf, n, l, stmt, grad, unused) == 0
          || (b = names_through (buf, n, l, stmt, operand, via)) == 0)
        continue;
      if (b < 0 || bp_slice_usual_name (operand, via))
        found = l;              /* passed under its own or its usual name
                                   (grad_hidden for dp1): the call */
      else
        {                       /* set up wrong together with the gradient
                                   (.input = cache->z1, .dW = g->dW2):
                                   that setting's line of the operand */
          whole_statement (buf, n, b, set, sizeof set);
          for (int m = b; bp_text_mentions (set, grad) && m <= n
                 && m < b + STATEMENT_LINES && found == 0; m++)
            if (bp_text_mentions (buf[m - 1], operand))
              found = m;
          break;                /* (else under a name of its own, hidden
                                   = cache->z1: not this rule's) */
        }
    }
  return bp_text_done (buf, found, 1, text, len);
}
