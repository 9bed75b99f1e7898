/* srcmacro.c -- index mix-ups in a student's macros and strides (see
 * srcmacro.h). */

#include <config.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "srcmacro.h"
#include "srctext.h"

/* Does the body of the #define on line s use one of its parameters bare
 * next to arithmetic (x/N, i*(m)->tda), which goes wrong when it is given
 * an expression (AVG (a - b), G (X, i + 1, j))? */
static int
unsafe_macro (const char *s)
{
  const char *open = strchr (s, '('), *close = open ? strchr (open, ')') : 0;
  char name[NAME_LEN];

  for (const char *a = open ? open + 1 : NULL; a && a < close;)
    {
      size_t n = 0;
      a += strspn (a, " \t,");
      while (a + n < close && (isalnum ((unsigned char) a[n]) || a[n] == '_'))
        n++;
      if (n == 0 || n >= sizeof name)
        break;
      snprintf (name, sizeof name, "%.*s", (int) n, a);
      for (const char *p = strstr (close + 1, name); p;
           p = strstr (p + 1, name))
        {
          const char *l = p, *r = p + n + strspn (p + n, " ");
          if (!bp_text_word_at (close + 1, p, n))
            continue;
          while (l > close + 1 && l[-1] == ' ')
            l--;
          if ((l > close + 1 && strchr ("+-*/%", l[-1])
               && !(l - 1 > close + 1 && l[-2] == l[-1]))
              || (*r && strchr ("+-*/%", *r) && r[1] != *r && r[1] != '='))
            return 1;
        }
      a += n;
    }
  return 0;
}

/* Is the body of the #define on line s a sum or difference, a comparison
 * or a choice with no parentheses around it (#define Q(i,j) P(i,j) - (j
 * == y[i]), #define DRELU(z) (z) > 0.0), which goes wrong inside a
 * product (Q (i, j) * in)? */
static int
bare_sum_body (const char *s)
{
  const char *close = strchr (s, ')'), *b;
  int depth = 0;

  if (close == NULL || strchr (s, '(') > close)
    return 0;
  b = close + 1 + strspn (close + 1, " \t");
  for (const char *p = b; *p && *p != '\n'; p++)
    {
      depth += strchr ("([", *p) ? 1 : strchr (")]", *p) ? -1 : 0;
      if (depth == 0 && p > b && (*p == '+' || *p == '-')
          && p[1] != *p && p[-1] != *p && p[1] != '>' && p[1] != '='
          && !strchr ("(,=*/+-", p[-1 - (p[-1] == ' ')]))
        return 1;
      if (depth == 0 && p > b && (*p == '<' || (*p == '>' && p[-1] != '-')
                                  || *p == '?'
                                  || ((*p == '=' || *p == '!')
                                      && p[1] == '=')))
        return 1;               /* a comparison or a choice: lower than *
                                   (#define DRELU(z) (z) > 0.0) */
    }
  return 0;
}

/* Does stmt use the macro name inside a product or after a minus (Q (i,
 * j) * in, a - Q (i, j))? */
static int
used_in_product (const char *stmt, const char *name)
{
  size_t n = strlen (name);

  for (const char *p = strstr (stmt, name); p; p = strstr (p + 1, name))
    {
      const char *a = p + n + strspn (p + n, " \t"), *before = p;
      int depth = 0;
      if (!bp_text_word_at (stmt, p, n) || *a != '(')
        continue;
      for (; *a; a++)
        if ((depth += *a == '(' ? 1 : *a == ')' ? -1 : 0) == 0)
          break;
      a += *a ? 1 + strspn (a + 1, " \t") : 0;
      while (before > stmt && before[-1] == ' ')
        before--;
      if (*a == '*' || *a == '/' || (before > stmt
                                     && strchr ("*/-", before[-1])))
        return 1;
    }
  return 0;
}

/* Does stmt give the macro name an expression (MAT (X, i + 1, j)), not
 * only names and numbers (MAT (dp1, i, k), MAT (g->dz1, i, k))? */
static int
passes_expression (const char *stmt, const char *name)
{
  size_t n = strlen (name);

  for (const char *p = strstr (stmt, name); p; p = strstr (p + 1, name))
    {
      const char *a = p + n + strspn (p + n, " \t");
      int depth = 0;
      if (!bp_text_word_at (stmt, p, n) || *a != '(')
        continue;
      for (a++; *a && depth >= 0; a++)
        {
          depth += *a == '(' ? 1 : *a == ')' ? -1 : 0;
          if (depth >= 0 && strchr ("+*/%", *a))
            return 1;
          if (depth >= 0 && *a == '-' && a[1] != '>')
            return 1;
        }
    }
  return 0;
}

/* Is line l the #define of a macro that stmt uses and that breaks on an
 * expression? */
static int
defines_unsafe (const char *stmt, const char *l)
{
  char name[NAME_LEN];
  size_t w = 0;

  l += strspn (l, " \t");
  if (strncmp (l, "#define", 7) != 0)
    return 0;
  l += 7 + strspn (l + 7, " \t");
  while (isalnum ((unsigned char) l[w]) || l[w] == '_')
    w++;
  if (w == 0 || w >= sizeof name || l[w] != '(')
    return 0;                   /* not a macro with parameters */
  snprintf (name, sizeof name, "%.*s", (int) w, l);
  return bp_text_calls (stmt, name) && (unsafe_macro (l)
                                        || bare_sum_body (l));
}

int
bp_srcline_unsafe_macro (const char *path, int line, char *text, size_t len)
{
  int n, found = 0, given = 0;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);
  char stmt[LINE_MAX_LEN], name[NAME_LEN];
  size_t w = 0;

  if (line > 0 && n >= line)
    bp_text_join_statement (buf, line - 1, n, stmt, sizeof stmt);
  for (int l = 1; line > 0 && l <= n && found == 0; l++)
    if (l != line && !bp_text_comment_or_blank (buf[l - 1])
        && defines_unsafe (stmt, buf[l - 1]))
      found = l;
  if (found > 0)
    {              /* its name (#define NAME(...), and whether the file
                      gives it an expression */
      const char *d = buf[found - 1] + strspn (buf[found - 1], " \t") + 7;
      d += strspn (d, " \t");
      while (isalnum ((unsigned char) d[w]) || d[w] == '_')
        w++;
      if (w > 0 && w < sizeof name)
        snprintf (name, sizeof name, "%.*s", (int) w, d);
      for (int l = 1; w > 0 && w < sizeof name && l <= n && !given; l++)
        given = l != found
          && ((unsafe_macro (buf[found - 1])
               && passes_expression (buf[l - 1], name))
              || (bare_sum_body (buf[found - 1])
                  && used_in_product (buf[l - 1], name)));
    }
  return bp_text_done (buf, given ? found : 0, 1, text, len);
}

/* The number of columns of the network's array that the interface
 * calls name: 'H' (z1, p1, dp1, dz1, W1, dW1), 'C' (z2, prob, dz2, W2,
 * dW2), 'D' (X); 0 for other names. */
static int
columns_of (const char *name)
{
  static const char *const h[] = { "z1", "p1", "dp1", "dz1", "W1", "dW1",
    NULL };
  static const char *const c[] = { "z2", "prob", "dz2", "W2", "dW2", NULL };

  for (int k = 0; h[k]; k++)
    if (strcmp (name, h[k]) == 0)
      return 'H';
  for (int k = 0; c[k]; k++)
    if (strcmp (name, c[k]) == 0)
      return 'C';
  return strcmp (name, "X") == 0 ? 'D' : 0;
}

/* The array of the network that the member access before `member' in s
 * names (p1 of cache->p1->data, X of X->tda): its columns_of, or 0. */
static int
member_columns (const char *s, const char *member)
{
  const char *m = strstr (s, member), *p = m;
  char name[NAME_LEN];

  if (m == NULL)
    return 0;
  while (p > s && (isalnum ((unsigned char) p[-1]) || p[-1] == '_'))
    p--;
  if (m - p <= 0 || m - p >= NAME_LEN)
    return 0;
  snprintf (name, sizeof name, "%.*s", (int) (m - p), p);
  return columns_of (name);
}

/* The variable that the assignment at eq, on line t, sets when it is a
 * plain one (ld = ..., double *p = ...), into name; else "". */
static void
target_name_of (const char *t, const char *eq, char name[NAME_LEN])
{
  const char *e = eq, *p;

  while (e > t && (e[-1] == ' ' || e[-1] == '\t'))
    e--;
  for (p = e; p > t && (isalnum ((unsigned char) p[-1]) || p[-1] == '_');)
    p--;
  name[0] = '\0';
  if (e > p && e - p < NAME_LEN && !isdigit ((unsigned char) *p))
    snprintf (name, NAME_LEN, "%.*s", (int) (e - p), p);
}

/* Is name set, in buf's lines from..to, from a count of rows (N =
 * X->size1, n = cache->N, m = A->size1)? */
static int
rows_count (char buf[][LINE_MAX_LEN], int from, int to, const char *name)
{
  for (int l = from; l <= to; l++)
    {
      const char *p = strstr (buf[l - 1], name);
      for (; p; p = strstr (p + 1, name))
        {
          const char *q = p + strlen (name);
          q += strspn (q, " \t");
          if (bp_text_word_at (buf[l - 1], p, strlen (name)) && *q == '='
              && q[1] != '=')
            {
              char value[LINE_MAX_LEN];
              snprintf (value, sizeof value, "%.*s", (int) strcspn (q, ",;"),
                        q);
              return strstr (value, "size1") || strstr (value, "->N");
            }
        }
    }
  return 0;
}

int
bp_srcline_rows_stride (const char *path, int line, char *text, size_t len)
{
  int n, found = 0, start;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);
  char name[NAME_LEN];

  n = line > 0 && line <= n ? n : 0;
  start = bp_text_function_start (buf, n, line);
  for (int l = line; n > 0 && l > start && found == 0; l--)
    {
      const char *t = buf[l - 1], *p;
      if (!(strstr (t, "z1->data") || strstr (t, "p1->data")))
        continue;
      for (p = strchr (t, '*'); p && found == 0; p = strchr (p + 1, '*'))
        if (sscanf (p + 1, " %63[A-Za-z0-9_]", name) == 1
            && rows_count (buf, start, l, name))
          found = l;
    }
  return bp_text_done (buf, found, 1, text, len);
}

int
bp_srcline_foreign_stride (const char *path, int line, char *text,
                           size_t len)
{
  enum { KNOWN = 24 };
  int n, found = 0, start = line, nk = 0;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);
  struct { char name[NAME_LEN]; int cols, stride; } k[KNOWN];

  n = line > 0 ? n : 0;
  start = bp_text_function_start (buf, n, start);
  for (int l = start; l <= line && l <= n; l++)
    {
      const char *t = buf[l - 1], *eq = NULL, *p;
      char name[MAX_NAMES][NAME_LEN];
      size_t op;
      for (size_t i = 0; t[i] && t[i] != ';' && !eq; i++)
        if (bp_text_assignment_at (t, i, &op) && op == 1)
          eq = t + i;
      /* a pointer to a column as if the matrix were stored by columns
       * (col = A->data + j * A->size1): a count of rows as a row length */
      if (eq && strstr (eq, "->data") && (p = strstr (eq, "->size1")) != NULL
          && (strchr (eq, '*') != NULL))
        found = l;
      for (p = eq && strstr (eq, "->data") ? strchr (eq, '*') : NULL;
           p && found != l; p = strchr (p + 1, '*'))
        if (sscanf (p + 1, " %63[A-Za-z0-9_]", name[0]) == 1
            && rows_count (buf, start, l, name[0]))
          found = l;            /* the same through a variable (m =
                                   A->size1; col = A->data + j * m) */
      /* a pointer into an array, a stride (double *p1 = c->p1->data;
       * size_t ld = g->dz2->tda;), a pointer from a pointer */
      if (eq && nk < KNOWN)
        {
          int cols = member_columns (eq, "->data");
          int stride = cols == 0;
          if (stride)
            cols = member_columns (eq, "->tda") ? member_columns (eq, "->tda")
              : member_columns (eq, "->size2");
          for (int j = 0; j < nk && cols == 0; j++)
            if (!k[j].stride && bp_text_variable_names (eq + 1, name) > 0
                && strcmp (name[0], k[j].name) == 0)
              cols = k[j].cols, stride = 0;
          target_name_of (t, eq, k[nk].name);
          if (cols && k[nk].name[0])
            {
              k[nk].cols = cols;
              k[nk++].stride = stride;
            }
        }
      /* a pointer indexed or moved by a stride of another shape */
      for (int a = 0; a < nk; a++)
        for (p = strstr (t, k[a].name); !k[a].stride && p;
             p = strstr (p + 1, k[a].name))
          {
            const char *r = p + strlen (k[a].name);
            char index[LINE_MAX_LEN];
            r += strspn (r, " \t");
            if (!bp_text_word_at (t, p, strlen (k[a].name))
                || (*r != '[' && *r != '+'))
              continue;
            snprintf (index, sizeof index, "%.*s", (int) strcspn (r + 1,
                                                                  "];,"),
                      r + 1);
            for (int b = 0; b < nk; b++)
              if (k[b].stride && k[b].cols != k[a].cols
                  && bp_text_mentions (index, k[b].name))
                found = l;
          }
    }
  return bp_text_done (buf, found, 1, text, len);
}

/* Does the macro whose parameter list starts at p make a loop
 * (#define F(i,a,b) for (int i = (a); i < (b); ++i)), not an index? */
static int
loop_macro (const char *p)
{
  const char *body = strchr (p, ')');

  if (body == NULL)
    return 0;
  body += 1 + strspn (body + 1, " \t");
  return strncmp (body, "for", 3) == 0 || strncmp (body, "while", 5) == 0;
}

int
bp_srcline_named_macro (const char *path, int line, const char *name,
                        char *text, size_t len)
{
  int n, found = 0;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);
  char stmt[LINE_MAX_LEN], macro[NAME_LEN];

  if (line > 0 && line <= n)
    bp_text_join_statement (buf, line - 1, n, stmt, sizeof stmt);
  else
    n = 0;
  for (int l = 1; l <= n && found == 0; l++)
    {
      const char *d = buf[l - 1] + strspn (buf[l - 1], " \t"), *open;
      size_t w = 0;
      if (strncmp (d, "#define", 7) != 0)
        continue;
      d += 7 + strspn (d + 7, " \t");
      while (isalnum ((unsigned char) d[w]) || d[w] == '_')
        w++;
      if (w == 0 || w >= sizeof macro || d[w] != '('
          || (open = strchr (d + w, ')')) == NULL)
        continue;             /* (a macro with parameters only) */
      snprintf (macro, sizeof macro, "%.*s", (int) w, d);
      if (bp_text_calls (stmt, macro) && bp_text_mentions (open + 1, name))
        found = l;
    }
  return bp_text_done (buf, found, 1, text, len);
}

int
bp_srcline_private_macro (const char *path, int line,
                          const bp_slice_lines *right, char *text, size_t len)
{
  int n, found = 0;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);
  char stmt[LINE_MAX_LEN], name[NAME_LEN];

  if (line > 0 && line <= n && right && right->n > 0
      && strcmp (right->file, path) == 0)
    bp_text_join_statement (buf, line - 1, n, stmt, sizeof stmt);
  else
    n = 0;
  for (int l = 1; l <= n && found == 0; l++)
    {
      const char *d = buf[l - 1] + strspn (buf[l - 1], " \t");
      size_t w = 0;
      int used = 0;
      if (strncmp (d, "#define", 7) != 0)
        continue;
      d += 7 + strspn (d + 7, " \t");
      while (isalnum ((unsigned char) d[w]) || d[w] == '_')
        w++;
      if (w == 0 || w >= sizeof name || d[w] != '(')
        continue;
      snprintf (name, sizeof name, "%.*s", (int) w, d);
      if (!bp_text_calls (stmt, name) || loop_macro (d + w))
        continue;
      for (int m = 1; m <= n; m++)
        used += bp_text_calls (buf[m - 1], name)
          && strncmp (buf[m - 1] + strspn (buf[m - 1], " \t"), "#define",
                      7) != 0;
      used = used > 1;          /* an accessor used elsewhere too */
      for (int k = 0; k < right->n && !used; k++)
        used = right->line[k] >= 1 && right->line[k] <= n
          && bp_text_calls (buf[right->line[k] - 1], name);
      found = used ? 0 : l;
    }
  return bp_text_done (buf, found, 1, text, len);
}
