/* srcline.c -- from the line of a store to the line of the mistake (see
 * srcline.h). */

#include <config.h>

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backprop/grads.h"
#include "slice.h"
#include "srccopy.h"
#include "srcline.h"
#include "srctext.h"

/* Lines last - LOOK_BACK .. last of path into buf (row i is line
 * first + i); returns the first line read, or 0. */
static int
read_lines (const char *path, int last, char buf[][LINE_MAX_LEN])
{
  int first = last - LOOK_BACK > 1 ? last - LOOK_BACK : 1;

  return bp_text_read_into (path, first, last, buf) == last - first + 1
    ? first : 0;
}

/* The value of the assignment at q (its operator of length op), past
 * blanks (and opening parentheses with `parens'). */
static const char *
value_of (const char *q, size_t op, int parens)
{
  return q + op + strspn (q + op, parens ? " \t(" : " \t");
}

/* Is the assignment at q a plain one of a number, name = 0.0; (or
 * 0.0f;)? */
static int
sets_number (const char *q, size_t op)
{
  const char *v = value_of (q, op, 0);
  size_t digits = strspn (v, "0123456789.");

  digits += digits > 0 && strchr ("fFlL", v[digits]) && v[digits];
  return op == 1 && digits > 0 && !(digits == 1 && *v == '.')
    && v[digits + strspn (v + digits, " \t")] == ';';
}

static int
sets_other (const char *q, size_t op)
{
  return !sets_number (q, op);
}

/* An assignment's operator that is a plain = (not +=). */
static int
plain_equals (const char *q, size_t op)
{
  (void) q;
  return op == 1;
}

/* Does line assign name something other than a constant?  (tmp = 0;
 * starts a variable off: not where a value is made.) */
static int
assigns (const char *line, const char *name)
{
  return bp_text_assigned_so (line, name, sets_other);
}

/* The last line of the statement that starts at line `line' of buf (n
 * rows): the line of its ';'. */
static int
statement_end (char buf[][LINE_MAX_LEN], int n, int line)
{
  while (line >= 1 && line < n && !strchr (buf[line - 1], ';'))
    line++;
  return line;
}

/* Is name one for the penalty's strength (reg, regStrength, lambda,
 * weight_decay), not a plain coefficient (coef, alpha, scale)?  A helper
 * that takes the strength owns the penalty's factor 2; one that takes a
 * coefficient leaves it to its caller. */
static int
penalty_name (const char *name)
{
  static const char *const words[] = { "reg", "Reg", "REG", "lambd",
    "Lambd", "decay", "Decay", "penalty", "Penalty", NULL };

  for (int k = 0; words[k]; k++)
    if (strstr (name, words[k]))
      return 1;
  return 0;
}

/* Does s name the penalty's strength, as reg or under a name of its own
 * (twoReg, lam)? */
static int
mentions_penalty (const char *s)
{
  size_t k;
  char name[NAME_LEN];

  for (const char *p = s; (p = bp_text_next_identifier (s, p, &k)) != NULL;
       p += k)
    {
      snprintf (name, sizeof name, "%.*s", (int) (k < sizeof name ? k
                                                  : sizeof name - 1), p);
      if (penalty_name (name) || strncmp (name, "lam", 3) == 0)
        return 1;
    }
  return 0;
}

/* Is e a variable plus a penalty (s + 2 * reg * W1[i][j]), or a variable
 * scaled (val / N, s * inv_n)?  The variable into name.  What is wrong is
 * then likelier where the variable was made; but a penalty stored into a
 * bias (stmt names db1 or db2) is itself suspect. */
static int
made_elsewhere (const char *stmt, const char *e, char *name, size_t len)
{
  const char *p = e + strspn (e, " \t"), *q;
  size_t n = 0;

  while (isalnum ((unsigned char) p[n]) || p[n] == '_')
    n++;
  q = p + n + strspn (p + n, " \t");
  if (n == 0 || n >= len || isdigit ((unsigned char) *p))
    return 0;
  if (*q == '+' && mentions_penalty (q)
      && !bp_text_mentions (stmt, "db1") && !bp_text_mentions (stmt, "db2"))
    ;                           /* s + 2 * reg * W */
  else if ((*q == '/' || *q == '*') && q[1] != '=')
    {                           /* val / N, val / (double) N, s * inv */
      q++;
      q += strspn (q, " \t");
      q += strspn (q, "(double) \t");
      q += strspn (q, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                   "0123456789_.");
      q += strspn (q, ") \t");
      if (*q != ';' && *q != '\0' && *q != ')')
        return 0;
    }
  else
    return 0;
  snprintf (name, len, "%.*s", (int) n, p);
  return 1;
}

/* Of the statements on the line raw, the one that holds column `column'
 * (1-based), into stmt, when the line holds it whole and holds more than
 * one: returns where it starts on the line.  Else stmt is left as it is
 * and 0 returned. */
static size_t
statement_at (const char *raw, int column, char *stmt, size_t len)
{
  size_t n = strlen (raw), at = (size_t) column - 1, start = 0, end;
  int depth = 0, statements = 0;

  if (column <= 0 || at >= n)
    return 0;
  for (size_t i = 0; i < n; i++)
    {
      depth += raw[i] == '(' ? 1 : raw[i] == ')' ? -1 : 0;
      if (depth == 0 && raw[i] == ';')
        {
          statements++;
          if (i < at)
            start = i + 1;
        }
    }
  for (end = at, depth = 0; end < n; end++)
    {
      depth += raw[end] == '(' ? 1 : raw[end] == ')' ? -1 : 0;
      if (depth <= 0 && raw[end] == ';')
        break;
    }
  if (statements < 2 || end >= n)
    return 0;
  start += strspn (raw + start, " \t{");
  snprintf (stmt, len, "%.*s", (int) (end + 1 - start), raw + start);
  return start;
}

int
bp_srcline_mistake (const char *path, int line, char *text, size_t len)
{
  return bp_srcline_mistake_at (path, line, 0, text, len);
}

int
bp_srcline_mistake_at (const char *path, int line, int column, char *text,
                       size_t len)
{
  char (*buf)[LINE_MAX_LEN] = calloc (LOOK_BACK + STATEMENT_LINES,
                                      LINE_MAX_LEN);
  char stmt[LINE_MAX_LEN], expr[LINE_MAX_LEN] = "", names[MAX_NAMES][NAME_LEN];
  int first = line - LOOK_BACK > 1 ? line - LOOK_BACK : 1, found = line;
  size_t at;
  int rows = buf && line > 0
    ? bp_text_read_into (path, first, line + STATEMENT_LINES - 1, buf) : 0;
  int n, bare;

  if (rows < line - first + 1)
    {
      free (buf);
      return line;
    }
  /* a store of one variable, as it is: the line that computed it; a
   * store that computes with an indicator made just before (k == y[i] ? 1
   * : 0, z >= 0 ? 1 : 0), that line, as masks and one-hots are where such
   * mistakes live; a store that compares itself (up > 0 ? up : 0) stays */
  bp_text_join_statement (buf, line - first, rows, stmt, sizeof stmt);
  at = statement_at (buf[line - first], column, stmt, sizeof stmt);
  bare = bp_text_stored_expression (stmt, expr, sizeof expr)
    && bp_text_bare_variable (expr);
  n = expr[0] && (bare || !bp_text_compares (expr))
    ? bp_text_variable_names (expr, names) : 0;
  if (!bare && made_elsewhere (stmt, expr, names[0], NAME_LEN))
    bare = n = 1;       /* s + 2 * reg * W[i][j], val / N: as s is stored */
  if (at > 0)
    {                   /* made by a statement before it on the line */
      char before[LINE_MAX_LEN];
      snprintf (before, sizeof before, "%.*s", (int) at, buf[line - first]);
      for (int k = 0; k < n; k++)
        if (assigns (before, names[k]))
          n = 0;
    }
  for (int l = line - 1; l >= first && found == line && n > 0; l--)
    {
      const char *s = buf[l - first];
      if (bp_text_function_edge (s))
        break;                  /* the function's start or the one before */
      if (bp_text_comment_or_blank (s + strspn (s, " \t")))
        continue;               /* (an earlier try, commented out) */
      for (int k = 0; k < n; k++)
        if (assigns (s, names[k]) && (bare || bp_text_compares (s)))
          found = l;
    }
  if (text)
    bp_text_trim_into (buf[found - first], text, len);
  free (buf);
  return found;
}

int
bp_srcline_zeroing_after (const char *path, int line, const char *grad,
                          char *text, size_t len)
{
  int n, found = 0;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);
  char stmt[LINE_MAX_LEN];

  for (int l = line + 1; line >= 1 && l <= n && found == 0
         && !bp_text_function_edge (buf[l - 1]); l++)
    {
      if (!bp_text_mentions (buf[l - 1], grad) || bp_text_is_for (buf[l - 1]))
        continue;
      bp_text_join_statement (buf, l - 1, n, stmt, sizeof stmt);
      found = bp_text_stores_zero (stmt, grad) ? l : 0;
    }
  return bp_text_done (buf, found, 1, text, len);
}

int
bp_srcline_mask_test (const char *path, int line, char *text, size_t len)
{
  int n, found = 0, head = 0;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);
  size_t indent = line >= 1 && line <= n ? bp_text_indent (buf[line - 1]) : 0;
  char flag[NAME_LEN], name[NAME_LEN];

  if (indent > 0)
    head = bp_text_enclosing_head (buf, line, &indent);
  if (head > 0 && !strncmp (buf[head - 1] + strspn (buf[head - 1], " \t"),
                            "if", 2))
    {
      const char *t = buf[head - 1], *open = strchr (t, '(');
      char cond[LINE_MAX_LEN];
      if (bp_text_compares (t))
        found = head;
      else if (open && bp_text_list_item (open, 0, cond, sizeof cond)
               && bp_text_array_name (cond, flag))
        for (int l = head - 1; l >= 1 && found == 0
               && !bp_text_function_edge (buf[l - 1]); l--)
          if (!bp_text_comment_or_blank (buf[l - 1])
              && !bp_text_is_for (buf[l - 1]) && bp_text_compares (buf[l - 1])
              && bp_text_target_name (buf[l - 1], name, sizeof name)
              && strcmp (name, flag) == 0)
            found = l;
    }
  return bp_text_done (buf, found, 1, text, len);
}

int
bp_srcline_divided_into_gradient (const char *path, int line,
                                  const char *name)
{
  int n, found = 0;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);
  int start = line >= 1 && line <= n ? bp_text_function_start (buf, n, line)
    : n + 1;
  char stmt[LINE_MAX_LEN], into[LINE_MAX_LEN], expr[LINE_MAX_LEN];

  for (int l = start + 1; l <= n && found == 0
         && !bp_text_function_edge (buf[l - 1]); l++)
    {
      if (!bp_text_mentions (buf[l - 1], name)
          || bp_text_comment_or_blank (buf[l - 1]))
        continue;
      bp_text_join_statement (buf, l - 1, n, stmt, sizeof stmt);
      if (bp_text_copy_arguments (stmt, into, expr, sizeof into)
          && strstr (into, "g->") && bp_text_mentions (expr, name))
        {                       /* copied into g, then scaled there:
                                   memcpy (g->dz2, t); scale (g->dz2, 1/N) */
          char array[NAME_LEN];
          for (int k = l + 1; k <= n && k <= l + 2 && found == 0; k++)
            found = bp_text_array_name (into, array)
              && bp_text_mentions (buf[k - 1], array)
              && strstr (buf[k - 1], "scale") && strchr (buf[k - 1], '/');
          continue;
        }
      if (bp_text_stored_expression (stmt, expr, sizeof expr) == NULL)
        continue;
      bp_text_stored_into (stmt, into, sizeof into);
      found = strstr (into, "g->") && bp_text_mentions (expr, name)
        && strchr (expr, '/');
    }
  free (buf);
  return found;
}

/* Is name one for the ReLU's derivative or mask? */
static int
mask_helper_name (const char *name)
{
  return strstr (name, "relu") || strstr (name, "Relu")
    || strstr (name, "mask") || strstr (name, "Mask")
    || strstr (name, "deriv") || strstr (name, "Deriv");
}

int
bp_srcline_mask_helper_store (const char *path, int line, char *text,
                              size_t len)
{
  int n, found = 0;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);
  char stmt[LINE_MAX_LEN], callee[NAME_LEN], def[NAME_LEN];

  for (int l = line - 1; line <= n && l >= 1 && l > line - LOOK_BACK
         && found == 0 && !bp_text_function_edge (buf[l - 1]); l--)
    {
      if (bp_text_comment_or_blank (buf[l - 1]))
        continue;
      bp_text_join_statement (buf, l - 1, n, stmt, sizeof stmt);
      if (!(bp_text_value_call (stmt, callee, sizeof callee)
            || bp_text_tested_call (stmt, callee, sizeof callee))
          || !mask_helper_name (callee))
        continue;
      for (int h = 1; h < l && found == 0; h++)
        if (bp_text_defined_name (buf[h - 1], def, sizeof def)
            && strcmp (def, callee) == 0 && !strchr (buf[h - 1], ';'))
          for (int b = h, depth = 0, opened = 0;
               b <= n && !(opened && depth <= 0); b++)
            {
              const char *t = buf[b - 1] + strspn (buf[b - 1], " \t");
              for (const char *p = t; *p; p++)
                {
                  opened |= *p == '{';
                  depth += *p == '{' ? 1 : *p == '}' ? -1 : 0;
                }
              if (!bp_text_comment_or_blank (t)
                  && (strstr (t, "_set") || strstr (t, "memcpy")
                      || (strchr (t, ']') && strchr (t, '=')
                          && !bp_text_is_for (t))))
                found = b;
            }
    }
  return bp_text_done (buf, found, 1, text, len);
}

/* The gradient that line t scales (gsl_matrix_scale (g->dW2, f): dW2),
 * into name; whether it scales one. */
static int
scales_gradient (const char *t, char name[NAME_LEN])
{
  const char *p = strstr (t, "_scale"), *m;

  if (p == NULL || (p = strchr (p, '(')) == NULL
      || (m = strstr (p, "->")) == NULL)
    return 0;
  m += 2;
  snprintf (name, NAME_LEN, "%.*s", (int) strspn (m, "dWbzp12"), m);
  return bp_grad_lookup (name) >= 0 && name[0] == 'd';
}

int
bp_srcline_scaled_instead (const char *path, const char *grad, char *text,
                           size_t len)
{
  int n, found = 0;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);
  char names[8][NAME_LEN];

  for (int l = 1; l <= n && found == 0; l++)
    {
      int k = 0, has = 0, twice = 0;
      while (l + k <= n && k < 8 && scales_gradient (buf[l + k - 1], names[k]))
        {
          has |= strcmp (names[k], grad) == 0;
          for (int m = 0; m < k && twice == 0; m++)
            if (strcmp (names[m], names[k]) == 0)
              twice = l + k;
          k++;
        }
      if (k >= 3 && !has && twice)
        found = twice;
      l += k;
    }
  return bp_text_done (buf, found, 1, text, len);
}

int
bp_srcline_in_block (const char *path, int def, int line)
{
  int n, in = 0;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);

  if (def >= 1 && def < line && line <= n)
    {
      size_t indent = bp_text_indent (buf[def - 1]);
      in = 1;
      for (int l = def + 1; l <= line && in; l++)
        if (!bp_text_comment_or_blank (buf[l - 1])
            && bp_text_indent (buf[l - 1]) < indent)
          in = 0;
    }
  free (buf);
  return in;
}

int
bp_srcline_scratch_reused (const char *path, int copy, int made)
{
  int n, reused = 0;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);
  char src[LINE_MAX_LEN], name[NAME_LEN], dst[LINE_MAX_LEN];
  char other[LINE_MAX_LEN], oname[NAME_LEN];

  if (copy >= 1 && copy <= n && made >= 1 && made < copy
      && bp_text_copy_arguments (buf[copy - 1], NULL, src, sizeof src)
      && bp_text_array_name (src, name))
    for (int l = made - 1; l >= 1 && reused == 0
           && !bp_text_function_edge (buf[l - 1]); l--)
      reused = bp_text_copy_arguments (buf[l - 1], dst, other, sizeof dst)
        && strstr (dst, "g->") && bp_text_array_name (other, oname)
        && strcmp (oname, name) == 0;
  free (buf);
  return reused;
}

int
bp_srcline_scratch_copy (const char *path, int line, const char *grad,
                         char *text, size_t len)
{
  int n, found = 0, made;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);
  char dst[LINE_MAX_LEN];

  for (int l = line; line <= n && l >= 1 && l > line - LOOK_BACK
         && found == 0 && !bp_text_function_edge (buf[l - 1]); l--)
    if (bp_text_copy_arguments (buf[l - 1], dst, NULL, sizeof dst)
        && bp_text_mentions (dst, grad)
        && (made = bp_srcline_copied (path, l, NULL, 0)) > 0
        && bp_srcline_scratch_reused (path, l, made))
      found = l;
  return bp_text_done (buf, found, 1, text, len);
}

/* Does line give the variable alias, with its own = (one declarator of
 * several: double *a = x, *b = y;), a value that names grad? */
static int
set_from (const char *line, const char *alias, const char *grad)
{
  size_t n = strlen (alias);
  char value[LINE_MAX_LEN];

  for (const char *p = strstr (line, alias); p; p = strstr (p + 1, alias))
    {
      const char *q = p + n + strspn (p + n, " \t");
      if (!bp_text_word_at (line, p, n) || *q != '=' || q[1] == '=')
        continue;
      q++;
      snprintf (value, sizeof value, "%.*s", (int) strcspn (q, ",;"), q);
      return bp_text_mentions (value, grad);
    }
  return 0;
}

int
bp_srcline_alias_of (const char *path, int line, const char *alias,
                     const char *grad, char *text, size_t len)
{
  int n, found = 0;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);
  char name[NAME_LEN];

  for (int l = line - 1; line <= n && l >= 1 && found == 0
         && !bp_text_function_edge (buf[l - 1]); l--)
    if (((bp_text_declared_name (buf[l - 1], name, sizeof name)
          && strcmp (name, alias) == 0)
         || bp_text_assigned_so (buf[l - 1], alias, plain_equals))
        && set_from (buf[l - 1], alias, grad))
      found = l;
  return bp_text_done (buf, found, 1, text, len);
}

int
bp_srcline_stored_elsewhere (const char *path, int made, int store)
{
  int n, found = 0;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);
  char names[MAX_NAMES][NAME_LEN], stmt[LINE_MAX_LEN], expr[LINE_MAX_LEN];
  char name[NAME_LEN] = "";

  if (made >= 1 && made < store && store <= n)
    {                           /* the one variable the store reads, or
                                   the one line `made' assigns */
      bp_text_join_statement (buf, store - 1, n, stmt, sizeof stmt);
      if (!bp_text_stored_expression (stmt, expr, sizeof expr))
        expr[0] = '\0';
      if (bp_text_bare_variable (expr)
          && bp_text_variable_names (expr, names) == 1)
        snprintf (name, sizeof name, "%s", names[0]);
      else if (!bp_text_is_for (buf[made - 1])
               && bp_text_target_name (buf[made - 1], name, sizeof name)
               && !bp_text_mentions (expr, name))
        name[0] = '\0';
    }
  for (int l = made + 1; name[0] && l <= n && l <= store + 3 && found == 0
         && !bp_text_function_edge (buf[l - 1]); l++)
    {
      const char *t = buf[l - 1] + strspn (buf[l - 1], " \t");
      if (l == store || bp_text_comment_or_blank (t) || *t == '{'
          || *t == '}')
        continue;
      bp_text_join_statement (buf, l - 1, n, stmt, sizeof stmt);
      found = (strchr (stmt, '[') || strstr (stmt, "_set"))
        && !bp_text_compares (stmt)
        && bp_text_stored_expression (stmt, expr, sizeof expr)
        && bp_text_bare_variable (expr) && bp_text_mentions (expr, name);
    }
  free (buf);
  return found;
}

int
bp_srcline_value_made (const char *path, int line, char *text, size_t len)
{
  int n, found = 0, k = 0;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);
  char stmt[LINE_MAX_LEN], expr[LINE_MAX_LEN], names[MAX_NAMES][NAME_LEN];

  if (line >= 1 && line <= n)
    {
      bp_text_join_statement (buf, line - 1, n, stmt, sizeof stmt);
      if (!bp_text_is_for (stmt)
          && bp_text_stored_expression (stmt, expr, sizeof expr)
          && bp_text_compares (expr))
        k = bp_text_variable_names (expr, names);
    }
  for (int l = line - 1; l >= 1 && l > line - LOOK_BACK && found == 0
         && !bp_text_function_edge (buf[l - 1]); l--)
    {
      const char *t = buf[l - 1];
      if (bp_text_comment_or_blank (t) || bp_text_is_for (t)
          || bp_text_compares (t))
        continue;
      for (int m = 0; m < k && found == 0; m++)
        if (assigns (t, names[m]))
          found = l;
    }
  return bp_text_done (buf, found, 1, text, len);
}

/* Is the assignment at q a plain one of a value that is no view (a row,
 * a column) and no reset to a number: a scalar made (local = a[h];)? */
static int
sets_scalar (const char *q, size_t op)
{
  const char *v = value_of (q, op, 0);

  return op == 1 && !sets_number (q, op) && !strstr (v, "_row")
    && !strstr (v, "_column") && !strstr (v, "_view");
}

/* The operand beside the binary * at p in statement s, on its left
 * (side < 0) or its right: a name, into name, when it is a bare variable
 * (1) or the call of a function (2); else 0. */
static int
factor_beside (const char *s, const char *p, int side, char *name,
               size_t len)
{
  const char *a, *b;
  int call = 0;

  if (side < 0)
    {
      for (b = p; b > s && strchr (" \t", b[-1]); b--)
        ;
      if (b > s && b[-1] == ')')
        {                       /* back to the call's name */
          int depth = 0;
          do
            depth += *--b == ')' ? 1 : *b == '(' ? -1 : 0;
          while (b > s && depth > 0);
          while (b > s && strchr (" \t", b[-1]))
            b--;
          call = 2;
        }
      for (a = b; a > s && (isalnum ((unsigned char) a[-1]) || a[-1] == '_');)
        a--;
      if (call == 0 && a > s && strchr (".>", a[-1]))
        return 0;               /* a member (x.v, p->v) */
    }
  else
    {
      a = p + 1 + strspn (p + 1, " \t");
      for (b = a; isalnum ((unsigned char) *b) || *b == '_'; b++)
        ;
      const char *c = b + strspn (b, " \t");
      call = *c == '(' ? 2 : 0;
      if (call == 0 && (*c == '[' || *c == '.' || strncmp (c, "->", 2) == 0))
        return 0;               /* an element or a member */
    }
  if (b == a || isdigit ((unsigned char) *a) || (size_t) (b - a) >= len)
    return 0;
  snprintf (name, len, "%.*s", (int) (b - a), a);
  return call ? 2 : 1;
}

/* Does the value that statement stmt, at line `line' of buf, stores read
 * operand: by its name, or through a variable that was given a value
 * from it earlier in the function (const double *a = cache->p1->data)? */
static int
reads_operand (char buf[][LINE_MAX_LEN], int line, const char *stmt,
               const char *operand)
{
  char expr[LINE_MAX_LEN], names[MAX_NAMES][NAME_LEN];
  int k = bp_text_stored_expression (stmt, expr, sizeof expr)
    ? bp_text_variable_names (expr, names) : 0;

  for (int i = 0; i < k; i++)
    {
      if (strcmp (names[i], operand) == 0)
        return 1;
      for (int l = line - 1; l >= 1 && !bp_text_function_edge (buf[l - 1]);
           l--)
        if (bp_text_assigned_so (buf[l - 1], names[i],
                                 bp_text_any_assignment)
            && bp_text_mentions (buf[l - 1], operand))
          return 1;
    }
  return 0;
}

int
bp_srcline_local_factor (const char *path, int line, const char *operand,
                         char *text, size_t len)
{
  int n, found = 0, def = 0, multiplies = 0;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);
  char stmt[LINE_MAX_LEN], name[NAME_LEN], scalar[4][NAME_LEN];
  int scalars = 0;

  if (line < 1 || line > n)
    return bp_text_done (buf, 0, 1, text, len);
  bp_text_join_statement (buf, line - 1, n, stmt, sizeof stmt);
  multiplies = strstr (stmt, "_mul") != NULL;
  for (const char *p = strchr (stmt, '*'); p && def == 0;
       p = strchr (p + 1, '*'))
    {
      const char *q = p;
      int compound = p[1] == '=', depth = 0;
      for (const char *b = stmt; b < p; b++)
        depth += *b == '[' ? 1 : *b == ']' ? -1 : 0;
      if (depth > 0)
        continue;               /* an index's product: dz[i * H + j] */
      while (q > stmt && strchr (" \t", q[-1]))
        q--;
      if (q == stmt || !(isalnum ((unsigned char) q[-1]) || strchr (")]_",
                                                                 q[-1])))
        continue;               /* no binary *: *p */
      multiplies = 1;
      for (int side = compound ? 1 : -1; side <= 1 && def == 0; side += 2)
        {                       /* (of d *= f (z), only f (z)) */
          int kind = factor_beside (stmt, compound ? p + 1 : p, side, name,
                                    sizeof name);
          char defined[NAME_LEN];
          if (kind == 2 && strncmp (name, "gsl_", 4) != 0)
            for (int l = 1; l <= n && def == 0; l++)
              def = bp_text_function_edge (buf[l - 1])
                && bp_text_defined_name (buf[l - 1], defined, sizeof defined)
                && strcmp (defined, name) == 0 ? l : 0;
          else if (kind == 1 && scalars < 4)
            snprintf (scalar[scalars++], NAME_LEN, "%s", name);
        }
    }
  for (int l = def + 1; def > 0 && l <= n && found == 0; l++)
    {                           /* a helper's value: its return */
      const char *t = buf[l - 1] + strspn (buf[l - 1], " \t");
      if (l > def + 1 && bp_text_function_edge (buf[l - 1]))
        break;
      if (strncmp (t, "return", 6) == 0 && !isalnum ((unsigned char) t[6]))
        found = l;
    }
  for (int k = 0; def == 0 && k < scalars && found == 0; k++)
    for (int l = line - 1; l >= 1 && !bp_text_function_edge (buf[l - 1]);
         l--)
      if (bp_text_assigned_so (buf[l - 1], scalar[k], sets_scalar))
        {                       /* a scalar's value, not the upstream
                                   gradient's: where it is made */
          found = bp_text_mentions (buf[l - 1], "dp1") ? 0 : l;
          break;
        }
  if (found == 0 && def == 0 && multiplies
      && reads_operand (buf, line, stmt, operand))
    found = line;
  return bp_text_done (buf, found, 1, text, len);
}

int
bp_srcline_passed_twice (const char *path, const char *grad, char *text,
                         size_t len)
{
  int n, found = 0;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);
  char stmt[LINE_MAX_LEN], piece[LINE_MAX_LEN], name[NAME_LEN];

  for (int l = 1; l <= n && found == 0; l++)
    {
      const char *open;
      char first[LINE_MAX_LEN] = "";
      int times = 0;
      if (bp_text_function_edge (buf[l - 1])
          || bp_text_comment_or_blank (buf[l - 1]))
        continue;
      bp_text_join_statement (buf, l - 1, n, stmt, sizeof stmt);
      if (!bp_text_value_call (stmt, name, sizeof name)
          || (open = strchr (stmt, '(')) == NULL)
        continue;
      for (int k = 0; bp_text_list_item (open, k, piece, sizeof piece); k++)
        {                       /* the same argument twice, naming grad */
          const char *p = piece + strspn (piece, " \t&*");
          size_t e = strlen (piece);
          while (e > 0 && strchr (" \t", piece[e - 1]))
            piece[--e] = '\0';
          if (!bp_text_mentions (p, grad))
            continue;
          if (times == 0)
            snprintf (first, sizeof first, "%s", p);
          times += times == 0 || strcmp (first, p) == 0;
        }
      found = times >= 2 ? l : 0;
    }
  return bp_text_done (buf, found, 1, text, len);
}

/* The line of buf (n rows) that declares name static (static double
 * acc[64];, static int first = 1;), or 0. */
static int
static_declaration (char buf[][LINE_MAX_LEN], int n, const char *name)
{
  for (int l = 1; l <= n; l++)
    {
      char t[LINE_MAX_LEN];
      bp_text_trim_into (buf[l - 1], t, sizeof t);
      t[strcspn (t, "/")] = '\0';      /* not in a comment */
      const char *p = strstr (t, name);
      while (p && !bp_text_word_at (t, p, strlen (name)))
        p = strstr (p + 1, name);
      if (strncmp (t, "static", 6) == 0 && !isalnum ((unsigned char) t[6])
          && p && (strchr (t, '(') == NULL || strchr (t, '(') > p))
        return l;               /* (not a function: static void f (...),
                                   not its parameter m) */
    }
  return 0;
}

int
bp_srcline_kept_state (const char *path, int line, char *text, size_t len)
{
  int n, found = 0;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);
  char stmt[LINE_MAX_LEN], names[MAX_NAMES][NAME_LEN], flag[NAME_LEN];
  int k = 0;

  if (line >= 1 && line <= n)
    {
      bp_text_join_statement (buf, line - 1, n, stmt, sizeof stmt);
      k = bp_text_variable_names (stmt, names);
    }
  for (int i = 0; i < k && found == 0; i++)
    found = static_declaration (buf, n, names[i]);
  for (int l = bp_text_function_start (buf, n, line); found > 0 && l < line;
       l++)
    {                           /* a reset made once, on a static flag */
      const char *t = buf[l - 1] + strspn (buf[l - 1], " \t"), *v;
      size_t w = 0;
      if (strncmp (t, "if", 2) != 0 || isalnum ((unsigned char) t[2])
          || *(v = t + 2 + strspn (t + 2, " \t")) != '(')
        continue;
      v += 1 + strspn (v + 1, " \t!");
      while (isalnum ((unsigned char) v[w]) || v[w] == '_')
        w++;
      if (w == 0 || w >= sizeof flag || v[w + strspn (v + w, " \t")] != ')')
        continue;               /* if (flag), if (!flag) only */
      snprintf (flag, sizeof flag, "%.*s", (int) w, v);
      if (static_declaration (buf, n, flag))
        {
          found = l;
          break;
        }
    }
  return bp_text_done (buf, found, 1, text, len);
}

/* Does line pass the address of the variable name (ddot (a, b, &r))? */
static int
address_taken (const char *line, const char *name)
{
  size_t len = strlen (name);

  for (const char *p = strstr (line, name); p; p = strstr (p + 1, name))
    if (bp_text_word_at (line, p, len) && p > line && p[-1] == '&')
      return 1;
  return 0;
}

int
bp_srcline_holds (const char *path, int line, const char *operand)
{
  int n, found = 0, k = 0;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);
  char stmt[LINE_MAX_LEN], expr[LINE_MAX_LEN], names[MAX_NAMES][NAME_LEN];
  int live[MAX_NAMES];

  if (line > 0 && line <= n)
    {
      bp_text_join_statement (buf, line - 1, n, stmt, sizeof stmt);
      if (!bp_text_mentions (stmt, operand)
          && bp_text_stored_expression (stmt, expr, sizeof expr))
        k = bp_text_variable_names (expr, names);
    }
  for (int i = 0; i < k; i++)
    live[i] = 1;
  /* back from the store, while the variable still holds what it held
   * there: a store of it into the operand */
  for (int l = line - 1; l >= 1 && k > 0 && found == 0; l--)
    {
      char into[LINE_MAX_LEN], value[LINE_MAX_LEN];
      int stores;
      if (bp_text_function_edge (buf[l - 1]))
        break;
      if (bp_text_comment_or_blank (buf[l - 1]))
        continue;
      bp_text_join_statement (buf, l - 1, n, stmt, sizeof stmt);
      bp_text_stored_into (stmt, into, sizeof into);
      stores = (strstr (stmt, "_set (") || strstr (stmt, "_set(")
                || strchr (stmt, '='))
        && bp_text_mentions (into, operand)
        && bp_text_stored_expression (stmt, value, sizeof value)
        && bp_text_bare_variable (value);
      for (int i = 0; i < k && found == 0; i++)
        if (live[i] && stores && bp_text_mentions (value, names[i]))
          found = line;
        else if (bp_text_assigned_so (buf[l - 1], names[i],
                                      bp_text_any_assignment)
                 || address_taken (buf[l - 1], names[i]))
          live[i] = 0;          /* made here: before this, another value */
    }
  bp_text_done (buf, 0, 1, NULL, 0);
  return found;
}

int
bp_srcline_mentions (const char *path, int line, const char *name,
                     char *text, size_t len)
{
  char buf[STATEMENT_LINES][LINE_MAX_LEN];
  int n = line > 0
    ? bp_text_read_into (path, line, line + STATEMENT_LINES - 1, buf) : 0;

  for (int i = 0; i < n; i++)
    {
      if (bp_text_mentions (buf[i], name))
        {
          if (text)
            bp_text_trim_into (buf[i], text, len);
          return line + i;
        }
      if (strchr (buf[i], ';') || strchr (buf[i], '{'))
        break;
    }
  return 0;
}

int
bp_srcline_later_onehot (const char *path, int line, const char *grad,
                         char *text, size_t len)
{
  int n, found = 0;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);

  for (int l = line + 1; line >= 1 && l <= n && found == 0
         && !bp_text_function_edge (buf[l - 1]); l++)
    if (!bp_text_comment_or_blank (buf[l - 1])
        && bp_text_mentions (buf[l - 1], grad)
        && bp_text_mentions (buf[l - 1], "y") && strstr (buf[l - 1], "-="))
      found = l;
  return bp_text_done (buf, found, 1, text, len);
}

int
bp_srcline_only_mention (const char *path, int line, const char *name,
                         char *text, size_t len)
{
  int n, found = 0, count = 0;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);
  int start = line >= 1 && line <= n ? bp_text_function_start (buf, n, line)
    : 0;

  for (int l = start + 1; start > 0 && l <= n
         && !bp_text_function_edge (buf[l - 1]); l++)
    if (!bp_text_comment_or_blank (buf[l - 1])
        && bp_text_mentions (buf[l - 1], name))
      {
        found = l;
        count++;
      }
  return bp_text_done (buf, count == 1 ? found : 0, 1, text, len);
}

int
bp_srcline_paired_alias (const char *path, int line, const char *operand)
{
  int n, paired = 0;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);
  int start = line >= 1 && line <= n ? bp_text_function_start (buf, n, line)
    : 0;
  char alias[NAME_LEN], grad[NAME_LEN + 1], dop[NAME_LEN + 1];

  if (start > 0 && bp_text_declared_name (buf[line - 1], alias, sizeof alias)
      && bp_text_mentions (buf[line - 1], operand))
    {
      snprintf (grad, sizeof grad, "d%s", alias);
      snprintf (dop, sizeof dop, "d%s", operand);
      for (int l = start + 1; l <= n && !paired
             && !(l > line && bp_text_function_edge (buf[l - 1])); l++)
        {                       /* dA = g->dz1, beside A = cache->z1 */
          const char *p = strstr (buf[l - 1], grad);
          for (; p && !paired; p = strstr (p + 1, grad))
            if (bp_text_word_at (buf[l - 1], p, strlen (grad)))
              {
                const char *q = p + strlen (grad) + strspn (p + strlen (grad),
                                                             " \t");
                char value[LINE_MAX_LEN];
                snprintf (value, sizeof value, "%.*s",
                          (int) strcspn (q + 1, ",;"), q + 1);
                paired = *q == '=' && q[1] != '='
                  && bp_text_mentions (value, dop);
              }
        }
    }
  free (buf);
  return paired;
}

int
bp_srcline_value_alias (const char *path, int line, const char *name,
                        char *alias, size_t len)
{
  int n, found = 0;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);
  int start = line >= 1 && line <= n ? bp_text_function_start (buf, n, line)
    : 0;

  for (int l = start + 1; start > 0 && l < line && !found; l++)
    {
      const char *t = buf[l - 1], *eq = strchr (t, '='), *e;
      size_t op, k;
      if (eq == NULL || bp_text_comment_or_blank (t)
          || memchr (t, '(', (size_t) (eq - t))
          || !bp_text_assignment_at (t, (size_t) (eq - t), &op) || op != 1
          || !bp_text_mentions (eq + 1, name) || strchr (eq + 1, '[')
          || strstr (eq + 1, "->"))
        continue;               /* (a scalar made from name alone) */
      for (e = eq; e > t && strchr (" \t", e[-1]); e--)
        ;
      for (k = 0; e - k > t && (isalnum ((unsigned char) e[-1 - (long) k])
                                || e[-1 - (long) k] == '_'); k++)
        ;
      if (k > 0 && k < len && strcmp (name, e - k) != 0)
        {
          snprintf (alias, len, "%.*s", (int) k, e - k);
          found = strcmp (alias, name) != 0;
        }
    }
  free (buf);
  return found;
}

/* Does line guard a statement with a bound on name: if (name < C)? */
static int
guards (const char *line, const char *name)
{
  const char *p = strstr (line, "if");
  size_t len = strlen (name);

  if (p == NULL || !bp_text_word_at (line, p, 2) || strstr (line, "for"))
    return 0;
  for (p = strstr (p, name); p; p = strstr (p + 1, name))
    if (bp_text_word_at (line, p, len)
        && p[len + strspn (p + len, " \t")] == '<')
      return 1;
  return 0;
}

int
bp_srcline_condition (const char *path, int line, char *text, size_t len)
{
  char buf[LOOK_BACK + 1][LINE_MAX_LEN];
  int first = line > 0 ? read_lines (path, line, buf) : 0, found = 0;

  for (int l = line - 1; first && l >= first && l >= line - 3 && !found; l--)
    {
      const char *s = buf[l - first] + strspn (buf[l - first], " \t");
      if (s[0] == '}' || strncmp (s, "for", 3) == 0)
        break;
      if (strncmp (s, "if", 2) == 0 && !isalnum ((unsigned char) s[2])
          && bp_text_compares (s))
        found = l;
    }
  if (found && text)
    bp_text_trim_into (buf[found - first], text, len);
  return found;
}

/* Add to names (n of them, room for cap) the variables of the
 * lines from `first' to before `line' of buf that assign one of them a
 * value (s += x[i] * d[i]; xn = gsl_matrix_row (X, n)); how many were
 * added. */
static int
names_made (char buf[][LINE_MAX_LEN], int first, int line,
            char names[][NAME_LEN], int n, int cap)
{
  char more[MAX_NAMES][NAME_LEN];
  int added = 0;

  for (int l = first; l < line; l++)
    for (int i = 0; i < n; i++)
      if (assigns (buf[l - first], names[i]))
        {
          int k = bp_text_variable_names (buf[l - first], more);
          for (int m = 0; m < k && n + added < cap; m++)
            memcpy (names[n + added++], more[m], NAME_LEN);
          break;
        }
  return added;
}

static int
sample_loop_at (const char *path, int line, int computed, char *text,
                size_t len)
{
  char (*buf)[LINE_MAX_LEN] = calloc (LOOK_BACK + STATEMENT_LINES,
                                      LINE_MAX_LEN);
  int first = line - LOOK_BACK > 1 ? line - LOOK_BACK : 1, found = 0;
  int rows = buf && line > 0
    ? bp_text_read_into (path, first, line + STATEMENT_LINES - 1, buf) : 0;
  char stmt[LINE_MAX_LEN], into[LINE_MAX_LEN], from[2 * LINE_MAX_LEN];
  /* three lists of names at most, then what makes them */
  char lhs[MAX_NAMES][NAME_LEN], rhs[4 * MAX_NAMES][NAME_LEN];
  int nl = 0, nr = 0;

  if (rows >= line - first + 1)
    {
      bp_text_join_statement (buf, line - first, rows, stmt, sizeof stmt);
      bp_text_stored_into (stmt, into, sizeof into);
      nl = bp_text_variable_names (into, lhs);
      if (!bp_text_stored_expression (stmt, from, sizeof from))
        from[0] = '\0';
      nr = bp_text_variable_names (from, rhs);
      if (computed >= first && computed < line)
        nr += bp_text_variable_names (buf[computed - first], rhs + nr);
      if (!strstr (stmt, "_set") && !strchr (stmt, '='))
        nr += bp_text_variable_names (stmt, rhs + nr); /* all a call
                                                          reads */
      nr += names_made (buf, first, line, rhs, nr, 4 * MAX_NAMES);
    }
  /* a store guarded by a bound just before it (if (i < C) db2[c] += d) */
  if (line - 1 >= first)
    {
      const char *g = buf[line - 1 - first] + strspn (buf[line - 1 - first],
                                                      " \t");
      if (strncmp (g, "if", 2) == 0 && !isalnum ((unsigned char) g[2])
          && strchr (g, '<') && !strchr (g, ';'))
        found = line - 1;
    }
  /* the loop over an index that the stored value reads but the store does
   * not write: the samples summed over */
  for (int l = line; l >= first && found == 0 && nr > 0; l--)
    for (int i = 0; i < nr && found == 0; i++)
      {
        int written = 0;
        for (int k = 0; k < nl; k++)
          written |= strcmp (rhs[i], lhs[k]) == 0;
        if (!written && (bp_text_loop_over (buf[l - first], rhs[i])
                         || guards (buf[l - first], rhs[i])))
          found = l;
      }
  return bp_text_done (buf, found, first, text, len);
}

/* Does line store into the array name, with or without an index
 * (name[i * ld + j] += ...)? */
static int
indexed_store (const char *line, const char *name)
{
  size_t len = strlen (name), op;

  for (const char *p = strstr (line, name); p; p = strstr (p + 1, name))
    {
      const char *q = p + len + strspn (p + len, " \t");
      int depth = 0;
      if (!bp_text_word_at (line, p, len))
        continue;
      while (*q == '[' || (depth > 0 && *q))
        {
          depth += *q == '[' ? 1 : *q == ']' ? -1 : 0;
          q++;
          if (depth == 0)
            q += strspn (q, " \t");
        }
      if (bp_text_assignment_at (q, 0, &op))
        return 1;
    }
  return 0;
}

/* The nearest line before `line' (the LOOK_BACK lines, in the same
 * function) that also stores into the array the statement at `line'
 * stores into (its first name: dW1 of dW1[m * ld + k] += ...); or 0. */
static int
earlier_store (const char *path, int line)
{
  char (*buf)[LINE_MAX_LEN] = calloc (LOOK_BACK + STATEMENT_LINES,
                                      LINE_MAX_LEN);
  int first = line - LOOK_BACK > 1 ? line - LOOK_BACK : 1, found = 0;
  int rows = buf && line > 0
    ? bp_text_read_into (path, first, line + STATEMENT_LINES - 1, buf) : 0;
  char stmt[LINE_MAX_LEN], into[LINE_MAX_LEN], lhs[MAX_NAMES][NAME_LEN];

  if (rows >= line - first + 1)
    {
      bp_text_join_statement (buf, line - first, rows, stmt, sizeof stmt);
      bp_text_stored_into (stmt, into, sizeof into);
      if (bp_text_variable_names (into, lhs) > 0)
        for (int l = line - 1; l >= first && found == 0; l--)
          {
            if (bp_text_function_edge (buf[l - first]))
              break;
            if (indexed_store (buf[l - first], lhs[0]))
              found = l;
          }
    }
  free (buf);
  return found;
}

int
bp_srcline_sample_loop (const char *path, int line, int computed, char *text,
                        size_t len)
{
  int found = sample_loop_at (path, line, computed, text, len);

  /* the last store adds the penalty after the sum: the sum's store */
  for (int k = 0, l = line; k < 3 && found == 0
         && (l = earlier_store (path, l)) > 0; k++)
    found = sample_loop_at (path, l, 0, text, len);
  return found;
}

/* A test of one line against one name (resets, divides, ...). */
typedef int line_test (const char *line, const char *name);

/* The nearest of the `back' lines before the store at line `line', in the
 * same function, on which test holds for name or, when name is NULL, for a
 * variable of the stored expression; 0 when there is none, or when the
 * store's statement holds a character of `unless' (NULL: never).  Its
 * text, trimmed, into text. */
static int
look_back (const char *path, int line, int back, line_test *test,
           const char *name, const char *unless, char *text, size_t len)
{
  char (*buf)[LINE_MAX_LEN] = calloc (back + STATEMENT_LINES, LINE_MAX_LEN);
  int from = line - back > 1 ? line - back : 1, found = 0, k = 0;
  int n = buf && line > 0
    ? bp_text_read_into (path, from, line + STATEMENT_LINES - 1, buf) : 0;
  char stmt[LINE_MAX_LEN], expr[LINE_MAX_LEN], names[MAX_NAMES][NAME_LEN];

  if (n >= line - from + 1 && name)
    k = snprintf (names[0], NAME_LEN, "%s", name) < NAME_LEN;
  else if (n >= line - from + 1)
    {
      bp_text_join_statement (buf, line - from, n, stmt, sizeof stmt);
      if (!(unless && strpbrk (stmt, unless))
          && bp_text_stored_expression (stmt, expr, sizeof expr))
        k = bp_text_variable_names (expr, names);
    }
  for (int l = line - 1; l >= from && found == 0 && k > 0; l--)
    {
      const char *s = buf[l - from];
      if (bp_text_function_edge (s))
        break;
      if (bp_text_comment_or_blank (s))
        continue;               /* (// dp1 = W2 * dz2) */
      for (int i = 0; i < k && found == 0; i++)
        if (test (s, names[i]))
          found = l;
    }
  return bp_text_done (buf, found, from, text, len);
}

int
bp_srcline_in_branch (const char *path, int line)
{
  int n, in = 0;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);
  size_t indent = line >= 1 && line <= n ? bp_text_indent (buf[line - 1]) : 0;

  for (int l = line; !in
         && (l = bp_text_enclosing_head (buf, l, &indent)) > 0;)
    {
      const char *t = buf[l - 1] + strspn (buf[l - 1], " \t");
      size_t k = strncmp (t, "if", 2) == 0 ? 2
        : strncmp (t, "else", 4) == 0 ? 4 : 0;
      in = k > 0 && !isalnum ((unsigned char) t[k]) && t[k] != '_';
    }
  free (buf);
  return in;
}

/* The one variable that the statement at line `line' of buf (n rows)
 * stores as it is (gsl_matrix_set (g->dz2, i, j, d): d), into name. */
static int
stored_variable (char buf[][LINE_MAX_LEN], int n, int line, char *name)
{
  char stmt[LINE_MAX_LEN], e[LINE_MAX_LEN], names[MAX_NAMES][NAME_LEN];

  if (line < 1 || line > n)
    return 0;
  bp_text_join_statement (buf, line - 1, n, stmt, sizeof stmt);
  if (bp_text_stored_expression (stmt, e, sizeof e) == NULL
      || !bp_text_bare_variable (e) || bp_text_variable_names (e, names) != 1)
    return 0;
  snprintf (name, NAME_LEN, "%s", names[0]);
  return 1;
}

/* Does line view a block of doubles in another shape
 * (gsl_matrix_view_array, gsl_vector_view_array, view_vector)? */
static int
views_block (const char *line)
{
  return strstr (line, "view_array") || strstr (line, "view_vector");
}

int
bp_srcline_branch_division (const char *path, int line, char *text,
                            size_t len)
{
  int n, found = 0;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);
  char name[NAME_LEN];

  if (stored_variable (buf, n, line, name))
    for (int l = line - 1; l >= 1 && found == 0
           && !bp_text_function_edge (buf[l - 1]); l--)
      if (bp_text_assigned_so (buf[l - 1], name, bp_text_any_assignment)
          && strchr (buf[l - 1], '/'))
        found = l;
  bp_text_done (buf, 0, 1, NULL, 0);
  if (found > 0 && !bp_srcline_in_branch (path, found))
    found = 0;
  return found > 0 ? bp_srcline_mentions (path, found, name, text, len) : 0;
}

int
bp_srcline_later_view (const char *path, int line, const char *grad,
                       char *text, size_t len)
{
  int n, found = 0;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);

  for (int l = line + 1; line >= 1 && l <= n && found == 0
         && !bp_text_function_edge (buf[l - 1]); l++)
    if (views_block (buf[l - 1]) && bp_text_mentions (buf[l - 1], grad))
      found = l;
  return bp_text_done (buf, found, 1, text, len);
}

int
bp_srcline_later_penalty (const char *path, int line, const char *grad,
                          char *text, size_t len)
{
  int n, found = 0;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);
  char stmt[LINE_MAX_LEN], store[LINE_MAX_LEN], target[NAME_LEN];
  const char *other = strcmp (grad, "dW2") == 0 ? "W1"
    : strcmp (grad, "dW1") == 0 ? "W2" : NULL;

  if (line >= 1 && line <= n)
    bp_text_join_statement (buf, line - 1, n, store, sizeof store);
  for (int l = line + 1; line >= 1 && l <= n && found == 0
         && !bp_text_function_edge (buf[l - 1]); l++)
    {
      if (bp_text_comment_or_blank (buf[l - 1]))
        continue;
      bp_text_join_statement (buf, l - 1, n, stmt, sizeof stmt);
      if (strstr (stmt, "reg") && !bp_text_is_for (stmt)
          && (strstr (stmt, "+=") || strstr (stmt, "_add")
              || strstr (stmt, "axpy"))
          && !(other && bp_text_mentions (stmt, other))
                                /* (the other layer's: t += 2 reg W1) */
          && bp_text_target_name (stmt, target, sizeof target)
          && (bp_text_mentions (store, target)
              || bp_srcline_alias_of (path, l, target, grad, NULL, 0)))
        found = l;              /* into what the store wrote, or into a
                                   pointer to the gradient (dw1 =
                                   g->dW1->data) */
    }
  return bp_text_done (buf, found, 1, text, len);
}

int
bp_srcline_adds_penalty (const char *path, int line)
{
  int n, adds = 0;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);
  char stmt[LINE_MAX_LEN], target[NAME_LEN];

  if (line >= 1 && line <= n)
    {
      bp_text_join_statement (buf, line - 1, n, stmt, sizeof stmt);
      if (strstr (stmt, "reg") && bp_text_target_name (stmt, target,
                                                      sizeof target))
        {
          const char *p = strstr (stmt, target);
          int uses = 0;
          for (; p; p = strstr (p + 1, target))
            uses += bp_text_word_at (stmt, p, strlen (target));
          adds = strstr (stmt, "+=") || strstr (stmt, "_add")
            || strstr (stmt, "axpy") || (uses >= 2 && strchr (stmt, '+'));
        }
    }
  free (buf);
  return adds;
}

int
bp_srcline_assigned_before (const char *path, int line, char *text,
                            size_t len)
{
  int n, found = 0;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);
  char name[NAME_LEN];

  if (line >= 1 && line <= n
      && bp_text_target_name (buf[line - 1], name, sizeof name))
    for (int l = line - 1; l >= 1 && l > line - LOOK_BACK && found == 0
           && !bp_text_function_edge (buf[l - 1]); l--)
      if (!bp_text_comment_or_blank (buf[l - 1]) && assigns (buf[l - 1], name))
        found = l;
  return bp_text_done (buf, found, 1, text, len);
}

int
bp_srcline_read_between (const char *path, int from, int to,
                         const char *name)
{
  int n, read = 0;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);

  for (int l = statement_end (buf, n, from) + 1; from >= 1 && l <= to
         && l <= n && !read; l++)
    read = bp_text_mentions (buf[l - 1], name)
      && !strstr (buf[l - 1], "_free");
  free (buf);
  return read;
}

int
bp_srcline_penalty_elsewhere (const char *path, int line, const char *weight,
                              char *target, size_t len)
{
  int n, found = 0;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);
  int start = line >= 1 && line <= n ? bp_text_function_start (buf, n, line)
    : 0;
  char stmt[LINE_MAX_LEN];

  for (int l = start + 1; start > 0 && l < line && found == 0; l++)
    {
      const char *t = buf[l - 1] + strspn (buf[l - 1], " \t");
      if (bp_text_comment_or_blank (t) || *t == '}' || *t == '{'
          || !bp_text_mentions (t, "reg"))
        continue;
      bp_text_join_statement (buf, l - 1, n, stmt, sizeof stmt);
      if (bp_text_mentions (stmt, weight)
          && !bp_text_is_for (stmt)
          && bp_text_target_name (stmt, target, len)
          && strcmp (target, weight) != 0)
        found = l;
    }
  free (buf);
  return found;
}

/* The k-th parameter's name (from 0) of the function whose head starts
 * at line h of buf (n rows), into name; whether there is one. */
static int
parameter_name (char buf[][LINE_MAX_LEN], int n, int h, int k, char *name)
{
  char head[LINE_MAX_LEN], piece[LINE_MAX_LEN];
  const char *open;
  size_t e;

  bp_text_join_statement (buf, h - 1, n, head, sizeof head);
  if ((open = strchr (head, '(')) == NULL
      || !bp_text_list_item (open, k, piece, sizeof piece))
    return 0;
  for (e = strlen (piece); e > 0 && !(isalnum ((unsigned char) piece[e - 1])
                                      || piece[e - 1] == '_'); e--)
    ;
  piece[e] = '\0';
  while (e > 0 && (isalnum ((unsigned char) piece[e - 1])
                   || piece[e - 1] == '_'))
    e--;
  if (piece[e] == '\0' || strlen (piece + e) >= NAME_LEN)
    return 0;
  snprintf (name, NAME_LEN, "%s", piece + e);
  return 1;
}

int
bp_srcline_calls_line (const char *path, int line, int inner)
{
  int n, calls = 0;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);
  char func[NAME_LEN];
  int h = inner >= 1 && inner <= n ? bp_text_function_head (buf, n, inner)
    : 0;

  if (h >= 1 && line >= 1 && line <= n
      && bp_text_defined_name (buf[h - 1], func, sizeof func))
    calls = bp_text_calls (buf[line - 1], func);
  free (buf);
  return calls;
}

int
bp_srcline_passed_after (const char *path, int line, const char *grad,
                         char *text, size_t len)
{
  int n, found = 0;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);
  char member[NAME_LEN + 2], callee[NAME_LEN];

  snprintf (member, sizeof member, "->%s", grad);
  for (int l = line + 1; line >= 1 && l <= n && l <= line + 3 && found == 0;
       l++)
    if (strstr (buf[l - 1], member)
        && bp_text_tested_call (buf[l - 1], callee, sizeof callee)
        && strncmp (callee, "gsl_", 4) != 0)
      found = l;
  return bp_text_done (buf, found, 1, text, len);
}

int
bp_srcline_calls_like (const char *path, int line, int back, const char *part,
                       char *text, size_t len)
{
  int n, found = 0;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);

  for (int l = line; line <= n && l >= 1 && l >= line - back && found == 0;
       l--)
    {
      const char *t = buf[l - 1];
      size_t k;
      if (l < line && bp_text_function_edge (t))
        break;
      if (bp_text_comment_or_blank (t))
        continue;
      for (const char *p = t; found == 0
             && (p = bp_text_next_identifier (t, p, &k)) != NULL; p += k)
        {
          char name[NAME_LEN];
          snprintf (name, sizeof name, "%.*s", (int) (k < sizeof name ? k
                                                      : sizeof name - 1), p);
          if (strstr (name, part) && p[k + strspn (p + k, " \t")] == '('
              && strncmp (name, "gsl_", 4) != 0)
            found = l;
        }
    }
  return bp_text_done (buf, found, 1, text, len);
}

int
bp_srcline_subtracts (const char *path, int line, char *text, size_t len)
{
  int n, found = 0;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);
  char stmt[LINE_MAX_LEN];

  if (line >= 1 && line <= n)
    {
      bp_text_join_statement (buf, line - 1, n, stmt, sizeof stmt);
      if (strstr (stmt, "_sub (") || strstr (stmt, "_sub(")
          || strstr (stmt, "-="))
        found = line;
    }
  return bp_text_done (buf, found, 1, text, len);
}

int
bp_srcline_self_shift (const char *path, int line, char *text, size_t len)
{
  int n, found = 0;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);

  for (int l = line - 1; line <= n && l >= 1 && found == 0; l--)
    {
      const char *t = buf[l - 1], *op = strstr (t, "-="), *b;
      char name[NAME_LEN];
      size_t k;
      if (bp_text_function_edge (t))
        break;
      if (op == NULL)
        continue;
      for (b = op; b > t && strchr (" \t]", b[-1]); b--)
        if (b[-1] == ']')
          while (b > t && b[-1] != '[')
            b--;                /* back over the index */
      if (b > t && b[-1] == '[')
        b--;
      for (k = 0; b - k > t && (isalnum ((unsigned char) b[-1 - (long) k])
                                || b[-1 - (long) k] == '_'); k++)
        ;
      if (k == 0 || k >= sizeof name)
        continue;
      snprintf (name, sizeof name, "%.*s", (int) k, b - k);
      char idx[NAME_LEN + 2];
      snprintf (idx, sizeof idx, "%s[", name);
      if (strstr (op, idx))
        found = l;              /* a[k] -= a[m]: an element of itself */
    }
  return bp_text_done (buf, found, 1, text, len);
}

/* GSL calls that write into their first argument. */
static const char *const writing_calls[] = {
  "gsl_matrix_set", "gsl_matrix_scale", "gsl_matrix_add",
  "gsl_matrix_sub", "gsl_matrix_mul_elements", "gsl_matrix_div_elements",
  "gsl_matrix_add_constant", "gsl_matrix_memcpy", "gsl_matrix_set_zero",
  "gsl_matrix_set_all", NULL
};

/* Does the member access that starts at object (cache in cache->prob) of
 * line t hand out the member for writing: an assignment of it, or of its
 * data, to a pointer that is not const (dscores = cache->prob), a cast
 * that drops its const ((gsl_matrix *) cache->prob), or the first
 * argument of a GSL call that writes (gsl_matrix_scale (cache->prob, s))? */
static int
hands_out (const char *t, const char *object)
{
  const char *q = object;
  size_t k;

  while (q > t && isspace ((unsigned char) q[-1]))
    q--;
  if (q > t && q[-1] == ')')
    {                           /* a cast */
      const char *open = q - 1;
      while (open > t && *open != '(')
        open--;
      return *open == '(' && strchr (open, '*') < q
        && !bp_text_mentions (t, "const");
    }
  if (q > t && q[-1] == '=' && (q - 1 == t || !strchr ("=!<>+-*/", q[-2])))
    return !bp_text_mentions (t, "const");
  if (q > t && q[-1] == '(')
    {                           /* the first argument of a call */
      const char *e = q - 1, *b;
      while (e > t && isspace ((unsigned char) e[-1]))
        e--;
      for (b = e; b > t && (isalnum ((unsigned char) b[-1]) || b[-1] == '_');
           b--)
        ;
      for (k = 0; writing_calls[k]; k++)
        if ((size_t) (e - b) == strlen (writing_calls[k])
            && strncmp (b, writing_calls[k], e - b) == 0)
          return 1;
    }
  return 0;
}

int
bp_srcline_writable_input (const char *path, const char *member, char *text,
                           size_t len)
{
  int n, found = 0;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);
  char arrow[NAME_LEN + 2];

  snprintf (arrow, sizeof arrow, "->%s", member);
  for (int l = 1; l <= n && found == 0; l++)
    {
      const char *t = buf[l - 1];
      if (bp_text_comment_or_blank (t))
        continue;
      for (const char *p = strstr (t, arrow); p && found == 0;
           p = strstr (p + 1, arrow))
        {
          const char *object = p;
          if (!bp_text_word_at (t, p + 2, strlen (member)))
            continue;
          while (object > t && (isalnum ((unsigned char) object[-1])
                                || object[-1] == '_'))
            object--;
          if (object < p && hands_out (t, object))
            found = l;
        }
    }
  return bp_text_done (buf, found, 1, text, len);
}

/* Is the return at r a normal way out (return;, return 0;, return
 * GSL_SUCCESS;), not an error path (return err;, return 1;)? */
static int
normal_return (const char *r)
{
  r += 6 + strspn (r + 6, " \t(");
  return *r == ';' || (*r == '0' && !isdigit ((unsigned char) r[1]))
    || strncmp (r, "GSL_SUCCESS", 11) == 0
    || strncmp (r, "EXIT_SUCCESS", 12) == 0;
}

int
bp_srcline_never_stored (const char *path, const char *grad, char *text,
                         size_t len)
{
  int n, found = 0;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);
  char member[NAME_LEN + 2], arg[LINE_MAX_LEN], stmt[LINE_MAX_LEN];
  char src[LINE_MAX_LEN];

  snprintf (member, sizeof member, "->%s", grad);
  for (int l = 1; l <= n && found == 0; l++)
    {
      const char *t = buf[l - 1];
      if (!strstr (t, member) || bp_text_comment_or_blank (t))
        continue;
      if (bp_text_copy_arguments (t, arg, src, sizeof arg)
          && strstr (src, member) && !strstr (arg, member))
        found = l;              /* copied from, the wrong way round */
      else
        {                       /* given to a helper that returns first */
          char func[NAME_LEN], def[NAME_LEN], param[NAME_LEN];
          const char *open;
          bp_text_join_statement (buf, l - 1, n, stmt, sizeof stmt);
          if (!bp_text_tested_call (stmt, func, sizeof func)
              || (open = strstr (stmt, func)) == NULL
              || (open = strchr (open, '(')) == NULL)
            continue;
          for (int k = 0; found == 0
                 && bp_text_list_item (open, k, arg, sizeof arg); k++)
            {
              int h = 0, written = 0;
              if (!strstr (arg, member))
                continue;
              for (int m = 1; m <= n && h == 0; m++)
                if (bp_text_function_edge (buf[m - 1])
                    && bp_text_defined_name (buf[m - 1], def, sizeof def)
                    && strcmp (def, func) == 0 && !strchr (buf[m - 1], ';'))
                  h = m;
              if (h == 0 || !parameter_name (buf, n, h, k, param))
                continue;
              while (h < n && !strchr (buf[h - 1], '{'))
                h++;
              for (int m = h + 1; m <= n && !written && found == 0
                     && buf[m - 1][0] != '}'; m++)
                {
                  const char *u = buf[m - 1] + strspn (buf[m - 1], " \t");
                  const char *r = strstr (u, "return");
                  const char *next = m < n ? buf[m] + strspn (buf[m], " \t")
                    : "";
                  if (bp_text_mentions (u, param) && !strstr (u, "set_zero")
                      && !strstr (u, "memset")
                      && !(strncmp (u, "if", 2) == 0 && !strchr (u, ';')
                           && !strstr (u, "NULL")
                           && strncmp (next, "return", 6) == 0))
                    written = 1;        /* (a reset writes no values, nor
                                           does a test of its size that
                                           leaves: if (out->size != n)
                                           return;) */
                  else if (r && (r == u || strncmp (u, "if", 2) == 0)
                           && normal_return (r)
                           && !bp_text_comment_or_blank (u))
                    {           /* leaves before it is written: the test */
                      const char *v = buf[m - 2] + strspn (buf[m - 2], " \t");
                      found = strncmp (u, "return", 6) == 0
                        && strncmp (v, "if", 2) == 0 && !strchr (v, ';')
                        ? m - 1 : m;
                    }
                }
            }
        }
    }
  return bp_text_done (buf, found, 1, text, len);
}

int
bp_srcline_flag_call (const char *path, int line, char *text, size_t len)
{
  int n, found = 0, calls = 0, flag = -1;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);
  char stmt[LINE_MAX_LEN], func[NAME_LEN], name[NAME_LEN], arg[LINE_MAX_LEN];
  int h = line >= 1 && line <= n ? bp_text_function_head (buf, n, line) : 0;

  if (h < 1 || !bp_text_defined_name (buf[h - 1], func, sizeof func))
    return bp_text_done (buf, 0, 1, text, len);
  /* a reset under if (!flag), flag a parameter */
  for (int l = h + 1; l < line && flag < 0; l++)
    {
      const char *t = buf[l - 1] + strspn (buf[l - 1], " \t");
      if (strncmp (t, "if", 2) != 0 || isalnum ((unsigned char) t[2])
          || t[2] == '_')
        continue;
      bp_text_join_statement (buf, l - 1, n, stmt, sizeof stmt);
      if (!strstr (stmt, "set_zero") && !strstr (stmt, "memset")
          && !(l < n && (strstr (buf[l], "set_zero")
                         || strstr (buf[l], "memset"))))
        continue;
      for (int k = 0; flag < 0 && parameter_name (buf, n, h, k, name); k++)
        {
          char neg[NAME_LEN + 2];
          snprintf (neg, sizeof neg, "!%s", name);
          if (strstr (stmt, neg) && bp_text_mentions (stmt, name))
            flag = k;
        }
    }
  /* the one call that gives it true */
  for (int l = 1; l <= n && flag >= 0; l++)
    {
      const char *open;
      if (l == h || !bp_text_calls (buf[l - 1], func)
          || bp_text_comment_or_blank (buf[l - 1]))
        continue;
      bp_text_join_statement (buf, l - 1, n, stmt, sizeof stmt);
      if ((open = strstr (stmt, func)) == NULL
          || (open = strchr (open, '(')) == NULL
          || !bp_text_list_item (open, flag, arg, sizeof arg))
        continue;
      bp_text_trim_into (arg, stmt, sizeof stmt);
      if (strcmp (stmt, "true") == 0 || strcmp (stmt, "1") == 0
          || strcmp (stmt, "TRUE") == 0)
        {
          found = l;
          calls++;
        }
    }
  return bp_text_done (buf, calls == 1 ? found : 0, 1, text, len);
}

int
bp_srcline_only_call (const char *path, const char *name, int but_sums,
                      char *text, size_t len)
{
  int n, found = 0, calls = 0;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);

  for (int l = 1; l <= n; l++)
    if (!bp_text_comment_or_blank (buf[l - 1])
        && bp_text_calls (buf[l - 1], name)
        && !(but_sums && strstr (buf[l - 1], "+=")))
      {
        found = l;
        calls++;
      }
  return bp_text_done (buf, calls == 1 ? found : 0, 1, text, len);
}

/* Does a call of func in buf (n rows) give its k-th argument (from 0) a
 * doubled penalty (2.0 * reg)?  Then that parameter is a coefficient,
 * which each caller doubles, not the penalty's strength. */
static int
doubled_in_a_call (char buf[][LINE_MAX_LEN], int n, const char *func, int k)
{
  char stmt[LINE_MAX_LEN], arg[LINE_MAX_LEN];

  for (int l = 1; l <= n; l++)
    {
      const char *open;
      if (!bp_text_calls (buf[l - 1], func) || bp_text_function_edge (buf[l - 1]))
        continue;
      bp_text_join_statement (buf, l - 1, n, stmt, sizeof stmt);
      if ((open = strstr (stmt, func)) != NULL
          && (open = strchr (open, '(')) != NULL
          && bp_text_list_item (open, k, arg, sizeof arg)
          && strchr (arg, '2') && strchr (arg, '*'))
        return 1;
    }
  return 0;
}

int
bp_srcline_penalty_parameter (const char *path, int store, int call,
                              char *text, size_t len)
{
  int n, found = 0;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);
  char stmt[LINE_MAX_LEN], func[NAME_LEN], name[NAME_LEN], arg[LINE_MAX_LEN];
  const char *open;
  int h = store >= 1 && store <= n && call >= 1 && call <= n
    ? bp_text_function_head (buf, n, store) : 0;

  int body = h;

  if (h < 1 || !bp_text_defined_name (buf[h - 1], func, sizeof func)
      || !bp_text_calls (buf[call - 1], func))
    return bp_text_done (buf, 0, 1, text, len);
  while (body < store && !strchr (buf[body - 1], '{'))
    body++;                     /* the body's {: past the parameters */
  bp_text_join_statement (buf, call - 1, n, stmt, sizeof stmt);
  open = strstr (stmt, func);
  open = open ? strchr (open, '(') : NULL;
  for (int k = 0; open && found == 0
         && bp_text_list_item (open, k, arg, sizeof arg); k++)
    if ((bp_text_mentions (arg, "reg") || penalty_name (arg))
        && parameter_name (buf, n, h, k, name)
        && (penalty_name (name)
            || ((strcmp (name, "r") == 0 || strcmp (name, "lam") == 0
                 || strcmp (name, "wd") == 0)
                && !doubled_in_a_call (buf, n, func, k))))
      for (int l = statement_end (buf, n, store); l > body && found == 0;
           l--)
        if (bp_text_mentions (buf[l - 1], name)
            && (strchr (buf[l - 1], '*') || strchr (buf[l - 1], '/')
                || strstr (buf[l - 1], "scale") || strchr (buf[l - 1], ','))
            && !bp_text_comment_or_blank (buf[l - 1]))
          found = l;            /* the parameter that holds reg, scaled */
  return bp_text_done (buf, found, 1, text, len);
}

int
bp_srcline_member_left_out (const char *path, int line, const char *grad,
                            const char *member, char *text, size_t len)
{
  int n, found = 0, others = 0;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);
  char stmt[LINE_MAX_LEN], field[NAME_LEN + 2], arrow[NAME_LEN + 3];

  snprintf (field, sizeof field, ".%s", member);
  snprintf (arrow, sizeof arrow, "->%s", member);
  if (line >= 1 && line <= n)
    bp_text_join_statement (buf, line - 1, n, stmt, sizeof stmt);
  if (line < 1 || line > n || !strstr (stmt, arrow))
    return bp_text_done (buf, 0, 1, text, len);
  /* designated initialisers ({ .W = ..., .dW = g->dW1 }): the one for
   * grad without the member, when another has it */
  for (int l = 1; l <= n; l++)
    {
      const char *t = buf[l - 1], *f = strstr (t, field);
      if ((!strchr (t, '{') && !(l > 1 && strchr (buf[l - 2], '{')))
          || !strchr (t, '='))
        continue;
      if (f && !isalnum ((unsigned char) f[strlen (field)])
          && f[strlen (field)] != '_')
        others++;               /* .reg = reg */
      else if (bp_text_mentions (t, grad) && strchr (t, '.'))
        found = found ? -1 : l; /* (two without it: neither) */
    }
  return bp_text_done (buf, found > 0 && others > 0 ? found : 0, 1, text,
                       len);
}

int
bp_srcline_same_function (const char *path, int a, int b)
{
  int n, same;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);

  same = a >= 1 && a <= n && b >= 1 && b <= n
    && bp_text_function_start (buf, n, a) == bp_text_function_start (buf, n,
                                                                      b);
  free (buf);
  return same;
}

int
bp_srcline_zeroed_before (const char *path, int line, char *name,
                          size_t len)
{
  int n, found = 0;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);
  char stmt[LINE_MAX_LEN], into[LINE_MAX_LEN], array[NAME_LEN];

  for (int l = line - 1; l >= 1 && l <= n && found == 0
         && !bp_text_function_edge (buf[l - 1]); l--)
    {
      bp_text_join_statement (buf, l - 1, n, stmt, sizeof stmt);
      if (!bp_text_stores_zero (stmt, NULL))
        continue;
      bp_text_stored_into (stmt, into, sizeof into);
      if (bp_text_array_name (into, array))
        {
          snprintf (name, len, "%s", array);
          found = l;
        }
    }
  return bp_text_done (buf, found, 1, NULL, 0);
}

int
bp_srcline_feeds_store (const char *path, int from, int store,
                        const char *value, char *text, size_t len)
{
  int n, found = 0;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);
  char stmt[LINE_MAX_LEN], last[LINE_MAX_LEN], e[LINE_MAX_LEN];
  char target[NAME_LEN];

  if (store >= 1 && store <= n)
    bp_text_join_statement (buf, store - 1, n, last, sizeof last);
  for (int l = from + 1; store <= n && l < store && found == 0; l++)
    {
      if (bp_text_comment_or_blank (buf[l - 1]))
        continue;
      bp_text_join_statement (buf, l - 1, n, stmt, sizeof stmt);
      if (bp_text_stored_expression (stmt, e, sizeof e)
          && bp_text_mentions (e, value)
          && bp_text_target_name (stmt, target, sizeof target)
          && bp_text_mentions (last, target))
        found = l;
    }
  return bp_text_done (buf, found, 1, text, len);
}

int
bp_srcline_named_with (const char *path, int from, int to, const char *a,
                       const char *b, char *text, size_t len)
{
  int n, found = 0;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);

  for (int l = from + 1; l <= to && l <= n && found == 0; l++)
    if (!bp_text_comment_or_blank (buf[l - 1])
        && bp_text_mentions (buf[l - 1], a) && bp_text_mentions (buf[l - 1], b))
      found = l;
  return bp_text_done (buf, found, 1, text, len);
}

int
bp_srcline_named_before (const char *path, int line, const char *name,
                         char *text, size_t len)
{
  return look_back (path, line, LOOK_BACK, bp_text_mentions, name, NULL, text,
                    len);
}

/* Does line set name to a number (acc = 0;, double s = 0.0;), other than
 * as a loop's start, or clear it whole (memset (row, 0, sizeof row))? */
static int
resets (const char *line, const char *name)
{
  const char *p = strstr (line, "memset");
  char first[LINE_MAX_LEN];

  if (p && (p = strchr (p, '(')) != NULL
      && bp_text_list_item (p, 0, first, sizeof first)
      && bp_text_bare_variable (first) && bp_text_mentions (first, name))
    return 1;                   /* memset (row, 0, sizeof row) */
  return !strstr (line, "for (") && !strstr (line, "for(")
    && bp_text_assigned_so (line, name, sets_number);
}

/* Does line make name a view that reshapes a block (gsl_matrix_view
 * v = gsl_matrix_view_array (t->data, H, C))? */
static int
reshapes (const char *line, const char *name)
{
  return views_block (line)
    && bp_text_assigned_so (line, name, bp_text_any_assignment);
}

int
bp_srcline_reshaped_copy (const char *path, int line, char *text, size_t len)
{
  int n, found = 0;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);
  char dst[LINE_MAX_LEN], src[LINE_MAX_LEN], name[NAME_LEN];
  const char *p;

  if (line >= 1 && line <= n
      && bp_text_copy_arguments (buf[line - 1], dst, src, sizeof dst)
      && (p = strchr (src, '&')) != NULL
      && sscanf (p + 1, " %63[A-Za-z0-9_]", name) == 1)
    for (int l = line - 1; l >= 1 && found == 0
           && !bp_text_function_edge (buf[l - 1]); l--)
      if (reshapes (buf[l - 1], name))
        found = l;
  return bp_text_done (buf, found, 1, text, len);
}

int
bp_srcline_reset (const char *path, int line, char *text, size_t len)
{
  return look_back (path, line, COPY_LOOK_BACK, resets, NULL, NULL, text, len);
}

int
bp_srcline_byte_clear (const char *path, int line, char *text, size_t len)
{
  int n, found = 0;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);
  char stmt[LINE_MAX_LEN], arg[LINE_MAX_LEN], name[NAME_LEN];

  if (line < 1 || line > n)
    n = 0;
  else
    bp_text_join_statement (buf, line - 1, n, stmt, sizeof stmt);
  for (int l = line - 1; l >= 1 && l <= n && found == 0; l--)
    {
      const char *p = strstr (buf[l - 1], "memset");
      if (bp_text_function_edge (buf[l - 1]))
        break;
      if (p == NULL || (p = strchr (p, '(')) == NULL
          || !bp_text_list_item (p, 0, arg, sizeof arg)
          || !bp_text_array_name (arg, name)
          || !bp_text_mentions (stmt, name)
          || !bp_text_list_item (p, 2, arg, sizeof arg))
        continue;
      found = strstr (arg, "sizeof") == NULL ? l : -1;
    }
  return bp_text_done (buf, found > 0 ? found : 0, 1, text, len);
}

int
bp_srcline_outer_reset (const char *path, int line, char *text, size_t len)
{
  int l = bp_srcline_reset (path, line, text, len), n, outside = 0;
  char (*buf)[LINE_MAX_LEN] = l > 0 ? bp_text_whole (path, &n) : NULL;
  char name[NAME_LEN], again[NAME_LEN];
  size_t indent;

  if (buf == NULL || line < 1 || line > n || l > n)
    {
      free (buf);
      return 0;
    }
  indent = bp_text_indent (buf[line - 1]);
  for (int h = line; outside == 0 && !strpbrk (buf[l - 1], "[(")
         && (h = bp_text_enclosing_head (buf, h, &indent)) > l;)
    outside = bp_text_is_for (buf[h - 1]);
  if (outside && bp_text_target_name (buf[l - 1], name, sizeof name))
    for (int k = l + 1; k < line; k++)
      if (bp_text_declared_name (buf[k - 1], again, sizeof again)
          && strcmp (again, name) == 0)
        outside = 0;            /* declared again, started anew: another
                                   variable of that name */
  free (buf);
  return outside ? l : 0;
}

/* Does line call a BLAS product that adds into name, with a beta that is
 * a number other than 0 (gsl_blas_dgemv (CblasNoTrans, 1.0, W, x, 1.0,
 * name))? */
static int
blas_adds_into (const char *line, const char *name)
{
  static const struct { const char *call; int beta, out; } calls[] = {
    { "gsl_blas_dgemv", 4, 5 }, { "gsl_blas_dgemm", 5, 6 },
    { "cblas_dgemv", 9, 10 }, { "cblas_dgemm", 11, 12 } };
  char beta[LINE_MAX_LEN], out[LINE_MAX_LEN], *end;

  for (size_t k = 0; k < sizeof calls / sizeof calls[0]; k++)
    {
      const char *p = strstr (line, calls[k].call), *open;
      if (p == NULL || (open = strchr (p, '(')) == NULL
          || !bp_text_list_item (open, calls[k].beta, beta, sizeof beta)
          || !bp_text_list_item (open, calls[k].out, out, sizeof out))
        continue;
      double b = strtod (beta, &end);
      if (end != beta && end[strspn (end, " \t")] == '\0' && b != 0.0
          && bp_text_mentions (out, name))
        return 1;
    }
  return 0;
}

int
bp_srcline_blas_beta (const char *path, int line, char *text, size_t len)
{
  return look_back (path, line, COPY_LOOK_BACK, blas_adds_into, NULL, NULL,
                    text, len);
}

int
bp_srcline_beta_line (const char *path, int line, char *text, size_t len)
{
  int n, found = 0, depth = 0, args = 1, at = 0;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);
  char stmt[LINE_MAX_LEN];
  const char *open;

  if (line < 1 || line > n)
    return bp_text_done (buf, 0, 1, text, len);
  bp_text_join_statement (buf, line - 1, n, stmt, sizeof stmt);
  if ((!strstr (stmt, "gsl_blas_dgemm") && !strstr (stmt, "gsl_blas_dgemv"))
      || (open = strchr (stmt, '(')) == NULL)
    return bp_text_done (buf, 0, 1, text, len);
  for (const char *p = open + 1; *p && depth >= 0; p++)
    {                           /* how many arguments the call has */
      depth += *p == '(' ? 1 : *p == ')' ? -1 : 0;
      args += depth == 0 && *p == ',';
    }
  depth = -1;
  for (int l = line; l <= n && l < line + STATEMENT_LINES && !found; l++)
    for (const char *p = buf[l - 1]; *p && !found; p++)
      {                         /* the line where argument args - 2 starts */
        if (*p == '(' && ++depth == 0)
          continue;
        depth -= *p == ')';
        if (depth == 0 && *p == ',' && ++at == args - 2)
          {
            const char *b = p + 1 + strspn (p + 1, " \t");
            double v;
            found = *b == '\0' || *b == '\n' ? l + 1 : l;
            if (bp_text_number (b, strcspn (b, ","), &v) && v == 0.0)
              found = -1;       /* (beta 0: nothing kept) */
          }
      }
  return bp_text_done (buf, found > line ? found : 0, 1, text, len);
}

/* Is the assignment at q a division: /= ..., or = ... / ...? */
static int
sets_quotient (const char *q, size_t op)
{
  return *q == '/' || (op == 1 && strchr (q + 1, '/'));
}

/* Is the assignment at q an integer literal over something, = 1 / N? */
static int
sets_int_over (const char *q, size_t op)
{
  const char *v = value_of (q, op, 1);

  if (op != 1 || !isdigit ((unsigned char) *v))
    return 0;
  v += strspn (v, "0123456789");
  return v[strspn (v, " \t")] == '/';
}

/* Does line divide name: name /= ..., or name = ... / ...? */
static int
divides (const char *line, const char *name)
{
  return !strstr (line, "for (") && !strstr (line, "for(")
    && bp_text_assigned_so (line, name, sets_quotient);
}

/* Is name, wherever stmt names it, a struct reached through (g of
 * g->db2, ws of ws.acc)? */
static int
only_a_struct (const char *stmt, const char *name)
{
  size_t len = strlen (name);

  for (const char *p = strstr (stmt, name); p; p = strstr (p + 1, name))
    if (bp_text_word_at (stmt, p, len) && strncmp (p + len, "->", 2) != 0
        && p[len] != '.')
      return 0;
  return 1;
}

/* Does the assignment at q divide what it assigns (/= ..., *= 1.0 / N),
 * rather than give it a value of its own? */
static int
scales_down (const char *q, size_t op)
{
  return op == 2 && (*q == '/' || (*q == '*' && strchr (q, '/')));
}

int
bp_srcline_reads_unscaled (const char *path, int line)
{
  char buf[STATEMENT_LINES][LINE_MAX_LEN], stmt[LINE_MAX_LEN];
  char into[LINE_MAX_LEN], names[MAX_NAMES][NAME_LEN];
  int n = line > 0
    ? bp_text_read_into (path, line, line + STATEMENT_LINES - 1, buf) : 0;
  int k, found = 0;

  if (n == 0)
    return 0;
  bp_text_join_statement (buf, 0, n, stmt, sizeof stmt);
  bp_text_stored_into (stmt, into, sizeof into);
  k = bp_text_variable_names (stmt, names);
  for (int i = 0; i < k && found == 0; i++)
    if (strcmp (names[i], "N") != 0 && strcmp (names[i], "n") != 0
        && !(bp_text_mentions (into, names[i]) && !strchr (stmt, ','))
        && !only_a_struct (stmt, names[i]))
      found = bp_srcline_scaled_later (path, line, names[i]);
  return found;
}

int
bp_srcline_scaled_later (const char *path, int line, const char *name)
{
  int n, found = 0;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);
  char stmt[LINE_MAX_LEN], piece[LINE_MAX_LEN];

  for (int l = line + 1; line >= 1 && l <= n && found == 0
         && !bp_text_function_edge (buf[l - 1]); l++)
    {
      const char *s;
      if (!bp_text_mentions (buf[l - 1], name)
          || bp_text_comment_or_blank (buf[l - 1]))
        continue;
      bp_text_join_statement (buf, l - 1, n, stmt, sizeof stmt);
      if ((s = strstr (stmt, "_scale")) != NULL
          && (s = strchr (s, '(')) != NULL
          && bp_text_list_item (s, 0, piece, sizeof piece)
          && bp_text_mentions (piece, name) && strchr (s, '/'))
        found = l;              /* gsl_matrix_scale (dscores, 1.0 / N) */
      else if (bp_text_assigned_so (stmt, name, scales_down))
        found = l;              /* s /= N, s *= 1.0 / N */
    }
  free (buf);
  return found;
}

int
bp_srcline_division (const char *path, int line, char *text, size_t len)
{
  return look_back (path, line, LOOK_BACK, divides, NULL, "/", text, len);
}

/* Does the store at line `line' of buf (n rows) copy an array S
 * (gsl_matrix_memcpy (g->dz2, S)), and a statement before it in its
 * function fill another array B from S divided (B(i, k) = S(i, k) / N)
 * that nothing reads after? */
static int
scaled_copy_unread (char buf[][LINE_MAX_LEN], int n, int line)
{
  char stmt[LINE_MAX_LEN], arg[LINE_MAX_LEN], src[NAME_LEN], b[NAME_LEN];

  if (line < 1 || line > n
      || !bp_text_copy_arguments (buf[line - 1], NULL, arg, sizeof arg)
      || !bp_text_array_name (arg, src))
    return 0;
  for (int l = line - 1; l >= 1 && !bp_text_function_edge (buf[l - 1]); l--)
    {
      int read = 0;
      bp_text_join_statement (buf, l - 1, n, stmt, sizeof stmt);
      if (!strchr (stmt, '/') || !bp_text_mentions (stmt, src)
          || !bp_text_target_name (stmt, b, sizeof b) || strcmp (b, src) == 0
          || strstr (stmt, "for"))
        continue;
      for (int m = statement_end (buf, n, l) + 1; m <= n && !read
             && !bp_text_function_edge (buf[m - 1]); m++)
        read = bp_text_mentions (buf[m - 1], b) && !strstr (buf[m - 1], "_free");
      if (!read)
        return 1;
    }
  return 0;
}

int
bp_srcline_lost_division (const char *path, int line, char *text,
                          size_t len)
{
  int n, found = 0;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);
  char arg[LINE_MAX_LEN], from[LINE_MAX_LEN], name[NAME_LEN], src[NAME_LEN];

  for (int l = line - 1; line <= n && l >= 1 && found == 0; l--)
    {
      const char *p = strstr (buf[l - 1], "_scale");
      int read = 0;
      if (bp_text_function_edge (buf[l - 1]))
        break;
      if (p == NULL || (p = strchr (p, '(')) == NULL
          || !bp_text_list_item (p, 1, arg, sizeof arg) || !strchr (arg, '/')
          || !bp_text_list_item (p, 0, arg, sizeof arg)
          || !bp_text_array_name (arg, name))
        continue;
      for (int m = l + 1; m <= n && !read
             && !bp_text_function_edge (buf[m - 1]); m++)
        read = bp_text_mentions (buf[m - 1], name)
          && !strstr (buf[m - 1], "_free");
      found = read ? -1 : l;
      for (int m = l - 1; found == l && m >= 1
             && !bp_text_function_edge (buf[m - 1]); m--)
        if (bp_text_copy_arguments (buf[m - 1], arg, from, sizeof arg)
            && bp_text_mentions (arg, name)
            && bp_text_array_name (from, src)
            && bp_text_mentions (buf[line - 1], src))
          found = line;         /* a scaled copy of what the store
                                   copies: the store took the wrong one */
    }
  if (found <= 0 && scaled_copy_unread (buf, n, line))
    found = line;               /* a copy divided element by element, never
                                   read: the store took the wrong one */
  return bp_text_done (buf, found > 0 ? found : 0, 1, text, len);
}

/* Does line give name the value of an integer division, name = 1 / N
 * (an integer literal over something), which is 0 when N > 1? */
static int
int_division (const char *line, const char *name)
{
  return bp_text_assigned_so (line, name, sets_int_over);
}

int
bp_srcline_int_division (const char *path, int line, char *text, size_t len)
{
  return look_back (path, line, COPY_LOOK_BACK, int_division, NULL, NULL,
                    text, len);
}

/* The other gradient of grad's layer (db2 for dW2), or NULL. */
static const char *
partner (const char *grad)
{
  static const char *const pairs[][2] = { { "dW1", "db1" }, { "dW2", "db2" } };

  for (size_t k = 0; k < sizeof pairs / sizeof pairs[0]; k++)
    for (int i = 0; i < 2; i++)
      if (strcmp (grad, pairs[k][i]) == 0)
        return pairs[k][1 - i];
  return NULL;
}

int
bp_srcline_repeated_reset (const char *path, int line, const char *grad,
                           char *text, size_t len)
{
  int n;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);
  n = line > 0 ? n : 0;
  int start = line, found = 0, k = 0, seen_at[16];
  char seen[16][LINE_MAX_LEN];
  const char *other = partner (grad);

  start = bp_text_function_start (buf, n, start);
  /* every statement that resets, also several on one line, against the
   * ones before it */
  for (int l = start + 1; l < line && l <= n && found == 0; l++)
    for (const char *p = buf[l - 1]; *p && found == 0;)
      {
        size_t e = strcspn (p, ";");
        char a[LINE_MAX_LEN], b[LINE_MAX_LEN];
        if (bp_text_clears (p, e))
          {
            snprintf (a, sizeof a, "%.*s", (int) e, p);
            bp_text_trim_into (a, b, sizeof b);
            for (int m = 0; m < k && found == 0; m++)
              if (strcmp (seen[m], b) == 0)
                {               /* of the two, the one after the reset
                                   of grad's partner (dW2, then db1
                                   pasted where db2 belongs), else this
                                   one */
                  int first = seen_at[m];
                  found = other && first != l && first > 1
                    && bp_text_mentions (buf[first - 2], other) ? first : l;
                }
            if (k < 16)
              {
                seen_at[k] = l;
                memcpy (seen[k++], b, sizeof b);
              }
          }
        p += e + (p[e] == ';');
      }
  return bp_text_done (buf, found, 1, text, len);
}

/* Past the preprocessor line t, inside code that #if 0 leaves out
 * (depth: its #if's, nested, counted from 1), given the depth before it;
 * 0 outside. */
static int
if_zero (const char *t, int depth)
{
  t += 1 + strspn (t + 1, " \t");
  if (strncmp (t, "if", 2) == 0)
    return depth > 0 ? depth + 1
      : strncmp (t + 2 + strspn (t + 2, " \t"), "0", 1) == 0;
  if (strncmp (t, "endif", 5) == 0)
    return depth > 0 ? depth - 1 : 0;
  if (strncmp (t, "else", 4) == 0 || strncmp (t, "elif", 4) == 0)
    return depth == 1 ? 0 : depth;
  return depth;
}

/* Does statement t (trimmed) set one entry to zero (gsl_vector_set (db1,
 * j, 0.0);, db1[j] = 0;)? */
static int
zeroes_element (const char *t)
{
  char value[LINE_MAX_LEN];
  const char *v;

  if (strncmp (t, "gsl_vector_set (", 16) != 0
      && strncmp (t, "gsl_vector_set(", 15) != 0
      && strncmp (t, "gsl_matrix_set (", 16) != 0
      && strncmp (t, "gsl_matrix_set(", 15) != 0
      && !(memchr (t, '[', strcspn (t, "=")) && t[strcspn (t, "=")] == '='
           && t[strcspn (t, "=") + 1] != '='))
    return 0;
  if ((v = bp_text_stored_expression (t, value, sizeof value)) == NULL)
    return 0;
  v += strspn (v, " \t(");
  if (v[0] != '0')
    return 0;
  v += 1 + strspn (v + 1, ".0");
  return v[strspn (v, " \t);")] == '\0';
}

/* The statement just before the loops around the store at `line' (from
 * start, the function's head, on), when it sets another gradient to zero
 * where the stored array's reset belongs (gsl_matrix_set_zero (g->dW1);
 * pasted before dW2's sum), one that the loops do not go on to sum; or
 * 0. */
static int
reset_of_another (char buf[][LINE_MAX_LEN], int n, int line, int start,
                  const char *name)
{
  static const char *const grads[] = { "dz2", "dW2", "db2", "dp1", "dz1",
    "dW1", "db1", NULL };
  size_t ind = line <= n ? bp_text_indent (buf[line - 1]) : 0;
  int l = line - 1, loops = 0;

  for (; l > start; l--)
    {
      const char *t = buf[l - 1] + strspn (buf[l - 1], " \t");
      size_t at = bp_text_indent (buf[l - 1]);
      if (bp_text_comment_or_blank (t) || *t == '{' || *t == '}')
        continue;
      if (at < ind && bp_text_is_for (t))
        ind = at, loops++;
      else if (at < ind || (loops > 0 && at == ind))
        break;
    }
  if (l <= start || bp_text_mentions (buf[l - 1], name)
      || !bp_text_clears (buf[l - 1], strlen (buf[l - 1])))
    return 0;
  for (int g = 0; grads[g]; g++)
    if (bp_text_mentions (buf[l - 1], grads[g]))
      {                           /* not one the loops go on to sum */
        size_t head = 0;
        int in_nest = 0;
        for (int m = l + 1; m <= n && !bp_text_function_edge (buf[m - 1]);
             m++)
          {                       /* the loop nest after it, to its end */
            const char *u = buf[m - 1] + strspn (buf[m - 1], " \t");
            if (bp_text_comment_or_blank (u))
              continue;
            if (!in_nest)
              {
                in_nest = 1;
                head = bp_text_indent (buf[m - 1]);
              }
            else if (bp_text_indent (buf[m - 1]) <= head && *u != '}'
                     && *u != '{' && m > line)
              break;
            if (bp_text_mentions (buf[m - 1], grads[g]))
              return 0;
          }
        return l;
      }
  return 0;
}

int
bp_srcline_short_reset (const char *path, int line, char *text, size_t len)
{
  int n;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);
  n = line > 0 ? n : 0;
  char stmt[LINE_MAX_LEN], into[LINE_MAX_LEN];
  char names[2 * MAX_NAMES][NAME_LEN];
  int k = 0, found = 0, start = line;

  if (n >= line)
    {
      bp_text_join_statement (buf, line - 1, n, stmt, sizeof stmt);
      bp_text_stored_into (stmt, into, sizeof into);
      k = bp_text_array_name (into, names[0]);
    }
  start = bp_text_function_start (buf, n, start);
  /* the array stored into, and what it points into (out = dp1 + i * H) */
  for (int l = line - 1; l > start && k == 1; l--)
    if (assigns (buf[l - 1], names[0]))
      {                           /* (its own = of a list of declarators,
                                     *db1 = ..., *db2 = ...) */
        const char *t = buf[l - 1], *eq = strchr (t, '=');
        size_t m = strlen (names[0]);
        for (const char *p = strstr (t, names[0]); p;
             p = strstr (p + 1, names[0]))
          if (bp_text_word_at (t, p, m)
              && p[m + strspn (p + m, " \t")] == '=')
            {
              eq = p + m + strspn (p + m, " \t");
              break;
            }
        k += bp_text_array_name (eq + 1, names[1]);
      }
  for (int l = start + 1, dead = 0; l < line && k > 0; l++)
    {                             /* the last reset, not under #if 0 */
      const char *t = buf[l - 1] + strspn (buf[l - 1], " \t");
      size_t first = strcspn (t, ",;");
      char arg[LINE_MAX_LEN];
      int element = zeroes_element (t);
      if (*t == '#')
        dead = if_zero (t, dead);
      if (dead || !(element || bp_text_clears (t, strcspn (t, "("))))
        continue;
      snprintf (arg, sizeof arg, "%.*s", (int) first, t);
      for (int i = 0; i < k; i++)
        if (bp_text_mentions (arg, names[i]))
          found = element && l > 1 && bp_text_is_for (buf[l - 2]) ? l - 1 : l;
    }
  if (found == 0 && k > 0)
    found = reset_of_another (buf, n, line, start, names[0]);
  return bp_text_done (buf, found, 1, text, len);
}

int
bp_srcline_self_test (const char *path, int test, int store)
{
  int n, self = 0;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);
  char stmt[LINE_MAX_LEN], into[LINE_MAX_LEN], stored[NAME_LEN];
  char tested[NAME_LEN];

  if (test > 0 && store > 0 && test <= n && store <= n)
    {
      bp_text_join_statement (buf, store - 1, n, stmt, sizeof stmt);
      bp_text_stored_into (stmt, into, sizeof into);
      bp_text_join_statement (buf, test - 1, n, stmt, sizeof stmt);
      self = bp_text_tested_name (stmt, tested)
        && bp_text_array_name (into, stored) && strcmp (tested, stored) == 0;
    }
  bp_text_done (buf, 0, 1, NULL, 0);
  return self;
}

/* Does the function defined at line def read the values of its
 * parameter name on a line other than `test' (not only its sizes,
 * name->size1)? */
static int
reads_elsewhere (char buf[][LINE_MAX_LEN], int n, int def, int test,
                 const char *name)
{
  size_t len = strlen (name);
  int from = def;

  while (from < test && !strchr (buf[from - 1], '{'))
    from++;                     /* past the head, to its { */
  for (int l = from + 1; l <= n && !bp_text_function_edge (buf[l - 1]); l++)
    for (const char *p = strstr (buf[l - 1], name); l != test && p;
         p = strstr (p + 1, name))
      if (bp_text_word_at (buf[l - 1], p, len)
          && strncmp (p + len, "->size", 6) != 0)
        return 1;
  return 0;
}

int
bp_srcline_masks_argument (const char *path, int test, int call)
{
  int n, def = test, found = 0;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);
  char stmt[LINE_MAX_LEN], head[LINE_MAX_LEN], fn[NAME_LEN], name[NAME_LEN];
  char piece[LINE_MAX_LEN], param[NAME_LEN];

  n = test > 0 && call > 0 ? n : 0;
  def = bp_text_function_head (buf, n, def);
  if (def >= 1 && def <= n && test <= n)
    bp_text_join_statement (buf, test - 1, n, stmt, sizeof stmt);
  if (def < 1 || def > n || call > n || test > n
      || !bp_text_defined_name (buf[def - 1], fn, sizeof fn)
      || !bp_text_tested_name (stmt, name))
    n = 0;
  else
    {
      bp_text_join_statement (buf, def - 1, n, head, sizeof head);
      bp_text_join_statement (buf, call - 1, n, stmt, sizeof stmt);
    }
  for (int k = 0; n > 0 && found == 0
         && bp_text_list_item (strchr (head, '('), k, piece, sizeof piece);
       k++)
    {
      const char *p = piece + strlen (piece), *e;
      while (p > piece && !(isalnum ((unsigned char) p[-1]) || p[-1] == '_'))
        p--;
      for (e = p; p > piece && (isalnum ((unsigned char) p[-1])
                                || p[-1] == '_');)
        p--;
      snprintf (param, sizeof param, "%.*s", (int) (e - p), p);
      if (strcmp (param, name) != 0)
        continue;
      if (reads_elsewhere (buf, n, def, test, name))
        break;                  /* it masks what it tests: its body is
                                   wrong, not what it was given */
      /* the argument it was given, in the call of fn */
      for (const char *c = strstr (stmt, fn); c; c = strstr (c + 1, fn))
        if (bp_text_word_at (stmt, c, strlen (fn))
            && c[strlen (fn) + strspn (c + strlen (fn), " \t")] == '('
            && bp_text_list_item (strchr (c, '('), k, piece, sizeof piece))
          {
            found = !bp_text_mentions (piece, "z1")
              && !bp_text_mentions (piece, "p1") ? 1 : -1;
            break;
          }
    }
  bp_text_done (buf, 0, 1, NULL, 0);
  return found == 1;
}

/* Does the name say it counts something other than the samples (the
 * classes, the hidden units, the inputs)? */
static int
names_other_count (const char *name)
{
  static const char *const other[] = { "C", "c", "K", "k", "H", "h", "D",
    "d", "nc", "nh", "nd", NULL };
  static const char *const part[] = { "class", "cls", "hid", "feat", "dim",
    "col", NULL };

  for (int k = 0; other[k]; k++)
    if (strcmp (name, other[k]) == 0)
      return 1;
  for (int k = 0; part[k]; k++)
    if (strstr (name, part[k]))
      return 1;
  return 0;
}

/* When name is a parameter of the function around line `line' of buf
 * (n rows), the one call of that function in the file, which gives it
 * its value; 0 when there is none or more than one. */
static int
parameter_call (char buf[][LINE_MAX_LEN], int n, int line, const char *name)
{
  char func[NAME_LEN], param[NAME_LEN];
  int h = bp_text_function_head (buf, n, line), is_param = 0, call = 0,
    calls = 0;

  if (h < 1 || !bp_text_defined_name (buf[h - 1], func, sizeof func))
    return 0;
  for (int k = 0; !is_param && parameter_name (buf, n, h, k, param); k++)
    is_param = strcmp (param, name) == 0;
  for (int l = 1; is_param && l <= n; l++)
    if (l != h && bp_text_calls (buf[l - 1], func)
        && !bp_text_comment_or_blank (buf[l - 1])
        && !bp_text_defined_name (buf[l - 1], param, sizeof param))
      {
        call = l;
        calls++;
      }
  return calls == 1 ? call : 0;
}

int
bp_srcline_count_made (const char *path, int line, char *text, size_t len)
{
  int n, found = 0;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);
  char stmt[LINE_MAX_LEN], name[NAME_LEN];
  const char *p = NULL;

  if (line > 0 && line <= n)
    {
      bp_text_join_statement (buf, line - 1, n, stmt, sizeof stmt);
      for (p = strchr (stmt, '/'); p && (p[1] == '/' || p[1] == '*');)
        p = strchr (p + 2, '/');
    }
  while (p && (*p == '/' || *p == ' ' || *p == '(' || *p == '\t'))
    {                             /* past / (double) ( */
      p++;
      if (p[-1] == '(' && (strncmp (p, "double)", 7) == 0
                           || strncmp (p, "float)", 6) == 0))
        p = strchr (p, ')') + 1;
    }
  if (p && (isalpha ((unsigned char) *p) || *p == '_'))
    {
      size_t k = strspn (p, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRST"
                         "UVWXYZ0123456789_");
      snprintf (name, sizeof name, "%.*s", (int) k, p);
      if (p[k + strspn (p + k, " \t")] == '(' || p[k] == '-'
          || p[k] == '.' || p[k] == '[')
        p = NULL;                 /* a call, a member: no variable */
    }
  else
    p = NULL;
  if (p && !names_other_count (name))
    for (int l = line - 1; l >= 1 && found == 0; l--)
      {
        if (bp_text_function_edge (buf[l - 1]))
          break;
        if (assigns (buf[l - 1], name)
            && (strstr (buf[l - 1], "size") || strstr (buf[l - 1], "->")))
          found = l;
      }
  if (p && found == 0)
    found = parameter_call (buf, n, line, name);
  return bp_text_done (buf, found, 1, text, len);
}

/* The first line of path, other than `line', of which test (the
 * statement at `line', that line) holds; its text into text; or 0. */
static int
line_for (const char *path, int line,
          int (*test) (const char *stmt, const char *l), char *text,
          size_t len)
{
  int n, found = 0;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);
  char stmt[LINE_MAX_LEN];

  if (line > 0 && n >= line)
    bp_text_join_statement (buf, line - 1, n, stmt, sizeof stmt);
  for (int l = 1; line > 0 && l <= n && found == 0; l++)
    if (l != line && !bp_text_comment_or_blank (buf[l - 1])
        && test (stmt, buf[l - 1]))
      found = l;
  return bp_text_done (buf, found, 1, text, len);
}

/* Does line s give name a plain number (name = 1.0;, s->name = 1.0;,
 * .name = 1.0, #define name 1.0, const double name = 1.0;)? */
static int
sets_to_number (const char *s, const char *name)
{
  size_t len = strlen (name);

  for (const char *p = strstr (s, name); p; p = strstr (p + 1, name))
    {
      const char *q = p + len;
      if (!bp_text_word_at (s, p, len))
        continue;
      q += strspn (q, " \t");
      if (*q == '=' && q[1] != '=')
        q += 1 + strspn (q + 1, " \t");
      else if (strncmp (s + strspn (s, " \t"), "#define", 7) != 0)
        continue;
      q += strspn (q, "(+");
      if (isdigit ((unsigned char) *q)
          || (*q == '.' && isdigit ((unsigned char) q[1])))
        {
          q += strspn (q, "0123456789.eE+-");
          q += strspn (q, ") \t");
          if (*q == ';' || *q == ',' || *q == '\n' || *q == '\0' || *q == '}')
            return 1;
        }
    }
  return 0;
}

/* The identifier multiplied with reg in s (k * reg, s->k * s->reg, reg
 * * k), the k-th such, into name. */
static int
factor_of_reg (const char *s, int k, char *name, size_t len)
{
  for (const char *p = strstr (s, "reg"); p; p = strstr (p + 1, "reg"))
    {
      const char *q = p, *e;
      if (!bp_text_word_at (s, p, 3))
        continue;
      while (q > s && (isalnum ((unsigned char) q[-1]) || strchr ("_>-.",
                                                                 q[-1])))
        q--;                    /* the start of s->reg */
      while (q > s && isspace ((unsigned char) q[-1]))
        q--;
      if (q > s && q[-1] == '*')
        {
          for (q--; q > s && isspace ((unsigned char) q[-1]);)
            q--;
          for (e = q; q > s && (isalnum ((unsigned char) q[-1])
                                || q[-1] == '_');)
            q--;
          if (e > q && !isdigit ((unsigned char) *q) && k-- == 0
              && (size_t) (e - q) < len)
            {
              snprintf (name, len, "%.*s", (int) (e - q), q);
              return 1;
            }
        }
    }
  return 0;
}

/* Does line l give a factor of reg in stmt its number? */
static int
sets_factor (const char *stmt, const char *l)
{
  char name[NAME_LEN];

  for (int k = 0; factor_of_reg (stmt, k, name, sizeof name); k++)
    if (sets_to_number (l, name))
      return 1;
  return 0;
}

int
bp_srcline_constant (const char *path, int line, char *text, size_t len)
{
  return line_for (path, line, sets_factor, text, len);
}

int
bp_srcline_shared_alias (const char *path, int a, int b, const char *name,
                         char *text, size_t len)
{
  int n, found = 0;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);
  char sa[LINE_MAX_LEN], sb[LINE_MAX_LEN], names[MAX_NAMES][NAME_LEN];
  int k = 0;

  if (a > 0 && b > 0 && a != b && a <= n && b <= n)
    {
      bp_text_join_statement (buf, a - 1, n, sa, sizeof sa);
      bp_text_join_statement (buf, b - 1, n, sb, sizeof sb);
      k = bp_text_variable_names (sa, names);
    }
  /* a variable both use, set once from name (lambda = reg;) */
  for (int i = 0; i < k && found == 0; i++)
    {
      int sets = 0, at = 0;
      if (strcmp (names[i], name) == 0 || !bp_text_mentions (sb, names[i]))
        continue;
      for (int l = 1; l <= n; l++)
        if (!bp_text_comment_or_blank (buf[l - 1])
            && bp_text_assigned_so (buf[l - 1], names[i],
                                    bp_text_any_assignment))
          {
            sets++;
            at = bp_text_mentions (strchr (buf[l - 1], '='), name) ? l : 0;
          }
      found = sets == 1 ? at : 0;
    }
  return bp_text_done (buf, found, 1, text, len);
}

/* The array that line `line' of buf (n rows) adds into another
 * (gsl_matrix_add (g->dW2, pen), also inside a macro's parentheses: pen),
 * into name; whether it adds one. */
static int
addend (char buf[][LINE_MAX_LEN], int n, int line, char name[NAME_LEN])
{
  char arg[LINE_MAX_LEN];
  const char *p = line >= 1 && line <= n ? strstr (buf[line - 1], "_add")
    : NULL;

  return p && (p = strchr (p, '(')) != NULL
    && bp_text_list_item (p, 1, arg, sizeof arg)
    && bp_text_array_name (arg, name);
}

int
bp_srcline_scaled_addend (const char *path, int line, char *text, size_t len)
{
  int n, found = 0;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);
  char name[NAME_LEN], first[LINE_MAX_LEN];

  if (addend (buf, n, line, name))
    for (int l = line - 1; l >= 1 && found == 0
           && !bp_text_function_edge (buf[l - 1]); l--)
      {
        const char *q = strstr (buf[l - 1], "scale");
        if (q && (q = strchr (q, '(')) != NULL
            && bp_text_list_item (q, 0, first, sizeof first)
            && bp_text_mentions (first, name))
          found = l;
      }
  return bp_text_done (buf, found, 1, text, len);
}

int
bp_srcline_addend_copy (const char *path, int line, char *text, size_t len)
{
  int n, found = 0;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);
  char name[NAME_LEN], dst[LINE_MAX_LEN], src[LINE_MAX_LEN];

  if (addend (buf, n, line, name))
    for (int l = line - 1; l >= 1 && found == 0
           && !bp_text_function_edge (buf[l - 1]); l--)
      if (bp_text_copy_arguments (buf[l - 1], dst, src, sizeof dst)
          && bp_text_mentions (dst, name))
        found = bp_text_mentions (src, "W1") || bp_text_mentions (src, "W2")
          ? -1 : l;
  return bp_text_done (buf, found > 0 ? found : 0, 1, text, len);
}

#ifdef HAVE_LIBDW
# include <dwarf.h>

/* A header of the system's (GSL's, libc's), not the student's. */
static int
system_file (const char *file)
{
  return strncmp (file, "/usr/", 5) == 0;
}

/* The call site (file, line) of the inlined subroutine die, in cu. */
static int
call_site (Dwarf_Die *cu, Dwarf_Die *die, const char **file, int *line)
{
  Dwarf_Attribute a;
  Dwarf_Word fno, lno;
  Dwarf_Files *files;
  size_t nfiles;

  if (dwarf_formudata (dwarf_attr (die, DW_AT_call_file, &a), &fno) != 0
      || dwarf_formudata (dwarf_attr (die, DW_AT_call_line, &a), &lno) != 0
      || dwarf_getsrcfiles (cu, &files, &nfiles) != 0 || fno >= nfiles)
    return -1;
  *file = dwarf_filesrc (files, fno, NULL, NULL);
  *line = (int) lno;
  return *file ? 0 : -1;
}

int
bp_srcline_at (Dwfl_Module *mod, Dwarf_Addr addr, const char **file,
               int *line, int *column)
{
  Dwfl_Line *l = dwfl_module_getsrc (mod, addr);
  Dwarf_Addr bias;
  Dwarf_Die *cu, *scopes = NULL;
  int n;

  *column = 0;
  if (l == NULL || (*file = dwfl_lineinfo (l, NULL, line, column, NULL,
                                           NULL)) == NULL || *line <= 0)
    return -1;
  if (!system_file (*file))
    return 0;
  *column = 0;                  /* a header's column, not the student's */
  if ((cu = dwfl_module_addrdie (mod, addr, &bias)) == NULL)
    return 0;
  /* innermost scope first: each inlined subroutine's call site is a line
   * of the code around it */
  n = dwarf_getscopes (cu, addr - bias, &scopes);
  for (int i = 0; i < n && system_file (*file); i++)
    if (dwarf_tag (&scopes[i]) == DW_TAG_inlined_subroutine)
      call_site (cu, &scopes[i], file, line);
  free (scopes);
  return 0;
}
#endif
