/* slice.c -- from a store back to the line that shows its mistake, along
 * what the store reads (see slice.h). */

#include <config.h>

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "slice.h"
#include "srctext.h"

/* The backward slice.  From a store, the lines that made its operands,
 * nearest first, in the same function: a store into g->dz2 from a
 * temporary Y1 leads to the lines that wrote Y1 (gsl_matrix_sub (Y1, P)),
 * and from them to what they read, until a line shows the cause. */

enum { SLICE_ALSO = 8, SLICE_NAMES = 32 };

struct slice {
  char names[SLICE_NAMES][NAME_LEN];
  int at[SLICE_NAMES];          /* the line whose statement brought it */
  int n;
  const char *grad;             /* the gradient stored */
  const bp_slice_lines *right;  /* lines that make right gradients */
  bp_slice_lines *seen;         /* when collecting: the lines followed */
  char also[SLICE_ALSO][NAME_LEN];  /* variables whose use shows it too:
                                       a quotient (double a = 1.0 / N), a
                                       copy of the operand */
  int nalso;
};

/* The variable an argument or an assignment's target names: the member
 * after the last -> (g->dz2: dz2; but m->data: m), else the first
 * identifier (&xn.vector: xn; Y[i * C + k]: Y; *p: p). */
static int
base_name (const char *s, const char *end, char *name, size_t len)
{
  const char *at = NULL, *p;
  size_t n = 0;

  for (p = s; p + 1 < end; p++)
    if (p[0] == '-' && p[1] == '>' && strncmp (p + 2, "data", 4) != 0
        && strncmp (p + 2, "matrix", 6) != 0
        && strncmp (p + 2, "vector", 6) != 0
        && !(p > s && p[-1] == ']'))
      at = p + 2;
  if (at == NULL)
    for (at = s; at < end && !(isalpha ((unsigned char) *at) || *at == '_');)
      at++;
  while (at + n < end && (isalnum ((unsigned char) at[n]) || at[n] == '_'))
    n++;
  if (n == 0 || n >= len)
    return 0;
  snprintf (name, len, "%.*s", (int) n, at);
  return 1;
}

/* The variable that the target s .. end of an assignment names: a member
 * as base_name says (g->dz2->data[i]: dz2), else the last identifier
 * before any index (const double *d: d; Y[i * C + k]: Y). */
static void
target_name (const char *s, const char *end, char *name, size_t len)
{
  const char *br = memchr (s, '[', (size_t) (end - s)), *p, *at = NULL;

  if (br)
    end = br;                   /* (g->dW1->data[j * g->dW1->tda + k]) */
  for (p = s; p + 1 < end; p++)
    if (p[0] == '-' && p[1] == '>')
      break;
  if (p + 1 < end)
    {
      base_name (s, end, name, len);
      return;
    }
  for (p = s; p < end; p++)
    if ((isalpha ((unsigned char) *p) || *p == '_')
        && (p == s || !(isalnum ((unsigned char) p[-1]) || p[-1] == '_')))
      at = p;
  if (at)
    base_name (at, end, name, len);
}

/* The arguments of the call whose '(' is at open: argument k, from 0,
 * spans *from .. *to; the number of arguments. */
static int
call_argument (const char *open, int k, const char **from, const char **to)
{
  int depth = 0, i = 0;
  const char *start = open + 1;

  for (const char *p = open; *p; p++)
    {
      depth += *p == '(' ? 1 : *p == ')' ? -1 : 0;
      if ((depth == 1 && *p == ',') || depth == 0)
        {
          if (i == k)
            {
              *from = start;
              *to = p;
            }
          i++;
          start = p + 1;
          if (depth == 0)
            return i;
        }
    }
  return 0;
}

/* Declarator k, from 0, of the assignment or declaration s (the parts
 * between top-level commas that assign: double *a = x, *b = y;): its
 * target into name, its value from *from to *to.  Returns how many such
 * parts there are. */
static int
declarator (const char *s, int k, char *name, size_t len, const char **from,
            const char **to)
{
  const char *start = s, *eq = NULL;
  int depth = 0, count = 0;
  size_t op;

  for (const char *p = s;; p++)
    {
      if (*p == '\0' || *p == ';' || (*p == ',' && depth == 0))
        {
          if (eq != NULL && count++ == k)
            {
              target_name (start, eq, name, len);
              *from = eq + op;
              *to = p;
            }
          if (*p != ',')
            return count;
          start = p + 1;
          eq = NULL;
          continue;
        }
      depth += strchr ("([{", *p) ? 1 : strchr (")]}", *p) ? -1 : 0;
      if (eq == NULL && depth == 0
          && bp_text_assignment_at (s, (size_t) (p - s), &op))
        eq = p;
    }
}

/* Is name one that a helper of the student's is given by value (the
 * penalty's strength, a size)? */
static int
by_value (const char *name)
{
  static const char *const scalars[] = { "reg", "lambda", "N", "D", "H",
    "C", "n", "m", NULL };

  for (int k = 0; scalars[k]; k++)
    if (strcmp (name, scalars[k]) == 0)
      return 1;
  return 0;
}

/* Does s contain one of words (NULL-ended)? */
static int
contains_any (const char *s, const char *const words[])
{
  for (int k = 0; words[k]; k++)
    if (strstr (s, words[k]))
      return 1;
  return 0;
}

/* The call of statement s when s only keeps its status
 * (status = gsl_blas_dgemm (...);, int rc = step (g->dW1, X);): a call
 * of GSL's that writes its arguments, or any call whose value goes into
 * a variable named as a status is; else NULL. */
static const char *
status_call (const char *s)
{
  static const char *const statuses[] = { "status", "stat", "st", "rc",
    "ret", "err", "error", "ierr", "info", "res", "rv", "code", "result",
    NULL };
  static const char *const values[] = { "alloc", "row", "column", "view",
    "submatrix", "subvector", "diagonal", "get", "ptr", "max", "min",
    "sum", "isnull", "ispos", "isneg", "equal", NULL };
  const char *p = s + strspn (s, " \t"), *eq = NULL, *t, *name;
  char callee[NAME_LEN];
  size_t op, n;

  for (size_t i = 0; p[i] && p[i] != '(' && eq == NULL; i++)
    if (bp_text_assignment_at (p, i, &op))
      {
        if (op != 1)
          return NULL;          /* s += f (x); is no status kept */
        eq = p + i;
      }
  if (eq == NULL || !bp_text_called_name (eq + 1, callee, sizeof callee))
    return NULL;
  for (t = eq; t > p && strchr (" \t", t[-1]); t--)
    ;
  for (name = t; name > p && (isalnum ((unsigned char) name[-1])
                              || name[-1] == '_'); name--)
    ;
  n = (size_t) (t - name);
  if (strncmp (callee, "gsl_blas_", 9) == 0
      || ((strncmp (callee, "gsl_matrix_", 11) == 0
           || strncmp (callee, "gsl_vector_", 11) == 0)
          && !contains_any (callee + 11, values)))
    return eq + 1;
  for (int k = 0; statuses[k]; k++)
    if (n == strlen (statuses[k]) && strncmp (name, statuses[k], n) == 0)
      return eq + 1;
  return NULL;
}

/* The variables that statement s writes: the target of its assignment;
 * the first argument of a gsl_matrix_ or gsl_vector_ call (scale, sub,
 * memcpy, set ...); the last of a gsl_blas_ call (dgemm's C, dger's A),
 * the last but one of a cblas_ call (its stride last); any argument of a
 * call of the student's own but reg or a size (slice_writes keeps those
 * that the helper's parameters allow); of a call whose status is kept
 * (rc = gsl_blas_dgemm (...);), the call's; the matrix of a store
 * through gsl_matrix_ptr or gsl_vector_ptr.  Returns how many there are
 * (0 for a statement that writes nothing we follow: a loop's head, a
 * declaration without a value) and puts the k-th, from 0, into name (""
 * when it is no plain variable). */
static int
written_name (const char *s, int k, char *name, size_t len)
{
  const char *call = status_call (s);
  const char *p = s + strspn (s, " \t"), *open, *a, *b;
  size_t op;
  int n, at;

  name[0] = '\0';
  if (strncmp (p, "if", 2) == 0 && !isalnum ((unsigned char) p[2])
      && (open = strchr (p, '(')) != NULL && call_argument (open, 0, &a, &b)
      && b[1 + strspn (b + 1, " \t")] != '\0'
      && b[1 + strspn (b + 1, " \t")] != '{')
    return written_name (b + 1, k, name, len);   /* if (z <= 0) s = 0; */
  if (call)
    return written_name (call, k, name, len);  /* status = f (out, x); */
  if (strncmp (p, "for", 3) == 0 || strncmp (p, "while", 5) == 0
      || strncmp (p, "if", 2) == 0 || strncmp (p, "return", 6) == 0)
    return 0;
  if (*p == '*' && (strncmp (p + 1, "gsl_matrix_ptr", 14) == 0
                    || strncmp (p + 1, "gsl_vector_ptr", 14) == 0)
      && (open = strchr (p, '(')) != NULL
      && (n = call_argument (open, 0, &a, &b)) > 0
      && call_argument (open, n - 1, &a, &b) > 0
      && bp_text_assignment_at (b + 1, strspn (b + 1, " \t"), &op))
    {                           /* *gsl_matrix_ptr (M, i, y[i]) -= 1.0; */
      if (k == 0 && call_argument (open, 0, &a, &b))
        base_name (a, b, name, len);
      return 1;
    }
  for (size_t i = 0; p[i] && p[i] != '('; i++)
    if (bp_text_assignment_at (p, i, &op))
      {                 /* double *a = x, *b = y;: each declarator */
        n = declarator (p, k, name, len, &a, &b);
        return n > 0 ? n : 1;
      }
  if (!isalpha ((unsigned char) *p) || (open = strchr (p, '(')) == NULL
      || (n = call_argument (open, 0, &a, &b)) == 0)
    return 0;
  if (strncmp (p, "gsl_matrix_", 11) == 0
      || strncmp (p, "gsl_vector_", 11) == 0)
    at = 0, n = 1;
  else if (strncmp (p, "gsl_blas_", 9) == 0)
    at = n - 1, n = 1;
  else if (strncmp (p, "cblas_", 6) == 0 && n >= 2)
    at = n - 2, n = 1;          /* dgemm's C, ldc; daxpy's y, incy */
  else if (strncmp (p, "gsl_", 4) == 0 || strncmp (p, "mem", 3) == 0
           || strncmp (p, "free", 4) == 0 || strncmp (p, "printf", 6) == 0)
    return 0;
  else
    at = k;
  if (k < n && call_argument (open, at, &a, &b))
    base_name (a, b, name, len);
  if (at == k && by_value (name))
    name[0] = '\0';            /* a helper cannot write reg, or N */
  return n;
}

/* Add every identifier of statement s, members included, to sl; but not
 * the gradients other than sl->grad: as the root is wrong given right
 * upstream gradients, its mistake is not in how they were made. */
static void
slice_add (struct slice *sl, const char *s, int line)
{
  static const char *const grads[] = { "dz2", "dW2", "db2", "dp1", "dz1",
    "dW1", "db1", NULL };

  size_t len;

  for (const char *p = s; sl->n < SLICE_NAMES
       && (p = bp_text_next_identifier (s, p, &len)) != NULL; p += len)
    {
      const char *q = p + len;
      char *name = sl->names[sl->n];
      int known = 0;
      /* a call's name, or a matrix whose shape alone is read (->tda) */
      if (len >= NAME_LEN || q[strspn (q, " \t")] == '('
          || strncmp (q, "->tda", 5) == 0 || strncmp (q, "->size", 6) == 0)
        continue;
      snprintf (name, NAME_LEN, "%.*s", (int) len, p);
      for (int m = 0; m < sl->n; m++)
        known |= strcmp (sl->names[m], name) == 0;
      for (int m = 0; grads[m]; m++)
        known |= strcmp (grads[m], name) == 0 && strcmp (grads[m], sl->grad);
      sl->at[sl->n] = line;
      sl->n += !known;
    }
}

static int
slice_has (const struct slice *sl, const char *name)
{
  for (int m = 0; m < sl->n; m++)
    if (strcmp (sl->names[m], name) == 0)
      return 1;
  return 0;
}

/* A declaration (double s = 0;, const double *d = ...) starts a variable:
 * before it, a variable of that name is another one (a loop's block
 * before this one).  Drop it from sl. */
static int
slice_declared (struct slice *sl, const char *s)
{
  const char *p = s + strspn (s, " \t");
  char name[NAME_LEN];
  size_t op, words = 0;

  for (size_t i = 0; p[i] && p[i] != '(' && p[i] != '['; i++)
    {
      if ((isalpha ((unsigned char) p[i]) || p[i] == '_')
          && (i == 0 || !(isalnum ((unsigned char) p[i - 1])
                          || p[i - 1] == '_')))
        words++;
      if (bp_text_assignment_at (p, i, &op))
        {
          if (op != 1 || words < 2 || memchr (p, '>', i))
            return 0;
          target_name (p, p + i, name, sizeof name);
          for (int m = 0; sl && m < sl->n; m++)
            if (strcmp (sl->names[m], name) == 0)
              {
                memmove (sl->names[m], sl->names[--sl->n], NAME_LEN);
                sl->at[m] = sl->at[sl->n];
              }
          return 1;
        }
    }
  return 0;
}

static int shows (const char *s, enum bp_slice_shows what, const char *name);

/* Is the right side of the assignment stmt arithmetic on names and
 * numbers (1.0 / (double) N, reg / N), with no call in it: a factor,
 * not an array made by a helper (dW1 = scaled (matmul (X, dz1), 1.0 /
 * N))? */
static int
plain_arithmetic (const char *stmt)
{
  const char *eq = strchr (stmt, '=');

  for (const char *p = eq ? eq + 1 : stmt; *p; p++)
    if (*p == '(')
      {
        const char *b = p;
        while (b > stmt && (b[-1] == ' ' || b[-1] == '\t'))
          b--;
        if (b > stmt && (isalnum ((unsigned char) b[-1]) || b[-1] == '_'))
          return 0;
      }
  return 1;
}

/* Does stmt declare a factor (double inv = 1.0 / N;), which is right
 * where it is made? */
static int
declares_factor (const char *stmt)
{
  return slice_declared (NULL, stmt) && plain_arithmetic (stmt);
}

/* Into sl->also, the variables of the file (buf, n rows) declared or
 * set as a quotient (double a = 1.0 / N;, inv = 1.0 / N;): a line that
 * uses one divides. */
static void
find_factors (char buf[][LINE_MAX_LEN], int n, struct slice *sl)
{
  char stmt[LINE_MAX_LEN];

  for (int l = 1; l <= n && sl->nalso < SLICE_ALSO; l++)
    {
      const char *t = buf[l - 1] + strspn (buf[l - 1], " \t");
      const char *eq = strchr (t, '=');
      if (eq == NULL || eq[1] == '=' || !isalpha ((unsigned char) *t))
        continue;
      bp_text_join_statement (buf, l - 1, n, stmt, sizeof stmt);
      if ((slice_declared (NULL, stmt)
           || strspn (t, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                      "0123456789_ \t") == (size_t) (eq - t))
          && shows (strchr (stmt, '='), BP_SHOWS_DIVISION, NULL)
          && plain_arithmetic (stmt))
        {
          eq = strchr (stmt, '=');
          target_name (stmt, eq, sl->also[sl->nalso], NAME_LEN);
          sl->nalso += sl->also[sl->nalso][0] != '\0';
        }
    }
}

/* Does the text from .. to mention name? */
static int
argument_mentions (const char *from, const char *to, const char *name)
{
  char arg[LINE_MAX_LEN];

  snprintf (arg, sizeof arg, "%.*s", (int) (to - from), from);
  return bp_text_mentions (arg, name);
}

static int reference (const char *v, const char *end);

/* When statement t gives a member of a structure what `name' holds
 * (fc2.weight_grad = g->dW2;, ctx->logits = cache->z2;, also several on
 * one line), the member's name into sl->also: a line that reads it
 * through the structure (L->weight_grad) reads the operand. */
static void
member_alias (const char *t, const char *name, struct slice *sl)
{
  for (const char *p = t; *p && sl->nalso < SLICE_ALSO;)
    {
      size_t e = strcspn (p, ";"), op;
      const char *eq = NULL, *m, *v, *end = p + e;
      for (const char *q = p; q < end && eq == NULL; q++)
        if (bp_text_assignment_at (q, 0, &op) && op == 1)
          eq = q;
      if (eq != NULL)
        {
          for (m = eq; m > p && isspace ((unsigned char) m[-1]);)
            m--;
          v = m;
          while (m > p && (isalnum ((unsigned char) m[-1]) || m[-1] == '_'))
            m--;
          if (v > m && (size_t) (v - m) < NAME_LEN
              && ((m > p && m[-1] == '.') || (m - p >= 2 && m[-1] == '>'
                                              && m[-2] == '-'))
              && argument_mentions (eq + 1, end, name)
              && reference (eq + 1, end))
            snprintf (sl->also[sl->nalso++], NAME_LEN, "%.*s", (int) (v - m),
                      m);
        }
      p = *end ? end + 1 : end;
    }
}

/* Into sl->also, the arrays of the file (buf, n rows) that a statement
 * copies into the operand `name' (gsl_matrix_memcpy (g->dp1, dh);, a
 * helper's copy-back mat_put (g->dp1, dh);): a line that reads one reads
 * the operand. */
static void
find_copies (char buf[][LINE_MAX_LEN], int n, const char *name,
             struct slice *sl)
{
  char stmt[LINE_MAX_LEN], callee[NAME_LEN];

  for (int l = 1; l <= n && sl->nalso < SLICE_ALSO; l++)
    {
      const char *t = buf[l - 1] + strspn (buf[l - 1], " \t"), *from, *to;
      const char *open;
      member_alias (t, name, sl);
      if (!bp_text_called_name (t, callee, sizeof callee)
          || strncmp (callee, "cblas_", 6) == 0
          || (strncmp (callee, "gsl_", 4) == 0
              && !strstr (callee, "_memcpy")))
        continue;
      bp_text_join_statement (buf, l - 1, n, stmt, sizeof stmt);
      open = strchr (stmt, '(');
      if (call_argument (open, 0, &from, &to) != 2
          || !argument_mentions (from, to, name))
        continue;
      call_argument (open, 1, &from, &to);
      from += strspn (from, " \t");
      while (to > from && isspace ((unsigned char) to[-1]))
        to--;
      if (to > from && (size_t) (to - from) < NAME_LEN
          && strspn (from, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTU"
                     "VWXYZ0123456789_") == (size_t) (to - from)
          && !isdigit ((unsigned char) *from))
        snprintf (sl->also[sl->nalso++], NAME_LEN, "%.*s", (int) (to - from),
                  from);
    }
}

/* Does statement s use a variable of sl->also? */
static int
uses_also (const struct slice *sl, const char *s)
{
  for (int k = 0; k < sl->nalso; k++)
    if (bp_text_mentions (s, sl->also[k]))
      return 1;
  return 0;
}

/* Does statement s write a variable of the slice?  A call of a helper of
 * the student's writes the arguments flagged in out (bit k: argument k). */
static int
slice_writes (const struct slice *sl, const char *s, unsigned out)
{
  char name[NAME_LEN];
  int n = written_name (s, 0, name, sizeof name);

  for (int k = 0; k < n; k++)
    if ((n == 1 || k >= 32 || (out >> k & 1u))
        && (k == 0 || written_name (s, k, name, sizeof name))
        && slice_has (sl, name))
      return 1;
  return 0;
}

/* Does statement s, at line l, store through a pointer (*p += 1.0;,
 * p[k] = v;) that an earlier line of the function points into an array
 * of sl (double *p = gsl_matrix_ptr (dz, n, y[n]);, p = dz->data + i *
 * tda;)? */
static int
writes_through (char buf[][LINE_MAX_LEN], int l, const struct slice *sl,
                const char *s)
{
  char name[NAME_LEN];
  const char *t = s + strspn (s, " \t");

  if (written_name (s, 0, name, sizeof name) != 1 || name[0] == '\0'
      || slice_has (sl, name))
    return 0;
  if (!(*t == '*' || (strncmp (t, name, strlen (name)) == 0
                      && t[strlen (name) + strspn (t + strlen (name), " \t")]
                         == '[')))
    return 0;
  for (int m = l - 1; m >= 1 && !bp_text_function_edge (buf[m - 1]); m--)
    if (bp_text_assigned_so (buf[m - 1], name, bp_text_any_assignment))
      {
        const char *v = buf[m - 1];
        if (!strstr (v, "_ptr") && !strstr (v, "->data") && !strchr (v, '&'))
          return 0;
        for (int k = 0; k < sl->n; k++)
          if (strcmp (sl->names[k], name) && bp_text_mentions (v, sl->names[k]))
            return 1;
        return 0;
      }
  return 0;
}

/* Is statement s an integer literal divided by something (1 / N, 1/(N)),
 * which is 0 when the something is a larger integer? */
static int
int_over (const char *s)
{
  for (const char *p = s; *p; p++)
    if (isdigit ((unsigned char) *p) && (p == s || !(isalnum ((unsigned char)
                                                             p[-1])
                                                    || strchr ("._", p[-1]))))
      {
        const char *q = p + strspn (p, "0123456789");
        if (!isalpha ((unsigned char) *q) && *q != '.'
            && q[strspn (q, " \t")] == '/' && q[strspn (q, " \t") + 1] != '/')
          return 1;
        p = q - 1;
      }
  return 0;
}

/* Does statement s store into the array name (dW1[j * ld + k] = ...,
 * g->dW1->data[...] = ..., gsl_matrix_set (g->dW1, ...)) a value that
 * does not read it, or set it to zero? */
static int
overwrites (const char *s, const char *name)
{
  const char *p = s + strspn (s, " \t"), *v = NULL;
  size_t op;

  if ((strstr (p, "_set_zero") || strncmp (p, "memset", 6) == 0)
      && bp_text_mentions (p, name))
    return 1;                   /* reset inside the loop over the samples */
  if (strncmp (p, "gsl_matrix_set (", 16) == 0
      || strncmp (p, "gsl_matrix_set(", 15) == 0
      || strncmp (p, "gsl_vector_set (", 16) == 0
      || strncmp (p, "gsl_vector_set(", 15) == 0)
    {
      const char *comma = strchr (p, ',');
      char target[LINE_MAX_LEN];
      if (comma == NULL)
        return 0;
      snprintf (target, sizeof target, "%.*s", (int) (comma - p), p);
      return bp_text_mentions (target, name) && !bp_text_mentions (comma,
                                                                   name);
    }
  for (size_t i = 0; p[i] && p[i] != ';' && v == NULL; i++)
    if (bp_text_assignment_at (p, i, &op))
      {
        char target[LINE_MAX_LEN];
        if (op != 1 || !memchr (p, '[', i))
          return 0;               /* +=, or no element stored */
        snprintf (target, sizeof target, "%.*s", (int) i, p);
        if (!bp_text_mentions (target, name))
          return 0;
        v = p + i + 1;
      }
  return v != NULL && !bp_text_mentions (v, name);
}

/* Does statement s hold a relational operator (<, >, <=, >=, ==, !=)? */
static int
relation (const char *s)
{
  for (const char *p = s; *p; p++)
    if (((*p == '<' || *p == '>') && p[1] != *p && !(p > s && p[-1] == *p)
         && !(*p == '>' && p > s && p[-1] == '-'))
        || ((*p == '=' || *p == '!') && p[1] == '='
            && !(p > s && strchr ("=<>!", p[-1]))))
      return 1;
  return 0;
}

/* Does statement s add into a sum (s += e;, a call of a helper named for
 * summing: sum_cols (E, s))? */
static int
sums (const char *s)
{
  char callee[NAME_LEN], target[NAME_LEN], value[LINE_MAX_LEN];
  const char *get;

  for (const char *p = strstr (s, "+="); p; p = strstr (p + 1, "+="))
    if (p[2] != '=')
      return 1;
  if (bp_text_set_argument (s, 0, target, sizeof target)
      && bp_text_stored_expression (s, value, sizeof value)
      && (get = strstr (value, "_get")) != NULL
      && bp_text_mentions (get, target) && strchr (get, '+'))
    return 1;                   /* gsl_vector_set (s, j, gsl_vector_get (s,
                                   j) + e) */
  return bp_text_called_name (s, callee, sizeof callee)
    && strncmp (callee, "gsl_", 4) != 0 && (strstr (callee, "sum")
                                            || strstr (callee, "Sum"));
}

/* Does statement s set a variable to zero (sum = 0.0;, double s = 0;)? */
static int
zeroes (const char *s)
{
  const char *eq = strchr (s, '=');

  if (eq == NULL || eq[1] == '=' || (eq > s && strchr ("<>!+-*/", eq[-1])))
    return 0;
  eq += 1 + strspn (eq + 1, " \t");
  if (*eq != '0')
    return 0;
  eq += 1 + strspn (eq + 1, ".0");
  return eq[strspn (eq, " \t")] == ';';
}

/* Does statement s index by array `name' (y[i], y [n])? */
static int
indexes_by (const char *s, const char *name)
{
  size_t len = strlen (name);

  for (const char *p = len ? strstr (s, name) : NULL; p;
       p = strstr (p + 1, name))
    if ((p == s || !(isalnum ((unsigned char) p[-1]) || p[-1] == '_'
                     || p[-1] == '.' || p[-1] == '>'))
        && p[len + strspn (p + len, " \t")] == '[')
      return 1;
  return 0;
}

/* The end of the expression that starts at p: the first ',', ';' or
 * ':' (with stop_colon), or an unmatched ')' or ']', outside brackets. */
static const char *
expression_end (const char *p, int stop_colon)
{
  int depth = 0;

  for (; *p; p++)
    if (*p == '(' || *p == '[')
      depth++;
    else if (*p == ')' || *p == ']')
      {
        if (depth-- == 0)
          break;
      }
    else if (depth == 0 && (*p == ',' || *p == ';' || *p == '?'
                            || (stop_colon && *p == ':')))
      break;
  return p;
}

/* Does statement s add a one (x += 1.0;, x += 1.0 / N;, or a value read
 * plus one, get (A, i, y[i]) + 1.0)? */
static int
adds_one (const char *s)
{
  for (const char *p = strchr (s, '+'); p; p = strchr (p + 1, '+'))
    {
      const char *b = p, *v = p + 1 + (p[1] == '=');
      if (p[1] == '+' || (p > s && p[-1] == '+'))
        continue;               /* (i++) */
      while (b > s && strchr (" \t", b[-1]))
        b--;
      if (p[1] != '=' && !(b > s && strchr (")]", b[-1])))
        continue;               /* (i + 1: an index, not a value) */
      v += strspn (v, " \t");
      if (*v == '1' && !isdigit ((unsigned char) v[1])
          && (v[1] != '.' || strspn (v + 2, "0") == strcspn (v + 2, " \t;/)")))
        return 1;
    }
  return 0;
}

/* Does statement s take something from a literal one (1.0 - p, 1 - x)? */
static int
from_one (const char *s)
{
  for (const char *p = strchr (s, '1'); p; p = strchr (p + 1, '1'))
    {
      const char *v = p + 1;
      if (p > s && (isalnum ((unsigned char) p[-1]) || p[-1] == '_'
                    || p[-1] == '.'))
        continue;
      if (*v == '.')
        v += 1 + strspn (v + 1, "0");
      if (*v == 'f' || *v == 'F')
        v++;
      v += strspn (v, " \t");
      if (*v == '-' && v[1] != '-' && v[1] != '=' && v[1] != '>')
        return 1;
    }
  return 0;
}

/* Does statement s choose between two arms written the same
 * (tB ? B[k * n + j] : B[k * n + j])? */
static int
same_arms (const char *s)
{
  for (const char *q = strchr (s, '?'); q; q = strchr (q + 1, '?'))
    {
      const char *a = q + 1, *a_end = expression_end (a, 1), *b, *b_end;
      if (*a_end != ':')
        continue;
      b = a_end + 1;
      b_end = expression_end (b, 1);
      while (a < a_end && isspace ((unsigned char) *a))
        a++;
      while (b < b_end && isspace ((unsigned char) *b))
        b++;
      while (a_end > a && isspace ((unsigned char) a_end[-1]))
        a_end--;
      while (b_end > b && isspace ((unsigned char) b_end[-1]))
        b_end--;
      if (a_end > a && a_end - a == b_end - b
          && memcmp (a, b, (size_t) (a_end - a)) == 0)
        return 1;
    }
  return 0;
}

/* Does statement s show what `shows' asks for? */
static int
shows (const char *s, enum bp_slice_shows what, const char *name)
{
  switch (what)
    {
    case BP_SHOWS_NAME:
      return bp_text_mentions (s, name);
    case BP_SHOWS_COMPARISON:   /* (a mask made elsewhere: there) */
    case BP_SHOWS_TEST:         /* a relation, not a ?: on a flag made
                                   elsewhere (active ? d : 0) */
      return bp_text_compares (s) && relation (s);
    case BP_SHOWS_MINUS:
      for (const char *p = strchr (s, '-'); p; p = strchr (p + 1, '-'))
        if (p[1] != '>' && p[1] != '-' && !(p > s && p[-1] == '-'))
          return 1;
      return strstr (s, "_sub") != NULL;
    case BP_SHOWS_DIVISION:
    case BP_SHOWS_DIVISOR:
      for (const char *p = strchr (s, '/'); p; p = strchr (p + 1, '/'))
        if (p[1] != '/' && p[1] != '*' && !(p > s && strchr ("/*", p[-1])))
          return 1;
      return strstr (s, "_div") != NULL || strstr (s, "_mean") != NULL;
    case BP_SHOWS_MASKING:
      return bp_text_compares (s) || strstr (s, "mul_elements") != NULL;
    case BP_SHOWS_INT_DIVISION:
      return int_over (s);
    case BP_SHOWS_ADDS_ONE:
      return adds_one (s);
    case BP_SHOWS_FROM_ONE:
      return from_one (s);
    case BP_SHOWS_SAME_ARMS:
      return same_arms (s);
    case BP_SHOWS_NOTHING:
      return 0;
    case BP_SHOWS_ROW:
      return strstr (s, "_row (") || strstr (s, "_row(")
        || strstr (s, "_column (") || strstr (s, "_column(");
    case BP_SHOWS_OVERWRITE:
      return overwrites (s, name);
    case BP_SHOWS_SUM:
      return sums (s);
    case BP_SHOWS_ZEROED:
      return zeroes (s);
    case BP_SHOWS_LABELS:
      return bp_text_compares (s) || indexes_by (s, name);
    }
  return 0;
}

/* The statement after the head of the loop that starts t (for (...) s
 * += e;: s += e;), or NULL when the line holds the head only. */
static const char *
past_head (const char *t)
{
  const char *p = strchr (t, '(');
  int depth = 0;

  for (; p && *p; p++)
    if ((depth += *p == '(' ? 1 : *p == ')' ? -1 : 0) == 0)
      {
        p += 1 + strspn (p + 1, " \t{");
        return *p ? p : NULL;
      }
  return NULL;
}

/* The lines of buf (n rows) that call callee, other than comments and
 * its definition. */
static int
calls_of (char buf[][LINE_MAX_LEN], int n, const char *callee)
{
  char def[NAME_LEN];
  int calls = 0;

  for (int l = 1; l <= n; l++)
    if (bp_text_calls (buf[l - 1], callee)
        && !bp_text_comment_or_blank (buf[l - 1])
        && !(bp_text_defined_name (buf[l - 1], def, sizeof def)
             && strcmp (def, callee) == 0))
      calls++;
  return calls;
}

/* Is callee named for a subtraction (subtract, mat_sub, minus, diff), so
 * that its body is right by its name and its operands' order is the
 * caller's? */
static int
named_for_minus (const char *callee)
{
  static const char *const words[] = { "sub", "Sub", "SUB", "minus",
                                       "Minus", "diff", "Diff" };

  for (size_t k = 0; k < sizeof words / sizeof words[0]; k++)
    if (strstr (callee, words[k]))
      return 1;
  return 0;
}

/* The first line of the body of the function callee, defined in buf (n
 * rows), that shows `what' (its loops' heads aside); 0 when none does. */
static int
body_shows (char buf[][LINE_MAX_LEN], int n, const char *callee,
            enum bp_slice_shows what, const char *name)
{
  char def[NAME_LEN];
  int l = 1;

  for (; l <= n; l++)
    if (bp_text_defined_name (buf[l - 1], def, sizeof def)
        && strcmp (def, callee) == 0
        && !strchr (buf[l - 1], ';'))
      break;
  for (l++; l <= n && buf[l - 1][0] != '}'; l++)
    {
      const char *t = buf[l - 1] + strspn (buf[l - 1], " \t");
      if (strncmp (t, "for", 3) == 0 || strncmp (t, "while", 5) == 0)
        t = past_head (t);      /* a loop's body on its head's line */
      if (t && !bp_text_comment_or_blank (t) && shows (t, what, name))
        return l;
    }
  return 0;
}

/* Does body line t store an element or a block (a[k] = ..., a _set
 * call, a memcpy)? */
static int
stores_element (const char *t)
{
  size_t op;

  if (strstr (t, "memcpy") || strstr (t, "_set (") || strstr (t, "_set("))
    return 1;
  for (const char *p = strchr (t, ']'); p; p = strchr (p + 1, ']'))
    {
      const char *q = p + 1 + strspn (p + 1, " \t");
      if (*q != '[' && bp_text_assignment_at (q, 0, &op) && op == 1)
        return 1;
    }
  return 0;
}

int
bp_slice_transposer (const char *path, int line, const char *name,
                     char *text, size_t len)
{
  int n, found = 0;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);
  const char *s = line >= 1 && line <= n ? buf[line - 1] : "";
  size_t k;

  for (const char *p = s; found == 0 && (p = bp_text_next_identifier (s, p,
                                                                      &k));
       p += k)
    {
      char callee[NAME_LEN], arg[LINE_MAX_LEN], def[NAME_LEN];
      const char *open = p + k + strspn (p + k, " \t");
      int l, given = 0, args = 0, calls = 0;
      if (k >= sizeof callee || *open != '('
          || strncmp (p, "gsl_", 4) == 0 || strncmp (p, "cblas_", 6) == 0)
        continue;
      snprintf (callee, sizeof callee, "%.*s", (int) k, p);
      for (; bp_text_list_item (open, args, arg, sizeof arg); args++)
        given |= bp_text_mentions (arg, name);
      for (l = 1; l <= n; l++)
        calls += bp_text_calls (buf[l - 1], callee)
          && !bp_text_comment_or_blank (buf[l - 1]);
      if (!given || (args > 1 && calls > 2))
        continue;               /* (a helper of sizes called elsewhere too
                                   is right there: the call is wrong) */
      for (l = 1; l <= n; l++)
        if (bp_text_defined_name (buf[l - 1], def, sizeof def)
            && strcmp (def, callee) == 0 && !strchr (buf[l - 1], ';'))
          break;
      for (l++; l <= n && buf[l - 1][0] != '}' && found == 0; l++)
        {
          const char *t = buf[l - 1] + strspn (buf[l - 1], " \t");
          if (strncmp (t, "for", 3) == 0 || strncmp (t, "while", 5) == 0)
            t = past_head (t);
          if (t && !bp_text_comment_or_blank (t) && stores_element (t))
            found = l;
        }
    }
  return bp_text_done (buf, found, 1, text, len);
}

/* The test in the body of a helper of the file that statement s calls
 * anywhere (d * relu_grad (z), not only as its first call): its line;
 * or 0. */
static int
helper_test (char buf[][LINE_MAX_LEN], int n, const char *s)
{
  size_t len;
  int found = 0;

  for (const char *p = s; found == 0 && (p = bp_text_next_identifier (s, p,
                                                                      &len));
       p += len)
    {
      char callee[NAME_LEN];
      if (len >= sizeof callee || p[len + strspn (p + len, " \t")] != '('
          || strncmp (p, "gsl_", 4) == 0 || strncmp (p, "cblas_", 6) == 0)
        continue;
      snprintf (callee, sizeof callee, "%.*s", (int) len, p);
      if (strcmp (callee, "if") && strcmp (callee, "for")
          && strcmp (callee, "while") && strcmp (callee, "sizeof")
          && strcmp (callee, "return") && strcmp (callee, "switch"))
        found = body_shows (buf, n, callee, BP_SHOWS_TEST, NULL);
    }
  return found;
}

/* Does line l of buf (n rows), in a helper, divide by one of the
 * helper's parameters as it is (x / n, the count given by the caller),
 * rather than by a count it takes itself (1.0 / X->size2)? */
static int
divides_by_parameter (char buf[][LINE_MAX_LEN], int n, int l)
{
  const char *p = strchr (buf[l - 1], '/');
  char head[LINE_MAX_LEN], name[NAME_LEN];
  size_t len = 0;
  int def = l;

  def = bp_text_function_head (buf, n, def);
  if (p == NULL || def < 1)
    return 0;
  p += 1 + strspn (p + 1, " \t(");
  if (strncmp (p, "double)", 7) == 0)
    p += 7 + strspn (p + 7, " \t");
  while (isalnum ((unsigned char) p[len]) || p[len] == '_')
    len++;
  if (len == 0 || len >= sizeof name || p[len] == '-' || p[len] == '.')
    return 0;                   /* no name, or a member: X->size2 */
  snprintf (name, sizeof name, "%.*s", (int) len, p);
  bp_text_join_statement (buf, def - 1, n, head, sizeof head);
  return bp_text_mentions (head, name);
}

/* Does the call stmt pass a structure that holds grad in a member (&fc1,
 * after fc1.dW = g->dW1;) in the file (buf, n rows)? */
static int
passes_holder (char buf[][LINE_MAX_LEN], int n, const char *stmt,
               const char *grad)
{
  for (int l = 1; l <= n; l++)
    for (const char *p = buf[l - 1]; (p = strstr (p, grad)) != NULL; p++)
      {
        const char *t = buf[l - 1], *eq = p, *m;
        char holder[NAME_LEN];
        if (!bp_text_word_at (t, p, strlen (grad)))
          continue;
        while (eq > t && *eq != '=' && *eq != ';')
          eq--;                   /* back to this statement's = */
        if (*eq != '=' || (eq > t && strchr ("=!<>", eq[-1])))
          continue;
        for (m = eq; m > t && isspace ((unsigned char) m[-1]);)
          m--;
        while (m > t && (isalnum ((unsigned char) m[-1]) || m[-1] == '_'))
          m--;                    /* the member */
        if (m == t || !(m[-1] == '.' || (m - t >= 2 && m[-1] == '>')))
          continue;
        m -= m[-1] == '.' ? 1 : 2;
        {
          const char *e = m;
          while (m > t && (isalnum ((unsigned char) m[-1]) || m[-1] == '_'))
            m--;
          if (e > m && (size_t) (e - m) < sizeof holder)
            {
              snprintf (holder, sizeof holder, "%.*s", (int) (e - m), m);
              if (bp_text_mentions (stmt, holder))
                return 1;
            }
        }
      }
  return 0;
}

/* Does the call of callee at row l of buf (n rows), inside a helper F,
 * pass on one of F's parameters that a call of F gives the gradient grad
 * (matmul (inT, dout, dW, ...) in affine_back (..., dW, ...), called with
 * g->dW2->data there)? */
static int
relays_grad (char buf[][LINE_MAX_LEN], int n, int l, const char *callee,
             const char *grad)
{
  int def = bp_text_function_head (buf, n, l);
  char head[LINE_MAX_LEN], stmt[LINE_MAX_LEN], name[NAME_LEN];
  char param[NAME_LEN], arg[NAME_LEN];
  const char *open, *at, *a, *b, *c, *d;

  if (def <= 0 || def >= l
      || !bp_text_defined_name (buf[def - 1], name, sizeof name))
    return 0;
  bp_text_join_statement (buf, def - 1, n, head, sizeof head);
  bp_text_join_statement (buf, l - 1, n, stmt, sizeof stmt);
  if ((open = strchr (head, '(')) == NULL || (at = strstr (stmt, callee))
      == NULL || (at = strchr (at, '(')) == NULL)
    return 0;
  for (int k = 0; call_argument (at, k, &c, &d) > k; k++)
    {
      target_name (c, d, arg, sizeof arg);
      for (int p = 0; arg[0] && call_argument (open, p, &a, &b) > p; p++)
        {
          target_name (a, b, param, sizeof param);
          if (strcmp (param, arg) != 0)
            continue;
          for (int m = 1; m <= n; m++)
            {                   /* a call of F that gives grad there */
              char call[LINE_MAX_LEN];
              const char *o, *e, *f;
              if (m == def || bp_text_function_edge (buf[m - 1])
                  || !bp_text_calls (buf[m - 1], name))
                continue;
              bp_text_join_statement (buf, m - 1, n, call, sizeof call);
              if ((o = strstr (call, name)) != NULL
                  && (o = strchr (o, '(')) != NULL
                  && call_argument (o, p, &e, &f) > p
                  && argument_mentions (e, f, grad))
                return 1;
            }
        }
    }
  return 0;
}

/* The line of the call of the function that starts at row `def' of buf
 * (n rows) that passes the gradient grad (the first such call, or the
 * last when `last'), or of its only call, or a call inside another helper
 * that relays grad to it (relays_grad); 0 when there is none. */
static int
call_passing (char buf[][LINE_MAX_LEN], int n, int def, const char *grad,
              int last)
{
  char callee[NAME_LEN], stmt[LINE_MAX_LEN];
  int calls = 0, only = 0, passing = 0;

  if (!bp_text_defined_name (buf[def - 1], callee, sizeof callee))
    return 0;
  for (int l = 1; l <= n && !(passing && !last); l++)
    if (l != def && !bp_text_function_edge (buf[l - 1])
        && !bp_text_comment_or_blank (buf[l - 1])
        && bp_text_calls (buf[l - 1], callee))
      {
        bp_text_join_statement (buf, l - 1, n, stmt, sizeof stmt);
        if (bp_text_mentions (stmt, grad) || passes_holder (buf, n, stmt,
                                                            grad))
          passing = l;
        calls++;
        only = l;
      }
  if (passing)
    return passing;
  if (calls > 1)
    for (int l = 1; l <= n && !passing; l++)
      if (l != def && !bp_text_function_edge (buf[l - 1])
          && !bp_text_comment_or_blank (buf[l - 1])
          && bp_text_calls (buf[l - 1], callee)
          && relays_grad (buf, n, l, callee, grad))
        passing = l;
  if (passing)
    return passing;
  return calls == 1 ? only : 0;     /* a helper called once: that call */
}

/* The names students give what `name' holds (a1 for p1, lambda for reg;
 * for reg and a gradient's, any name); NULL for a name we know none
 * for. */
static const char *const *
usual_names (const char *name)
{
  static const char *const reg[] = { NULL };    /* any name */
  static const char *const p1[] = { "p1", "a1", "a", "h", "h1", "hidden",
    "hidden_layer", "act", "act1", "relu", "out1", "layer1", NULL };
  static const char *const z1[] = { "z1", "z", "pre", "preact", "s1", "u1",
    NULL };
  static const char *const prob[] = { "prob", "probs", "p", "softmax",
    "yhat", "y_hat", "a2", "out", NULL };
  static const char *const z2[] = { "z2", "scores", "s", "s2", "logits",
    "u2", NULL };
  static const char *const dp1[] = { "dp1", "dhidden", "dh", "dh1", "da1",
    "dhid", "d_hidden", "dhidden_layer", "grad_hidden", "grad_h", "gh",
    "gh1", "ga1", NULL };

  if (name[0] == 'd' && name[1] != '\0' && strchr ("Wbz", name[1]))
    return reg;         /* any alias of a gradient (W = g->dW2) */
  return strcmp (name, "reg") == 0 ? reg : strcmp (name, "p1") == 0 ? p1
    : strcmp (name, "z1") == 0 ? z1 : strcmp (name, "prob") == 0 ? prob
    : strcmp (name, "z2") == 0 ? z2 : strcmp (name, "dp1") == 0 ? dp1
    : NULL;
}

/* Is `lower' (lower case) a name for the penalty's strength, reg itself
 * (lambda, l2_reg, wd), not for its gradient's factor, which is 2 reg
 * (factor_reg, coef, k)? */
static int
reg_alias (const char *lower)
{
  static const char *const strength[] = { "reg", "lam", "lmb", "l2", "decay",
    "wd", "alpha", "beta", "pen", "strength", "rho", NULL };
  static const char *const factor[] = { "fac", "coef", "grad", "deriv",
    "scale", "mult", "two", "2", "k", "f", NULL };
  int ok = 0;

  for (int u = 0; strength[u]; u++)
    ok |= strstr (lower, strength[u]) != NULL;
  for (int u = 0; factor[u]; u++)
    if (strlen (factor[u]) == 1 ? strcmp (lower, factor[u]) == 0
        : strstr (lower, factor[u]) != NULL)
      ok = 0;
  return ok;
}

/* Is v .. end only a way to get at something (cache->, &net., *): names,
 * arrows and dots, no arithmetic, call or index? */
static int
reference (const char *v, const char *end)
{
  for (const char *p = v; p < end; p++)
    if (!(isalnum ((unsigned char) *p) || strchr ("_ \t.&*", *p)
          || (*p == '-' && p[1] == '>')
          || (*p == '>' && p > v && p[-1] == '-')))
      return 0;
  return 1;
}

/* Declarator k of statement s (see declarator): its name into alias,
 * its value, blanks trimmed, from *v to *end. */
static void
trimmed_declarator (const char *s, int k, char alias[NAME_LEN],
                    const char **v, const char **end)
{
  declarator (s, k, alias, NAME_LEN, v, end);
  *v += strspn (*v, " \t");
  while (*end > *v && isspace ((unsigned char) (*end)[-1]))
    (*end)--;
}

/* name in lower case, into lower. */
static void
lower_case (const char *name, char lower[NAME_LEN])
{
  for (size_t i = 0; i < NAME_LEN; i++)
    if ((lower[i] = (char) tolower ((unsigned char) name[i])) == '\0')
      break;
}

int
bp_slice_usual_name (const char *name, const char *alias)
{
  const char *const *own = usual_names (name);
  char lower[NAME_LEN];
  size_t a = strlen (alias), n = strlen (name);

  if (a == 0 || a >= NAME_LEN)
    return 0;
  lower_case (alias, lower);
  for (int u = 0; own && own[u]; u++)
    if (strcmp (lower, own[u]) == 0)
      return 1;
  return (a >= 2 && strncmp (lower, name, a < n ? a : n) == 0);
}

/* When statement s only gives what `name' holds another name (double
 * lambda = reg;, const gsl_matrix *A1 = cache->p1;), a name students
 * use for it, that alias is no mistake: the line that used the alias is
 * where the mistake shows.  That line, else 0 (an alias named for
 * something else, hidden = cache->z1, is itself the mistake).  A
 * gradient's alias is the student's name for it when it is writable
 * (gsl_matrix *W = g->dW2;), and its use counts where it is read, not
 * written (buf holds the file's lines). */
static int
alias_use (char buf[][LINE_MAX_LEN], const struct slice *sl, const char *s,
           const char *name)
{
  const char *const *usual = usual_names (name);
  char alias[NAME_LEN], lower[NAME_LEN];
  const char *v, *end;
  size_t len = strlen (name);
  int parts = usual ? declarator (s, 0, alias, sizeof alias, &v, &end) : 0;
  int gradient = name[0] == 'd' && name[1] != 'p';

  if (gradient && bp_text_mentions (s, "const"))
    return 0;                   /* a gradient only read through it */
  for (int k = 0; k < parts; k++)
    {
      int ok = usual[0] == NULL;
      trimmed_declarator (s, k, alias, &v, &end);
      if (end - v >= 6 && strncmp (end - 6, "->data", 6) == 0)
        end -= 6;
      if ((size_t) (end - v) < len || strncmp (end - len, name, len) != 0
          || !reference (v, end - len))
        continue;               /* not name, cache->name or the like */
      lower_case (alias, lower);
      for (int u = 0; usual[u]; u++)
        ok |= strcmp (lower, usual[u]) == 0;
      ok |= strlen (alias) == 1 && alias[0] == name[0]
        && isdigit ((unsigned char) name[len - 1]); /* p for p1 */
      if (strcmp (name, "reg") == 0)
        ok = reg_alias (lower);
      for (int m = 0; ok && m < sl->n; m++)
        if (strcmp (sl->names[m], alias) == 0
            && !(gradient && sl->at[m] >= 1
                 && bp_text_target_name (buf[sl->at[m] - 1], lower,
                                         sizeof lower)
                 && strcmp (lower, alias) == 0))
          return sl->at[m];
    }
  return 0;
}

/* Does statement s give what `name' holds a name students use for
 * another of the network's tensors (const gsl_matrix *h = cache->z1;, h
 * for the hidden layer p1)?  Such an alias is the mistake even when a
 * right gradient reads it too. */
static int
misnamed_alias (const char *s, const char *name)
{
  static const char *const tensors[] = { "p1", "z1", "prob", "z2", "dp1",
    NULL };
  const char *const *own = usual_names (name);
  char alias[NAME_LEN], lower[NAME_LEN];
  const char *v, *end;
  size_t len = strlen (name);
  int parts = own ? declarator (s, 0, alias, sizeof alias, &v, &end) : 0;

  for (int k = 0; k < parts; k++)
    {
      trimmed_declarator (s, k, alias, &v, &end);
      if ((size_t) (end - v) < len || strncmp (end - len, name, len) != 0
          || (end - len > v && (isalnum ((unsigned char) end[-len - 1])
                                || end[-len - 1] == '_'))
          || !reference (v, end - len))
        continue;               /* not name (g->dp1 is not p1) */
      lower_case (alias, lower);
      for (int u = 0; own[u]; u++)
        if (strcmp (lower, own[u]) == 0)
          return 0;             /* its own usual name */
      for (int t = 0; tensors[t]; t++)
        {
          const char *const *other = usual_names (tensors[t]);
          for (int u = 0; strcmp (tensors[t], name) && other[u]; u++)
            if (strcmp (lower, other[u]) == 0)
              return 1;
        }
    }
  return 0;
}

/* Is line l one of lines (NULL: none)? */
static int
in_lines (const bp_slice_lines *lines, int l)
{
  for (int i = 0; lines && i < lines->n; i++)
    if (lines->line[i] == l)
      return 1;
  return 0;
}


/* Does s[0 .. len) hold word? */
static int
strstr_n (const char *s, size_t len, const char *word)
{
  size_t w = strlen (word);

  for (size_t i = 0; i + w <= len; i++)
    if (strncmp (s + i, word, w) == 0)
      return 1;
  return 0;
}

/* When line d defines the macro name with parameters, the parameters it
 * writes: bit k for the one given to the first argument of a
 * gsl_matrix_set or gsl_vector_set in its body (#define SET(m, i, j, v)
 * gsl_matrix_set ((m), (i), (j), (v)): m), none for a body that only
 * reads (GET); all bits for any other body; ~0u - 1 when d defines
 * something else. */
static unsigned
macro_outputs (const char *d, const char *name)
{
  const char *p = d + 7 + strspn (d + 7, " \t"), *open = p + strlen (name);
  const char *set, *a, *b, *body, *q;
  char param[NAME_LEN];
  size_t len;

  if (strncmp (p, name, strlen (name)) != 0 || *open != '('
      || (body = strchr (open, ')')) == NULL)
    return ~0u - 1;
  body++;
  if ((set = strstr (body, "gsl_matrix_set")) == NULL)
    set = strstr (body, "gsl_vector_set");
  if (set == NULL)
    return strstr (body, "_get") && !strchr (body, '=') ? 0 : ~0u;
  if ((set = strchr (set, '(')) == NULL || call_argument (set, 0, &a, &b) == 0)
    return ~0u;
  for (int k = 0; k < 32 && (q = bp_text_next_identifier (open, open, &len))
         != NULL && q < body; k++)
    {
      snprintf (param, sizeof param, "%.*s", (int) (len < sizeof param ? len
                                                    : sizeof param - 1), q);
      open = q + len;
      for (const char *r = a; r < b; r++)
        if (strncmp (r, param, len) == 0 && bp_text_word_at (a, r, len)
            && r + len <= b)
          return 1u << k;
    }
  return ~0u;
}

/* The parameters of a helper of the file (defined in buf, n rows) that
 * statement t calls that it may write: bit k for parameter k, a pointer
 * or array without const; all bits when the helper is not in buf. */
static unsigned
helper_outputs (char buf[][LINE_MAX_LEN], int n, const char *t)
{
  char callee[NAME_LEN], def[NAME_LEN], head[LINE_MAX_LEN];
  const char *open, *a, *b;
  unsigned out = 0;

  if (!bp_text_called_name (t, callee, sizeof callee))
    return ~0u;
  for (int l = 1; l <= n; l++)
    if (strncmp (buf[l - 1], "#define", 7) == 0)
      {
        unsigned m = macro_outputs (buf[l - 1], callee);
        if (m != ~0u - 1)
          return m;
      }
  for (int l = 1; l <= n; l++)
    if (bp_text_function_edge (buf[l - 1])
        && bp_text_defined_name (buf[l - 1], def, sizeof def)
        && strcmp (def, callee) == 0)
      {
        bp_text_join_statement (buf, l - 1, n, head, sizeof head);
        if ((open = strchr (head, '(')) == NULL)
          return ~0u;
        for (int k = 0; k < 32 && call_argument (open, k, &a, &b) > k; k++)
          {
            size_t len = (size_t) (b - a);
            if ((memchr (a, '*', len) || memchr (a, '[', len))
                && !strstr_n (a, len, "const"))
              out |= 1u << k;
          }
        return out;
      }
  return ~0u;
}

/* The arguments that the call at row `call' of buf (n rows) gives to the
 * parameters of the function defined at row `def' that are in the slice
 * sl, into args (what the slice reads on in the caller). */
static void
passed_args (char buf[][LINE_MAX_LEN], int n, int def, int call,
             const struct slice *sl, char *args, size_t len)
{
  char head[LINE_MAX_LEN], stmt[LINE_MAX_LEN], callee[NAME_LEN];
  char param[NAME_LEN];
  const char *open, *at, *a, *b, *c, *d;
  size_t used = 0;
  int k = 0;

  args[0] = '\0';
  bp_text_join_statement (buf, def - 1, n, head, sizeof head);
  bp_text_join_statement (buf, call - 1, n, stmt, sizeof stmt);
  if ((open = strchr (head, '(')) == NULL
      || !bp_text_defined_name (buf[def - 1], callee, sizeof callee)
      || (at = strstr (stmt, callee)) == NULL
      || (at = strchr (at, '(')) == NULL)
    return;
  for (; call_argument (open, k, &a, &b) > k; k++)
    {
      target_name (a, b, param, sizeof param);
      if (slice_has (sl, param) && call_argument (at, k, &c, &d) > k
          && used + (size_t) (d - c) + 2 < len)
        used += (size_t) snprintf (args + used, len - used, "%.*s, ",
                                   (int) (d - c), c);
    }
}

/* Does t start with a loop macro's head followed by its body on the same
 * line (REP (i, n) s += e;): a name in capitals and digits, its
 * parenthesised arguments, then a statement? */
static int
loop_macro (const char *t)
{
  size_t k = 0;
  const char *body;

  while (isupper ((unsigned char) t[k]) || isdigit ((unsigned char) t[k])
         || t[k] == '_')
    k++;
  if (k < 2 || t[k + strspn (t + k, " \t")] != '('
      || (body = past_head (t)) == NULL)
    return 0;
  return isalpha ((unsigned char) *body) || *body == '_' || *body == '*';
}

/* A loop written on one line with its body (for (...) for (...) s +=
 * e;, REP (i, n) s += e;) becomes its body (s += e;). */
static void
one_line_body (char *stmt)
{
  for (const char *t = stmt; (bp_text_word_at (t, t, 3)
                              && strncmp (t, "for", 3) == 0)
         || (bp_text_word_at (t, t, 5) && strncmp (t, "while", 5) == 0)
         || loop_macro (t);
       t = stmt)
    {
      if ((t = past_head (t)) == NULL)
        break;
      memmove (stmt, t, strlen (t) + 1);
    }
}

/* The slice from the statement at `line' of buf (n rows), as
 * bp_slice_back says; `hops' calls out of helpers are left; seed, when
 * not NULL, is what the statement reads (a call's arguments for the
 * helper's parameters in the slice) instead of all of it. */
static int
slice_from (char buf[][LINE_MAX_LEN], int n, int line, struct slice *sl,
            enum bp_slice_shows what, const char *name, int hops,
            const char *seed)
{
  char stmt[LINE_MAX_LEN], callee[NAME_LEN];
  size_t outer = bp_text_indent (buf[line - 1]);
  int found = 0;

  bp_text_join_statement (buf, line - 1, n, stmt, sizeof stmt);
  one_line_body (stmt);
  if (shows (stmt, what, name)
      || (uses_also (sl, stmt)
          && !(what == BP_SHOWS_DIVISION && declares_factor (stmt))))
    return line;
  if (what == BP_SHOWS_TEST && (found = helper_test (buf, n, stmt)) > 0)
    return found;
  slice_add (sl, seed ? seed : stmt, line);
  for (int l = line - 1; l >= 1 && sl->n > 0; l--)
    {
      size_t indent = bp_text_indent (buf[l - 1]);
      const char *t = buf[l - 1] + strspn (buf[l - 1], " \t");
      int call;
      if (bp_text_function_edge (buf[l - 1]))
        {                           /* out of a helper: where it is called */
          char args[LINE_MAX_LEN];
          call = hops > 0 ? call_passing (buf, n, l, sl->grad, 0) : 0;
          if (call > 0)
            {                 /* in the caller, what the helper was given */
              passed_args (buf, n, l, call, sl, args, sizeof args);
              sl->n = 0;
            }
          if (call > 0 && (found = slice_from (buf, n, call, sl, what, name,
                                               hops - 1, args)) == 0)
            found = call;     /* nothing shows it: the helper's call */
          return found;
        }
      if (bp_text_comment_or_blank (t) || *t == '{' || *t == '}')
        continue;
      bp_text_join_statement (buf, l - 1, n, stmt, sizeof stmt);
      if (indent >= outer)
        one_line_body (stmt);
      if (indent < outer)
        {                           /* a head the store is inside */
          outer = indent;
          if (strncmp (t, "if", 2) == 0 && !isalnum ((unsigned char) t[2])
              && (what == BP_SHOWS_COMPARISON || what == BP_SHOWS_TEST)
              && shows (t, what, name))
            return l;
          continue;
        }
      if (!slice_writes (sl, stmt, helper_outputs (buf, n, status_call (t)
                                                    ? status_call (t) : t))
          && !writes_through (buf, l, sl, stmt))
        continue;
      if (what == BP_SHOWS_NAME && (found = alias_use (buf, sl, stmt, name)) > 0)
        return found;
      if (what == BP_SHOWS_NAME && misnamed_alias (stmt, name))
        return l;
      if (in_lines (sl->right, l)
          && !(what == BP_SHOWS_NAME && strchr (stmt, '{')
               && shows (stmt, what, name)))
        {                     /* a line that makes a right gradient too
                                 (but an initialiser's members may feed
                                 both: { cache->p1, g->dW2 }): followed,
                                 not taken (d = gsl_matrix_row (dW, k) in
                                 a helper both weights use) */
          slice_add (sl, stmt, l);
          slice_declared (sl, stmt);
          continue;
        }
      if (sl->seen && sl->seen->n < BP_SLICE_LINES
          && !(bp_text_called_name (t, callee, sizeof callee)
               && strncmp (callee, "gsl_", 4) != 0
               && strncmp (callee, "cblas_", 6) != 0))
        sl->seen->line[sl->seen->n++] = l;  /* (a helper's call may not
                                               write what it is given) */
      /* a factor made once (double inv = 1.0 / N;) is right where it is
       * made; one too many is where it is used.  A helper of the
       * student's that does what the line should show: its call (or, for
       * a test that is itself wrong, the helper's test). */
      if ((shows (stmt, what, name) || uses_also (sl, stmt))
          && !(what == BP_SHOWS_DIVISION && declares_factor (stmt)))
        return l;
      if (what == BP_SHOWS_TEST && (found = helper_test (buf, n, stmt)) > 0)
        return found;
      if (what != BP_SHOWS_NAME && isalpha ((unsigned char) *t)
          && bp_text_value_call (stmt, callee, sizeof callee)
          && strncmp (callee, "gsl_", 4) != 0
          && (found = body_shows (buf, n, callee, what, name)) > 0)
        return what == BP_SHOWS_TEST || what == BP_SHOWS_SUM
          || what == BP_SHOWS_ZEROED
          || (what == BP_SHOWS_DIVISOR && !divides_by_parameter (buf, n,
                                                                 found))
          || (calls_of (buf, n, callee) == 1
              && !(what == BP_SHOWS_MINUS && named_for_minus (callee)))
          ? found : l;          /* (a helper called once: its body; but a
                                   subtraction's operands are the
                                   caller's) */
      slice_add (sl, stmt, l);
      slice_declared (sl, stmt);
    }
  return 0;
}

int
bp_slice_back (const char *path, int line, const char *grad,
               enum bp_slice_shows what, const char *name,
               const bp_slice_lines *right, char *text, size_t len)
{
  int n;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);
  n = line > 0 ? n : 0;
  struct slice sl = { .n = 0, .grad = grad,
                      .right = right && strcmp (right->file, path) == 0
                      ? right : NULL };
  int found;

  if (what == BP_SHOWS_DIVISION)
    find_factors (buf, n, &sl);
  else if (what == BP_SHOWS_NAME)
    find_copies (buf, n, name, &sl);
  found = n >= line ? slice_from (buf, n, line, &sl, what, name, 2, NULL) : 0;
  /* of a statement over several lines, the line that shows it */
  for (int l = found; l > 0 && l < n && !strchr (buf[l - 1], ';')
         && !shows (buf[l - 1], what, name) && !uses_also (&sl, buf[l - 1]);
       l++)
    if (shows (buf[l], what, name) || uses_also (&sl, buf[l]))
      {
        found = l + 1;
        break;
      }
  return bp_text_done (buf, found, 1, text, len);
}

void
bp_slice_collect (const char *path, int line, const char *grad,
                  bp_slice_lines *into)
{
  int n;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);
  n = line > 0 ? n : 0;
  struct slice sl = { .n = 0, .grad = grad, .seen = into };

  if (into->n == 0)
    snprintf (into->file, sizeof into->file, "%s", path);
  if (n >= line && strcmp (into->file, path) == 0)
    slice_from (buf, n, line, &sl, BP_SHOWS_NOTHING, "", 2, NULL);
  free (buf);
}

int
bp_slice_line_shows (const char *text, enum bp_slice_shows what,
                     const char *name)
{
  return shows (text, what, name);
}

int
bp_slice_helper_calls (const char *path, int line)
{
  int n, calls = 0;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);
  int def = line >= 1 && line <= n ? bp_text_function_start (buf, n, line)
    : 0;
  char callee[NAME_LEN];

  if (def >= 1 && bp_text_defined_name (buf[def - 1], callee, sizeof callee))
    for (int l = 1; l <= n; l++)
      calls += l != def && !bp_text_function_edge (buf[l - 1])
        && !bp_text_comment_or_blank (buf[l - 1])
        && bp_text_calls (buf[l - 1], callee);
  free (buf);
  return calls;
}

int
bp_slice_near (const char *path, int line, int back, enum bp_slice_shows what,
               const char *name, char *text, size_t len)
{
  int n, found = 0;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);

  for (int l = line - 1; line <= n && l >= 1 && l >= line - back
         && found == 0; l--)
    {
      const char *t = buf[l - 1] + strspn (buf[l - 1], " \t");
      if (bp_text_function_edge (buf[l - 1]))
        break;
      if (!bp_text_comment_or_blank (t) && shows (t, what, name))
        found = l;
    }
  return bp_text_done (buf, found, 1, text, len);
}

int
bp_slice_last_call_of (const char *path, int line, const char *grad,
                       char *text, size_t len)
{
  int n;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);
  int def = line >= 1 && line <= n ? bp_text_function_start (buf, n, line)
    : 0, found = 0;

  if (def >= 1 && def <= n)
    found = call_passing (buf, n, def, grad, 1);
  return bp_text_done (buf, found, 1, text, len);
}

int
bp_slice_call_of (const char *path, int line, const char *grad, char *text,
                  size_t len)
{
  int n;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);
  n = line > 0 ? n : 0;
  int def = line, found = 0;

  def = bp_text_function_start (buf, n, def);
  if (def >= 1 && def <= n && line <= n)
    found = call_passing (buf, n, def, grad, 0);
  return bp_text_done (buf, found, 1, text, len);
}

int
bp_slice_setter_call (const char *path, int line, const char *grad,
                      char *text, size_t len)
{
  int n, def = 0, found = 0, body = 0;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);
  char name[NAME_LEN];

  if (line >= 1 && line <= n
      && bp_text_defined_name (buf[line - 1], name, sizeof name)
      && strchr (buf[line - 1], '{') && strchr (buf[line - 1], '}'))
    def = line;                 /* static void sm (...) { set (...); } */
  else if (line >= 1 && line <= n
           && (def = bp_text_function_start (buf, n, line)) > 0)
    for (int l = def + 1; l <= n && buf[l - 1][0] != '}'; l++)
      {
        const char *t = buf[l - 1] + strspn (buf[l - 1], " \t{");
        body += !bp_text_comment_or_blank (t) && *t != '}';
      }
  if (def > 0 && (def == line || body == 1)
      && (strstr (buf[line - 1], "_set") || strchr (buf[line - 1], '=')))
    found = call_passing (buf, n, def, grad, 0);
  return bp_text_done (buf, found, 1, text, len);
}

int
bp_slice_shared_helper (const char *path, int a, int b,
                        enum bp_slice_shows what, const char *name,
                        char *text, size_t len)
{
  int n, found = 0;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);
  char fa[NAME_LEN], fb[NAME_LEN];

  if (a > 0 && b > 0 && a <= n && b <= n
      && bp_text_tested_call (buf[a - 1], fa, sizeof fa)
      && bp_text_tested_call (buf[b - 1], fb, sizeof fb)
      && strcmp (fa, fb) == 0
      && strncmp (fa, "gsl_", 4) != 0)
    found = body_shows (buf, n, fa, what, name);
  if (found > 0 && a == b
      && bp_text_function_start (buf, n, found)
         == bp_text_function_start (buf, n, a))
    found = 0;                  /* (the caller's own line: no body found) */
  return bp_text_done (buf, found, 1, text, len);
}
